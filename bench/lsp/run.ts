/**
 * `npm run bench:lsp`: meshwright's language server against yaml-language-server (configured with
 * the same schema catalog) on generated mesh YAML of ~2k, 10k and 50k lines.
 *
 *   tsx bench/lsp/run.ts [--sizes 2000,10000,50000] [--opens 3] [--edits 5] [--probes 200]
 *
 * Prints a Markdown table and writes bench/results/lsp-latest.json. Exits non-zero only when a server
 * crashes or misses a deadline; missed performance targets are shown in the table, not as exit codes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildInfo } from './build-info';
import { generateCorpus } from './corpus';
import { cpuSnapshot, foreignCpuShare } from './cpu-contention';
import { runSession, type SessionPlan } from './measure';
import { completionProbes, editSite, hoverProbes } from './positions';
import { createRng } from '../../test/helpers/prng';
import { evaluate, machineInfo, markdownTable, notes, type SizeResult, type Summary } from './report';
import { benchServers } from './servers';

const ROOT = path.resolve(__dirname, '../..');
/** Documents sent to the servers by file path, written out if the run fails. */
const texts = new Map<string, string>();
const RESULTS = path.join(ROOT, 'bench/results/lsp-latest.json');
const SEED = 0x6d657368; // 'mesh'
const MISTAKE_RATE = 0.05;
const BLANK_LINE_RATE = 0.02;
// Generous: yaml-language-server needs seconds per validation of 50k lines on a small machine.
const TIMEOUT_MS = 60_000;

interface Options {
  sizes: number[];
  opens: number;
  edits: number;
  probes: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { sizes: [2_000, 10_000, 50_000], opens: 3, edits: 5, probes: 200 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--sizes') options.sizes = value().split(',').map(Number);
    else if (flag === '--opens') options.opens = Number(value());
    else if (flag === '--edits') options.edits = Number(value());
    else if (flag === '--probes') options.probes = Number(value());
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (
    options.sizes.some((n) => !(n > 0)) ||
    !(options.opens > 0) ||
    !(options.edits > 0) ||
    !(options.probes > 0)
  ) {
    throw new Error('--sizes, --opens, --edits and --probes take positive numbers');
  }
  return options;
}

async function main(): Promise<void> {
  const started = performance.now();
  // Other work on a small machine skews every number: recorded so a noisy run can be recognised.
  const loadAtStart = os.loadavg()[0]!;
  const cpuAtStart = cpuSnapshot();
  const options = parseArgs(process.argv.slice(2));
  const build = buildInfo(ROOT);
  const servers = benchServers(ROOT);
  // Documents get file URIs (yaml-language-server matches schemas on them) in a folder that does
  // not exist: meshwright keeps a closed file in its index when it can read it from disk, and the
  // warm-up file or an earlier corpus (same resource names) would then add work and cross-file
  // findings to what is meant to be a one-file measurement. For the same reason the servers get no
  // workspace folder (meshwright indexes every YAML file under it). The texts are written out only
  // when the run fails, to look at.
  const dir = path.join(os.tmpdir(), `meshwright-bench-lsp-${process.pid}-${Date.now()}`);
  const uriOf = (name: string, text: string) => {
    texts.set(path.join(dir, name), text);
    return pathToFileURL(path.join(dir, name)).href;
  };

  // The warm-up file holds every kind and some mistakes, so both servers load all they need and
  // prove their schema is in effect before anything is timed.
  const warmCorpus = generateCorpus({ targetLines: 300, seed: SEED + 1, mistakeRate: 0.3, allKinds: true });
  const warmRng = createRng(SEED + 1);
  const warmup = {
    uri: uriOf('warmup.yaml', warmCorpus.text),
    corpus: warmCorpus,
    probes: [...completionProbes(warmCorpus.text, warmRng, 10), ...hoverProbes(warmCorpus.text, warmRng, 10)],
  };

  const sizes: SizeResult[] = [];
  for (const targetLines of options.sizes) {
    const corpus = generateCorpus({
      targetLines,
      seed: SEED,
      mistakeRate: MISTAKE_RATE,
      blankLineRate: BLANK_LINE_RATE,
    });
    if (!corpus.mistakes.length) throw new Error(`corpus of ${targetLines} lines has no seeded mistakes`);
    const rng = createRng(SEED ^ targetLines);
    const plan: SessionPlan = {
      rootUri: null,
      warmup,
      uri: uriOf(`mesh-${targetLines}.yaml`, corpus.text),
      corpus,
      completion: completionProbes(corpus.text, rng, options.probes),
      hover: hoverProbes(corpus.text, rng, options.probes),
      editAt: editSite(corpus.text),
      edits: options.edits,
      opens: options.opens,
      timeoutMs: TIMEOUT_MS,
    };
    const results: Partial<Pick<SizeResult, 'meshwright' | 'yamlls'>> = {};
    for (const server of servers) {
      const t = performance.now();
      results[server.id] = await runSession(server, plan);
      const r = results[server.id]!;
      console.error(
        `${server.name} @ ${corpus.lineCount} lines: first diagnostics ${r.openMs.map((x) => x.toFixed(0)).join('/')} ms (${r.diagnostics}), ` +
          `edit ${r.revalidationMedianMs.toFixed(0)} ms, completion p95 ${r.completion.p95} ms, hover p95 ${r.hover.p95} ms, ` +
          `${r.peakRssMb.toFixed(0)} MB, session ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    sizes.push({
      targetLines,
      lines: corpus.lineCount,
      resources: corpus.resources,
      seededMistakes: corpus.mistakes.length,
      edits: options.edits,
      opens: options.opens,
      meshwright: results.meshwright!,
      yamlls: results.yamlls!,
    });
  }

  // Sessions started after a rebuild measured another server than the first ones.
  build.changedDuringRun = buildInfo(ROOT).sha256 !== build.sha256;
  const debounce = Object.fromEntries(servers.map((s) => [s.id, s.debounce])) as Summary['debounce'];
  const { rows, targets } = evaluate(sizes, debounce);
  const summary: Summary = {
    date: new Date().toISOString(),
    machine: machineInfo(loadAtStart, foreignCpuShare(cpuAtStart, cpuSnapshot())),
    settings: {
      seed: SEED,
      opens: options.opens,
      edits: options.edits,
      completionProbes: options.probes,
      hoverProbes: options.probes,
      timeoutMs: TIMEOUT_MS,
    },
    build,
    debounce,
    sizes,
    targets,
    durationS: Math.round((performance.now() - started) / 100) / 10,
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(summary, null, 2) + '\n');

  console.log(markdownTable(rows));
  console.log(notes(summary));
  console.log(`\nSummary: ${path.relative(ROOT, RESULTS)} (${summary.durationS} s)`);
}

process.on('SIGINT', () => process.exit(130)); // the driver's exit hook kills the servers
main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  for (const [file, text] of texts) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  if (texts.size) console.error(`documents written to ${path.dirname([...texts.keys()][0]!)}`);
  process.exitCode = 1;
});
