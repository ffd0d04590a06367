/** LSP level: `meshwright/clusterSchemas` swaps the schemas the server validates and hovers with. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { HoverRequest, type Diagnostic, type Hover } from 'vscode-languageserver-protocol';
import { ClusterSchemasNotification, type ClusterSchemasParams } from '../../protocol/src/custom-messages';
import { clusterOf } from '../helpers/cluster-schemas';
import { LspTestClient, SERVER } from './lsp-client';

const URI = 'file:///workspace/policy.yaml';
const TEXT = [
  'apiVersion: security.istio.io/v1',
  'kind: AuthorizationPolicy',
  'metadata:',
  '  name: ratings',
  '  namespace: bookinfo',
  'spec:',
  '  selector:',
  '    matchLabels: {app: ratings}',
  '  targetRef: {kind: Service, name: ratings}',
  '  auditMode: true',
  '',
].join('\n');

const SCHEMAS = clusterOf('security.istio.io', 'AuthorizationPolicy', {
  type: 'object',
  description: 'Authorization policy as the cluster serves it.',
  properties: {
    selector: {
      type: 'object',
      properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } },
    },
    targetRef: { type: 'object', properties: { kind: { type: 'string' }, name: { type: 'string' } } },
    auditMode: { type: 'boolean', description: 'A field of a newer Istio.' },
  },
  'x-kubernetes-validations': [
    {
      rule: '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1',
      message: 'only one of targetRefs, selector or targetRef can be set',
    },
  ],
});

const summary = (diagnostics: Diagnostic[]) =>
  diagnostics
    .filter((d) => !/^(IST|MW)\d+$/.test(String(d.code)))
    .map((d) => `${d.range.start.line} ${d.code}`);

describe('cluster schemas over LSP', function () {
  let client: LspTestClient;

  before(async function () {
    assert.ok(fs.existsSync(SERVER), 'dist/server.js is built (npm run build)');
    client = await LspTestClient.start();
    await client.open(URI, TEXT);
  });
  after(async () => client?.stop());

  const send = (params: ClusterSchemasParams) =>
    client.connection.sendNotification(ClusterSchemasNotification.method, params);
  const until = (expected: string[]) =>
    client.waitFor(URI, (p) => JSON.stringify(summary(p.diagnostics)) === JSON.stringify(expected));
  const hoverAt = async (line: number, character: number) => {
    const hover = (await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI },
      position: { line, character },
    })) as Hover | null;
    return hover && typeof hover.contents === 'object' && 'value' in hover.contents
      ? hover.contents.value
      : '';
  };

  it('validates with the bundled schemas first', async () => {
    await until(['9 unknown-field']);
  });

  it("re-validates open documents with the cluster's CRD schemas, CEL rules included", async () => {
    await send({ schemas: SCHEMAS });
    const diagnostics = await until(['5 cel-rule']);
    const cel = diagnostics.find((d) => d.code === 'cel-rule')!;
    assert.equal(cel.message, 'only one of targetRefs, selector or targetRef can be set');
    assert.equal(cel.severity, 1);
    assert.match(
      await hoverAt(9, 4),
      /A field of a newer Istio\.[\s\S]*Schema from the cluster's CRD \(context `kind-mesh`\)/,
    );
  });

  it('goes back to the bundled schemas on null', async () => {
    await send({ schemas: null });
    await until(['9 unknown-field']);
    assert.doesNotMatch(await hoverAt(6, 4), /cluster's CRD/);
  });
});
