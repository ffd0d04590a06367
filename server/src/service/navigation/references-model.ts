/**
 * The reference model of a workspace: every target and reference of the index (see types.ts), how a
 * reference resolves with Istio semantics, and what the cursor is on.
 *
 * Resolution:
 * - subset: the subsets of the DestinationRules whose host matches the destination host most
 *   specifically (an exact host beats a wildcard, a longer wildcard beats a shorter one), by name;
 * - host: Services whose FQDN the host names (short names expanded against the referring resource's
 *   namespace) and ServiceEntry hosts overlapping it (wildcards on either side);
 * - gateway: the Gateway of the same API with that namespace and name;
 * - selector: workloads whose pod labels match, in the selector's namespace (or any namespace for
 *   Gateway selectors and policies in the root namespace).
 *
 * Extraction is memoised per resource (resources are reused while their document is unchanged).
 */
import { DEFAULT_MESH_CONFIG } from '../analysis/mesh-config';
import { hostMatches, hostsOverlap, resolveShortName } from '../mesh/hosts';
import { labelsMatch, workloads } from '../mesh/selectors';
import type { WorkspaceIndex } from '../workspace/index';
import { asString, get, type MeshResource } from '../workspace/resource';
import { extractReferences } from './extract-references';
import { extractTargets, ISTIO_NETWORKING } from './extract-targets';
import { containsOffset } from './spans';
import type { Hit, LabelSite, Reference, Site, SubsetReference, SubsetTarget, Target } from './types';

export type * from './types';

interface Extracted {
  rootNamespace: string;
  isWorkload: boolean;
  targets: Target[];
  references: Reference[];
}

const memo = new WeakMap<MeshResource, Extracted>();
const models = new WeakMap<
  WorkspaceIndex,
  { resources: readonly MeshResource[]; rootNamespace: string; model: ReferenceModel }
>();

function extract(resource: MeshResource, isWorkload: boolean, rootNamespace: string): Extracted {
  const cached = memo.get(resource);
  if (cached && cached.rootNamespace === rootNamespace && cached.isWorkload === isWorkload) return cached;
  const fresh: Extracted = {
    rootNamespace,
    isWorkload,
    targets: extractTargets(resource, isWorkload),
    references: extractReferences(resource, rootNamespace),
  };
  memo.set(resource, fresh);
  return fresh;
}

/** The target types each reference type can name. */
const NAMES: Record<Reference['type'], readonly Target['type'][]> = {
  subset: ['subset'],
  host: ['service', 'serviceEntry'],
  gateway: ['gateway'],
  selector: ['workload'],
};

export class ReferenceModel {
  private readonly resolved = new Map<Reference, Target[]>();
  private readonly subsetsByHost = new Map<string, SubsetTarget[]>();
  private readonly byType = new Map<Target['type'], Target[]>();
  private readonly drPatterns: ReadonlySet<string>;
  private readonly subsetsByPattern = new Map<string, SubsetTarget[]>();

  private constructor(
    readonly targets: readonly Target[],
    readonly references: readonly Reference[],
    /** The expanded hosts of all DestinationRules (also those without subsets: they shadow wildcards). */
    destinationRuleHosts: ReadonlySet<string>,
  ) {
    this.drPatterns = destinationRuleHosts;
    for (const t of targets) {
      const list = this.byType.get(t.type) ?? [];
      list.push(t);
      this.byType.set(t.type, list);
      if (t.type === 'subset') {
        const subsets = this.subsetsByPattern.get(t.host) ?? [];
        subsets.push(t);
        this.subsetsByPattern.set(t.host, subsets);
      }
    }
  }

  /** The model of everything in `index`. */
  static build(index: WorkspaceIndex, rootNamespace = DEFAULT_MESH_CONFIG.rootNamespace): ReferenceModel {
    // The index has no version: the model is reused while it holds the very same resource objects.
    const resources = index.all();
    const last = models.get(index);
    if (
      last?.rootNamespace === rootNamespace &&
      last.resources.length === resources.length &&
      last.resources.every((r, i) => r === resources[i])
    ) {
      return last.model;
    }
    const workloadSet = new Set(workloads(index).map((w) => w.resource));
    const targets: Target[] = [];
    const references: Reference[] = [];
    const destinationRuleHosts = new Set<string>();
    for (const resource of resources) {
      const extracted = extract(resource, workloadSet.has(resource), rootNamespace);
      targets.push(...extracted.targets);
      references.push(...extracted.references);
      if (resource.kind === 'DestinationRule' && resource.group === ISTIO_NETWORKING) {
        const host = asString(get(resource.value, 'spec', 'host'));
        if (host) destinationRuleHosts.add(resolveShortName(host, resource.namespace));
      }
    }
    const model = new ReferenceModel(targets, references, destinationRuleHosts);
    models.set(index, { resources, rootNamespace, model });
    return model;
  }

