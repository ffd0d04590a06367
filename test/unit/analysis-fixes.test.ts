/**
 * Quick fixes for analysis findings: each test analyzes a small workspace, asks for the code actions
 * of the findings, applies the WorkspaceEdit, checks the exact text, and re-analyzes to see the
 * finding gone and no schema error appear.
 */
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { analyzeWorkspace, findingsToDiagnostics } from '../../server/src/service/analysis/analyze-workspace';
import { analysisCodeActions, hostRefactorings } from '../../server/src/service/analysis-fixes/index';
import { scaleTo100 } from '../../server/src/service/analysis-fixes/route-weights';
import type { MeshTextDocument } from '../../server/src/service/language-service';
import { WorkspaceIndex } from '../../server/src/service/workspace/index';
import { service, yaml } from '../helpers/service';

type Files = Record<string, string>;

const uriOf = (name: string) => `file:///ws/${name}`;
const nameOf = (uri: string) => uri.replace('file:///ws/', '');

interface Workspace {
  index: WorkspaceIndex;
  docs: Map<string, MeshTextDocument>;
  /** Analysis diagnostics by file name. */
  diagnostics: Map<string, Diagnostic[]>;
}

function analyze(files: Files): Workspace {
  const index = new WorkspaceIndex();
  const docs = new Map<string, MeshTextDocument>();
  for (const [name, text] of Object.entries(files)) {
    const doc = service().parse(uriOf(name), 1, text);
    docs.set(doc.file.uri, doc);
    index.set(doc);
  }
  const byUri = findingsToDiagnostics(analyzeWorkspace(index), (uri) => docs.get(uri));
  const diagnostics = new Map([...byUri].map(([uri, list]) => [nameOf(uri), list]));
  return { index, docs, diagnostics };
}

/** The analysis code actions for the diagnostics of `code` in `file`. */
function actionsFor(ws: Workspace, file: string, code: string): CodeAction[] {
  const diagnostics = (ws.diagnostics.get(file) ?? []).filter((d) => d.code === code);
  return analysisCodeActions(ws.index, (uri) => ws.docs.get(uri), diagnostics);
}

/** The files after applying the action's WorkspaceEdit. */
function apply(ws: Workspace, action: CodeAction): Files {
  const out: Files = {};
  for (const [uri, doc] of ws.docs) out[nameOf(uri)] = doc.file.text;
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    const doc = ws.docs.get(uri)!;
    let text = doc.file.text;
    const sorted = edits
      .map((e) => ({ start: doc.lines.offsetAt(e.range.start), end: doc.lines.offsetAt(e.range.end), e }))
      .sort((a, b) => b.start - a.start);
    for (const { start, end, e } of sorted) text = text.slice(0, start) + e.newText + text.slice(end);
    out[nameOf(uri)] = text;
  }
  return out;
}

/** Re-analyzes the fixed files: the analysis codes left, and no schema diagnostic in any file. */
function codesAfter(files: Files): string[] {
  const ws = analyze(files);
  for (const doc of ws.docs.values()) assert.deepEqual(service().validate(doc), [], doc.file.uri);
  return [...ws.diagnostics.values()].flat().map((d) => String(d.code));
}

const VS_HEAD = yaml`
  apiVersion: networking.istio.io/v1
  kind: VirtualService
  metadata:
    name: reviews
    namespace: bookinfo
  spec:
    hosts: [reviews]
`;

function vsRoutes(routes: string): string {
  return `${VS_HEAD}  http:\n  - route:\n${routes}`;
}

const CANARY_VS = vsRoutes(`    - destination: {host: reviews, subset: v1}
      weight: 90
    - destination: {host: reviews, subset: v2}
      weight: 10
`);

const REVIEWS_DR = yaml`
  # Subsets of reviews.
  apiVersion: networking.istio.io/v1
  kind: DestinationRule
  metadata:
    name: reviews
    namespace: bookinfo
  spec:
    host: reviews
    subsets:
    - name: v1 # the stable one
      labels:
        version: v1
    # more to come
`;

const RATINGS_DR = REVIEWS_DR.replace(/reviews/g, 'ratings');

