import * as assert from 'node:assert/strict';
import type { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { MeshTextDocument } from '../../server/src/service/language-service';
import { definition } from '../../server/src/service/navigation/definition';
import { referenceHover } from '../../server/src/service/navigation/hover-reference';
import { indexCompletions } from '../../server/src/service/navigation/index-completion';
import { references } from '../../server/src/service/navigation/references';
import { prepareRename, rename, RenameError } from '../../server/src/service/navigation/rename';
import { WorkspaceIndex } from '../../server/src/service/workspace/index';
import { CURSOR, service } from '../helpers/service';

// ---------------------------------------------------------------------------------------------------
// A multi-file workspace with one `‸` cursor somewhere.

interface Workspace {
  index: WorkspaceIndex;
  docs: Map<string, MeshTextDocument>;
  /** The document holding the cursor, and the cursor. */
  doc: MeshTextDocument;
  position: Position;
}

const BASE = 'file:///ws/';

function workspace(files: Record<string, string>): Workspace {
  const index = new WorkspaceIndex();
  const docs = new Map<string, MeshTextDocument>();
  let cursor: { doc: MeshTextDocument; offset: number } | undefined;
  for (const [name, raw] of Object.entries(files)) {
    const offset = raw.indexOf(CURSOR);
    const text = offset < 0 ? raw : raw.slice(0, offset) + raw.slice(offset + CURSOR.length);
    const doc = service().parse(BASE + name, 1, text);
    docs.set(name, doc);
    index.set(doc);
    if (offset >= 0) cursor = { doc, offset };
  }
  if (!cursor) throw new Error('no cursor marker in the workspace');
  return { index, docs, doc: cursor.doc, position: cursor.doc.lines.positionAt(cursor.offset) };
}

/** `file:line:text` of each location (0-based line, the text the range covers). */
function show(ws: Workspace, locations: readonly Location[]): string[] {
  return locations.map((l) => {
    const name = l.uri.slice(BASE.length);
    return `${name}:${l.range.start.line}:${textOf(ws.docs.get(name)!, l.range)}`;
  });
}

function textOf(doc: MeshTextDocument, range: Range): string {
  return doc.file.text.slice(doc.lines.offsetAt(range.start), doc.lines.offsetAt(range.end));
}

/** The files' texts after applying `edit` (only changed files). */
function applied(ws: Workspace, edit: WorkspaceEdit): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const doc = ws.docs.get(uri.slice(BASE.length))!;
    const sorted = [...edits].sort(
      (a: TextEdit, b: TextEdit) => doc.lines.offsetAt(b.range.start) - doc.lines.offsetAt(a.range.start),
    );
    let text = doc.file.text;
    for (const e of sorted) {
      text =
        text.slice(0, doc.lines.offsetAt(e.range.start)) +
        e.newText +
        text.slice(doc.lines.offsetAt(e.range.end));
    }
    out[uri.slice(BASE.length)] = text;
  }
  return out;
}

function hoverText(ws: Workspace): string | undefined {
  const hover = referenceHover(ws.index, ws.doc, ws.position);
  if (!hover) return undefined;
  return typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : undefined;
}

function labels(ws: Workspace): string[] {
  return indexCompletions(ws.index, ws.doc, ws.position)
    .map((i) => i.label)
    .sort();
}

/** Puts the cursor into `file` at the first occurrence of `marker` (`‸` inside it marks the spot). */
function at(files: Record<string, string>, file: string, marker: string): Workspace {
  const plain = marker.replace(CURSOR, '');
  const text = files[file]!;
  const i = text.indexOf(plain);
  if (i < 0) throw new Error(`${plain} not in ${file}`);
  const cut = i + marker.indexOf(CURSOR);
  return workspace({ ...files, [file]: text.slice(0, cut) + CURSOR + text.slice(cut) });
}

// ---------------------------------------------------------------------------------------------------
// Fixtures.