  /** The targets a reference names (empty when it is dangling). */
  resolve(ref: Reference): Target[] {
    let found = this.resolved.get(ref);
    if (!found) {
      found =
        ref.type === 'subset'
          ? this.subsetsFor(ref.host).filter((t) => t.name === ref.name)
          : NAMES[ref.type].flatMap((type) => this.byType.get(type) ?? []).filter((t) => this.names(ref, t));
      this.resolved.set(ref, found);
    }
    return found;
  }

  /** Every reference resolving to one of `targets`. */
  referencesTo(targets: readonly Target[]): Reference[] {
    const wanted = new Set(targets);
    const types = new Set(targets.map((t) => t.type));
    // A cheap necessary condition first: subset and gateway references must carry a wanted name.
    const names = new Set(targets.map((t) => (t.type === 'subset' || t.type === 'gateway' ? t.name : '')));
    return this.references.filter(
      (r) =>
        NAMES[r.type].some((type) => types.has(type)) &&
        ((r.type !== 'subset' && r.type !== 'gateway') || names.has(r.name)) &&
        this.resolve(r).some((t) => wanted.has(t)),
    );
  }

  /** References naming the same thing as `ref` (same kind and identity), for dangling references. */
  sameAs(ref: Reference): Reference[] {
    const key = identity(ref);
    return this.references.filter((r) => identity(r) === key);
  }

  /** The innermost target or reference at `offset` of `uri`. */
  at(uri: string, offset: number): Hit | undefined {
    const target = innermost(this.targets, uri, offset);
    const reference = innermost(this.references, uri, offset);
    if (reference && (!target || size(reference) < size(target))) {
      return { role: 'reference', site: reference, label: labelAt(reference, uri, offset) };
    }
    return target && { role: 'target', site: target, label: labelAt(target, uri, offset) };
  }

  /**
   * The subsets a destination to `host` can use: those of the DestinationRules with the most specific
   * matching host (Istio applies one DestinationRule per host).
   */
  subsetsFor(host: string): SubsetTarget[] {
    let found = this.subsetsByHost.get(host);
    if (!found) {
      let pattern: string | undefined = this.drPatterns.has(host) ? host : undefined;
      // Without an exact host, the longest matching wildcard wins (equal lengths are equal patterns).
      for (const p of pattern ? [] : this.drPatterns) {
        if (p.includes('*') && hostMatches(p, host) && p.length > (pattern?.length ?? -1)) pattern = p;
      }
      found = (pattern && this.subsetsByPattern.get(pattern)) || [];
      this.subsetsByHost.set(host, found);
    }
    return found;
  }

  private names(ref: Exclude<Reference, SubsetReference>, target: Target): boolean {
    switch (ref.type) {
      case 'host':
        if (target.type === 'service') return hostMatches(ref.host, target.host);
        return target.type === 'serviceEntry' && hostsOverlap(ref.host, target.host);
      case 'gateway':
        return (
          target.type === 'gateway' &&
          target.api === ref.api &&
          target.namespace === ref.namespace &&
          target.name === ref.name
        );
      case 'selector':
        return (
          target.type === 'workload' &&
          (ref.anyNamespace || target.resource.namespace === ref.resource.namespace) &&
          labelsMatch(ref.labels, target.labels)
        );
    }
  }
}

function size(site: Site): number {
  const area = site.area ?? site.span;
  return area.end - area.start;
}

function innermost<T extends Site>(sites: readonly T[], uri: string, offset: number): T | undefined {
  let best: T | undefined;
  for (const site of sites) {
    if (containsOffset(site.area ?? site.span, uri, offset) && (!best || size(site) < size(best)))
      best = site;
  }
  return best;
}

function labelAt(site: Site & { labelSites?: readonly LabelSite[] }, uri: string, offset: number) {
  return site.labelSites?.find((l) => containsOffset(l.span, uri, offset));
}

function identity(ref: Reference): string {
  switch (ref.type) {
    case 'subset':
      return `subset|${ref.host}|${ref.name}`;
    case 'host':
      return `host|${ref.host}`;
    case 'gateway':
      return `gateway|${ref.api}|${ref.namespace}/${ref.name}`;
    case 'selector': {
      const labels = Object.entries(ref.labels).sort(([a], [b]) => (a < b ? -1 : 1));
      const scope = ref.anyNamespace ? '*' : ref.resource.namespace;
      return `selector|${scope}|${JSON.stringify(labels)}`;
    }
  }
}
