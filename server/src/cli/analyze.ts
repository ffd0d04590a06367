/** `meshwright analyze`: schema checks and mesh analysis over files, as the editor runs them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBundledService } from '../bundled-service';
import { analyzeWorkspace } from '../service/analysis/analyze-workspace';
import { parseMeshConfig, type MeshConfig } from '../service/analysis/mesh-config';
import type { MeshTextDocument } from '../service/language-service';
import { WorkspaceIndex } from '../service/workspace/index';
import { makeResource } from '../service/workspace/resource';
import { yamlFiles } from './files';
import { fromAnalysis, fromDiagnostic, type CliFinding } from './findings';
import { render, type OutputFormat } from './output';

export class UsageError extends Error {}

export interface AnalyzeArgs {
  output: OutputFormat;
  meshConfig?: string;
  meshNetworks?: string;
  paths: string[];
}

export function parseAnalyzeArgs(args: string[]): AnalyzeArgs {
  const parsed: AnalyzeArgs = { output: 'text', paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => inline ?? args[++i] ?? '';
    if (flag === '--output' || flag === '-o') parsed.output = value() as OutputFormat;
    else if (flag === '--mesh-config') parsed.meshConfig = value();
    else if (flag === '--mesh-networks') parsed.meshNetworks = value();
    else if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
    else parsed.paths.push(arg);
  }
  if (!['text', 'json', 'sarif'].includes(parsed.output)) {
    throw new UsageError(`--output must be text, json or sarif, not '${parsed.output}'`);
  }
  return parsed;
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`cannot read ${what} ${file}: ${reason}`);
  }
}

/** Runs the analysis; returns the rendered output and whether any finding is an error. */
export function analyze(args: AnalyzeArgs, version: string): { output: string; errors: boolean } {
  const service = createBundledService();
  const index = new WorkspaceIndex();
  const documents = new Map<string, { file: string; doc: MeshTextDocument }>();
  let files: string[];
  try {
    files = yamlFiles(args.paths.length ? args.paths : ['.']);
  } catch (err) {
    throw new UsageError(
      `cannot read ${(err as NodeJS.ErrnoException).path ?? 'input'}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  for (const file of files) {
    const uri = pathToFileURL(path.resolve(file)).href;
    const doc = service.parse(uri, 1, readText(file, 'file'));
    documents.set(uri, { file, doc });
    index.set(doc);
  }
  let meshConfig: MeshConfig | undefined;
  if (args.meshConfig) {
    try {
      meshConfig = parseMeshConfig(readText(args.meshConfig, 'mesh config'));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`mesh config ${args.meshConfig} is not valid YAML: ${(err as Error).message}`);
    }
  }
  let meshNetworks: Record<string, unknown> | undefined;
  if (args.meshNetworks) {
    const networks = indexMeshNetworks(args.meshNetworks, service, index);
    meshNetworks = networks.value;
    documents.set(networks.doc.file.uri, { file: args.meshNetworks, doc: networks.doc });
  }
  const findings: CliFinding[] = [];

  for (const { file, doc } of documents.values()) {
    for (const d of service.validate(doc)) findings.push(fromDiagnostic(file, doc, d));
  }
  for (const f of analyzeWorkspace(index, { meshConfig, meshNetworks })) {
    const entry = documents.get(f.uri);
    if (entry) findings.push(fromAnalysis(entry.file, entry.doc, f));
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return {
    output: render(findings, args.output, version),
    errors: findings.some((f) => f.level === 'Error'),
  };
}

/**
 * The meshNetworks file has no apiVersion/kind: it joins the index as `MeshNetworks
 * istio-system/meshnetworks` (as istioctl names it) so findings about it get a file and a line.
 */
function indexMeshNetworks(
  file: string,
  service: ReturnType<typeof createBundledService>,
  index: WorkspaceIndex,
): { value: Record<string, unknown>; doc: MeshTextDocument } {
  const uri = pathToFileURL(path.resolve(file)).href;
  const doc = service.parse(uri, 1, readText(file, 'mesh networks'));
  const placed = doc.file.chunks[0];
  const yamlDoc = placed?.chunk.documents[0];
  const value = (yamlDoc?.toJS() ?? {}) as Record<string, unknown>;
  if (!placed || !yamlDoc) return { value, doc };
  const wrapped = {
    apiVersion: 'v1alpha1',
    kind: 'MeshNetworks',
    metadata: { name: 'meshnetworks', namespace: 'istio-system' },
    ...value,
  };
  const resource = makeResource(wrapped, yamlDoc, uri, placed.start, 0, 'istio-system');
  if (resource) index.setResources(doc, [resource]);
  return { value, doc };
}
