/**
 * The cross-resource reference model: *targets* (things that are referred to: DestinationRule subsets,
 * Gateways, Services, ServiceEntry hosts, workloads) and *references* (fields naming them), each with
 * the exact source span of the field.
 */
import type { FieldPath } from '../analysis/analyzer';
import type { MeshResource } from '../workspace/resource';
import type { Span } from './spans';

/** One `key: value` label of a selector or of a workload, spanning from the key to the value. */
export interface LabelSite {
  key: string;
  value: string;
  span: Span;
}

/** What every target and reference has: where it is. */
export interface Site {
  readonly resource: MeshResource;
  /** Path of the field in the resource. */
  readonly path: FieldPath;
  /** The field shown for the site (a Location's range): a scalar, or the key of a map. */
  readonly span: Span;
  /** The range a cursor hits, when larger than `span` (a whole label map). */
  readonly area?: Span;
  /** The renameable name text (inside quotes, without an `ns/` prefix), when the site can be renamed. */
  readonly nameSpan?: Span;
}

/** `istio`: networking.istio.io Gateway; `gateway-api`: gateway.networking.k8s.io Gateway. */
export type GatewayApi = 'istio' | 'gateway-api';

/** A `- name: v1` entry of a DestinationRule's subsets. */
export interface SubsetTarget extends Site {
  readonly type: 'subset';
  readonly name: string;
  /** The DestinationRule's host, short names expanded against its namespace. */
  readonly host: string;
  readonly labels: Record<string, string>;
}

/** A Gateway's metadata.name. */
export interface GatewayTarget extends Site {
  readonly type: 'gateway';
  readonly api: GatewayApi;
  readonly namespace: string;
  readonly name: string;
}

/** A Kubernetes Service's metadata.name, known by its FQDN. */
export interface ServiceTarget extends Site {
  readonly type: 'service';
  /** `name.namespace.svc.cluster.local`. */
  readonly host: string;
}

/** One `spec.hosts` entry of a ServiceEntry (possibly a wildcard). */
export interface ServiceEntryTarget extends Site {
  readonly type: 'serviceEntry';
  readonly host: string;
}

/** The pod labels of a Pod or of a workload controller's template (the `labels` key). */
export interface WorkloadTarget extends Site {
  readonly type: 'workload';
  readonly labels: Record<string, string>;
  readonly labelSites: readonly LabelSite[];
}

export type Target = SubsetTarget | GatewayTarget | ServiceTarget | ServiceEntryTarget | WorkloadTarget;

/** A destination `subset` (the host is the destination's, expanded). */
export interface SubsetReference extends Site {
  readonly type: 'subset';
  readonly name: string;
  readonly host: string;
}

/** A host or Service naming a Service or ServiceEntry: destinations, DestinationRule host, backendRefs. */
export interface HostReference extends Site {
  readonly type: 'host';
  /** Expanded: short names become `name.namespace.svc.cluster.local`. */
  readonly host: string;
  /** As written. */
  readonly raw: string;
}

/** A VirtualService `gateways` entry or a Gateway API parentRef naming a Gateway. */
export interface GatewayReference extends Site {
  readonly type: 'gateway';
  readonly api: GatewayApi;
  readonly namespace: string;
  readonly name: string;
  readonly raw: string;
}

/** A workload selector (matchLabels, workloadSelector.labels, Gateway and Service selectors). */
export interface SelectorReference extends Site {
  readonly type: 'selector';
  readonly labels: Record<string, string>;
  readonly labelSites: readonly LabelSite[];
  /** Selects workloads of every namespace (Gateway selectors, policies in the root namespace). */
  readonly anyNamespace: boolean;
}

export type Reference = SubsetReference | HostReference | GatewayReference | SelectorReference;

/** What the cursor is on: a target or a reference, plus the label under it for label maps. */
export type Hit =
  | { readonly role: 'target'; readonly site: Target; readonly label?: LabelSite }
  | { readonly role: 'reference'; readonly site: Reference; readonly label?: LabelSite };
