import * as assert from 'node:assert/strict';
import { completionLabels, service, withCursor } from '../helpers/service';

const VS = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n';

describe('completion', () => {
  it('offers spec keys with type and docs, never keys already present', () => {
    const { doc, position } = withCursor(`${VS}spec:\n  hosts:\n  - reviews\n  ‸\n  gateways: [mesh]\n`);
    const items = service().complete(doc, position).items;
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('http') && labels.includes('exportTo') && labels.includes('tcp'));
    assert.ok(!labels.includes('hosts') && !labels.includes('gateways'), 'present keys are not offered');
    const http = items.find((i) => i.label === 'http')!;
    assert.equal(http.detail, 'array of object');
    assert.match(JSON.stringify(http.documentation), /spec\.http/);
    assert.match(JSON.stringify(http.documentation), /An ordered list of route rules for HTTP traffic/);
  });

  it('offers keys of a sequence item, after its first key', () => {
    const labels = completionLabels(
      `${VS}spec:\n  http:\n  - route:\n    - destination:\n        host: a\n    ‸\n`,
    );
    assert.ok(labels.includes('timeout') && labels.includes('retries') && labels.includes('match'));
    assert.ok(!labels.includes('route'));
  });

  it('offers keys while a word is being typed', () => {
    const { doc, position } = withCursor(`${VS}spec:\n  http:\n  - timeout: 5s\n    ret‸\n`);
    const items = service().complete(doc, position).items;
    const retries = items.find((i) => i.label === 'retries')!;
    assert.ok(retries);
    assert.deepEqual(retries.textEdit && 'range' in retries.textEdit ? retries.textEdit.range : undefined, {
      start: { line: 7, character: 4 },
      end: { line: 7, character: 7 },
    });
    assert.equal(retries.textEdit!.newText, 'retries:\n  $0');
  });

  it('offers the key being edited on its own line (to replace it), but not its siblings', () => {
    const labels = completionLabels(`${VS}spec:\n  http:\n  - timeout: 5s\n    retr‸ies: {attempts: 3}\n`);
    assert.ok(labels.includes('retries'));
    assert.ok(!labels.includes('timeout'));
  });

  it('offers enum values and booleans', () => {
    const pa = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: x\n';
    assert.deepEqual(completionLabels(`${pa}spec:\n  mtls:\n    mode: ‸\n`), [
      'UNSET',
      'DISABLE',
      'PERMISSIVE',
      'STRICT',
    ]);
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: x\n';
    assert.deepEqual(
      completionLabels(`${dr}spec:\n  trafficPolicy:\n    tls:\n      insecureSkipVerify: ‸\n`),
      ['true', 'false'],
    );
  });

  it('offers enum choices in the key snippet', () => {
    const { doc, position } = withCursor(
      `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: x\nspec:\n  ‸\n`,
    );
    const action = service()
      .complete(doc, position)
      .items.find((i) => i.label === 'action')!;
    assert.equal(action.textEdit!.newText, 'action: ${1|ALLOW,DENY,AUDIT,CUSTOM|}');
  });

  it('offers apiVersion and kind values that fit each other', () => {
    const versions = completionLabels('apiVersion: ‸\nkind: VirtualService\n');
    assert.deepEqual(versions, [
      'networking.istio.io/v1',
      'networking.istio.io/v1alpha3',
      'networking.istio.io/v1beta1',
    ]);
    const kinds = completionLabels('apiVersion: security.istio.io/v1\nkind: ‸\n');
    assert.deepEqual(kinds, ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication']);
  });

  it('offers whole-resource snippets for every Istio kind in an empty document', () => {
    const { doc, position } = withCursor('‸');
    const items = service().complete(doc, position).items;
    for (const kind of [
      'VirtualService',
      'DestinationRule',
      'Gateway',
      'ServiceEntry',
      'Sidecar',
      'PeerAuthentication',
      'AuthorizationPolicy',
      'RequestAuthentication',
      'Telemetry',
      'EnvoyFilter',
      'WorkloadEntry',
      'WorkloadGroup',
      'WasmPlugin',
      'ProxyConfig',
    ]) {
      const item = items.find((i) => i.label === kind);
      assert.ok(item, `snippet for ${kind}`);
      assert.match(item.textEdit!.newText, new RegExp(`^apiVersion: .+\\nkind: ${kind}\\n`));
    }
  });

  it('resource snippets are valid resources once their placeholders are filled', () => {
    const { doc, position } = withCursor('‸');
    for (const item of service()
      .complete(doc, position)
      .items.filter((i) => i.kind === 15)) {
      const text = item
        .textEdit!.newText.replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\{\d+\}/g, 'reviews');
      const problems = service().validate(service().parse('file:///s.yaml', 1, text));
      assert.deepEqual(problems, [], `${item.label} snippet:\n${text}`);
    }
  });

  it('offers item skeletons: a new http route, a new subset', () => {
    const { doc, position } = withCursor(`${VS}spec:\n  http:\n  - ‸\n`);
    const items = service().complete(doc, position).items;
    const route = items.find((i) => i.label === '- HTTP route')!;
    assert.ok(route);
    assert.match(route.textEdit!.newText, /^match:\n {2}- uri:\n {6}prefix: \$\{1:\/\}\n {2}route:/);
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: x\n';
    const blank = withCursor(`${dr}spec:\n  host: reviews\n  subsets:\n    ‸\n`);
    const subset = service()
      .complete(blank.doc, blank.position)
      .items.find((i) => i.label === '- subset')!;
    assert.equal(subset.textEdit!.newText, '- name: ${1:v1}\n  labels:\n    version: ${2:v1}');
  });

  it('works in every document of a multi-document file', () => {
    const labels = completionLabels(
      `${VS}spec:\n  hosts: [a]\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  ‸\n`,
    );
    assert.ok(labels.includes('subsets') && labels.includes('trafficPolicy'));
    assert.ok(!labels.includes('http'));
  });

  it('gives nothing for unrelated YAML', () => {
    assert.deepEqual(completionLabels('name: chart\nversion: 1.0\ndependencies:\n  ‸\n'), []);
  });
});
