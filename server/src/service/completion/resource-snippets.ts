/** Whole-resource skeletons for every Istio kind, offered at the top of an empty document. */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver-types';

interface ResourceSnippet {
  kind: string;
  apiVersion: string;
  summary: string;
  /** Lines after `metadata:`; `${NAME}` is the shared name placeholder. */
  spec: string[];
}

const SNIPPETS: ResourceSnippet[] = [
  {
    kind: 'VirtualService',
    apiVersion: 'networking.istio.io/v1',
    summary: 'Route traffic to a host: matches, weighted destinations, retries, timeouts',
    spec: [
      'hosts:',
      '- ${3:reviews}',
      'http:',
      '- route:',
      '  - destination:',
      '      host: ${3}',
      '      subset: ${4:v1}',
      '  timeout: ${5:10s}',
    ],
  },
  {
    kind: 'DestinationRule',
    apiVersion: 'networking.istio.io/v1',
    summary: 'Policies for traffic to a host: subsets, load balancing, TLS, circuit breaking',
    spec: [
      'host: ${3:reviews}',
      'trafficPolicy:',
      '  tls:',
      '    mode: ${4|ISTIO_MUTUAL,SIMPLE,MUTUAL,DISABLE|}',
      'subsets:',
      '- name: ${5:v1}',
      '  labels:',
      '    version: ${5}',
    ],
  },
  {
    kind: 'Gateway',
    apiVersion: 'networking.istio.io/v1',
    summary: 'A load balancer at the mesh edge: ports, protocols, hosts, TLS',
    spec: [
      'selector:',
      '  istio: ${3:ingressgateway}',
      'servers:',
      '- port:',
      '    number: ${4:80}',
      '    name: ${5:http}',
      '    protocol: ${6|HTTP,HTTPS,GRPC,TCP,TLS|}',
      '  hosts:',
      '  - "${7:*}"',
    ],
  },
  {
    kind: 'ServiceEntry',
    apiVersion: 'networking.istio.io/v1',
    summary: 'Add an external service to the mesh registry',
    spec: [
      'hosts:',
      '- ${3:api.example.com}',
      'location: ${4|MESH_EXTERNAL,MESH_INTERNAL|}',
      'ports:',
      '- number: ${5:443}',
      '  name: ${6:https}',
      '  protocol: ${7|HTTPS,HTTP,TLS,TCP,GRPC|}',
      'resolution: ${8|DNS,STATIC,NONE,DNS_ROUND_ROBIN|}',
    ],
  },
  {
    kind: 'Sidecar',
    apiVersion: 'networking.istio.io/v1',
    summary: 'Limit what the sidecars of a namespace or workload see',
    spec: ['egress:', '- hosts:', '  - "${3:./*}"', '  - "${4:istio-system/*}"'],
  },
  {
    kind: 'WorkloadEntry',
    apiVersion: 'networking.istio.io/v1',
    summary: 'A non-Kubernetes workload (VM, bare metal) in the mesh',
    spec: ['address: ${3:10.0.0.1}', 'labels:', '  app: ${4:legacy}', 'serviceAccount: ${5:legacy}'],
  },
  {
    kind: 'WorkloadGroup',
    apiVersion: 'networking.istio.io/v1',
    summary: 'A template for WorkloadEntries registered automatically',
    spec: [
      'metadata:',
      '  labels:',
      '    app: ${3:legacy}',
      'template:',
      '  serviceAccount: ${4:legacy}',
      '  network: ${5:vm-network}',
    ],
  },
  {
    kind: 'EnvoyFilter',
    apiVersion: 'networking.istio.io/v1alpha3',
    summary: 'Patch the generated Envoy configuration (advanced)',
    spec: [
      'workloadSelector:',
      '  labels:',
      '    app: ${3:reviews}',
      'configPatches:',
      '- applyTo: ${4|HTTP_FILTER,NETWORK_FILTER,LISTENER,CLUSTER|}',
      '  match:',
      '    context: ${5|SIDECAR_INBOUND,SIDECAR_OUTBOUND,GATEWAY|}',
      '  patch:',
      '    operation: ${6|INSERT_BEFORE,INSERT_AFTER,MERGE,ADD,REMOVE|}',
      '    value: {}',
    ],
  },
  {
    kind: 'ProxyConfig',
    apiVersion: 'networking.istio.io/v1beta1',
    summary: 'Per-workload proxy settings (concurrency, image type)',
    spec: ['selector:', '  matchLabels:', '    app: ${3:reviews}', 'concurrency: ${4:2}'],
  },
  {
    kind: 'PeerAuthentication',
    apiVersion: 'security.istio.io/v1',
    summary: 'Mutual TLS mode for workloads (STRICT, PERMISSIVE, DISABLE)',
    spec: [
      'selector:',
      '  matchLabels:',
      '    app: ${3:reviews}',
      'mtls:',
      '  mode: ${4|STRICT,PERMISSIVE,DISABLE,UNSET|}',
    ],
  },
  {
    kind: 'AuthorizationPolicy',
    apiVersion: 'security.istio.io/v1',
    summary: 'Allow or deny requests to workloads',
    spec: [
      'selector:',
      '  matchLabels:',
      '    app: ${3:reviews}',
      'action: ${4|ALLOW,DENY,AUDIT,CUSTOM|}',
      'rules:',
      '- from:',
      '  - source:',
      '      principals: ["${5:cluster.local/ns/default/sa/productpage}"]',
      '  to:',
      '  - operation:',
      '      methods: ["${6:GET}"]',
    ],
  },
  {
    kind: 'RequestAuthentication',
    apiVersion: 'security.istio.io/v1',
    summary: 'JWT validation for requests to workloads',
    spec: [
      'selector:',
      '  matchLabels:',
      '    app: ${3:reviews}',
      'jwtRules:',
      '- issuer: "${4:https://issuer.example.com}"',
      '  jwksUri: "${5:https://issuer.example.com/.well-known/jwks.json}"',
    ],
  },
  {
    kind: 'Telemetry',
    apiVersion: 'telemetry.istio.io/v1',
    summary: 'Metrics, access logs and tracing for workloads',
    spec: [
      'selector:',
      '  matchLabels:',
      '    app: ${3:reviews}',
      'accessLogging:',
      '- providers:',
      '  - name: ${4:envoy}',
      'tracing:',
      '- randomSamplingPercentage: ${5:10.0}',
    ],
  },
  {
    kind: 'WasmPlugin',
    apiVersion: 'extensions.istio.io/v1alpha1',
    summary: 'Extend proxies with a WebAssembly module',
    spec: [
      'selector:',
      '  matchLabels:',
      '    app: ${3:reviews}',
      'url: ${4:oci://example.com/filters/auth:1.0}',
      'phase: ${5|AUTHN,AUTHZ,STATS,UNSPECIFIED_PHASE|}',
    ],
  },
];

export function resourceSnippets(range: Range): CompletionItem[] {
  return SNIPPETS.map((s, i) => ({
    label: s.kind,
    kind: CompletionItemKind.Snippet,
    detail: `${s.apiVersion} (new resource)`,
    documentation: s.summary,
    sortText: `0${String(i).padStart(2, '0')}`,
    filterText: s.kind,
    textEdit: {
      range,
      newText: [
        `apiVersion: ${s.apiVersion}`,
        `kind: ${s.kind}`,
        'metadata:',
        '  name: ${1:name}',
        '  namespace: ${2:default}',
        'spec:',
        ...s.spec.map((line) => `  ${line}`),
      ].join('\n'),
    },
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.adjustIndentation,
  }));
}

export const RESOURCE_SNIPPET_KINDS = SNIPPETS.map((s) => s.kind);
