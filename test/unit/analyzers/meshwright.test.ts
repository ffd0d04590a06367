/**
 * Meshwright's own checks (MW codes): for each check a triggering and a quiet case, asserting the
 * resource and the exact text each finding points at; then Istio's samples, which must stay free of
 * MW errors (warnings are printed for review).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { yamlFiles } from '../../../server/src/cli/files';
import { analyzeWorkspace } from '../../../server/src/service/analysis/analyze-workspace';
import { MESHWRIGHT_CHECKS } from '../../../server/src/service/analysis/meshwright-checks';
import { meshwrightAnalyzers } from '../../../server/src/service/analyzers/meshwright/index';
import { principalProblem } from '../../../server/src/service/analyzers/meshwright/principal-format';
import { parseDurationMs } from '../../../server/src/service/mesh/durations';
import { re2Problem } from '../../../server/src/service/mesh/re2-syntax';
import { WorkspaceIndex } from '../../../server/src/service/workspace/index';
import { analyzeFiles, type TestFinding } from '../../helpers/analysis';
import { service, yaml } from '../../helpers/service';

const SAMPLES = path.resolve(__dirname, '../../../../shared/istio-samples');
const DOCS = path.resolve(__dirname, '../../../docs/checks.md');

/** Findings of one MW code. */
function mw(code: string, files: Record<string, string>, meshConfig?: string): TestFinding[] {
  return analyzeFiles(files, meshConfig ? { meshConfig } : {}).filter((f) => f.code === code);
}

/** `Kind resource → pointed text` per finding, in report order. */
function pointed(findings: readonly TestFinding[]): string[] {
  return findings.map((f) => `${f.kind} ${f.resource} → ${f.text}`);
}

const REVIEWS_SERVICE = yaml`
  apiVersion: v1
  kind: Service
  metadata:
    name: reviews
    namespace: bookinfo
  spec:
    selector:
      app: reviews
    ports:
    - name: http
      port: 80
      targetPort: 9080
`;

function deployment(name: string, namespace: string, labels: Record<string, string>): string {
  const lines = Object.entries(labels)
    .map(([k, v]) => `        ${k}: ${v}`)
    .join('\n');
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  template:',
    '    metadata:',
    '      labels:',
    lines,
    '    spec:',
    '      containers:',
    `      - name: ${name}`,
    '        image: example/app',
    '',
  ].join('\n');
}

