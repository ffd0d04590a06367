/**
 * Whole-workspace analysis through the LSP server: files on disk are indexed without being opened,
 * open editors override disk, watched-file events and the cluster snapshot notification re-analyze.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ReferencesRequest,
  RenameRequest,
  type CodeAction,
  type Location,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { ClusterSnapshotNotification, type ClusterSnapshotParams } from '../../protocol/src/custom-messages';
import { LspTestClient } from './lsp-client';

const DR = (subsets: string[]) =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n  namespace: bookinfo\nspec:\n  host: reviews\n  subsets:\n${subsets.map((s) => `  - name: ${s}\n    labels: {version: ${s}}\n`).join('')}`;
const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 80
    - destination: {host: reviews, subset: v2}
      weight: 20
`;

describe('workspace analysis over LSP', function () {
  let dir: string;
  let client: LspTestClient;
  let vsUri: string;
  let drUri: string;
  /** The missing-subset findings on vs.yaml (other analyzers' findings are not this test's concern). */
  const subsetCodes = (diagnostics: { code?: string | number; message: unknown }[]) =>
    diagnostics
      .filter((d) => d.code === 'IST0101' && /\+v2/.test(String(d.message)))
      .map((d) => String(d.code));
  const codes = async (accept: (codes: string[]) => boolean) =>
    subsetCodes(await client.waitFor(vsUri, (p) => accept(subsetCodes(p.diagnostics))));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshwright-ws-'));
    fs.writeFileSync(path.join(dir, 'dr.yaml'), DR(['v1']));
    fs.writeFileSync(path.join(dir, 'vs.yaml'), VS);
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'ignored.yaml'), DR(['v2']));
    vsUri = pathToFileURL(path.join(dir, 'vs.yaml')).href;
    drUri = pathToFileURL(path.join(dir, 'dr.yaml')).href;
    client = await LspTestClient.start({ rootUri: pathToFileURL(dir).href });
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('analyzes files on disk that no editor opened, pointing at the field', async () => {
    const diagnostics = await client.waitFor(vsUri, (p) => subsetCodes(p.diagnostics).length > 0);
    const finding = diagnostics.find((d) => d.code === 'IST0101' && /\+v2/.test(String(d.message)))!;
    assert.equal(finding.range.start.line, 11);
    assert.match(String(finding.message), /reviews\+v2/);
  });

  it('offers the analysis quick fix: add the missing subset to the DestinationRule file', async () => {
    const diagnostics = await client.waitFor(vsUri, (p) => subsetCodes(p.diagnostics).length > 0);
    const finding = diagnostics.filter((d) => d.code === 'IST0101' && /\+v2/.test(String(d.message)));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: vsUri },
      range: finding[0]!.range,
      context: { diagnostics: finding },
    })) as CodeAction[];
    const add = actions.find((a) => a.title === "Add subset 'v2' to DestinationRule reviews")!;
    assert.ok(add, actions.map((a) => a.title).join(', '));
    const [edit] = add.edit!.changes![drUri]!;
    assert.match(edit!.newText, /- name: v2/);
  });

  it('an open editor overrides the file on disk, and closing it goes back to disk', async () => {
    await client.open(drUri, DR(['v1', 'v2']));
    assert.deepEqual(await codes((c) => !c.includes('IST0101')), []);
    await client.close(drUri);
    assert.deepEqual(await codes((c) => c.includes('IST0101')), ['IST0101']);
  });

  it('re-analyzes on watched-file events', async () => {
    const extra = path.join(dir, 'dr-v2.yaml');
    fs.writeFileSync(extra, DR(['v2']).replace('name: reviews', 'name: reviews-v2'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(extra).href, type: FileChangeType.Created }],
    });
    assert.deepEqual(await codes((c) => !c.includes('IST0101')), []);
    fs.rmSync(extra);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(extra).href, type: FileChangeType.Deleted }],
    });
    assert.deepEqual(await codes((c) => c.includes('IST0101')), ['IST0101']);
  });

  it('uses the cluster snapshot the client pushes (meshwright/clusterSnapshot)', async () => {
    const snapshot: ClusterSnapshotParams = {
      snapshot: {
        context: 'kind-test',
        namespaces: [{ name: 'bookinfo', labels: { 'istio-injection': 'enabled' } }],
        pods: [],
        services: [],
        istioConfig: [
          {
            apiVersion: 'networking.istio.io/v1',
            kind: 'DestinationRule',
            metadata: { name: 'reviews-live', namespace: 'bookinfo' },
            spec: { host: 'reviews', subsets: [{ name: 'v2' }] },
          },
        ],
      },
    };
    await client.connection.sendNotification(ClusterSnapshotNotification.method, snapshot);
    assert.deepEqual(await codes((c) => !c.includes('IST0101')), []);
    await client.connection.sendNotification(ClusterSnapshotNotification.method, { snapshot: null });
    assert.deepEqual(await codes((c) => c.includes('IST0101')), ['IST0101']);
    assert.ok(client.alive);
  });

  it('navigates across files: definition, references and rename of a subset', async () => {
    await client.open(vsUri, VS);
    const v1 = { line: 9, character: VS.split('\n')[9]!.indexOf('v1') };
    const defs = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: vsUri },
      position: v1,
    })) as Location[];
    assert.deepEqual(
      defs.map((d) => [d.uri, d.range.start.line]),
      [[drUri, 8]],
    );
    const refs = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: vsUri },
      position: v1,
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(refs.map((r) => r.uri).sort(), [drUri, vsUri].sort());
    const edit = (await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: vsUri },
      position: v1,
      newName: 'stable',
    })) as WorkspaceEdit;
    assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [drUri, vsUri].sort());
    assert.ok(
      Object.values(edit.changes!)
        .flat()
        .every((e) => e.newText === 'stable'),
    );
    await assert.rejects(
      client.connection.sendRequest(RenameRequest.type, {
        textDocument: { uri: vsUri },
        position: v1,
        newName: 'Not_A_Label',
      }),
      /DNS/,
    );
  });
});
