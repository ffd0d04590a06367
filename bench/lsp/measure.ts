/**
 * One benchmark session: a fresh server process, a warm-up document, then the corpus opened, edited
 * and probed, and finally the process's peak memory. Each session gets its own process so peak RSS
 * belongs to one corpus size.
 */
import type { Diagnostic, Position } from 'vscode-languageserver-protocol';
import type { Corpus, SeededMistake } from './corpus';
import { LspClient } from './lsp-driver';
import type { Probe } from './positions';
import type { BenchServer } from './servers';
import { median, percentile } from './stats';

export interface SessionPlan {
  /** null: no workspace (see run.ts). */
  rootUri: string | null;
  warmup: { uri: string; corpus: Corpus; probes: Probe[] };
  uri: string;
  corpus: Corpus;
  completion: Probe[];
  hover: Probe[];
  editAt: Position;
  edits: number;
  /** didOpen measurements: the corpus itself, then re-opens of its text under fresh URIs. */
  opens: number;
  /** Deadline of any single wait (diagnostics, request). */
  timeoutMs: number;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface SessionResult {
  server: string;
  version: string;
  /** didOpen → first diagnostics of the very first open in the process. */
  firstDiagnosticsMs: number;
  /** All opens (the first, then the re-opens) and their median. */
  openMs: number[];
  openMedianMs: number;
  /** didOpen → the last publish of the burst an open causes (schema and mesh analysis). */
  openCompleteMs: number[];
  openCompleteMedianMs: number;
  /** Diagnostics of the first publish after didOpen, and once the burst is complete. */
  firstPublishDiagnostics: number;
  diagnostics: number;
  /** Distinct `source` of the diagnostics (yaml-language-server names the schema it used). */
  sources: string[];
  mistakesFound: number;
  /** Diagnostics on lines without a seeded mistake (false positives or follow-on reports). */
  otherDiagnostics: number;
  otherSamples: string[];
  missedMistakes: string[];
  revalidationMs: number[];
  revalidationMedianMs: number;
  completion: LatencySummary & { nonEmpty: number };
  hover: LatencySummary & { nonEmpty: number };
  peakRssMb: number;
  serverLog: string[];
  /** Publishes whose diagnostic count differs from the first one although the text is equivalent. */
  anomalies: string[];
}

export async function runSession(server: BenchServer, plan: SessionPlan): Promise<SessionResult> {
  const client = await LspClient.start(server, plan.rootUri, plan.timeoutMs);
  try {
    return await measure(client, server, plan);
  } finally {
    await client.stop();
  }
}

async function measure(client: LspClient, server: BenchServer, plan: SessionPlan): Promise<SessionResult> {
  const { timeoutMs } = plan;
  if (server.configurationPulls) {
    await client.waitForConfigurationPulls(server.configurationPulls, timeoutMs);
    // The pulled settings are applied asynchronously after our answer; let that settle.
    await sleep(100);
  }

  // Warm-up: loads schemas/validators and JITs the request paths, on a different URI.
  const warmStart = performance.now();
  await client.open(plan.warmup.uri, plan.warmup.corpus.text);
  const warm = await client.waitForDiagnostics(plan.warmup.uri, warmStart, 1, timeoutMs);
  if (!warm.diagnostics.length) {
    throw new Error(`${server.name}: no diagnostics on the warm-up file (schema not in effect?)`);
  }
  for (const probe of plan.warmup.probes) {
    await client.completion(plan.warmup.uri, probe.position, timeoutMs);
    await client.hover(plan.warmup.uri, probe.position, timeoutMs);
  }
  await client.close(plan.warmup.uri);
  await settle(client, server, timeoutMs);

  // Full validation: didOpen → first publishDiagnostics for the URI.
  const openStart = performance.now();
  await client.open(plan.uri, plan.corpus.text);
  const published = await client.waitForDiagnostics(plan.uri, openStart, 1, timeoutMs);
  const firstDiagnosticsMs = published.at - openStart;
  const quietMs = (server.debounce.changeMs ?? 200) + 300;
  const first = await client.settledDiagnostics(plan.uri, published, 1, quietMs);
  const openCompleteMs = [first.at - openStart];
  if (!first.diagnostics.length) throw new Error(`${server.name}: no diagnostics for the corpus`);
  const check = checkMistakes(first.diagnostics, plan.corpus.mistakes);
  // Every seeded mistake is a schema error: finding none means the schema was not applied.
  if (!check.mistakesFound) throw new Error(`${server.name}: reported none of the seeded schema mistakes`);

  // Re-validation: a one-character edit in the middle (insert, then delete it again; see editSite),
  // each time from didChange to the diagnostics of that version. Only one validation is ever in
  // flight, which is what makes an unversioned publish (yaml-language-server) unambiguous.
  const revalidationMs: number[] = [];
  const anomalies: string[] = [];
  // Each insert adds exactly one problem (an invalid enum value), each delete removes it again, and
  // re-opens repeat the text: any other count is worth a look.
  const expect = (what: string, count: number, expected = first.diagnostics.length) => {
    if (count !== expected) anomalies.push(`${what}: ${count} diagnostics instead of ${expected}`);
  };
  const { line, character } = plan.editAt;
  for (let i = 0; i < plan.edits; i++) {
    const version = i + 2;
    const insert = i % 2 === 0;
    const range = insert
      ? { start: { line, character }, end: { line, character } }
      : { start: { line, character }, end: { line, character: character + 1 } };
    const start = performance.now();
    await client.change(plan.uri, version, range, insert ? 'x' : '');
    const edited = await client.waitForDiagnostics(plan.uri, start, version, timeoutMs);
    revalidationMs.push(edited.at - start);
    expect(`edit ${i + 1}`, edited.diagnostics.length, first.diagnostics.length + (insert ? 1 : 0));
  }
  if (plan.edits % 2 === 1) {
    // Leave the document as generated, so the probes below see the corpus text.
    const version = plan.edits + 2;
    const start = performance.now();
    await client.change(
      plan.uri,
      version,
      { start: plan.editAt, end: { line, character: character + 1 } },
      '',
    );
    await client.waitForDiagnostics(plan.uri, start, version, timeoutMs);
  }

  const completion = await probeAll(
    plan.completion,
    (p) => client.completion(plan.uri, p, timeoutMs),
    (r) => r.items > 0,
  );
  const hover = await probeAll(
    plan.hover,
    (p) => client.hover(plan.uri, p, timeoutMs),
    (r) => r.found,
  );

  // Read before the re-opens: yaml-language-server never drops the parse of a closed document
  // (YamlDocuments cache in parser/yaml-documents.js), so they would inflate its peak.
  const peakRssKb = client.peakRssKb();

  // More full validations, so one noisy sample does not decide the row: the same text under new
  // URIs (a new URI shares no cached parse in either server), one document open at a time.
  const openMs = [firstDiagnosticsMs];
  await client.close(plan.uri);
  await settle(client, server, timeoutMs);
  for (let i = 1; i < plan.opens; i++) {
    const uri = plan.uri.replace(/\.yaml$/, `-reopen-${i}.yaml`);
    const start = performance.now();
    await client.open(uri, plan.corpus.text);
    const reopened = await client.waitForDiagnostics(uri, start, 1, timeoutMs);
    openMs.push(reopened.at - start);
    const complete = await client.settledDiagnostics(uri, reopened, 1, quietMs);
    openCompleteMs.push(complete.at - start);
    expect(`re-open ${i}`, complete.diagnostics.length);
    await client.close(uri);
    await settle(client, server, timeoutMs);
  }

  return {
    server: server.name,
    version: client.serverInfo?.version ?? 'unknown',
    firstDiagnosticsMs: round(firstDiagnosticsMs),
    openMs: openMs.map(round),
    openMedianMs: round(median(openMs)),
    openCompleteMs: openCompleteMs.map(round),
    openCompleteMedianMs: round(median(openCompleteMs)),
    firstPublishDiagnostics: published.diagnostics.length,
    diagnostics: first.diagnostics.length,
    sources: [...new Set(first.diagnostics.map((d) => d.source ?? ''))],
    ...check,
    revalidationMs: revalidationMs.map(round),
    revalidationMedianMs: round(median(revalidationMs)),
    completion,
    hover,
    peakRssMb: round(peakRssKb / 1024),
    serverLog: client.log.slice(0, 20),
    anomalies,
  };
}

async function probeAll<R extends { ms: number }>(
  probes: Probe[],
  request: (position: Position) => Promise<R>,
  nonEmpty: (result: R) => boolean,
): Promise<LatencySummary & { nonEmpty: number }> {
  const samples: number[] = [];
  let hits = 0;
  // Sequential on purpose: one request at a time is request-to-response latency, not throughput.
  for (const probe of probes) {
    const result = await request(probe.position);
    samples.push(result.ms);
    if (nonEmpty(result)) hits++;
  }
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    max: round(Math.max(...samples)),
    nonEmpty: hits,
  };
}