describe('analysis quick fixes', () => {
  describe('IST0101 missing subset', () => {
    it('adds the subset after the last one, in the DestinationRule file', () => {
      const files = { 'vs.yaml': CANARY_VS, 'dr.yaml': `${RATINGS_DR}---\n${REVIEWS_DR}` };
      const ws = analyze(files);
      const [action, ...rest] = actionsFor(ws, 'vs.yaml', 'IST0101');
      assert.equal(rest.length, 0);
      assert.equal(action!.title, "Add subset 'v2' to DestinationRule reviews");
      assert.equal(action!.isPreferred, true);
      assert.deepEqual(Object.keys(action!.edit!.changes!), [uriOf('dr.yaml')]);
      const fixed = apply(ws, action!);
      assert.equal(fixed['vs.yaml'], CANARY_VS);
      assert.equal(
        fixed['dr.yaml'],
        `${RATINGS_DR}---\n${REVIEWS_DR.replace('version: v1\n', 'version: v1\n  - name: v2\n    labels:\n      version: v2\n')}`,
      );
      assert.ok(!codesAfter(fixed).includes('IST0101'));
    });

    it("creates `subsets:` under spec, in the file's indentation", () => {
      const dr = [
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata:',
        '    name: reviews',
        '    namespace: bookinfo',
        'spec:',
        '    host: reviews',
        '    trafficPolicy:',
        '        tls:',
        '            mode: ISTIO_MUTUAL  # mesh mTLS',
        '',
      ].join('\n');
      const ws = analyze({ 'vs.yaml': CANARY_VS, 'dr.yaml': dr });
      const titles = actionsFor(ws, 'vs.yaml', 'IST0101').map((a) => a.title);
      assert.deepEqual(titles, [
        "Add subset 'v1' to DestinationRule reviews",
        "Add subset 'v2' to DestinationRule reviews",
      ]);
      const fixed = apply(ws, actionsFor(ws, 'vs.yaml', 'IST0101')[1]!);
      assert.equal(
        fixed['dr.yaml'],
        `${dr}    subsets:\n    - name: v2\n      labels:\n          version: v2\n`,
      );
      assert.deepEqual(
        codesAfter(fixed).filter((c) => c === 'IST0101'),
        ['IST0101'],
      );
    });

    it('appends to flow-style subsets', () => {
      const dr = REVIEWS_DR.replace(/ {2}subsets:[^]*$/, '  subsets: [{name: v1, labels: {version: v1}}]\n');
      const ws = analyze({ 'vs.yaml': CANARY_VS, 'dr.yaml': dr });
      const fixed = apply(ws, actionsFor(ws, 'vs.yaml', 'IST0101')[0]!);
      assert.equal(fixed['dr.yaml'], dr.replace('}}]', '}}, {name: v2, labels: {version: v2}}]'));
      assert.ok(!codesAfter(fixed).includes('IST0101'));
    });

    it('fills an empty `subsets:` and keeps CRLF line breaks', () => {
      const dr = REVIEWS_DR.replace(/ {2}subsets:[^]*$/, '  subsets: # none yet\n  exportTo: [.]\n').replace(
        /\n/g,
        '\r\n',
      );
      const ws = analyze({ 'vs.yaml': CANARY_VS, 'dr.yaml': dr });
      const fixed = apply(ws, actionsFor(ws, 'vs.yaml', 'IST0101')[1]!);
      assert.equal(
        fixed['dr.yaml'],
        dr.replace('# none yet\r\n', '# none yet\r\n  - name: v2\r\n    labels:\r\n      version: v2\r\n'),
      );
    });

    it('creates a DestinationRule in the VirtualService namespace when none exists for the host', () => {
      // (The analyzer judges subsets only in a workspace that has DestinationRules.)
      const vs = CANARY_VS.trimEnd();
      const ws = analyze({ 'vs.yaml': vs, 'ratings.yaml': RATINGS_DR });
      const actions = actionsFor(ws, 'vs.yaml', 'IST0101');
      assert.deepEqual(
        actions.map((a) => a.title),
        [
          'Create DestinationRule for reviews with subset v1',
          'Create DestinationRule for reviews with subset v2',
        ],
      );
      const fixed = apply(ws, actions[1]!);
      assert.equal(
        fixed['vs.yaml'],
        vs +
          yaml`

          ---
          apiVersion: networking.istio.io/v1
          kind: DestinationRule
          metadata:
            name: reviews
            namespace: bookinfo
          spec:
            host: reviews
            subsets:
            - name: v2
              labels:
                version: v2
          `,
      );
      const after = codesAfter(fixed);
      assert.equal(after.filter((c) => c === 'IST0101').length, 1, 'v1 is still missing');
    });

    it('offers nothing for IST0101 findings that are not about subsets', () => {
      const vs = `${VS_HEAD}  gateways: [missing-gateway]\n  http:\n  - route:\n    - destination: {host: reviews}\n`;
      const ws = analyze({ 'vs.yaml': vs });
      assert.ok(ws.diagnostics.get('vs.yaml')!.some((d) => d.code === 'IST0101'));
      assert.deepEqual(actionsFor(ws, 'vs.yaml', 'IST0101'), []);
    });
  });

  describe('route weights', () => {
    it('MW0001: scales the weights to 100, editing only the weight scalars', () => {
      const vs = vsRoutes(`    - destination: {host: reviews}
      weight: 30 # a third
    - destination: {host: ratings}
      weight: 30
    - destination: {host: details}
      weight: 30
`);
      const ws = analyze({ 'vs.yaml': vs });
      const [action] = actionsFor(ws, 'vs.yaml', 'MW0001');
      assert.equal(action!.title, 'Normalize weights to 100');
      const fixed = apply(ws, action!);
      assert.equal(
        fixed['vs.yaml'],
        vs.replace('weight: 30 #', 'weight: 34 #').replace(/weight: 30\n/g, 'weight: 33\n'),
      );
      assert.ok(!codesAfter(fixed).includes('MW0001'));
    });

    it('MW0001: keeps the proportions, leaves unweighted destinations alone, rounds to exactly 100', () => {
      assert.deepEqual(scaleTo100([1, 2]), [33, 67]);
      assert.deepEqual(scaleTo100([1, 1, 1, 0]), [34, 33, 33, 0]);
      assert.deepEqual(scaleTo100([1, 1000]), [0, 100]);
      assert.deepEqual(scaleTo100([20, 30]), [40, 60]);
      assert.equal(scaleTo100([0, 0]), undefined);
      const vs = vsRoutes(`    - destination: {host: reviews}
      weight: 20
    - destination: {host: ratings}
    - {destination: {host: details}, weight: 60}
`);
      const ws = analyze({ 'vs.yaml': vs });
      const fixed = apply(ws, actionsFor(ws, 'vs.yaml', 'MW0001')[0]!);
      assert.equal(
        fixed['vs.yaml'],
        vs.replace('weight: 20', 'weight: 25').replace('weight: 60', 'weight: 75'),
      );
      assert.ok(!codesAfter(fixed).includes('MW0001'));
    });

    it('MW0002: removes the weight line of a lone destination', () => {
      const vs = vsRoutes(`    - destination:
        host: reviews
      weight: 20   # canary
`);
      const ws = analyze({ 'vs.yaml': vs });
      const [action] = actionsFor(ws, 'vs.yaml', 'MW0002');
      assert.equal(action!.title, 'Remove the weight');
      const fixed = apply(ws, action!);
      assert.equal(fixed['vs.yaml'], vs.replace('      weight: 20   # canary\n', ''));
      assert.ok(!codesAfter(fixed).includes('MW0002'));
    });

    it('MW0002: a weight written first in the item, or in flow style', () => {
      const first = vsRoutes(`    - weight: 20\n      destination:\n        host: reviews\n`);
      let ws = analyze({ 'vs.yaml': first });
      let fixed = apply(ws, actionsFor(ws, 'vs.yaml', 'MW0002')[0]!);
      assert.equal(fixed['vs.yaml'], vsRoutes(`    - destination:\n        host: reviews\n`));
      assert.ok(!codesAfter(fixed).includes('MW0002'));
      const flow = vsRoutes(`    - {destination: {host: reviews}, weight: 20}\n`);
      ws = analyze({ 'vs.yaml': flow });
      fixed = apply(ws, actionsFor(ws, 'vs.yaml', 'MW0002')[0]!);
      assert.equal(fixed['vs.yaml'], vsRoutes(`    - {destination: {host: reviews}}\n`));
    });
  });

  describe('IST0118 port names', () => {
    const svc = (ports: string) =>
      `${yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
        namespace: shop
      spec:
        selector: {app: web}
        ports:
    `}${ports}`;

    it('prefixes the name with the likely protocol first, then the others', () => {
      const text = svc(
        `  - name: web # public\n    port: 8080\n    targetPort: 8080\n  - name: grpc-api\n    port: 50051\n`,
      );
      const ws = analyze({ 'svc.yaml': text });
      const actions = actionsFor(ws, 'svc.yaml', 'IST0118');
      assert.deepEqual(
        actions.map((a) => [a.title, a.isPreferred ?? false]),
        [
          ['Rename port to http-web', true],
          ['Rename port to grpc-web', false],
          ['Rename port to tcp-web', false],
        ],
      );
      const fixed = apply(ws, actions[0]!);
      assert.equal(fixed['svc.yaml'], text.replace('name: web #', 'name: http-web #'));
      assert.deepEqual(codesAfter(fixed), []);
    });

    it('guesses from port, targetPort and appProtocol: https for 443, grpc for 50051, else tcp', () => {
      const text = svc(
        `  - name: secure\n    port: 443\n  - name: rpc\n    port: 7000\n    targetPort: 50051\n  - name: db\n    port: 5432\n  - name: h2\n    port: 81\n    appProtocol: h2c-custom\n`,
      );
      const ws = analyze({ 'svc.yaml': text });
      const first = (ws.diagnostics.get('svc.yaml') ?? [])
        .filter((d) => d.code === 'IST0118')
        .map((d) => analysisCodeActions(ws.index, (u) => ws.docs.get(u), [d])[0]!);
      assert.deepEqual(
        first.map((a) => [a.title, a.isPreferred ?? false]),
        [
          ['Rename port to https-secure', true],
          ['Rename port to grpc-rpc', true],
          ['Rename port to tcp-db', false],
          ['Change appProtocol to http', true],
        ],
      );
      const fixed = apply(ws, first[3]!);
      assert.equal(fixed['svc.yaml'], text.replace('h2c-custom', 'http'));
    });

    it('names an unnamed port', () => {
      const text = svc(`  - port: 9080\n    targetPort: 9080\n`);
      const ws = analyze({ 'svc.yaml': text });
      const [action] = actionsFor(ws, 'svc.yaml', 'IST0118');
      assert.equal(action!.title, 'Name port http');
      const fixed = apply(ws, action!);
      assert.equal(fixed['svc.yaml'], svc(`  - name: http\n    port: 9080\n    targetPort: 9080\n`));
      assert.deepEqual(codesAfter(fixed), []);
    });

    it('skips names another port already has', () => {
      const text = svc(`  - name: web\n    port: 80\n  - name: http-web\n    port: 81\n`);
      const ws = analyze({ 'svc.yaml': text });
      assert.deepEqual(
        actionsFor(ws, 'svc.yaml', 'IST0118').map((a) => a.title),
        ['Rename port to grpc-web', 'Rename port to tcp-web'],
      );
    });
  });

  describe('unreachable rules and ineffective matches', () => {
    const routes = (s: string) => `${VS_HEAD}${s}`;

    it('IST0130: removes exactly the lines of the unreachable rule', () => {
      const vs = routes(`  http:
  - name: all
    route:
    - destination: {host: reviews}
  # the old catch-all
  - name: legacy
    route:
    - destination:
        host: reviews
        subset: v1 # old
  - name: last
    match: [{uri: {prefix: /x}}]
    route: [{destination: {host: reviews}}]
`);
      const ws = analyze({ 'vs.yaml': vs });
      const [action, ...rest] = actionsFor(ws, 'vs.yaml', 'IST0130');
      assert.equal(rest.length, 0);
      assert.equal(action!.title, 'Remove the unreachable rule');
      const fixed = apply(ws, action!);
      assert.equal(
        fixed['vs.yaml'],
        vs.replace(
          '  - name: legacy\n    route:\n    - destination:\n        host: reviews\n        subset: v1 # old\n',
          '',
        ),
      );
      assert.ok(!codesAfter(fixed).includes('IST0130'));
    });

    it('IST0131: removes the ineffective match, keeping the rule', () => {
      const vs = routes(`  http:
  - match:
    - uri: {prefix: /api}
    route: [{destination: {host: reviews}}]
  - match:
    - uri: {prefix: /v2}
    - uri:
        prefix: /api/v1
    route: [{destination: {host: reviews}}]
`);
      const ws = analyze({ 'vs.yaml': vs });
      const [action] = actionsFor(ws, 'vs.yaml', 'IST0131');
      assert.equal(action!.title, 'Remove the ineffective match');
      const fixed = apply(ws, action!);
      assert.equal(fixed['vs.yaml'], vs.replace('    - uri:\n        prefix: /api/v1\n', ''));
      assert.deepEqual(codesAfter(fixed), []);
    });

    it('IST0131 on the only match of a rule removes the rule, as one action for both findings', () => {
      const vs = routes(`  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: reviews}}]
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: ratings}}]
`);
      const ws = analyze({ 'vs.yaml': vs });
      const diagnostics = ws.diagnostics.get('vs.yaml')!.filter((d) => /IST013[01]/.test(String(d.code)));
      assert.equal(diagnostics.length, 2);
      const actions = analysisCodeActions(ws.index, (u) => ws.docs.get(u), diagnostics);
      assert.deepEqual(
        actions.map((a) => [a.title, a.diagnostics!.map((d) => d.code)]),
        [['Remove the unreachable rule', ['IST0131', 'IST0130']]],
      );
      const fixed = apply(ws, actions[0]!);
      assert.equal(
        fixed['vs.yaml'],
        vs.replace('  - match: [{uri: {prefix: /api}}]\n    route: [{destination: {host: ratings}}]\n', ''),
      );
      assert.deepEqual(codesAfter(fixed), []);
    });

    it('leaves `key: []` when the removed item was the last one', () => {
      const vs = routes(`  tcp:\n  - route: # only\n    - destination: {host: reviews}\n`);
      const ws = analyze({ 'vs.yaml': vs });
      const resource = ws.index.all()[0]!;
      const diagnostic: Diagnostic = {
        range: { start: { line: 7, character: 2 }, end: { line: 7, character: 5 } },
        source: 'meshwright',
        code: 'IST0130',
        message: 'unreachable',
        data: { analysis: { resourceId: resource.id, path: ['spec', 'tcp', 0] } },
      };
      const [action] = analysisCodeActions(ws.index, (u) => ws.docs.get(u), [diagnostic]);
      assert.equal(apply(ws, action!)['vs.yaml'], routes('  tcp: []\n'));
      assert.deepEqual(codesAfter(apply(ws, action!)), []);
    });
  });

  describe('MW0004 duplicate subset', () => {
    it('removes the later subset of that name', () => {
      const dr = `${REVIEWS_DR}  - name: v2
    labels: {version: v2}
  - name: v1
    labels:
      version: v1-copy
    trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
`;
      const ws = analyze({ 'dr.yaml': dr });
      const [action, ...rest] = actionsFor(ws, 'dr.yaml', 'MW0004');
      assert.equal(rest.length, 0);
      assert.equal(action!.title, 'Remove the duplicate subset');
      assert.equal(action!.isPreferred, undefined);
      const fixed = apply(ws, action!);
      assert.equal(fixed['dr.yaml'], `${REVIEWS_DR}  - name: v2\n    labels: {version: v2}\n`);
      assert.ok(!codesAfter(fixed).includes('MW0004'));
    });
  });

  describe('short hosts', () => {
    it('offers the fully qualified name of the host under the cursor (refactor.rewrite)', () => {
      const vs = `${VS_HEAD}  http:\n  - route:\n    - destination: {host: "reviews", subset: v1}\n    - destination: {host: ratings.bookinfo.svc.cluster.local}\n`;
      const ws = analyze({ 'vs.yaml': vs, 'dr.yaml': REVIEWS_DR });
      const doc = ws.docs.get(uriOf('vs.yaml'))!;
      const at = (needle: string) => {
        const position = doc.lines.positionAt(vs.indexOf(needle) + 2);
        return hostRefactorings(ws.index, doc, { start: position, end: position });
      };
      const [action, ...rest] = at('"reviews"');
      assert.equal(rest.length, 0);
      assert.equal(action!.title, 'Use the fully qualified name reviews.bookinfo.svc.cluster.local');
      assert.equal(action!.kind, 'refactor.rewrite');
      const fixed = apply(ws, action!);
      assert.equal(fixed['vs.yaml'], vs.replace('"reviews"', '"reviews.bookinfo.svc.cluster.local"'));
      assert.deepEqual(
        codesAfter(fixed),
        codesAfter({ 'vs.yaml': vs, 'dr.yaml': REVIEWS_DR }),
        'same findings',
      );
      assert.deepEqual(at('ratings.bookinfo'), [], 'already qualified');
      assert.deepEqual(at('hosts: [reviews]'), [], 'spec.hosts is not a destination host');
      const drDoc = ws.docs.get(uriOf('dr.yaml'))!;
      const hostLine = REVIEWS_DR.split('\n').findIndex((l) => l.includes('host: reviews'));
      const range = { start: { line: hostLine, character: 0 }, end: { line: hostLine + 1, character: 0 } };
      assert.deepEqual(
        hostRefactorings(ws.index, drDoc, range).map((a) => a.title),
        ['Use the fully qualified name reviews.bookinfo.svc.cluster.local'],
      );
    });

    it("MW0013: writes the full name of the Service's namespace", () => {
      const reviewsSvc = yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          selector: {app: reviews}
          ports:
          - name: http
            port: 9080
      `;
      const vs =
        VS_HEAD.replace('namespace: bookinfo', 'namespace: frontend') +
        '  http:\n  - route:\n    - destination:\n        host: reviews\n';
      const ws = analyze({ 'vs.yaml': vs, 'svc.yaml': reviewsSvc });
      const [action] = actionsFor(ws, 'vs.yaml', 'MW0013');
      assert.equal(action!.title, 'Use reviews.bookinfo.svc.cluster.local');
      const fixed = apply(ws, action!);
      assert.equal(
        fixed['vs.yaml'],
        vs.replace('host: reviews\n', 'host: reviews.bookinfo.svc.cluster.local\n'),
      );
      assert.ok(!codesAfter(fixed).includes('MW0013'));
    });
  });

  describe('when no fix applies', () => {
    it('skips schema diagnostics, foreign sources, unknown resources and stale documents', () => {
      const files = { 'vs.yaml': CANARY_VS, 'dr.yaml': REVIEWS_DR };
      const ws = analyze(files);
      const [finding] = ws.diagnostics.get('vs.yaml')!.filter((d) => d.code === 'IST0101');
      const documentOf = (u: string) => ws.docs.get(u);
      assert.equal(analysisCodeActions(ws.index, documentOf, [finding!]).length, 1);
      assert.deepEqual(analysisCodeActions(ws.index, documentOf, [{ ...finding!, source: 'other' }]), []);
      assert.deepEqual(analysisCodeActions(ws.index, documentOf, [{ ...finding!, data: undefined }]), []);
      const unknown = { analysis: { resourceId: 'nope', path: ['spec'] } };
      assert.deepEqual(analysisCodeActions(ws.index, documentOf, [{ ...finding!, data: unknown }]), []);
      // The DestinationRule was edited since it was indexed: its offsets are stale.
      const edited = service().parse(uriOf('dr.yaml'), 2, `# edited\n${REVIEWS_DR}`);
      const stale = (u: string) => (u === uriOf('dr.yaml') ? edited : ws.docs.get(u));
      assert.deepEqual(analysisCodeActions(ws.index, stale, [finding!]), []);
      // A file no editor shows is edited as indexed.
      const closed = (u: string) => (u === uriOf('dr.yaml') ? undefined : ws.docs.get(u));
      assert.deepEqual(
        analysisCodeActions(ws.index, closed, [finding!]),
        analysisCodeActions(ws.index, documentOf, [finding!]),
      );
      const schema = service().validate(service().parse(uriOf('x.yaml'), 1, 'kind: VirtualServce\n'));
      assert.deepEqual(analysisCodeActions(ws.index, documentOf, schema), []);
    });

    it('offers nothing for a lone destination weight of an unusual layout or a well-formed route', () => {
      const vs = vsRoutes(`    - destination: {host: reviews}\n      weight: 100\n`);
      const ws = analyze({ 'vs.yaml': vs });
      assert.deepEqual(actionsFor(ws, 'vs.yaml', 'MW0002'), []);
      assert.deepEqual(actionsFor(ws, 'vs.yaml', 'MW0001'), []);
    });
  });
});
