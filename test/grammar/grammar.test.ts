import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  describeTokens,
  INJECTION_SCOPE,
  type ScopedToken,
  tokenizeYaml,
  tokenWithText,
} from './tokenize.js';

const virtualService = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews.default.svc.cluster.local
  - "*.example.com"
  gateways: [mesh, "bookinfo.example.org", ratings.prod.svc.cluster.local]
  http:
  - match:
    - uri:
        regex: "^/api/v[0-9]+/(users|orders)/\\\\d+$"
    - uri:
        regex: ^/static/(?:css|js)/.*\\.min\\.js$ # assets
      headers:
        x-user: {regex: '^(alice|o''brien)-[a-z]{2,4}?$'}
    route:
    - destination:
        host: reviews.default.svc.cluster.local
        subset: v1
      weight: 90
    - {destination: {host: httpbin.org}, weight: 10}
    timeout: 5s # overall budget
    retries:
      attempts: 3
      perTryTimeout: 1.5s
    fault:
      delay:
        fixedDelay: 100ms
        percentage:
          value: "25%"
      abort:
        percent: 12.5
        httpStatus: 503
`;

const destinationRule = `apiVersion: networking.istio.io/v1
kind: DestinationRule
spec:
  host: ratings.prod.svc.cluster.local
  trafficPolicy:
    connectionPool:
      tcp:
        connectTimeout: 250us
      http:
        idleTimeout: 1h30m
    outlierDetection:
      consecutive5xxErrors: 7
      interval: 5m
      baseEjectionTime: '15m'
      maxEjectionPercent: 100
`;

const negatives = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
      - name: reviews
        image: docker.io/istio/examples-bookinfo-reviews-v1:1.20.0
        resources: {requests: {cpu: 500m}}
        env:
        - name: VERSION
          value: 1.2.3
        - name: TAG
          value: v1.2.3
        - name: NOTE
          value: "wait 5s then retry"
        - name: ADDRESSES
          value: [10.0.0.1, 192.168.0.10]
      # timeout: 5s host reviews.default.svc.cluster.local weight: 90
      httpbin.org: enabled
`;

interface Doc {
  lines: string[];
  tokens: ScopedToken[][];
}

async function tokenizeDoc(source: string): Promise<Doc> {
  return { lines: source.split('\n'), tokens: await tokenizeYaml(source) };
}

/** Tokens of the first line containing `needle`. */
function lineWith(doc: Doc, needle: string): ScopedToken[] {
  const index = doc.lines.findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `no line contains ${JSON.stringify(needle)}`);
  return doc.tokens[index]!;
}

function assertScope(tokens: ScopedToken[], text: string, scope: string): void {
  const token = tokenWithText(tokens, text);
  assert.ok(token.scopes.includes(scope), `'${text}' lacks ${scope}:\n${describeTokens(tokens)}`);
}

function assertNoMeshScopes(tokens: ScopedToken[], text: string): void {
  const token = tokenWithText(tokens, text);
  const mesh = token.scopes.filter((scope) => scope.endsWith('.meshwright') || scope.endsWith('.regexp'));
  assert.deepEqual(mesh, [], `'${text}' should keep plain YAML scopes:\n${describeTokens(tokens)}`);
}

const HOST = 'string.unquoted.host.fqdn.meshwright';
const DURATION = 'constant.numeric.duration.meshwright';
const UNIT = 'keyword.other.unit.meshwright';
const REGEXP = 'string.regexp.meshwright';
const KEY = 'entity.name.tag.yaml';