const SERVICES = `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: bookinfo
spec:
  selector:
    app: reviews
  ports:
  - name: http
    port: 9080
---
apiVersion: v1
kind: Service
metadata:
  name: ratings
  namespace: bookinfo
spec:
  selector:
    app: ratings
  ports:
  - name: http
    port: 9080
  - name: grpc
    port: 9090
    protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: productpage
  namespace: frontend
spec:
  ports:
  - port: 9080
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: external
  namespace: bookinfo
spec:
  hosts:
  - api.example.com
  - "*.wiki.org"
  ports:
  - number: 443
    name: https
    protocol: TLS
  location: MESH_EXTERNAL
  resolution: DNS
`;

const WORKLOADS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: reviews
  template:
    metadata:
      labels:
        app: reviews
        version: v1
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v2
  namespace: bookinfo
spec:
  template:
    metadata:
      labels:
        app: reviews
        version: v2
---
apiVersion: v1
kind: Pod
metadata:
  name: ingress
  namespace: istio-system
  labels:
    istio: ingressgateway
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: reviews-viewer
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: reviews
`;

const DRS = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: "v2"
    labels:
      version: v2
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
  namespace: bookinfo
spec:
  host: ratings.bookinfo.svc.cluster.local
  subsets:
  - name: v1
    labels:
      version: v1
`;

const GATEWAYS = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: bookinfo-gateway
  namespace: bookinfo
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "*"
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: infra
spec:
  gatewayClassName: istio
  listeners:
  - name: web
    port: 80
    protocol: HTTP
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews-route
  namespace: bookinfo
spec:
  parentRefs:
  - name: edge
    namespace: infra
  rules:
  - backendRefs:
    - name: reviews
      port: 9080
`;

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
  - reviews
  gateways:
  - bookinfo-gateway
  - mesh
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
    - destination:
        host: reviews.bookinfo.svc.cluster.local
        subset: "v2"
    mirror:
      host: ratings
      subset: v1
  - route:
    - destination:
        host: api.example.com
    - destination:
        host: en.wiki.org
    - destination:
        host: details
        subset: v9
`;

const FRONT = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: front
  namespace: frontend
spec:
  hosts:
  - front.example.com
  gateways:
  - bookinfo/bookinfo-gateway
  http:
  - match:
    - gateways:
      - "bookinfo/bookinfo-gateway"
    route:
    - destination:
        host: reviews.bookinfo.svc.cluster.local
        subset: v1
    - destination:
        host: reviews
        subset: v1
