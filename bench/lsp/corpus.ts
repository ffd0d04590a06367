/**
 * Deterministic benchmark corpus: one multi-document YAML file of mesh resources, grown app by app
 * until it reaches the requested line count. A small seeded share of resources carries one realistic
 * mistake; where each landed (line) is recorded so the run can check which ones each server reports.
 */
import { isMap, isScalar, parseDocument, stringify, type Node } from 'yaml';
import {
  authorizationPolicy,
  deployment,
  destinationRule,
  envoyFilter,
  gateway,
  newApp,
  peerAuthentication,
  requestAuthentication,
  service,
  serviceEntry,
  sidecar,
  telemetry,
  virtualService,
  type AppContext,
  type Built,
  type MistakeOption,
  type Obj,
} from './corpus-resources';
import { createRng, type Rng } from '../../test/helpers/prng';

export interface CorpusOptions {
  targetLines: number;
  seed: number;
  /** Share of resources that get one mistake. */
  mistakeRate: number;
  /** Every app gets every kind (the warm-up file, so all schemas/validators are loaded). */
  allKinds?: boolean;
  /** Share of map keys preceded by an indented blank line (a cursor spot "under a map"). */
  blankLineRate?: number;
  /** Appended to every namespace (a workspace of many teams, each with namespaces of its own). */
  namespaceSuffix?: string;
}

export interface SeededMistake {
  type: MistakeOption['type'];
  kind: string;
  /** 0-based line of the offending key or value. */
  line: number;
  description: string;
}

export interface Corpus {
  text: string;
  lineCount: number;
  resources: number;
  kinds: Record<string, number>;
  mistakes: SeededMistake[];
}

const APPS = (
  'reviews ratings details productpage cart checkout payments inventory shipping catalog search auth ' +
  'users orders notifications frontend recommendations ads currency email billing ledger profile media'
).split(' ');
const NAMESPACES = ['bookinfo', 'shop', 'payments', 'platform', 'edge', 'data', 'identity'];
const TEAMS = ['storefront', 'payments', 'platform', 'growth', 'identity'];

/** Builders for the optional kinds of an app, with how often an app has one. */
const OPTIONAL: [number, (c: AppContext) => Built][] = [
  [0.7, authorizationPolicy],
  [0.35, peerAuthentication],
  [0.3, sidecar],
  [0.3, serviceEntry],
  [0.2, requestAuthentication],
  [0.2, telemetry],
  [0.12, envoyFilter],
];
const EXPOSED_SHARE = 0.15;

export function generateCorpus(options: CorpusOptions): Corpus {
  const rng = createRng(options.seed);
  const parts: string[] = [];
  const kinds: Record<string, number> = {};
  const mistakes: SeededMistake[] = [];
  let line = 0;
  let resources = 0;
  for (let serial = 0; line < options.targetLines; serial++) {
    const app =
      APPS[serial % APPS.length]! + (serial >= APPS.length ? `-${Math.floor(serial / APPS.length)}` : '');
    const exposed = options.allKinds === true || rng.chance(EXPOSED_SHARE);
    const namespace = rng.pick(NAMESPACES) + (options.namespaceSuffix ?? '');
    const context = newApp(rng, app, namespace, rng.pick(TEAMS), exposed);
    const built = [
      ...context.versions.map((version) => deployment(context, version)),
      service(context),
      destinationRule(context),
      virtualService(context),
    ];
    if (exposed) built.push(gateway(context));
    for (const [p, build] of OPTIONAL) if (options.allKinds || rng.chance(p)) built.push(build(context));
    // Real repositories mix both sequence styles (kubectl writes `- ` at the key's column).
    const indentSeq = rng.chance(0.7);
    parts.push(`# ${app}: owned by team ${context.team}\n`);
    line += 1;
    for (const resource of built) {
      const mistake =
        rng.chance(options.mistakeRate) && resource.mistakes.length ? rng.pick(resource.mistakes) : undefined;
      if (mistake) applyMistake(resource.obj, mistake);
      let text = stringify(resource.obj, { lineWidth: 0, indentSeq });
      text = addBlankLines(text, rng, options.blankLineRate ?? 0.01);
      const doc = `---\n${text}`;
      if (mistake) {
        const at = locate(text, mistake);
        mistakes.push({
          type: mistake.type,
          kind: resource.kind,
          line: line + 1 + at,
          description: `${mistake.path.join('.')} -> ${String(mistake.replacement)}`,
        });
      }
      parts.push(doc);
      line += countLines(doc);
      kinds[resource.kind] = (kinds[resource.kind] ?? 0) + 1;
      resources++;
    }
  }
  const text = parts.join('');
  return { text, lineCount: countLines(text), resources, kinds, mistakes };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function applyMistake(obj: Obj, mistake: MistakeOption): void {
  const parent = mistake.path.slice(0, -1).reduce<unknown>((o, k) => (o as Obj)[k], obj) as Obj;
  const last = mistake.path[mistake.path.length - 1]!;
  if (mistake.type !== 'typo-key') {
    parent[last] = mistake.replacement;
    return;
  }
  // Rename in place: key order is part of how the YAML looks.
  const entries = Object.entries(parent).map(([k, v]) => [k === last ? String(mistake.replacement) : k, v]);
  for (const k of Object.keys(parent)) delete parent[k];
  Object.assign(parent, Object.fromEntries(entries));
}

/** 0-based line, within `text`, of the key (typo) or value (others) the mistake changed. */
function locate(text: string, mistake: MistakeOption): number {
  const doc = parseDocument(text);
  let node: Node | null | undefined;
  if (mistake.type === 'typo-key') {
    const parent = doc.getIn(mistake.path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === mistake.replacement);
      node = pair?.key as Node | undefined;
    }
  } else {
    node = doc.getIn(mistake.path, true) as Node | undefined;
  }
  if (!node?.range) throw new Error(`corpus: cannot locate mistake ${mistake.path.join('.')}`);
  return countLines(text.slice(0, node.range[0]));
}

/**
 * Inserts whitespace-only lines indented like the next key, inside maps: that is what an editor leaves
 * after Enter under `trafficPolicy:`, and where completion of a new key is asked for.
 */
function addBlankLines(text: string, rng: Rng, rate: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const current = lines[i]!;
    const next = lines[i + 1];
    const indent = (s: string) => s.length - s.trimStart().length;
    if (
      next !== undefined &&
      /:$/.test(current) &&
      indent(next) > indent(current) &&
      /^\s*[A-Za-z]/.test(next) &&
      rng.chance(rate)
    ) {
      out.push(current, ' '.repeat(indent(next)));
      continue;
    }
    out.push(current);
  }
  return out.join('\n');
}
