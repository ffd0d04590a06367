/**
 * Kubernetes label selectors: the string form (`app=web,tier!=db,env in (a,b),!legacy,canary`) and the
 * object form (`matchLabels` + `matchExpressions`) as one list of requirements, and matching labels
 * against them. An empty selector matches everything, like the API server's.
 */

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** The object form found in Deployments, StatefulSets, DaemonSets (spec.selector). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Requirements of a string selector; throws an Error naming the bad term. */
export function parseLabelSelector(text: string): Requirement[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map(parseTerm);
}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?|`;

function parseTerm(term: string): Requirement {
  let m = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(term);
  if (m) {
    const values = m[4]!.split(',').map((v) => v.trim());
    return { key: m[1]!, operator: m[3] === 'in' ? 'In' : 'NotIn', values };
  }
  m = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`).exec(term);
  if (m) return { key: m[1]!, operator: m[3] === '!=' ? 'NotIn' : 'In', values: [m[4]!] };
  m = new RegExp(`^(!?)\\s*(${KEY})$`).exec(term);
  if (m) return { key: m[2]!, operator: m[1] ? 'DoesNotExist' : 'Exists', values: [] };
  throw new Error(`invalid label selector term "${term}"`);
}

/** Requirements of an object selector (unknown operators match nothing). */
export function selectorRequirements(selector: LabelSelectorObject | Record<string, string>): Requirement[] {
  const obj = selector as LabelSelectorObject;
  if (!('matchLabels' in obj) && !('matchExpressions' in obj)) {
    // a Service's spec.selector: a plain map
    return Object.entries(selector as Record<string, string>).map(([key, v]) => ({
      key,
      operator: 'In',
      values: [v],
    }));
  }
  const reqs: Requirement[] = Object.entries(obj.matchLabels ?? {}).map(([key, v]) => ({
    key,
    operator: 'In',
    values: [v],
  }));
  for (const e of obj.matchExpressions ?? []) {
    const operator = (['In', 'NotIn', 'Exists', 'DoesNotExist'] as const).find((o) => o === e.operator);
    reqs.push({ key: e.key, operator: operator ?? 'In', values: operator ? (e.values ?? []) : [] });
  }
  return reqs;
}

/** True when the labels satisfy every requirement. */
export function matchesLabels(
  reqs: readonly Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.operator) {
      case 'In':
        return has && r.values.includes(l[r.key]!);
      case 'NotIn':
        return !has || !r.values.includes(l[r.key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}
