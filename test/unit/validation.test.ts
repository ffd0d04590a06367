import * as assert from 'node:assert/strict';
import { diagnostics, yaml } from '../helpers/service';

const VS_HEADER = yaml`
  apiVersion: networking.istio.io/v1
  kind: VirtualService
  metadata:
    name: reviews
`;

describe('validation', () => {
  it('accepts a valid VirtualService', () => {
    const found = diagnostics(
      VS_HEADER +
        yaml`
      spec:
        hosts:
        - reviews
        http:
        - match:
          - uri:
              prefix: /api
          route:
          - destination:
              host: reviews
              subset: v1
            weight: 90
          - destination:
              host: reviews
              subset: v2
            weight: 10
          timeout: 5s
          retries:
            attempts: 3
            perTryTimeout: 2s
    `,
    );
    assert.deepEqual(found, []);
  });

  it('reports an unknown field on its key, with a suggestion', () => {
    const [d, ...rest] = diagnostics(`${VS_HEADER}spec:\n  hostz:\n  - reviews\n`);
    assert.equal(rest.length, 0);
    assert.equal(d!.code, 'unknown-field');
    assert.equal(d!.text, 'hostz');
    assert.equal(d!.line, 5);
    assert.match(d!.message, /Unknown field 'hostz' in spec\. Did you mean 'hosts'\?/);
  });

  it('does not descend into an unknown field (no cascading noise)', () => {
    const found = diagnostics(`${VS_HEADER}spec:\n  htp:\n  - route:\n    - destinaton: {}\n`);
    assert.deepEqual(
      found.map((d) => d.text),
      ['htp'],
    );
  });

  it('reports a bad enum value listing the valid ones', () => {
    const found = diagnostics(yaml`
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: default
      spec:
        mtls:
          mode: STRICTT
    `);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.code, 'bad-enum');
    assert.equal(found[0]!.text, 'STRICTT');
    assert.match(
      found[0]!.message,
      /Did you mean 'STRICT'\? Valid values: UNSET, DISABLE, PERMISSIVE, STRICT/,
    );
  });

  it('reports wrong types on the value', () => {
    const found = diagnostics(
      `${VS_HEADER}spec:\n  hosts: reviews\n  http:\n  - route:\n    - destination:\n        host: 42\n`,
    );
    assert.deepEqual(
      found.map((d) => [d.code, d.text]),
      [
        ['wrong-type', 'reviews'],
        ['wrong-type', '42'],
      ],
    );
    assert.match(found[0]!.message, /Expected array, got string/);
    assert.match(found[1]!.message, /Expected string, got number: quote it \("42"\)/);
  });

  it('quotes numbers as written (1.0 stays 1.0)', () => {
    const found = diagnostics(yaml`
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: reviews
      spec:
        host: reviews
        subsets:
        - name: v1
          labels:
            version: 1.0
    `);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /quote it \("1\.0"\)/);
  });

  it('reports a missing required field on the parent key', () => {
    const found = diagnostics(
      `${VS_HEADER}spec:\n  http:\n  - route:\n    - destination:\n        subset: v1\n`,
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!.code, 'missing-required');
    assert.equal(found[0]!.text, 'destination');
    assert.match(
      found[0]!.message,
      /Missing required field 'host' in spec\.http\[\]\.route\[\]\.destination/,
    );
  });

  it("reports a missing field of a sequence item on the item's first key", () => {
    const found = diagnostics(
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: r\n  subsets:\n  - labels:\n      version: v1\n    trafficPolicy: {}\n',
    );
    assert.deepEqual(
      found.map((d) => [d.code, d.text, d.line]),
      [['missing-required', 'labels', 7]],
    );
  });

  it('reports oneOf violations: set only one of exact, prefix, regex', () => {
    const found = diagnostics(
      `${VS_HEADER}spec:\n  http:\n  - match:\n    - uri:\n        exact: /a\n        prefix: /b\n    route:\n    - destination:\n        host: a\n`,
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!.code, 'one-of');
    assert.equal(found[0]!.text, 'prefix');
    assert.equal(found[0]!.message, 'Set only one of exact, prefix, regex');
  });

  it('reports durations without a unit', () => {
    const found = diagnostics(
      `${VS_HEADER}spec:\n  http:\n  - timeout: 5\n    retries:\n      perTryTimeout: "10"\n    route:\n    - destination:\n        host: a\n`,
    );
    assert.deepEqual(
      found.map((d) => [d.code, d.text, d.message]),
      [
        ['duration', '5', 'Duration 5 needs a unit, e.g. 5s'],
        ['duration', '"10"', "Duration '10' needs a unit, e.g. 10s"],
      ],
    );
  });

  it('accepts compound and fractional durations', () => {
    const found = diagnostics(
      `${VS_HEADER}spec:\n  http:\n  - timeout: 1h30m\n    retries:\n      perTryTimeout: 1.5s\n    route:\n    - destination:\n        host: a\n`,
    );
    assert.deepEqual(found, []);
  });

  it('checks exact constraints from the precompiled validators (int32, patterns, ranges)', () => {
    const found = diagnostics(yaml`
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: reviews
      spec:
        host: reviews
        trafficPolicy:
          connectionPool:
            http:
              http1MaxPendingRequests: 2.5
          loadBalancer:
            simple: ROUND_ROBIN
            warmup:
              duration: 10s
              minimumPercent: 150
      ---
      apiVersion: networking.istio.io/v1alpha3
      kind: EnvoyFilter
      metadata:
        name: f
      spec:
        targetRefs:
        - kind: 9Gateway
          name: gw
    `);
    assert.deepEqual(
      found.map((d) => [d.code, d.text]),
      [
        ['wrong-type', '2.5'],
        ['out-of-range', '150'],
        ['pattern', '9Gateway'],
      ],
    );
    assert.match(found[1]!.message, /Value must be at most 100 \(got 150\)/);
    assert.match(found[2]!.message, /does not match the pattern/);
  });

  it('reports YAML syntax errors and skips schema checks of the broken document', () => {
    const found = diagnostics(`${VS_HEADER}spec:\n  hosts: [a, b\n  hostz: 1\n`);
    assert.ok(found.length >= 1);
    assert.ok(found.every((d) => d.code === 'yaml-syntax'));
  });

  it('reports duplicate keys', () => {
    const found = diagnostics(`${VS_HEADER}spec:\n  hosts: [a]\n  hosts: [b]\n`);
    assert.equal(found[0]!.code, 'yaml-syntax');
    assert.match(found[0]!.message, /unique/i);
  });

  it('validates every document of a multi-document file, with file positions', () => {
    const text = `${VS_HEADER}spec:\n  hostz: []\n---\n${VS_HEADER}spec:\n  gatewayz: []\n`;
    const found = diagnostics(text);
    assert.deepEqual(
      found.map((d) => [d.text, d.line]),
      [
        ['hostz', 5],
        ['gatewayz', 12],
      ],
    );
  });

  it('reports unknown kinds and versions of known groups, ignores foreign YAML', () => {
    const found = diagnostics(yaml`
      apiVersion: networking.istio.io/v1
      kind: VirtualServce
      ---
      apiVersion: security.istio.io/v2
      kind: PeerAuthentication
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      spec: {anything: goes}
      ---
      name: my-chart
      version: 1.0
      ---
      apiVersion: v1
      kind: Config
      clusters: []
    `);
    assert.deepEqual(
      found.map((d) => [d.code, d.text]),
      [
        ['unknown-kind', 'VirtualServce'],
        ['unknown-api-version', 'security.istio.io/v2'],
      ],
    );
    assert.match(found[0]!.message, /Did you mean 'VirtualService'\?/);
    assert.match(
      found[1]!.message,
      /PeerAuthentication is served as security\.istio\.io\/v1, security\.istio\.io\/v1beta1/,
    );
  });

  it('validates core kinds (Deployment container fields)', () => {
    const found = diagnostics(yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: reviews
      spec:
        selector:
          matchLabels: {app: reviews}
        template:
          metadata:
            labels: {app: reviews}
          spec:
            containers:
            - name: reviews
              image: reviews:1
              imagePullPolicy: Sometimes
              port: 9080
    `);
    assert.deepEqual(
      found.map((d) => [d.code, d.text]),
      [
        ['bad-enum', 'Sometimes'],
        ['unknown-field', 'port'],
      ],
    );
    assert.match(found[1]!.message, /Did you mean 'ports'\?/);
  });

  it('leaves free-form fields alone (EnvoyFilter patch value, IstioOperator spec)', () => {
    const found = diagnostics(yaml`
      apiVersion: networking.istio.io/v1alpha3
      kind: EnvoyFilter
      metadata:
        name: lua
      spec:
        configPatches:
        - applyTo: HTTP_FILTER
          patch:
            operation: INSERT_BEFORE
            value:
              name: envoy.lua
              typed_config: {"@type": "type.googleapis.com/x"}
      ---
      apiVersion: install.istio.io/v1alpha1
      kind: IstioOperator
      spec:
        profile: demo
    `);
    assert.deepEqual(found, []);
  });

  it('accepts YAML 1.1 booleans with a warning only', () => {
    const found = diagnostics(
      `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: s\nspec:\n  inboundConnectionPool:\n    http:\n      useClientProtocol: yes\n`,
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 2);
    assert.match(found[0]!.message, /write true/);
  });
});

describe('validation: did-you-mean never suggests a key already present', () => {
  it('hostz next to hosts gets no suggestion (renaming would duplicate the key)', () => {
    const [d, ...rest] = diagnostics(`${VS_HEADER}spec:\n  hosts:\n  - reviews\n  hostz:\n  - reviews\n`);
    assert.equal(rest.length, 0);
    assert.equal(d!.code, 'unknown-field');
    assert.equal(d!.message, "Unknown field 'hostz' in spec.");
  });
});
