/** Reading Gateway (networking.istio.io) specs: selector, servers, and the fields findings point at. */
import type { FieldPath } from '../../analysis/analyzer';
import { ofKindWithListItems } from '../../mesh/list-items';
import { labelsMatch } from '../../mesh/selectors';
import type { RuntimePod } from '../../mesh/runtime-objects';
import type { WorkspaceIndex } from '../../workspace/index';
import { asArray, asLabels, asRecord, asString, get, type MeshResource } from '../../workspace/resource';

export interface GatewayServer {
  index: number;
  /** The port number; absent when the server has no port. */
  port?: number;
  hosts: string[];
  bind: string;
  tls?: Record<string, unknown>;
}

/** Istio Gateways, including those inside List documents. */
export function istioGateways(index: WorkspaceIndex): readonly MeshResource[] {
  return ofKindWithListItems(index, 'Gateway', 'networking.istio.io');
}

export function gatewaySelector(gw: MeshResource): Record<string, string> {
  return asLabels(get(gw.value, 'spec', 'selector'));
}

/** The selector field, or the spec when the Gateway has none. */
export function selectorPath(gw: MeshResource): FieldPath {
  return get(gw.value, 'spec', 'selector') === undefined ? ['spec'] : ['spec', 'selector'];
}

export function gatewayServers(gw: MeshResource): GatewayServer[] {
  return asArray(get(gw.value, 'spec', 'servers')).map((raw, index) => {
    const server = asRecord(raw);
    const number = get(server, 'port', 'number');
    const tls = server.tls === undefined ? undefined : asRecord(server.tls);
    return {
      index,
      ...(typeof number === 'number' && { port: number }),
      hosts: asArray(server.hosts).map((h) => (typeof h === 'string' ? h : String(h))),
      bind: asString(server.bind) ?? '',
      ...(tls && { tls }),
    };
  });
}

/** Pods a Gateway selector picks, in any namespace; an empty selector picks every pod (as istio does). */
export function podsSelectedBy(selector: Record<string, string>, pods: readonly RuntimePod[]): RuntimePod[] {
  return pods.filter((pod) => labelsMatch(selector, pod.labels));
}