`;

const FILES: Record<string, string> = {
  'services.yaml': SERVICES,
  'workloads.yaml': WORKLOADS,
  'dr.yaml': DRS,
  'gateways.yaml': GATEWAYS,
  'vs.yaml': VS,
  'front.yaml': FRONT,
};

const go = (ws: Workspace) => show(ws, definition(ws.index, ws.doc, ws.position));
const refs = (ws: Workspace, decl = false) => show(ws, references(ws.index, ws.doc, ws.position, decl));

// ---------------------------------------------------------------------------------------------------

describe('navigation: definition', () => {
  it('goes from a destination subset to the subset of the DestinationRule for that host', () => {
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'subset: v‸1')), ['dr.yaml:8:v1']);
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'subset: "v‸2"')), ['dr.yaml:11:"v2"']);
    // The mirror goes to ratings: its v1 is the other DestinationRule's.
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'ratings\n      subset: v‸1')), ['dr.yaml:23:v1']);
    // An FQDN from another namespace resolves; a short name there means that namespace's service.
    assert.deepEqual(go(at(FILES, 'front.yaml', 'svc.cluster.local\n        subset: v‸1')), ['dr.yaml:8:v1']);
    assert.deepEqual(go(at(FILES, 'front.yaml', 'reviews\n        subset: v‸1')), []);
  });

  it('goes from a host to the Service or the ServiceEntry host', () => {
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'host: rev‸iews\n')), ['services.yaml:3:reviews']);
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'host: reviews.book‸info')), ['services.yaml:3:reviews']);
    assert.deepEqual(go(at(FILES, 'dr.yaml', 'host: rev‸iews')), ['services.yaml:3:reviews']);
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'host: api.‸example')), ['services.yaml:43:api.example.com']);
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'host: en.wi‸ki')), ['services.yaml:44:"*.wiki.org"']);
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'host: det‸ails')), []);
  });

  it('goes from gateways entries (all forms) and parentRefs to the Gateway', () => {
    assert.deepEqual(go(at(FILES, 'vs.yaml', '- bookinfo-gate‸way')), ['gateways.yaml:3:bookinfo-gateway']);
    assert.deepEqual(go(at(FILES, 'front.yaml', '- bookinfo/bookinfo-gate‸way')), [
      'gateways.yaml:3:bookinfo-gateway',
    ]);
    assert.deepEqual(go(at(FILES, 'front.yaml', '"bookinfo/book‸info-gateway"')), [
      'gateways.yaml:3:bookinfo-gateway',
    ]);
    assert.deepEqual(go(at(FILES, 'gateways.yaml', '- name: ed‸ge')), ['gateways.yaml:19:edge']);
    assert.deepEqual(go(at(FILES, 'gateways.yaml', '- name: revi‸ews')), ['services.yaml:3:reviews']);
    assert.deepEqual(go(at(FILES, 'vs.yaml', '- me‸sh')), []);
  });

  it('goes from a selector label to the matching workloads’ labels', () => {
    assert.deepEqual(go(at(FILES, 'workloads.yaml', 'matchLabels:\n      app: rev‸iews')), []);
    const policy = at(
      FILES,
      'workloads.yaml',
      'reviews-viewer\n  namespace: bookinfo\nspec:\n  selector:\n    matchLabels:\n      app: re‸views',
    );
    assert.deepEqual(go(policy), ['workloads.yaml:12:app: reviews', 'workloads.yaml:24:app: reviews']);
    // A Gateway selects gateway pods of any namespace.
    assert.deepEqual(go(at(FILES, 'gateways.yaml', 'istio: ingress‸gateway')), [
      'workloads.yaml:33:istio: ingressgateway',
    ]);
    // The Service selector too.
    assert.deepEqual(go(at(FILES, 'services.yaml', 'app: rat‸ings')), []);
  });

  it('uses the most specific DestinationRule host, wildcards included', () => {
    const wildcard = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: all
  namespace: bookinfo
spec:
  host: "*.bookinfo.svc.cluster.local"
  subsets:
  - name: v1
  - name: v9
`;
    const files = { ...FILES, 'wildcard.yaml': wildcard };
    // reviews has its own DestinationRule: the wildcard's v1 is not used, even though it matches.
    assert.deepEqual(go(at(files, 'vs.yaml', 'subset: v‸1')), ['dr.yaml:8:v1']);
    // details has none: the wildcard applies.
    assert.deepEqual(go(at(files, 'vs.yaml', 'subset: v‸9')), ['wildcard.yaml:9:v9']);
    assert.deepEqual(refs(at(files, 'wildcard.yaml', '- name: v‸1')), []);
  });

  it('reads the deprecated name.namespace gateway form and root-namespace policies', () => {
    const vs = VS.replace('- bookinfo-gateway', '- bookinfo-gateway.bookinfo.svc.cluster.local');
    const files = { ...FILES, 'vs.yaml': vs };
    assert.deepEqual(go(at(files, 'vs.yaml', '- bookinfo-gate‸way')), ['gateways.yaml:3:bookinfo-gateway']);
    const policy = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: reviews-strict
  namespace: istio-system
spec:
  selector:
    matchLabels:
      version: v2
`;
    assert.deepEqual(go(at({ ...FILES, 'pa.yaml': policy }, 'pa.yaml', 'version: v‸2')), [
      'workloads.yaml:25:version: v2',
    ]);
    // Outside the root namespace a policy only selects its own namespace's workloads.
    const local = policy.replace('istio-system', 'frontend');
    assert.deepEqual(go(at({ ...FILES, 'pa.yaml': local }, 'pa.yaml', 'version: v‸2')), []);
  });

  it('has no definition on targets and unrelated keys', () => {
    assert.deepEqual(go(at(FILES, 'dr.yaml', '- name: v‸1')), []);
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'hos‸ts:')), []);
    assert.deepEqual(go(at(FILES, 'vs.yaml', 'kind: Virtual‸Service')), []);
  });
});

describe('navigation: references', () => {
  const v1Users = ['front.yaml:17:v1', 'vs.yaml:15:v1'];

  it('lists the destinations using a subset, from the DestinationRule or from a destination', () => {
    assert.deepEqual(refs(at(FILES, 'dr.yaml', '- name: v‸1')), v1Users);
    assert.deepEqual(refs(at(FILES, 'dr.yaml', '- name: v‸1'), true), ['dr.yaml:8:v1', ...v1Users]);
    assert.deepEqual(refs(at(FILES, 'vs.yaml', 'subset: v‸1')), v1Users);
    assert.deepEqual(refs(at(FILES, 'dr.yaml', '"v‸2"'), true), ['dr.yaml:11:"v2"', 'vs.yaml:18:"v2"']);
    // ratings' v1 is another subset: only the mirror uses it.
    assert.deepEqual(refs(at(FILES, 'dr.yaml', 'cluster.local\n  subsets:\n  - name: v‸1')), [
      'vs.yaml:21:v1',
    ]);
  });

  it('lists the VirtualServices naming a Gateway, and parentRefs of a Gateway API Gateway', () => {
    const users = [
      'front.yaml:9:bookinfo/bookinfo-gateway',
      'front.yaml:13:"bookinfo/bookinfo-gateway"',
      'vs.yaml:9:bookinfo-gateway',
    ];
    assert.deepEqual(refs(at(FILES, 'gateways.yaml', 'name: bookinfo-‸gateway')), users);
    assert.deepEqual(refs(at(FILES, 'vs.yaml', '- bookinfo-‸gateway')), users);
    assert.deepEqual(refs(at(FILES, 'gateways.yaml', 'name: ed‸ge'), true), [
      'gateways.yaml:19:edge',
      'gateways.yaml:35:edge',
    ]);
  });

  it('lists the hosts naming a Service, and the selectors of a workload', () => {
    assert.deepEqual(refs(at(FILES, 'services.yaml', 'name: revi‸ews')), [
      'dr.yaml:6:reviews',
      'front.yaml:16:reviews.bookinfo.svc.cluster.local',
      'gateways.yaml:39:reviews',
      'vs.yaml:14:reviews',
      'vs.yaml:17:reviews.bookinfo.svc.cluster.local',
    ]);
    assert.deepEqual(refs(at(FILES, 'services.yaml', '"*.wi‸ki.org"')), ['vs.yaml:26:en.wiki.org']);
    assert.deepEqual(refs(at(FILES, 'workloads.yaml', 'version: v‸2')), [
      'services.yaml:6:selector',
      'workloads.yaml:42:matchLabels',
    ]);
  });

  it('lists the same dangling reference elsewhere, and nothing on unrelated keys', () => {
    assert.deepEqual(refs(at(FILES, 'vs.yaml', 'subset: v‸9')), ['vs.yaml:29:v9']);
    assert.deepEqual(refs(at(FILES, 'vs.yaml', 'ht‸tp:')), []);
    assert.deepEqual(refs(at(FILES, 'vs.yaml', '- me‸sh')), []);
  });
});

describe('navigation: rename', () => {
  const prepare = (ws: Workspace) => {
    const r = prepareRename(ws.index, ws.doc, ws.position);
    return r && { text: textOf(ws.doc, r.range), placeholder: r.placeholder };
  };

  it('prepares on subset and gateway names only, covering the bare name', () => {
    assert.deepEqual(prepare(at(FILES, 'dr.yaml', '- name: v‸1')), { text: 'v1', placeholder: 'v1' });
    assert.deepEqual(prepare(at(FILES, 'vs.yaml', 'subset: "v‸2"')), { text: 'v2', placeholder: 'v2' });
    assert.deepEqual(prepare(at(FILES, 'front.yaml', '"bookinfo/bookinfo-g‸ateway"')), {
      text: 'bookinfo-gateway',
      placeholder: 'bookinfo-gateway',
    });
    assert.deepEqual(prepare(at(FILES, 'gateways.yaml', 'name: bookinfo-g‸ateway')), {
      text: 'bookinfo-gateway',
      placeholder: 'bookinfo-gateway',
    });
    assert.equal(prepare(at(FILES, 'vs.yaml', '- me‸sh')), null);
    assert.equal(prepare(at(FILES, 'vs.yaml', 'host: rev‸iews\n')), null);
    assert.equal(prepare(at(FILES, 'vs.yaml', 'met‸adata')), null);
  });

  it('renames a quoted subset in its DestinationRule and its destinations, keeping the quotes', () => {
    const ws = at(FILES, 'dr.yaml', '"v‸2"');
    const out = applied(ws, rename(ws.index, ws.doc, ws.position, 'canary')!);
    assert.deepEqual(Object.keys(out).sort(), ['dr.yaml', 'vs.yaml']);
    assert.match(out['dr.yaml']!, /- name: "canary"\n {4}labels:\n {6}version: v2/);
    assert.match(out['vs.yaml']!, /host: reviews\.bookinfo\.svc\.cluster\.local\n {8}subset: "canary"/);
    assert.equal(out['vs.yaml']!.replace('"canary"', '"v2"'), VS);
  });

  it('renames a subset only for its host', () => {
    const ws = at(FILES, 'vs.yaml', 'subset: v‸1');
    const out = applied(ws, rename(ws.index, ws.doc, ws.position, 'stable')!);
    assert.equal(out['dr.yaml'], DRS.replace('- name: v1', '- name: stable'));
    assert.equal(out['vs.yaml'], VS.replace('subset: v1', 'subset: stable'));
    // The FQDN destination follows; the short name of the frontend namespace and ratings' v1 do not.
    assert.equal(out['front.yaml'], FRONT.replace('subset: v1', 'subset: stable'));
  });

  it('renames the subset in every DestinationRule serving the same destinations', () => {
    const copy = DRS.split('---')[0]!
      .replace('namespace: bookinfo', 'namespace: frontend')
      .replace('host: reviews', 'host: reviews.bookinfo.svc.cluster.local');
    const ws = at({ ...FILES, 'copy.yaml': copy }, 'dr.yaml', '- name: v‸1');
    const out = applied(ws, rename(ws.index, ws.doc, ws.position, 'stable')!);
    assert.deepEqual(Object.keys(out).sort(), ['copy.yaml', 'dr.yaml', 'front.yaml', 'vs.yaml']);
    assert.equal(out['copy.yaml'], copy.replace('- name: v1', '- name: stable'));
  });

  it('renames a Gateway and every gateways entry, keeping the ns/ prefixes', () => {
    const ws = at(FILES, 'front.yaml', '- bookinfo/bookinfo-gate‸way');
    const out = applied(ws, rename(ws.index, ws.doc, ws.position, 'public-gw')!);
    assert.deepEqual(Object.keys(out).sort(), ['front.yaml', 'gateways.yaml', 'vs.yaml']);
    assert.equal(out['gateways.yaml'], GATEWAYS.replace('name: bookinfo-gateway', 'name: public-gw'));
    assert.equal(out['vs.yaml'], VS.replace('- bookinfo-gateway', '- public-gw'));
    assert.equal(out['front.yaml'], FRONT.replaceAll('bookinfo/bookinfo-gateway', 'bookinfo/public-gw'));
  });

  it('renames the name part of the deprecated name.namespace form', () => {
    const vs = VS.replace('- bookinfo-gateway', "- 'bookinfo-gateway.bookinfo.svc.cluster.local'");
    const ws = at({ ...FILES, 'vs.yaml': vs }, 'gateways.yaml', 'name: bookinfo-‸gateway');
    const out = applied(ws, rename(ws.index, ws.doc, ws.position, 'public-gw')!);
    assert.equal(out['vs.yaml'], vs.replace("'bookinfo-gateway.", "'public-gw."));
  });

  it('renames a Gateway API Gateway with its parentRefs', () => {
    const ws = at(FILES, 'gateways.yaml', 'name: ed‸ge');
    const out = applied(ws, rename(ws.index, ws.doc, ws.position, 'edge2')!);
    assert.equal(out['gateways.yaml'], GATEWAYS.replaceAll(/name: edge\n/g, 'name: edge2\n'));
  });

  it('rejects invalid names and does nothing off names', () => {
    const ws = at(FILES, 'dr.yaml', '- name: v‸1');
    assert.throws(() => rename(ws.index, ws.doc, ws.position, 'V 1'), RenameError);
    const gw = at(FILES, 'vs.yaml', '- bookinfo-‸gateway');
    assert.throws(() => rename(gw.index, gw.doc, gw.position, 'a.b'), /contains a dot/);
    const off = at(FILES, 'vs.yaml', 'ht‸tp:');
    assert.equal(rename(off.index, off.doc, off.position, 'x'), null);
  });
});

describe('navigation: completion from the index', () => {
  /** The workspace plus a new file being typed in `namespace`. */
  const typing = (body: string, namespace = 'bookinfo') =>
    workspace({
      ...FILES,
      'new.yaml': `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: new\n  namespace: ${namespace}\nspec:\n${body}`,
    });
  const route = (destination: string) => `  http:\n  - route:\n    - destination:\n${destination}`;

  it('offers Services (short here, FQDN elsewhere) and concrete ServiceEntry hosts for a destination host', () => {
    assert.deepEqual(labels(typing(route('        host: ‸\n'))), [
      'api.example.com',
      'productpage.frontend.svc.cluster.local',
      'ratings',
      'reviews',
    ]);
    assert.deepEqual(labels(typing(route('        host: re‸\n'), 'frontend')), [
      'api.example.com',
      'productpage',
      'ratings.bookinfo.svc.cluster.local',
      'reviews.bookinfo.svc.cluster.local',
    ]);
  });

  it('offers the subsets of the DestinationRule for the destination host, keeping quotes', () => {
    assert.deepEqual(labels(typing(route('        host: reviews\n        subset: ‸\n'))), ['v1', 'v2']);
    assert.deepEqual(labels(typing(route('        subset: ‸\n        host: ratings\n'))), ['v1']);
    assert.deepEqual(labels(typing(route('        host: details\n        subset: ‸\n'))), []);
    const ws = typing(route('        host: reviews\n        subset: "v‸"\n'));
    const [item] = indexCompletions(ws.index, ws.doc, ws.position);
    const edit = item!.textEdit as TextEdit;
    assert.equal(textOf(ws.doc, edit.range), 'v');
    // A mirror too.
    assert.deepEqual(labels(typing('  http:\n  - mirror:\n      host: reviews\n      subset: ‸\n')), [
      'v1',
      'v2',
    ]);
  });

  it('offers hosts for a DestinationRule host', () => {
    const ws = workspace({
      ...FILES,
      'new.yaml':
        'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: x\n  namespace: frontend\nspec:\n  host: ‸\n',
    });
    assert.ok(labels(ws).includes('productpage'));
    assert.ok(labels(ws).includes('reviews.bookinfo.svc.cluster.local'));
  });

  it('offers the ports of the host’s Service', () => {
    assert.deepEqual(labels(typing(route('        host: ratings\n        port:\n          number: ‸\n'))), [
      '9080',
      '9090',
    ]);
    assert.deepEqual(
      labels(typing(route('        host: api.example.com\n        port:\n          number: ‸\n'))),
      ['443'],
    );
  });

  it('offers gateways by name here, ns/name elsewhere, and mesh', () => {
    assert.deepEqual(labels(typing('  gateways:\n  - ‸\n')), ['bookinfo-gateway', 'mesh']);
    assert.deepEqual(labels(typing('  gateways:\n  - bo‸\n', 'frontend')), [
      'bookinfo/bookinfo-gateway',
      'mesh',
    ]);
    assert.deepEqual(labels(typing('  http:\n  - match:\n    - gateways:\n      - ‸\n')), [
      'bookinfo-gateway',
      'mesh',
    ]);
  });

  it('offers the namespaces of the index for metadata.namespace', () => {
    const ws = workspace({
      ...FILES,
      'new.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  namespace: ‸\n',
    });
    assert.deepEqual(labels(ws), ['bookinfo', 'frontend', 'infra', 'istio-system']);
  });

  it('offers nothing elsewhere', () => {
    assert.deepEqual(labels(typing('  hosts:\n  - ‸\n')), []);
    assert.deepEqual(labels(typing(route('        weight: ‸\n'))), []);
    assert.deepEqual(labels(typing('  ‸\n')), []);
  });
});

describe('navigation: hover on references', () => {
  const hover = (file: string, marker: string) => hoverText(at(FILES, file, marker));

  it('shows the subset with its labels and DestinationRule, or that it is missing', () => {
    const text = hover('vs.yaml', 'subset: v‸1')!;
    assert.match(
      text,
      /\*\*Subset `v1`\*\* · DestinationRule `bookinfo\/reviews` \(host `reviews\.bookinfo\.svc\.cluster\.local`\)/,
    );
    assert.match(text, /Labels: `version=v1`/);
    assert.match(
      hover('front.yaml', 'reviews\n        subset: v‸1')!,
      /\*\*Subset `v1` not found\*\* for host `reviews\.frontend\.svc\.cluster\.local`[\s\S]*No DestinationRule/,
    );
  });

  it('shows the Service or ServiceEntry of a host, or that none defines it', () => {
    const text = hover('vs.yaml', 'host: rev‸iews\n')!;
    assert.match(text, /\*\*Service\*\* `bookinfo\/reviews`/);
    assert.match(text, /Ports: `9080\/TCP` \(http\)/);
    assert.match(text, /Selector: `app=reviews`/);
    assert.match(
      hover('vs.yaml', 'host: api.ex‸ample')!,
      /\*\*ServiceEntry\*\* `bookinfo\/external`[\s\S]*`443\/TLS` \(https\)[\s\S]*`MESH_EXTERNAL`/,
    );
    assert.match(
      hover('vs.yaml', 'host: deta‸ils')!,
      /\*\*Host `details` not found\*\*: no Service or ServiceEntry .* `details\.bookinfo\.svc\.cluster\.local`/,
    );
  });

  it('shows the servers of a Gateway, the listeners of a Gateway API Gateway, and mesh', () => {
    const text = hover('front.yaml', '- bookinfo/book‸info-gateway')!;
    assert.match(text, /\*\*Gateway\*\* `bookinfo\/bookinfo-gateway`/);
    assert.match(text, /Selector: `istio=ingressgateway`/);
    assert.match(text, /\| 80 \| HTTP \| \* \| http \|/);
    assert.match(
      hover('gateways.yaml', '- name: ed‸ge')!,
      /Gateway API[\s\S]*Class: `istio`[\s\S]*\| web \| 80 \| HTTP \| \* \|/,
    );
    assert.match(hover('vs.yaml', '- me‸sh')!, /reserved gateway name/);
    const missing = workspace({ 'vs.yaml': VS.replace('- bookinfo-gateway', '- other/g‸w') });
    assert.match(hoverText(missing)!, /\*\*Gateway `other\/gw` not found\*\*/);
  });

  it('shows the workloads a selector selects', () => {
    const text = hover(
      'workloads.yaml',
      'reviews-viewer\n  namespace: bookinfo\nspec:\n  selector:\n    matchLabels:\n      app: re‸views',
    )!;
    assert.match(text, /\*\*Selects 2 workload\(s\)\*\* in namespace `bookinfo`/);
    assert.match(text, /Deployment `bookinfo\/reviews-v1`/);
    assert.match(
      hover('services.yaml', 'app: rat‸ings')!,
      /\*\*No workload\*\* in namespace `bookinfo` matches `app=ratings`/,
    );
  });

  it('has no hover on targets and unrelated keys', () => {
    assert.equal(hover('dr.yaml', '- name: v‸1'), undefined);
    assert.equal(hover('vs.yaml', 'ht‸tp:'), undefined);
  });
});
