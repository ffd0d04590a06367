/** The Services group: one node per Service, its ports (name/appProtocol, number, protocol) as children. */
import { asArray, asLabels, asNumber, asString, byName, dig, md, nameOf, refOf, resourceKey } from './kube';
import type { NamespaceView } from './namespace';
import { messageNode, noAccessNode, nodeId } from './nodes';
import type { ExplorerNode, KubeObject } from './types';

const SERVICE = resourceKey('', 'Service');

/** Protocol prefixes Istio recognises in a port name (`http-web`, `grpc`…). */
const ISTIO_PROTOCOLS = /^(http|http2|https|grpc|grpc-web|tcp|tls|mongo|mysql|redis|udp)(-|$)/;

/** Display form of a service port: `<appProtocol|name> <port>/<protocol>`, e.g. `http 9080/TCP`. */
export function portText(port: unknown): string {
  const name = asString(dig(port, 'appProtocol')) ?? asString(dig(port, 'name'));
  const text = `${asNumber(dig(port, 'port')) ?? '?'}/${asString(dig(port, 'protocol')) ?? 'TCP'}`;
  return name ? `${name} ${text}` : text;
}

function portNode(parentId: string, port: unknown): ExplorerNode {
  const name = asString(dig(port, 'name'));
  const appProtocol = asString(dig(port, 'appProtocol'));
  const number = asNumber(dig(port, 'port'));
  const target = dig(port, 'targetPort');
  const explicit = appProtocol !== undefined || (name !== undefined && ISTIO_PROTOCOLS.test(name));
  return {
    id: nodeId(parentId, 'port', String(number ?? name ?? '?')),
    kind: 'port',
    label: portText(port),
    description: target !== undefined && target !== number ? `→ ${String(target)}` : '',
    tooltip:
      `**Port** ${number ?? '?'}` +
      (name ? ` · name \`${name}\`` : '') +
      (appProtocol ? ` · appProtocol \`${appProtocol}\`` : '') +
      (explicit
        ? ''
        : '\n\nNo protocol in the port name or `appProtocol`: Istio falls back to protocol sniffing.'),
    icon: 'plug',
    contextValue: 'meshwright.port',
  };
}

function serviceNode(parentId: string, svc: KubeObject): ExplorerNode {
  const name = nameOf(svc);
  const id = nodeId(parentId, 'Service', name);
  const ports = asArray(dig(svc.spec, 'ports'));
  const type = asString(dig(svc.spec, 'type')) ?? 'ClusterIP';
  const selector = asLabels(dig(svc.spec, 'selector'));
  const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`);
  return {
    id,
    kind: 'service',
    label: name,
    description: ports.map(portText).join(', ') || type,
    tooltip:
      `**Service** \`${name}\` · ${md(type)}` +
      (asString(dig(svc.spec, 'clusterIP')) ? ` · ${md(asString(dig(svc.spec, 'clusterIP'))!)}` : '') +
      `\n\nSelector: ${sel.length ? sel.map((s) => `\`${s}\``).join(', ') : '_none_'}` +
      (ports.length ? `\n\nPorts: ${ports.map((p) => `\`${portText(p)}\``).join(', ')}` : ''),
    icon: 'symbol-interface',
    contextValue: 'meshwright.resource.service',
    resource: refOf(svc, 'v1', 'Service'),
    children: ports.length ? ports.map((p) => portNode(id, p)) : [messageNode(id, 'no-ports', 'no ports')],
  };
}

/** The Services group node of a namespace. */
export function servicesGroup(view: NamespaceView): ExplorerNode {
  const id = nodeId(view.id, 'services');
  const children = view.forbidden(SERVICE)
    ? [noAccessNode(id, view.snapshot, SERVICE, 'Services')]
    : view
        .list(SERVICE)
        .map((s) => serviceNode(id, s))
        .sort(byName);
  return {
    id,
    kind: 'group',
    label: 'Services',
    description: view.forbidden(SERVICE) ? 'no access' : String(children.length),
    tooltip: `Services in \`${view.name}\``,
    icon: 'symbol-interface',
    contextValue: 'meshwright.group.services',
    children: children.length ? children : [messageNode(id, 'none', 'no services')],
  };
}
