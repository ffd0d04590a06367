/**
 * Skeletons for new sequence items: hand-written ones for the arrays people add to most (an http route,
 * a subset, a gateway server…), and for any other array of objects one built from its required fields.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver-types';
import { formatPath } from '../parser/ast';
import type { SchemaRegistry } from '../schema/registry';
import type { Schema } from '../schema/types';
import type { ContextSegment, KeyContext } from './context';

interface Skeleton {
  label: string;
  /** Lines of the item, first line after `- `; `\t` marks one indentation step. */
  body: string[];
}

/** Keyed by `Kind:path` with `[]` for the array whose item is built. */
const SKELETONS: Record<string, Skeleton[]> = {
  'VirtualService:spec.http': [
    {
      label: 'HTTP route',
      body: [
        'match:',
        '- uri:',
        '\t\tprefix: ${1:/}',
        'route:',
        '- destination:',
        '\t\thost: ${2:reviews}',
        '\t\tsubset: ${3:v1}',
      ],
    },
    {
      label: 'HTTP weighted route (canary)',
      body: [
        'route:',
        '- destination:',
        '\t\thost: ${1:reviews}',
        '\t\tsubset: ${2:v1}',
        '\tweight: ${3:90}',
        '- destination:',
        '\t\thost: ${1:reviews}',
        '\t\tsubset: ${4:v2}',
        '\tweight: ${5:10}',
      ],
    },
  ],
  'VirtualService:spec.http[].route': [
    {
      label: 'route destination',
      body: ['destination:', '\thost: ${1:reviews}', '\tsubset: ${2:v1}', 'weight: ${3:100}'],
    },
  ],
  'VirtualService:spec.http[].match': [{ label: 'match by uri prefix', body: ['uri:', '\tprefix: ${1:/}'] }],
  'VirtualService:spec.tcp': [
    {
      label: 'TCP route',
      body: [
        'match:',
        '- port: ${1:27017}',
        'route:',
        '- destination:',
        '\t\thost: ${2:mongo}',
        '\t\tport:',
        '\t\t\tnumber: ${3:5555}',
      ],
    },
  ],
  'VirtualService:spec.tls': [
    {
      label: 'TLS route',
      body: [
        'match:',
        '- port: ${1:443}',
        '\tsniHosts:',
        '\t- ${2:login.example.com}',
        'route:',
        '- destination:',
        '\t\thost: ${3:login}',
      ],
    },
  ],
  'DestinationRule:spec.subsets': [
    { label: 'subset', body: ['name: ${1:v1}', 'labels:', '\tversion: ${2:v1}'] },
  ],
  'Gateway:spec.servers': [
    {
      label: 'HTTP server',
      body: [
        'port:',
        '\tnumber: ${1:80}',
        '\tname: ${2:http}',
        '\tprotocol: ${3|HTTP,HTTPS,GRPC,HTTP2,TCP,TLS|}',
        'hosts:',
        '- "${4:*}"',
      ],
    },
    {
      label: 'HTTPS server',
      body: [
        'port:',
        '\tnumber: ${1:443}',
        '\tname: ${2:https}',
        '\tprotocol: HTTPS',
        'tls:',
        '\tmode: ${3|SIMPLE,MUTUAL,ISTIO_MUTUAL,PASSTHROUGH|}',
        '\tcredentialName: ${4:my-cert}',
        'hosts:',
        '- "${5:example.com}"',
      ],
    },
  ],
  'ServiceEntry:spec.ports': [
    {
      label: 'port',
      body: ['number: ${1:443}', 'name: ${2:https}', 'protocol: ${3|HTTP,HTTPS,GRPC,HTTP2,MONGO,TCP,TLS|}'],
    },
  ],
  'AuthorizationPolicy:spec.rules': [
    {
      label: 'rule',
      body: [
        'from:',
        '- source:',
        '\t\tprincipals: ["${1:cluster.local/ns/default/sa/sleep}"]',
        'to:',
        '- operation:',
        '\t\tmethods: ["${2:GET}"]',
        '\t\tpaths: ["${3:/api/*}"]',
      ],
    },
  ],
  'Sidecar:spec.egress': [
    { label: 'egress listener', body: ['hosts:', '- "${1:./*}"', '- "${2:istio-system/*}"'] },
  ],
  'RequestAuthentication:spec.jwtRules': [
    {
      label: 'JWT rule',
      body: [
        'issuer: "${1:https://issuer.example.com}"',
        'jwksUri: "${2:https://issuer.example.com/.well-known/jwks.json}"',
      ],
    },
  ],
  'EnvoyFilter:spec.configPatches': [
    {
      label: 'config patch',
      body: [
        'applyTo: ${1|HTTP_FILTER,NETWORK_FILTER,LISTENER,CLUSTER,ROUTE_CONFIGURATION|}',
        'match:',
        '\tcontext: ${2|SIDECAR_INBOUND,SIDECAR_OUTBOUND,GATEWAY,ANY|}',
        'patch:',
        '\toperation: ${3|INSERT_BEFORE,INSERT_AFTER,MERGE,ADD,REMOVE|}',
        '\tvalue:',
        '\t\t$0',
      ],
    },
  ],
  'Telemetry:spec.metrics': [
    {
      label: 'metrics',
      body: [
        'providers:',
        '- name: ${1:prometheus}',
        'overrides:',
        '- match:',
        '\t\tmetric: ${2|ALL_METRICS,REQUEST_COUNT,REQUEST_DURATION|}',
        '\tdisabled: ${3|false,true|}',
      ],
    },
  ],
  'Telemetry:spec.accessLogging': [{ label: 'access logging', body: ['providers:', '- name: ${1:envoy}'] }],
  'Deployment:spec.template.spec.containers': [
    {
      label: 'container',
      body: ['name: ${1:app}', 'image: ${2:example/app:1.0}', 'ports:', '- containerPort: ${3:8080}'],
    },
  ],
  'Service:spec.ports': [
    { label: 'port', body: ['name: ${1:http}', 'port: ${2:80}', 'targetPort: ${3:8080}'] },
  ],
};

