/**
 * `npm run bench:analyze`: whole-workspace mesh analysis of ~5,000 resources across 240 files, then a
 * one-line edit in one file and the incremental re-analysis (which analyzers re-ran, how many
 * resources they read). Timings are medians of several runs in this process; printed as a table and
 * written to bench/results/analyze-latest.json. Targets: full analysis < 1 s.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBundledService } from '../../server/src/bundled-service';
import { analyzeWorkspace } from '../../server/src/service/analysis/analyze-workspace';
import { AnalysisCache } from '../../server/src/service/analysis/incremental';
import type { MeshTextDocument } from '../../server/src/service/language-service';
import { WorkspaceIndex } from '../../server/src/service/workspace/index';
import { generateCorpus } from '../lsp/corpus';

const FILES = 240;
const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function main(): void {
  const service = createBundledService();
  // ~25 resources per file: each corpus app yields about a dozen resources of every common kind.
  const texts: string[] = [];
  for (let i = 0; i < FILES; i++) {
    // Each file is one team's config, in namespaces of its own (as in a real monorepo).
    texts.push(
      generateCorpus({ targetLines: 700, seed: 1000 + i, mistakeRate: 0.02, namespaceSuffix: `-t${i}` }).text,
    );
  }
  const uris = texts.map((_, i) => `file:///bench/team-${String(i).padStart(3, '0')}.yaml`);
  const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);

  const full: number[] = [];
  const parse: number[] = [];
  let index = new WorkspaceIndex();
  let docs: MeshTextDocument[] = [];
  let findings = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    index = new WorkspaceIndex();
    docs = texts.map((text, i) => service.parse(uris[i]!, 1, text));
    for (const doc of docs) index.set(doc);
    const t1 = performance.now();
    findings = analyzeWorkspace(index).length;
    const t2 = performance.now();
    parse.push(t1 - t0);
    full.push(t2 - t1);
  }

  // Incremental: one cache, an edit of one line of one DestinationRule per round.
  const cache = new AnalysisCache();
  analyzeWorkspace(index, { cache });
  const incremental: number[] = [];
  let stats = cache.lastStats!;
  const target = docs.findIndex((d) => /kind: DestinationRule/.test(d.file.text));
  let doc = docs[target]!;
  for (let round = 0; round < ROUNDS; round++) {
    const text = doc.file.text.replace(
      /(\n\s+consecutive5xxErrors: )(\d+)/,
      (_, k: string, n: string) => `${k}${Number(n) + 1}`,
    );
    const t0 = performance.now();
    doc = service.parse(doc.file.uri, doc.file.version + 1, text, doc);
    index.set(doc);
    analyzeWorkspace(index, { cache });
    incremental.push(performance.now() - t0);
    stats = cache.lastStats!;
  }

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    workspace: { files: FILES, resources: index.all().length, lines, findings },
    fullAnalysisMs: Math.round(median(full)),
    parseAndIndexMs: Math.round(median(parse)),
    incremental: {
      editedFile: path.basename(doc.file.uri),
      medianMs: Math.round(median(incremental) * 10) / 10,
      analyzersRun: stats.analyzersRun,
      analyzersReused: stats.analyzersReused,
      resourcesTouched: stats.resourcesTouched,
      changedKinds: stats.changedKinds,
    },
  };
  const rows = [
    ['workspace', `${FILES} files, ${result.workspace.resources} resources, ${lines} lines`],
    ['parse + index (cold)', `${result.parseAndIndexMs} ms`],
    [
      'full analysis',
      `${result.fullAnalysisMs} ms (target < 1000 ms: ${result.fullAnalysisMs < 1000 ? 'met' : 'missed'})`,
    ],
    ['findings', String(findings)],
    ['one-line edit: re-parse + re-analysis', `${result.incremental.medianMs} ms`],
    ['  analyzers re-run / reused', `${stats.analyzersRun} / ${stats.analyzersReused}`],
    [
      '  resources they read',
      `${stats.resourcesTouched} of ${result.workspace.resources} (changed kinds: ${stats.changedKinds.join(', ')})`,
    ],
  ];
  console.log('| measure | value |\n| --- | --- |');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  const out = path.resolve(__dirname, '../results/analyze-latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
}

main();