describe('mesh YAML injection grammar', () => {
  let vs: Doc;
  let dr: Doc;
  let neg: Doc;

  before(async () => {
    [vs, dr, neg] = await Promise.all([virtualService, destinationRule, negatives].map(tokenizeDoc));
  });

  it('declares a left-priority injection into YAML scalar values only', () => {
    const file = path.join(__dirname, '..', '..', 'syntaxes', 'mesh-yaml.injection.tmLanguage.json');
    const grammar = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      scopeName: string;
      injectionSelector: string;
    };
    assert.equal(grammar.scopeName, INJECTION_SCOPE);
    for (const scope of ['plain.out', 'plain.in', 'quoted.double', 'quoted.single']) {
      assert.match(
        grammar.injectionSelector,
        new RegExp(`L:string\\.(?:unquoted\\.)?${scope}\\.yaml - entity\\.name\\.tag`),
      );
    }
  });

  describe('hosts', () => {
    it('highlights FQDNs in block sequences, quoted values and flow sequences', () => {
      assertScope(lineWith(vs, '- reviews.default'), 'reviews.default.svc.cluster.local', HOST);
      const wildcard = lineWith(vs, '"*.example.com"');
      assertScope(wildcard, '*', 'keyword.operator.wildcard.meshwright');
      assertScope(wildcard, 'example.com', HOST);
      assertScope(wildcard, 'example.com', 'string.quoted.double.yaml');
      const gateways = lineWith(vs, 'gateways:');
      assertScope(gateways, 'bookinfo.example.org', HOST);
      assertScope(gateways, 'ratings.prod.svc.cluster.local', HOST);
      assertScope(gateways, 'ratings.prod.svc.cluster.local', 'string.unquoted.plain.in.yaml');
      assertNoMeshScopes(gateways, 'mesh');
    });

    it('highlights destination hosts in block and flow mappings', () => {
      assertScope(lineWith(vs, 'host: reviews'), 'reviews.default.svc.cluster.local', HOST);
      assertScope(lineWith(vs, 'httpbin.org'), 'httpbin.org', HOST);
      assertScope(lineWith(dr, 'host: ratings'), 'ratings.prod.svc.cluster.local', HOST);
    });

    it('leaves short names, apiVersions, images, versions, IPs and keys alone', () => {
      assertNoMeshScopes(lineWith(vs, 'name: reviews'), 'reviews');
      assertNoMeshScopes(lineWith(vs, 'apiVersion:'), 'networking.istio.io/v1');
      assertNoMeshScopes(lineWith(neg, 'image:'), 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.0');
      assertNoMeshScopes(lineWith(neg, 'value: 1.2.3'), '1.2.3');
      assertNoMeshScopes(lineWith(neg, 'value: v1.2.3'), 'v1.2.3');
      assertNoMeshScopes(lineWith(neg, '10.0.0.1'), '10.0.0.1');
      const key = lineWith(neg, 'httpbin.org: enabled');
      assertScope(key, 'httpbin.org', KEY);
      assertNoMeshScopes(key, 'httpbin.org');
    });
  });

  describe('durations', () => {
    it('highlights the number and the unit, before a trailing comment', () => {
      const timeout = lineWith(vs, 'timeout: 5s');
      assertScope(timeout, '5', DURATION);
      assertScope(timeout, 's', UNIT);
      assertScope(timeout, 's', DURATION);
      assertScope(timeout, 'timeout', KEY);
      assertScope(timeout, ' overall budget', 'comment.line.number-sign.yaml');
      assertNoMeshScopes(timeout, ' overall budget');
    });

    it('covers fractional, millisecond, microsecond, compound and quoted durations', () => {
      const perTry = lineWith(vs, 'perTryTimeout');
      assertScope(perTry, '1.5', DURATION);
      assertNoMeshScopes(perTry, 'perTryTimeout');
      assertScope(lineWith(vs, 'fixedDelay'), 'ms', UNIT);
      assertScope(lineWith(dr, 'connectTimeout'), 'us', UNIT);
      const idle = lineWith(dr, 'idleTimeout');
      assert.deepEqual(
        idle.filter((token) => token.scopes.includes(DURATION)).map((token) => token.text),
        ['1', 'h', '30', 'm'],
      );
      assertScope(lineWith(dr, 'interval: 5m'), 'm', UNIT);
      const quoted = lineWith(dr, 'baseEjectionTime');
      assertScope(quoted, '15', DURATION);
      assertScope(quoted, '15', 'string.quoted.single.yaml');
    });

    it('does not treat plain numbers, CPU quantities, prose or comments as durations', () => {
      const attempts = lineWith(vs, 'attempts: 3');
      assertScope(attempts, '3', 'constant.numeric.integer.decimal.yaml');
      assertNoMeshScopes(attempts, '3');
      assertNoMeshScopes(lineWith(neg, 'cpu: 500m'), '500m');
      assertNoMeshScopes(lineWith(neg, 'wait 5s'), 'wait 5s then retry');
      const comment = lineWith(neg, '# timeout: 5s');
      assertNoMeshScopes(comment, ' timeout: 5s host reviews.default.svc.cluster.local weight: 90');
    });
  });

  describe('weights and percentages', () => {
    it('highlights weight values in block and flow mappings', () => {
      assertScope(lineWith(vs, 'weight: 90'), '90', 'constant.numeric.weight.meshwright');
      assertScope(lineWith(vs, 'weight: 10'), '10', 'constant.numeric.weight.meshwright');
    });

    it('highlights percent values and N% strings, but not other *Percent keys', () => {
      assertScope(lineWith(vs, 'percent: 12.5'), '12.5', 'constant.numeric.percentage.meshwright');
      const value = lineWith(vs, '"25%"');
      assertScope(value, '25', 'constant.numeric.percentage.meshwright');
      assertScope(value, '%', UNIT);
      assertNoMeshScopes(lineWith(dr, 'maxEjectionPercent'), '100');
    });
  });

  describe('regex values', () => {
    it('tokenizes a double-quoted regex (YAML-escaped backslashes included)', () => {
      const line = lineWith(vs, 'regex: "^/api');
      assertScope(line, 'regex', KEY);
      assertNoMeshScopes(line, 'regex');
      assertScope(line, '^', 'keyword.control.anchor.regexp');
      assertScope(line, '^', REGEXP);
      assertScope(line, '/api/v', 'string.quoted.double.yaml');
      assertScope(line, '[', 'punctuation.definition.character-class.regexp');
      assertScope(line, '0-9', 'constant.other.character-class.set.regexp');
      assertScope(line, '0-9', 'constant.other.character-class.range.regexp');
      assertScope(line, '+', 'keyword.operator.quantifier.regexp');
      assertScope(line, '(', 'punctuation.definition.group.regexp');
      assertScope(line, '|', 'keyword.operator.or.regexp');
      assertScope(line, '\\\\d', 'constant.other.character-class.escape.backslash.regexp');
      assertScope(line, '$', 'keyword.control.anchor.regexp');
      assertNoMeshScopes(line, '"');
    });

    it('tokenizes a plain regex up to its trailing comment', () => {
      const line = lineWith(vs, 'regex: ^/static');
      assertScope(line, '?:', 'punctuation.definition.group.no-capture.regexp');
      assertScope(line, '\\.', 'constant.character.escape.regexp');
      assertScope(line, '*', 'keyword.operator.quantifier.regexp');
      assertScope(line, ' assets', 'comment.line.number-sign.yaml');
      assertNoMeshScopes(line, ' assets');
    });

    it('tokenizes a single-quoted regex inside a flow mapping', () => {
      const line = lineWith(vs, "x-user: {regex: '");
      assertScope(line, 'regex', KEY);
      assertScope(line, "''", 'constant.character.escape.single-quote.yaml');
      assertScope(line, '{2,4}?', 'keyword.operator.quantifier.regexp');
      assertScope(line, 'a-z', 'constant.other.character-class.range.regexp');
      assertScope(line, '}', 'punctuation.definition.mapping.end.yaml');
      assertNoMeshScopes(line, '}');
    });

    it('keeps the YAML state intact after broken regexes', async () => {
      const doc = await tokenizeDoc(
        ['uri:', '  regex: "^(a[b"', '  other: 5s', 'x: {regex: ^a+, t: 5s}', "y: ''", 'regex: ""'].join(
          '\n',
        ),
      );
      const broken = lineWith(doc, 'regex: "^(a[b"');
      assertScope(broken, 'a[b', REGEXP);
      const closing = broken.at(-1)!;
      assert.equal(closing.text, '"');
      assert.ok(closing.scopes.includes('punctuation.definition.string.end.yaml'), describeTokens(broken));
      const next = lineWith(doc, 'other: 5s');
      assertScope(next, 'other', KEY);
      assertScope(next, '5', DURATION);
      const flow = lineWith(doc, 'x: {regex');
      assertScope(flow, '+', 'keyword.operator.quantifier.regexp');
      assertScope(flow, 't', KEY);
      assertScope(flow, '5', DURATION);
      assertScope(lineWith(doc, 'regex: ""'), '"', 'string.quoted.double.yaml');
    });
  });

  it('stays linear on pathological lines', async () => {
    const lines = [
      `host: ${'a.'.repeat(5000)}-`,
      `regex: "${'['.repeat(3000)}"`,
      `regex: ^${'[a'.repeat(3000)}`,
      `t: ${'1h'.repeat(5000)}x`,
      `regex:${' '.repeat(5000)}a`,
      `h: [${'a.b, '.repeat(2000)}]`,
    ];
    for (const line of lines) {
      const started = performance.now();
      await tokenizeYaml(line);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 1500, `${line.slice(0, 20)}… took ${Math.round(elapsed)} ms`);
    }
  });
});
