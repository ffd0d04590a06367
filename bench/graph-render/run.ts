/**
 * `npm run bench:graph-render`: layout + first paint of the service-graph webview in headless Chromium
 * for a synthetic 1,000-node / 3,000-edge mesh. Ours (ELK layered, per namespace) against cytoscape's
 * built-in layouts in the same run (breadthfirst, grid, cose), each on a fresh page, median of runs;
 * plus an in-place refresh (same nodes, new rates: no layout). Needs `npm run build` first.
 * Writes bench/results/graph-render-latest.json; with GRAPH_SCREENSHOT=file.png, also a screenshot of
 * the first layered render (taken after the measurements).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { harnessUrl, openWebview, renderGraph, ROOT } from './harness';
import { syntheticGraph, withNewRates } from './synthetic';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];
const NODES = Number(process.env.GRAPH_NODES ?? 1000);
const EDGES = Number(process.env.GRAPH_EDGES ?? 3000);
const RUNS = Number(process.env.GRAPH_RUNS ?? 3);
const SCREENSHOT = process.env.GRAPH_SCREENSHOT;
const TARGET_MS = 2000;
const LAYOUTS = ['layered', 'breadthfirst', 'grid', 'cose'] as const;

interface Measure {
  layoutMs: number;
  totalMs: number;
  wallMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const graph = syntheticGraph(NODES, EDGES);
  const url = harnessUrl();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const results: Record<string, Measure & { runs: Measure[] }> = {};
  let refresh: Measure | undefined;
  try {
    for (const layout of LAYOUTS) {
      const runs: Measure[] = [];
      for (let run = 0; run < RUNS; run++) {
        const page = await openWebview(browser, url, { layout });
        const { layoutMs, totalMs, wallMs } = await renderGraph(page, graph);
        runs.push({ layoutMs, totalMs, wallMs });
        if (layout === 'layered' && run === 0) {
          const again = await renderGraph(page, withNewRates(graph, 1.5));
          if (again.relayout) throw new Error('an in-place refresh re-ran the layout');
          refresh = { layoutMs: again.layoutMs, totalMs: again.totalMs, wallMs: again.wallMs };
          if (SCREENSHOT) await page.screenshot({ path: path.resolve(SCREENSHOT) });
        }
        await page.close();
      }
      results[layout] = {
        layoutMs: median(runs.map((r) => r.layoutMs)),
        totalMs: median(runs.map((r) => r.totalMs)),
        wallMs: median(runs.map((r) => r.wallMs)),
        runs,
      };
      console.error(`${layout}: ${JSON.stringify(results[layout])}`);
    }
  } finally {
    await browser.close();
  }
  const ours = results.layered;
  const summary = {
    date: new Date().toISOString(),
    chromium: CHROMIUM,
    /** other work on the machine skews wall times: cores and 1-minute load average before / after */
    machine: { cpus: os.cpus().length, loadBefore, loadAfter: os.loadavg()[0] },
    graph: { nodes: graph.nodes.length, edges: graph.edges.length, namespaces: graph.namespaces.length },
    runs: RUNS,
    targetMs: TARGET_MS,
    targetMet: ours.wallMs < TARGET_MS,
    layouts: results,
    /** peer wall time / ours (> 1: ours is faster) */
    ratios: Object.fromEntries(
      LAYOUTS.filter((l) => l !== 'layered').map((l) => [
        l,
        Math.round((results[l].wallMs / ours.wallMs) * 100) / 100,
      ]),
    ),
    refreshInPlace: refresh,
  };
  console.log(
    `| layout | layout ms | layout + first paint ms (wall) | vs layered |\n| --- | --- | --- | --- |`,
  );
  for (const l of LAYOUTS) {
    const r = results[l];
    const ratio = l === 'layered' ? '1' : `${summary.ratios[l]}×`;
    console.log(`| ${l}${l === 'layered' ? ' (ours, ELK)' : ''} | ${r.layoutMs} | ${r.wallMs} | ${ratio} |`);
  }
  console.log(`| in-place refresh (no layout) | ${refresh?.layoutMs} | ${refresh?.wallMs} | |`);
  console.log(
    `\n${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `${graph.nodes.length} nodes / ${graph.edges.length} edges: layered layout + first paint ${ours.wallMs} ms (target < ${TARGET_MS} ms: ${summary.targetMet ? 'met' : 'missed'})`,
  );
  const out = path.join(ROOT, 'bench/results/graph-render-latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