describe('meshwright checks', () => {
  it('every MW code has a level, an analyzer module and a docs section', () => {
    const codes = Object.keys(MESHWRIGHT_CHECKS);
    assert.deepEqual(
      codes,
      Array.from({ length: 14 }, (_, i) => `MW${String(i + 1).padStart(4, '0')}`),
    );
    for (const [key, meta] of Object.entries(MESHWRIGHT_CHECKS)) assert.equal(meta.code, key);
    assert.equal(meshwrightAnalyzers.length, codes.length);
    for (const a of meshwrightAnalyzers) assert.match(a.name, /^meshwright\.[A-Z]\w+Analyzer$/);
    const docs = fs.readFileSync(DOCS, 'utf8');
    for (const code of codes) {
      assert.ok(docs.includes(`<a id="${code.toLowerCase()}"></a>`), `docs anchor for ${code}`);
      assert.ok(docs.includes(`## ${code} `), `docs section for ${code}`);
    }
  });

  describe('MW0001 route weights', () => {
    it('reports a route whose weights do not sum to 100, with the real split', () => {
      const vs = yaml`
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: v1}
              weight: 60
            - destination: {host: reviews, subset: v2}
              weight: 30
          tcp:
          - route:
            - destination: {host: reviews, subset: v1}
              weight: 50
            - destination: {host: reviews, subset: v2}
          tls:
          - match:
            - sniHosts: [reviews]
            route:
            - destination: {host: reviews, subset: v1}
              weight: 0
            - destination: {host: reviews, subset: v2}
              weight: 0
      `;
      const findings = mw('MW0001', { 'vs.yaml': vs });
      assert.deepEqual(pointed(findings), [
        'VirtualService bookinfo/reviews → route',
        'VirtualService bookinfo/reviews → route',
        'VirtualService bookinfo/reviews → route',
      ]);
      assert.deepEqual(
        findings.map((f) => f.line),
        [8, 14, 21],
      );
      assert.equal(
        findings[0]!.message,
        'The weights of this route sum to 90, not 100. Istio splits traffic in proportion: reviews/v1 66.7%, reviews/v2 33.3%.',
      );
      assert.match(
        findings[1]!.message,
        /sum to 50, not 100.*reviews\/v2 0%; the destination without a weight receives no traffic\.$/,
      );
      assert.match(findings[2]!.message, /sum to 0: Istio rejects/);
      assert.equal(findings[0]!.level, 'Warning');
    });

    it('stays quiet for weights summing to 100, routes without weights and lone destinations', () => {
      const vs = yaml`
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: v1}
              weight: 80
            - destination: {host: reviews, subset: v2}
              weight: 20
          - route:
            - destination: {host: reviews, subset: v1}
            - destination: {host: reviews, subset: v2}
          - route:
            - destination: {host: reviews, subset: v1}
              weight: 30
      `;
      assert.deepEqual(mw('MW0001', { 'vs.yaml': vs }), []);
    });
  });

  describe('MW0002 weight on a lone destination', () => {
    it('points at a weight other than 100 on the only destination', () => {
      const vs = yaml`
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: v2}
              weight: 20
      `;
      const findings = mw('MW0002', { 'vs.yaml': vs });
      assert.deepEqual(pointed(findings), ['VirtualService bookinfo/reviews → 20']);
      assert.match(
        findings[0]!.message,
        /^Weight 20 on the only destination of this route \(reviews\/v2\) has no effect/,
      );
    });

    it('accepts weight 100 or no weight on a lone destination', () => {
      const vs = yaml`
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews}
              weight: 100
          tcp:
          - route:
            - destination: {host: reviews}
      `;
      assert.deepEqual(mw('MW0002', { 'vs.yaml': vs }), []);
    });
  });

  describe('MW0003 subset without workloads', () => {
    const dr = yaml`
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: reviews
        namespace: bookinfo
      spec:
        host: reviews
        subsets:
        - name: v1
          labels: {version: v1}
        - name: v3
          labels: {version: v3}
        - name: canary
          labels: {app: ratings}
    `;
    const workloads =
      deployment('reviews-v1', 'bookinfo', { app: 'reviews', version: 'v1' }) +
      '---\n' +
      deployment('ratings-v1', 'bookinfo', { app: 'ratings', version: 'v1' });

    it('reports subsets that select none of the Service workloads, on the subset name', () => {
      const findings = mw('MW0003', { 'dr.yaml': dr, 'svc.yaml': REVIEWS_SERVICE, 'deploy.yaml': workloads });
      assert.deepEqual(pointed(findings), [
        'DestinationRule bookinfo/reviews → v3',
        'DestinationRule bookinfo/reviews → canary',
      ]);
      assert.match(
        findings[0]!.message,
        /^Subset 'v3' selects no workload: no Pod, pod template or WorkloadEntry in namespace bookinfo has the labels app=reviews, version=v3 \(Service selector \+ subset labels\)\. The workloads of Service reviews have version: v1\./,
      );
      assert.match(findings[1]!.message, /label app=ratings contradicts the selector app=reviews/);
    });

    it('stays quiet without workloads, without the Service’s workloads, and for matching subsets', () => {
      assert.deepEqual(mw('MW0003', { 'dr.yaml': dr, 'svc.yaml': REVIEWS_SERVICE }), []);
      const unrelated = deployment('ratings-v1', 'bookinfo', { app: 'ratings', version: 'v1' });
      assert.deepEqual(mw('MW0003', { 'dr.yaml': dr, 'svc.yaml': REVIEWS_SERVICE, 'd.yaml': unrelated }), []);
      const good = yaml`
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          host: reviews.bookinfo.svc.cluster.local
          subsets:
          - name: v1
            labels: {version: v1}
      `;
      assert.deepEqual(
        mw('MW0003', { 'dr.yaml': good, 'svc.yaml': REVIEWS_SERVICE, 'd.yaml': workloads }),
        [],
      );
    });

    it('without the Service, needs another subset to select a workload first', () => {
      const findings = mw('MW0003', { 'dr.yaml': dr, 'deploy.yaml': workloads });
      // v1 and canary select workloads (no Service selector to combine with); v3 does not.
      assert.deepEqual(pointed(findings), ['DestinationRule bookinfo/reviews → v3']);
      const onlyOther = deployment('details-v1', 'bookinfo', { app: 'details', version: 'v9' });
      assert.deepEqual(mw('MW0003', { 'dr.yaml': dr, 'deploy.yaml': onlyOther }), []);
    });
  });

  describe('MW0004 duplicate subset names', () => {
    it('points at the second subset of the same name', () => {
      const dr = yaml`
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          host: reviews
          subsets:
          - name: v1
            labels: {version: v1}
          - name: v2
            labels: {version: v2}
          - name: v1
            labels: {version: v1-canary}
      `;
      const findings = mw('MW0004', { 'dr.yaml': dr });
      assert.deepEqual(pointed(findings), ['DestinationRule bookinfo/reviews → v1']);
      assert.equal(findings[0]!.line, 12);
      assert.equal(findings[0]!.level, 'Error');
    });

    it('accepts distinct subset names', () => {
      const dr = yaml`
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - name: v1
            labels: {version: v1}
          - name: v2
            labels: {version: v2}
      `;
      assert.deepEqual(mw('MW0004', { 'dr.yaml': dr }), []);
    });
  });

  describe('MW0005 unknown destination port', () => {
    const vs = yaml`
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: reviews
        namespace: bookinfo
      spec:
        hosts: [reviews]
        http:
        - route:
          - destination:
              host: reviews
              port: {number: 9080}
          mirror:
            host: reviews.bookinfo.svc.cluster.local
            port: {number: 80}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: external
        namespace: bookinfo
      spec:
        hosts: [api.example.com]
        tls:
        - match:
          - sniHosts: [api.example.com]
          route:
          - destination:
              host: api.example.com
              port: {number: 8443}
    `;
    const se = yaml`
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata:
        name: api
        namespace: bookinfo
      spec:
        hosts: [api.example.com]
        ports:
        - {number: 443, name: tls, protocol: TLS}
        resolution: DNS
    `;

    it('reports ports the Service or ServiceEntry does not declare, on the port number', () => {
      const findings = mw('MW0005', { 'vs.yaml': vs, 'svc.yaml': REVIEWS_SERVICE, 'se.yaml': se });
      assert.deepEqual(pointed(findings), [
        'VirtualService bookinfo/reviews → 9080',
        'VirtualService bookinfo/external → 8443',
      ]);
      assert.equal(
        findings[0]!.message,
        'Port 9080 is not a port of Service bookinfo/reviews, which declares 80. 9080 is the targetPort of Service port 80: destination.port.number takes the Service port, not the container port. Istio has no cluster for this port, so the route fails.',
      );
      assert.match(
        findings[1]!.message,
        /^Port 8443 is not a port of ServiceEntry bookinfo\/api, which declares 443\./,
      );
    });

    it('stays quiet when the host is not defined in the workspace', () => {
      assert.deepEqual(mw('MW0005', { 'vs.yaml': vs }), []);
    });
  });

  describe('MW0006 mTLS conflicts', () => {
    const pa = (namespace: string, mode: string, selector?: string) => yaml`
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: default
        namespace: ${namespace}
      spec:${selector ? `\n        selector:\n          matchLabels: {${selector}}` : ''}
        mtls:
          mode: ${mode}
    `;
    const dr = (mode: string, host = 'reviews') => yaml`
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: reviews
        namespace: bookinfo
      spec:
        host: "${host}"
        trafficPolicy:
          tls:
            mode: ${mode}
    `;

    it('reports plaintext towards STRICT workloads, with the PeerAuthentication as related information', () => {
      const findings = mw('MW0006', { 'pa.yaml': pa('bookinfo', 'STRICT'), 'dr.yaml': dr('DISABLE') });
      assert.deepEqual(pointed(findings), ['DestinationRule bookinfo/reviews → DISABLE']);
      assert.match(
        findings[0]!.message,
        /^This DestinationRule sends plaintext \(tls\.mode DISABLE\) to reviews\.bookinfo\.svc\.cluster\.local, but the namespace-wide PeerAuthentication bookinfo\/default requires mTLS \(STRICT\)/,
      );
      const [placed] = analyzeWithRelated({ 'pa.yaml': pa('bookinfo', 'STRICT'), 'dr.yaml': dr('DISABLE') });
      assert.deepEqual(placed, { file: 'pa.yaml', text: 'STRICT' });
    });

    it('reports ISTIO_MUTUAL towards DISABLE workloads and mesh-wide policies of the root namespace', () => {
      assert.deepEqual(
        pointed(mw('MW0006', { 'pa.yaml': pa('bookinfo', 'DISABLE'), 'dr.yaml': dr('ISTIO_MUTUAL') })),
        ['DestinationRule bookinfo/reviews → ISTIO_MUTUAL'],
      );
      const mesh = mw('MW0006', { 'pa.yaml': pa('istio-system', 'STRICT'), 'dr.yaml': dr('DISABLE') });
      assert.match(mesh[0]!.message, /the mesh-wide PeerAuthentication istio-system\/default requires mTLS/);
      const custom = mw(
        'MW0006',
        { 'pa.yaml': pa('mesh-root', 'STRICT'), 'dr.yaml': dr('DISABLE', '*.local') },
        'rootNamespace: mesh-root',
      );
      assert.match(
        custom[0]!.message,
        /sends plaintext \(tls\.mode DISABLE\) to every service of the mesh \(\*\.local\)/,
      );
    });

    it('stays quiet when the modes agree or the governing policy is not certain', () => {
      const quiet = (files: Record<string, string>) => assert.deepEqual(mw('MW0006', files), []);
      quiet({ 'pa.yaml': pa('bookinfo', 'STRICT'), 'dr.yaml': dr('ISTIO_MUTUAL') });
      // A namespace policy overrides the mesh-wide one.
      quiet({
        'mesh.yaml': pa('istio-system', 'STRICT'),
        'ns.yaml': pa('bookinfo', 'PERMISSIVE'),
        'dr.yaml': dr('DISABLE'),
      });
      // A workload policy that may or may not select the Service's pods (Service unknown).
      quiet({
        'ns.yaml': pa('bookinfo', 'STRICT'),
        'w.yaml': pa('bookinfo', 'PERMISSIVE', 'app: reviews'),
        'dr.yaml': dr('DISABLE'),
      });
      // A workload policy that certainly selects them (its labels are in the Service selector).
      quiet({
        'ns.yaml': pa('bookinfo', 'STRICT'),
        'w.yaml': pa('bookinfo', 'PERMISSIVE', 'app: reviews'),
        'svc.yaml': REVIEWS_SERVICE,
        'dr.yaml': dr('DISABLE'),
      });
      // The root namespace is istio-system unless the mesh config says otherwise.
      quiet({ 'pa.yaml': pa('mesh-root', 'STRICT'), 'dr.yaml': dr('DISABLE') });
    });
  });

  describe('MW0007 principal format', () => {
    it('reports principals that cannot match a workload identity', () => {
      const ap = yaml`
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          rules:
          - from:
            - source:
                principals:
                - cluster.local/ns/bookinfo/sa/productpage
                - spiffe://cluster.local/ns/bookinfo/sa/productpage
                - ns/bookinfo/sa/productpage
                - productpage
                - cluster.local/ns/*/sa/productpage
                notPrincipals:
                - cluster.local/ns/bookinfo/serviceaccount/sleep
            when:
            - key: source.principal
              values: ["*/ns/bookinfo/*"]
              notValues: [ns/bookinfo/*]
      `;
      const findings = mw('MW0007', { 'ap.yaml': ap });
      assert.deepEqual(pointed(findings), [
        'AuthorizationPolicy bookinfo/reviews → spiffe://cluster.local/ns/bookinfo/sa/productpage',
        'AuthorizationPolicy bookinfo/reviews → ns/bookinfo/sa/productpage',
        'AuthorizationPolicy bookinfo/reviews → productpage',
        'AuthorizationPolicy bookinfo/reviews → cluster.local/ns/*/sa/productpage',
        'AuthorizationPolicy bookinfo/reviews → cluster.local/ns/bookinfo/serviceaccount/sleep',
        'AuthorizationPolicy bookinfo/reviews → "*/ns/bookinfo/*"',
        'AuthorizationPolicy bookinfo/reviews → ns/bookinfo/*',
      ]);
      assert.match(
        findings[0]!.message,
        /can never match a workload identity: Istio principals leave out the spiffe:\/\/ scheme/,
      );
      assert.match(findings[1]!.message, /it lacks the trust domain/);
    });

    it('accepts identities, * and prefix or suffix wildcards', () => {
      for (const ok of [
        '*',
        'cluster.local/ns/default/sa/sleep',
        'example.org/ns/a/sa/b',
        'cluster.local/ns/default/*',
        'cluster.local/*',
        '*/ns/default/sa/sleep',
        '*/sa/sleep',
        '*sleep',
      ]) {
        assert.equal(principalProblem(ok), undefined, ok);
      }
    });
  });

  describe('MW0008 ALLOW policy without rules', () => {
    it('reports it on the action or the name, saying it denies everything', () => {
      const ap = yaml`
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-nothing
          namespace: bookinfo
        spec: {}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          selector:
            matchLabels: {app: reviews}
          action: ALLOW
      `;
      const findings = mw('MW0008', { 'ap.yaml': ap });
      assert.deepEqual(pointed(findings), [
        'AuthorizationPolicy bookinfo/allow-nothing → allow-nothing',
        'AuthorizationPolicy bookinfo/reviews → ALLOW',
      ]);
      assert.match(findings[0]!.message, /DENIES ALL REQUESTS to every workload in namespace bookinfo/);
      assert.match(
        findings[1]!.message,
        /DENIES ALL REQUESTS to the workloads labelled app=reviews in namespace bookinfo/,
      );
    });

    it('stays quiet with rules, for other actions and in dry-run', () => {
      const ap = yaml`
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-all
        spec:
          rules: [{}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-all
        spec:
          action: DENY
          rules: [{}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: trial
          annotations: {istio.io/dry-run: "true"}
        spec: {}
      `;
      assert.deepEqual(mw('MW0008', { 'ap.yaml': ap }), []);
    });
  });

  describe('MW0009 RE2 regular expressions', () => {
    it('points at regexes RE2 does not accept', () => {
      const vs = yaml`
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: api
          namespace: web
        spec:
          hosts: [api.example.com]
          gateways: [web/gw]
          http:
          - match:
            - uri: {regex: "/api/(?!internal).*"}
              headers:
                x-user: {regex: '(\\w+)-\\1'}
                x-ok: {regex: '(?P<v>v[0-9]+)'}
              queryParams:
                page: {regex: '\\d++'}
            corsPolicy:
              allowOrigins:
              - regex: "*.example.com"
              - regex: 'https://.*\\.example\\.com'
            rewrite:
              uriRegexRewrite: {match: "^/old(/.*)$", rewrite: '/new\\1'}
            route:
            - destination: {host: api}
      `;
      const findings = mw('MW0009', { 'vs.yaml': vs });
      assert.deepEqual(pointed(findings), [
        'VirtualService web/api → "/api/(?!internal).*"',
        "VirtualService web/api → '(\\w+)-\\1'",
        "VirtualService web/api → '\\d++'",
        'VirtualService web/api → "*.example.com"',
      ]);
      assert.equal(
        findings[0]!.message,
        'Invalid RE2 regular expression in match uri: invalid or unsupported Perl syntax: `(?!` (lookahead is not supported by RE2). Istio rejects the VirtualService; regexes follow RE2 syntax (https://github.com/google/re2/wiki/Syntax) and must match the whole value.',
      );
      assert.match(
        findings[1]!.message,
        /match headers 'x-user': invalid escape sequence: `\\1` \(backreferences are not supported by RE2\)/,
      );
      assert.match(findings[2]!.message, /possessive quantifiers are not supported by RE2/);
      assert.match(
        findings[3]!.message,
        /corsPolicy\.allowOrigins: missing argument to repetition operator: `\*`/,
      );
      assert.equal(findings[0]!.level, 'Error');
    });

    it('checks Gateway API RegularExpression matches, and stays quiet for valid RE2', () => {
      const route = yaml`
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: web
          namespace: web
        spec:
          rules:
          - matches:
            - path: {type: RegularExpression, value: "/(?<=x)y"}
            - path: {type: PathPrefix, value: "/(?<=x)y"}
            - path: {type: RegularExpression, value: "/v[0-9]+/(?i)items"}
            - headers:
              - {type: RegularExpression, name: x-id, value: '\\A[a-f0-9]{8}\\z'}
      `;
      assert.deepEqual(pointed(mw('MW0009', { 'route.yaml': route })), ['HTTPRoute web/web → "/(?<=x)y"']);
    });

    it('follows RE2 (Go regexp) syntax', () => {
      const valid = [
        '(?P<name>x)',
        '(?<name>x)',
        '(?i)abc',
        '(?i-s:a.)',
        '\\Qa.b*\\E',
        '\\pL\\p{Greek}\\P{^Lu}',
        '[[:alpha:]][[:^digit:]]',
        '\\x{10FFFF}\\x41\\0\\012',
        '[]a][^]a][a-][-a]',
        'a{,5}a{',
        '^*$+',
        '(a|)()',
        '(a{10}){100}',
        'a*?b+?c??',
      ];
      for (const r of valid) assert.equal(re2Problem(r), undefined, r);
      const invalid: [string, string][] = [
        ['(?=a)', 'invalid or unsupported Perl syntax'],
        ['(?<!a)b', 'invalid or unsupported Perl syntax'],
        ['(?>a)', 'invalid or unsupported Perl syntax'],
        ['(a)\\1', 'invalid escape sequence'],
        ['a**', 'invalid nested repetition operator'],
        ['a*+', 'invalid nested repetition operator'],
        ['*a', 'missing argument to repetition operator'],
        ['a{1001}', 'invalid repeat count'],
        ['(a{100}){11}', 'invalid repeat count'],
        ['a{2,1}', 'invalid repeat count'],
        ['(a', 'missing closing )'],
        ['a)', 'unexpected )'],
        ['[a', 'missing closing ]'],
        ['[z-a]', 'invalid character class range'],
        ['\\Z', 'invalid escape sequence'],
        ['\\u0041', 'invalid escape sequence'],
        ['\\C', 'invalid escape sequence'],
        ['a\\', 'trailing backslash at end of expression'],
        ['(?P<a-b>x)', 'invalid named capture'],
        ['[[:foo:]]', 'invalid character class range'],
        ['\\p{Foo}', 'invalid character class range'],
        ['[\\b]', 'invalid escape sequence'],
      ];
      for (const [r, code] of invalid) assert.equal(re2Problem(r)?.code, code, r);
    });
  });

  describe('MW0010 Gateway server conflicts', () => {
    const gateway = (name: string, servers: string, selector = 'istio: ingressgateway') =>
      [
        'apiVersion: networking.istio.io/v1',
        'kind: Gateway',
        'metadata:',
        `  name: ${name}`,
        '  namespace: istio-system',
        'spec:',
        `  selector: {${selector}}`,
        '  servers:',
        servers,
        '',
      ].join('\n');
    const https = (name: string, host: string) =>
      `  - port: {number: 443, name: ${name}, protocol: HTTPS}\n    tls: {mode: SIMPLE, credentialName: ${name}}\n    hosts: ["${host}"]`;
    const plain = (name: string, protocol: string) =>
      `  - port: {number: 80, name: ${name}, protocol: ${protocol}}\n    hosts: ["*"]`;

    it('reports a TLS host served twice on one port, with the other server as related information', () => {
      const files = {
        'a.yaml': gateway('shop', https('shop', 'shop.example.com')),
        'b.yaml': gateway('shop-canary', https('canary', 'shop.example.com')),
      };
      const findings = mw('MW0010', files);
      assert.deepEqual(pointed(findings), ['Gateway istio-system/shop-canary → "shop.example.com"']);
      assert.match(
        findings[0]!.message,
        /^Host 'shop\.example\.com' on port 443 is already served with TLS by server 1 of Gateway istio-system\/shop for the same gateway workload \(selector istio=ingressgateway\): Istio drops one of the two servers/,
      );
      const [related] = analyzeWithRelated(files);
      assert.deepEqual(related, { file: 'a.yaml', text: '"shop.example.com"' });
    });

    it('reports servers of different protocols on one port', () => {
      const files = { 'gw.yaml': gateway('mixed', `${plain('http', 'HTTP')}\n${plain('tcp', 'TCP')}`) };
      const findings = mw('MW0010', files);
      assert.deepEqual(pointed(findings), ['Gateway istio-system/mixed → TCP']);
      assert.match(findings[0]!.message, /a plaintext HTTP server already uses the port/);
    });

    it('accepts more specific hosts, merged HTTP servers and other gateway workloads', () => {
      const quiet = (files: Record<string, string>) => assert.deepEqual(mw('MW0010', files), []);
      quiet({
        'a.yaml': gateway('wild', https('wild', '*.example.com')),
        'b.yaml': gateway('shop', https('shop', 'shop.example.com')),
      });
      quiet({
        'a.yaml': gateway('one', plain('http', 'HTTP')),
        'b.yaml': gateway('two', plain('http', 'HTTP')),
      });
      quiet({
        'a.yaml': gateway('shop', https('shop', 'shop.example.com')),
        'b.yaml': gateway('internal', https('shop', 'shop.example.com'), 'istio: internal-gateway'),
      });
    });
  });

  describe('MW0011 perTryTimeout', () => {
    const vs = (timeout: string, perTry: string, attempts = 3) => yaml`
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: ratings
        namespace: bookinfo
      spec:
        hosts: [ratings]
        http:
        - timeout: ${timeout}
          retries: {attempts: ${attempts}, perTryTimeout: ${perTry}}
          route:
          - destination: {host: ratings}
    `;

    it('reports a perTryTimeout not shorter than the route timeout', () => {
      const findings = mw('MW0011', { 'vs.yaml': vs('2s', '2500ms') });
      assert.deepEqual(pointed(findings), ['VirtualService bookinfo/ratings → 2500ms']);
      assert.match(findings[0]!.message, /^perTryTimeout 2\.5s is not shorter than the route timeout 2s/);
    });

    it('accepts shorter tries, disabled retries and readable durations only', () => {
      assert.deepEqual(mw('MW0011', { 'vs.yaml': vs('10s', '2s') }), []);
      assert.deepEqual(mw('MW0011', { 'vs.yaml': vs('1s', '1m', 0) }), []);
      assert.equal(parseDurationMs('1m30.5s'), 90_500);
      assert.equal(parseDurationMs('250ms'), 250);
      assert.equal(parseDurationMs('ten seconds'), undefined);
    });
  });

  describe('MW0012 Sidecar egress hosts', () => {
    it('reports hosts without a namespace part or with a short name', () => {
      const sidecar = yaml`
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata:
          name: default
          namespace: bookinfo
        spec:
          egress:
          - hosts:
            - istio-system/*
            - reviews
            - ./ratings
            - ./details.bookinfo.svc.cluster.local
            - "*/*.example.com"
      `;
      const findings = mw('MW0012', { 'sidecar.yaml': sidecar });
      assert.deepEqual(pointed(findings), [
        'Sidecar bookinfo/default → reviews',
        'Sidecar bookinfo/default → ./ratings',
      ]);
      assert.match(
        findings[0]!.message,
        /has no namespace part \(write \*\/reviews\.bookinfo\.svc\.cluster\.local or \.\/reviews/,
      );
      assert.match(
        findings[1]!.message,
        /uses the short name 'ratings', which is not allowed \(write \.\/ratings\.bookinfo\.svc\.cluster\.local\)/,
      );
    });

    it('accepts namespace/FQDN and wildcard hosts', () => {
      const sidecar = yaml`
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata:
          name: default
        spec:
          egress:
          - hosts: ["./*", "istio-system/*", "*/*", "~/*", "shop/api.shop.svc.cluster.local"]
      `;
      assert.deepEqual(mw('MW0012', { 'sidecar.yaml': sidecar }), []);
    });
  });

  describe('MW0013 short host of another namespace', () => {
    const vs = (namespace: string) => yaml`
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: bookinfo
        ${namespace ? `namespace: ${namespace}` : ''}
      spec:
        hosts: [bookinfo.example.com]
        gateways: [istio-system/ingress]
        http:
        - route:
          - destination: {host: reviews}
    `;

    it('reports a short host that only another namespace defines', () => {
      const findings = mw('MW0013', { 'vs.yaml': vs('istio-system'), 'svc.yaml': REVIEWS_SERVICE });
      assert.deepEqual(pointed(findings), ['VirtualService istio-system/bookinfo → reviews']);
      assert.equal(
        findings[0]!.message,
        "Short host 'reviews' means reviews.istio-system.svc.cluster.local (the namespace of this VirtualService), but Service reviews is defined in namespace bookinfo. Write the full name: reviews.bookinfo.svc.cluster.local.",
      );
    });

    it('stays quiet in the Service’s namespace and when the namespace is not written', () => {
      assert.deepEqual(mw('MW0013', { 'vs.yaml': vs('bookinfo'), 'svc.yaml': REVIEWS_SERVICE }), []);
      assert.deepEqual(mw('MW0013', { 'vs.yaml': vs(''), 'svc.yaml': REVIEWS_SERVICE }), []);
    });
  });

  describe('MW0014 DENY or CUSTOM policy without rules', () => {
    it('reports it on the action', () => {
      const ap = yaml`
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-all
          namespace: bookinfo
        spec:
          action: DENY
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: ext-authz
          namespace: bookinfo
        spec:
          action: CUSTOM
          provider: {name: opa}
          rules: []
      `;
      const findings = mw('MW0014', { 'ap.yaml': ap });
      assert.deepEqual(pointed(findings), [
        'AuthorizationPolicy bookinfo/deny-all → DENY',
        'AuthorizationPolicy bookinfo/ext-authz → CUSTOM',
      ]);
      assert.match(
        findings[0]!.message,
        /never deny anything; Istio rejects it\. To apply it to every request, add one empty rule: rules: \[\{\}\]\.$/,
      );
      assert.equal(findings[0]!.level, 'Error');
    });

    it('accepts a DENY policy with an empty rule', () => {
      const ap = yaml`
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-all
        spec:
          action: DENY
          rules: [{}]
      `;
      assert.deepEqual(mw('MW0014', { 'ap.yaml': ap }), []);
    });
  });

  describe('Istio samples', function () {
    let files: string[] = [];
    before(function () {
      if (!fs.existsSync(SAMPLES)) {
        console.log(
          `    skipped: ${SAMPLES} is not on this machine (it ships beside the repository, not in it)`,
        );
        this.skip();
      }
      files = yamlFiles([SAMPLES]);
    });

    const review = (findings: TestFinding[]): string[] => {
      for (const f of findings.filter((f) => f.level !== 'Error')) {
        console.log(`    ${f.code} ${f.level} ${f.file}:${f.line + 1} ${f.resource}: ${f.message}`);
      }
      return findings
        .filter((f) => f.level === 'Error')
        .map((f) => `${f.file}:${f.line + 1} ${f.code} ${f.message}`);
    };

    it('reports no MW error on any sample file analyzed alone', () => {
      assert.ok(files.length > 100, `expected the sample set, found ${files.length} files`);
      const errors: string[] = [];
      for (const file of files) {
        const name = path.relative(SAMPLES, file);
        errors.push(...review(analyzeFiles({ [name]: fs.readFileSync(file, 'utf8') }).filter(isMw)));
      }
      assert.deepEqual(errors, []);
    });

    it('reports no MW error on the samples analyzed as one workspace', () => {
      const all: Record<string, string> = {};
      for (const file of files) all[path.relative(SAMPLES, file)] = fs.readFileSync(file, 'utf8');
      assert.deepEqual(review(analyzeFiles(all).filter(isMw)), []);
    });
  });
});

function isMw(f: TestFinding): boolean {
  return f.code.startsWith('MW');
}

/** The related information of the first MW finding that has some: the file and text it points at. */
function analyzeWithRelated(files: Record<string, string>): { file: string; text: string }[] {
  const index = new WorkspaceIndex();
  const texts = new Map<string, string>();
  for (const [name, text] of Object.entries(files)) {
    const doc = service().parse(`file:///ws/${name}`, 1, text);
    texts.set(doc.file.uri, text);
    index.set(doc);
  }
  const finding = analyzeWorkspace(index).find((f) => f.code.startsWith('MW') && f.related.length);
  return (finding?.related ?? []).map((r) => ({
    file: r.uri.replace('file:///ws/', ''),
    text: texts.get(r.uri)!.slice(r.start, r.end),
  }));
}
