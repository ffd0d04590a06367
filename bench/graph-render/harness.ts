/**
 * Loads the built webview bundle (dist/graph-webview.js + .css) in headless Chromium the way the panel
 * does (same body), with a stand-in for VS Code's `acquireVsCodeApi` that records the posted messages.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { ServiceGraph } from '../../client/src/graph/graph-types';
import type { HostMessage, RenderStats } from '../../client/src/graph/webview-protocol';

export const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = ['dist/graph-webview.js', 'dist/graph-webview.css'];

/** Writes the page next to nothing of the repo (a temp folder) and returns its URL. */
export function harnessUrl(): string {
  for (const file of BUNDLE) {
    if (!fs.existsSync(path.join(ROOT, file)))
      throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const asset = (name: string) => pathToFileURL(path.join(ROOT, 'dist', name)).href;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<link rel="stylesheet" href="${asset('graph-webview.css')}"></head><body>
<div id="toolbar" role="toolbar"></div><div id="main"><div id="notices" hidden></div><div id="graph"></div>
<nav id="node-list"></nav><div id="legend"></div><aside id="details" hidden></aside></div>
<script src="${asset('graph-webview.js')}"></script></body></html>`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-render-'));
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  return pathToFileURL(path.join(dir, 'index.html')).href;
}

/** What the harness page holds (the bench compiles without the DOM lib: evaluated code reaches the
 * page's globals through this type). */
interface PageGlobals {
  __posted: { type: string; stats?: RenderStats }[];
  postMessage(message: unknown, targetOrigin: string): void;
}

/** A page with the webview loaded and ready (it posted `ready`); `state` is its saved vscode state. */
export async function openWebview(
  browser: Browser,
  url: string,
  state: unknown,
  viewport = { width: 1400, height: 900 },
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  // A script string, not a function: tsx's name helpers (`__name`) do not exist in the page.
  await page.addInitScript({
    content: `window.__name = (f) => f;
      window.__posted = [];
      window.__initialState = ${JSON.stringify(state ?? null)};
      let saved = window.__initialState;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        getState: () => saved,
        setState: (s) => (saved = s),
      });`,
  });
  await page.goto(url);
  await page.waitForFunction(() =>
    (globalThis as unknown as PageGlobals).__posted.some((m) => m.type === 'ready'),
  );
  return page;
}

/** Post a host message to the webview. */
export async function send(page: Page, message: HostMessage): Promise<void> {
  await page.evaluate((m) => (globalThis as unknown as PageGlobals).postMessage(m, '*'), message);
}

/**
 * Post `graph` and wait for the webview's `rendered` report; returns its stats plus the wall time seen
 * from outside (postMessage to the report, i.e. layout + the first painted frame).
 */
export async function renderGraph(
  page: Page,
  graph: ServiceGraph,
  timeoutMs = 120_000,
): Promise<RenderStats & { wallMs: number }> {
  return page.evaluate(
    ({ g, timeout }) =>
      new Promise<RenderStats & { wallMs: number }>((resolve, reject) => {
        const w = globalThis as unknown as PageGlobals;
        const before = w.__posted.length;
        const started = performance.now();
        const timer = setTimeout(() => reject(new Error(`no render report within ${timeout} ms`)), timeout);
        const poll = () => {
          const report = w.__posted.slice(before).find((m) => m.type === 'rendered');
          if (report?.stats) {
            clearTimeout(timer);
            resolve({ ...report.stats, wallMs: Math.round(performance.now() - started) });
          } else setTimeout(poll, 5);
        };
        w.postMessage({ type: 'graph', graph: g }, '*');
        poll();
      }),
    { g: graph, timeout: timeoutMs },
  );
}