/**
 * `path` is the array itself when `asNewItem` (blank line under the array key: the item gets its
 * `- `), or the item (`...[]`) when the cursor already follows a `- `.
 */
export function itemSkeletons(
  kind: string,
  path: readonly ContextSegment[],
  item: Schema,
  registry: SchemaRegistry,
  ctx: KeyContext,
  range: Range,
  asNewItem: boolean,
): CompletionItem[] {
  const arrayPath = asNewItem ? path : path.slice(0, -1);
  const key = `${kind}:${formatPath(arrayPath)}`;
  const skeletons = SKELETONS[key] ?? generic(item, registry);
  const arrayName = [...arrayPath].reverse().find((s) => s !== '[]') ?? 'item';
  // After `- ` the item's lines sit under its first key; snippet lines are relative to the line indent.
  const itemPad = ' '.repeat(asNewItem ? 2 : ctx.keyColumn - ctx.lineIndent);
  return skeletons.map((s, i) => {
    const lines = s.body.map((line, n) => (n === 0 ? '' : itemPad) + line.replace(/\t/g, '  '));
    return {
      label: `- ${s.label}`,
      kind: CompletionItemKind.Snippet,
      detail: `new ${arrayName} item`,
      sortText: `00${i}`,
      filterText: s.label,
      textEdit: { range, newText: (asNewItem ? '- ' : '') + lines.join('\n') },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.adjustIndentation,
    };
  });
}

function generic(item: Schema, registry: SchemaRegistry): Skeleton[] {
  const required = item.required ?? [];
  if (item.type !== 'object' || !item.properties) return [];
  const keys = required.length ? required : Object.keys(item.properties).slice(0, 1);
  let stop = 1;
  const body = keys.flatMap((k) => {
    const prop = registry.resolve(item.properties![k] ?? {});
    if (prop.type === 'object' || prop.properties) return [`${k}:`, `\t$${stop++}`];
    if (prop.type === 'array') return [`${k}:`, `- $${stop++}`];
    return [`${k}: $${stop++}`];
  });
  return [{ label: 'item', body }];
}