function checkMistakes(diagnostics: Diagnostic[], mistakes: SeededMistake[]) {
  const covers = (d: Diagnostic, line: number) => d.range.start.line <= line && line <= d.range.end.line;
  const found = mistakes.filter((m) => diagnostics.some((d) => covers(d, m.line)));
  const other = diagnostics.filter((d) => !mistakes.some((m) => covers(d, m.line)));
  return {
    mistakesFound: found.length,
    missedMistakes: mistakes
      .filter((m) => !found.includes(m))
      .slice(0, 5)
      .map((m) => `line ${m.line + 1}: ${m.kind} ${m.description}`),
    otherDiagnostics: other.length,
    otherSamples: other
      .slice(0, 5)
      .map((d) => `line ${d.range.start.line + 1}: ${messageText(d).split('\n')[0]}`),
  };
}

/**
 * Lets the work a close triggers finish before the next measurement: meshwright re-analyzes after
 * its debounce. A request answered after that delay was queued behind that work.
 */
async function settle(client: LspClient, server: BenchServer, timeoutMs: number): Promise<void> {
  await sleep((server.debounce.changeMs ?? 200) + 100);
  await client.hover('file:///meshwright-bench/not-open.yaml', { line: 0, character: 0 }, timeoutMs);
}

const messageText = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const round = (ms: number) => Math.round(ms * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
