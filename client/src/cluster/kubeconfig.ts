/**
 * Finding and loading the kubeconfig the way kubectl does: the `meshwright.kubeconfig` setting when set,
 * else every existing file of KUBECONFIG (merged, first file's current context wins), else ~/.kube/config.
 * A Meshwright-only context override never rewrites the user's files. No vscode import.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { loadClientNode, type KubeConfig } from './client-node-request';

export interface KubeconfigSources {
  /** the `meshwright.kubeconfig` setting (empty: not set) */
  setting?: string;
  /** process.env.KUBECONFIG */
  env?: string;
  home?: string;
}

/** The files to load, in merge order, and where they came from (for messages). */
export function kubeconfigFiles(src: KubeconfigSources): {
  files: string[];
  origin: string;
  missing: string[];
} {
  if (src.setting) {
    const exists = existsSync(src.setting);
    return {
      files: exists ? [src.setting] : [],
      origin: 'the meshwright.kubeconfig setting',
      missing: exists ? [] : [src.setting],
    };
  }
  if (src.env) {
    const all = src.env.split(delimiter).filter(Boolean);
    return {
      files: all.filter((f) => existsSync(f)),
      origin: 'KUBECONFIG',
      missing: all.filter((f) => !existsSync(f)),
    };
  }
  const file = join(src.home ?? homedir(), '.kube', 'config');
  return existsSync(file)
    ? { files: [file], origin: '~/.kube/config', missing: [] }
    : { files: [], origin: '~/.kube/config', missing: [file] };
}

export type LoadedKubeconfig =
  | { ok: true; kc: KubeConfig; files: string[]; contexts: string[]; context: string; namespace: string }
  | { ok: false; reason: 'missing' | 'invalid' | 'no-context'; message: string };

/**
 * Loads the kubeconfig and selects `contextOverride` when it names an existing context (else the file's
 * current context). The namespace is `namespaceFor(context)` (the user's pick), else the context's, else
 * `default`.
 */
export async function loadKubeconfig(
  src: KubeconfigSources,
  contextOverride?: string,
  namespaceFor?: (context: string) => string | undefined,
): Promise<LoadedKubeconfig> {
  const { files, origin, missing } = kubeconfigFiles(src);
  if (!files.length) {
    return {
      ok: false,
      reason: 'missing',
      message: `No kubeconfig found (${origin}${missing.length ? `: ${missing.join(', ')} does not exist` : ''}).`,
    };
  }
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  try {
    kc.loadFromFile(files[0]!);
    for (const file of files.slice(1)) {
      const more = new k8s.KubeConfig();
      more.loadFromFile(file);
      mergeFirstWins(kc, more);
    }
  } catch (err) {
    return {
      ok: false,
      reason: 'invalid',
      message: `The kubeconfig ${files.join(', ')} cannot be read: ${String((err as Error).message ?? err)}`,
    };
  }
  const contexts = kc.getContexts().map((c) => c.name);
  if (contextOverride && contexts.includes(contextOverride)) kc.setCurrentContext(contextOverride);
  const context = kc.getCurrentContext();
  if (!context || !kc.getContextObject(context)) {
    return {
      ok: false,
      reason: 'no-context',
      message: contexts.length
        ? `The kubeconfig (${files.join(', ')}) sets no current context; pick one of: ${contexts.join(', ')}.`
        : `The kubeconfig (${files.join(', ')}) defines no context.`,
    };
  }
  const namespace = namespaceFor?.(context) || kc.getContextObject(context)?.namespace || 'default';
  return { ok: true, kc, files, contexts, context, namespace };
}

/** kubectl's merge: the first file defining a name (or the current context) wins; duplicates are skipped. */
function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  const has = (list: { name: string }[], name: string) => list.some((x) => x.name === name);
  for (const c of from.getClusters()) if (!has(into.getClusters(), c.name)) into.addCluster(c);
  for (const u of from.getUsers()) if (!has(into.getUsers(), u.name)) into.addUser(u);
  for (const c of from.getContexts()) if (!has(into.getContexts(), c.name)) into.addContext(c);
  if (!into.getCurrentContext() && from.getCurrentContext()) into.setCurrentContext(from.getCurrentContext());
}
