/** LSP-level tests: dist/server.js over stdio, driven by a real LSP client, on real-looking files. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
} from 'vscode-languageserver-protocol';
import { LspTestClient, SERVER } from './lsp-client';

const FIXTURE = path.resolve(__dirname, '../fixtures/mesh/bookinfo-routing.yaml');
const URI = 'file:///workspace/bookinfo-routing.yaml';

/** Schema diagnostics only: analyzer findings (IST/MW codes) have their own tests. */
const schemaOnly = <T extends { code?: string | number }>(diagnostics: T[]) =>
  diagnostics.filter((d) => !/^(IST|MW)\d+$/.test(String(d.code)));

describe('language server over stdio', function () {
  let client: LspTestClient;
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const lines = text.split('\n');
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));

  before(async function () {
    assert.ok(fs.existsSync(SERVER), 'dist/server.js is built (npm run build)');
    client = await LspTestClient.start();
    await client.open(URI, text);
  });
  after(async () => client?.stop());

  it('publishes diagnostics with source, code and exact ranges', async () => {
    const diagnostics = schemaOnly(await client.diagnostics(URI, 1));
    const summary = diagnostics.map((d) => [
      d.source,
      d.code,
      d.range.start.line,
      lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character),
    ]);
    assert.deepEqual(summary, [
      ['meshwright', 'duration', lineOf('timeout: 3'), '3'],
      ['meshwright', 'bad-enum', lineOf('LEAST_REQUESTS'), 'LEAST_REQUESTS'],
      ['meshwright', 'unknown-field', lineOf('lables:'), 'lables'],
    ]);
    assert.match(String(diagnostics[1]!.message), /Did you mean 'LEAST_REQUEST'\?/);
    assert.match(String(diagnostics[2]!.message), /Did you mean 'labels'\?/);
  });

  it('offers quick fixes for published diagnostics', async () => {
    const diagnostics = schemaOnly(await client.diagnostics(URI, 1));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: diagnostics[2]!.range,
      context: { diagnostics },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Use 3s (seconds)', "Change to 'LEAST_REQUEST'", "Change to 'labels'"],
    );
    assert.deepEqual(actions[2]!.edit!.changes![URI], [{ range: diagnostics[2]!.range, newText: 'labels' }]);
  });

  it('re-validates after an incremental edit', async () => {
    const line = lineOf('lables:');
    await client.change(URI, 2, [
      { range: { start: { line, character: 4 }, end: { line, character: 10 } }, text: 'labels' },
    ]);
    const diagnostics = schemaOnly(await client.diagnostics(URI, 2));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['duration', 'bad-enum'],
    );
  });

  it('answers completion with schema keys and snippets', async () => {
    const inRetries = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line: lineOf('attempts: 3'), character: 6 },
    })) as CompletionList;
    const labels = inRetries.items.map((i: CompletionItem) => i.label);
    assert.ok(labels.includes('retryRemoteLocalities'), labels.join(','));
    assert.ok(!labels.includes('perTryTimeout'), 'present keys are not offered');
    assert.equal(inRetries.items.find((i) => i.label === 'retryRemoteLocalities')!.insertTextFormat, 2);
  });

  it('answers hover with description and path', async () => {
    const line = lineOf('outlierDetection');
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI },
      position: { line, character: 8 },
    });
    const value =
      hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(value, /`spec\.trafficPolicy\.outlierDetection`/);
    assert.match(value, /\*\*outlierDetection\*\* · `object`/);
  });

  it('answers document symbols', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: URI },
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      [
        'Gateway bookinfo/bookinfo-gateway',
        'VirtualService bookinfo/reviews',
        'DestinationRule bookinfo/reviews',
      ],
    );
  });

  it('clears diagnostics when the document closes, and gives nothing for foreign YAML', async () => {
    await client.close(URI);
    assert.deepEqual(await client.waitFor(URI, (p) => p.diagnostics.length === 0), []);
    await client.open('file:///workspace/values.yaml', 'replicaCount: 2\nimage:\n  tag: 1.0\n');
    assert.deepEqual(await client.diagnostics('file:///workspace/values.yaml', 1), []);
    assert.ok(client.alive);
    assert.equal(client.stderr.includes('failed'), false, client.stderr);
  });
});
