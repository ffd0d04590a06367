/**
 * Rename across resources, for DestinationRule subsets and Gateways:
 * - a subset: its `- name:` in the DestinationRule and every destination `subset` resolving to it
 *   (only destinations whose host uses that DestinationRule);
 * - a Gateway (Istio or Gateway API): its metadata.name and every VirtualService `gateways` entry or
 *   parentRef naming it, keeping the form of each site (`name`, `ns/name`, `name.ns.svc.cluster.local`).
 * Edits replace exactly the name text: quotes and `ns/` prefixes stay as written.
 */
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { MeshTextDocument } from '../language-service';
import type { WorkspaceIndex } from '../workspace/index';
import { cursorContext, relatedReferences } from './cursor';
import { uniqueSpans } from './spans';
import type { GatewayReference, GatewayTarget, Hit, SubsetReference, SubsetTarget } from './types';

/** A rename the user asked for that cannot be done (invalid name, unrenameable site): show its message. */
export class RenameError extends Error {}

type Renameable = SubsetTarget | SubsetReference | GatewayTarget | GatewayReference;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The name under the cursor and its range, when it is a subset or gateway name; else null. */
export function prepareRename(
  index: WorkspaceIndex,
  doc: MeshTextDocument,
  position: Position,
): { range: Range; placeholder: string } | null {
  const { hit, positions } = cursorContext(index, doc, position);
  const site = renameable(hit);
  const range = site?.nameSpan && positions.range(site.nameSpan);
  return site && range ? { range, placeholder: site.name } : null;
}

/**
 * The edits renaming the subset or gateway under the cursor to `newName`; null when the cursor is on
 * nothing renameable. Throws RenameError for an invalid name or a site whose text cannot be edited.
 */
export function rename(
  index: WorkspaceIndex,
  doc: MeshTextDocument,
  position: Position,
  newName: string,
): WorkspaceEdit | null {
  const { model, hit, positions } = cursorContext(index, doc, position);
  const site = renameable(hit);
  if (!hit || !site) return null;
  const { targets, refs } = relatedReferences(model, hit);
  // Subsets of several DestinationRules for one host all serve its destinations: rename them together.
  const all = new Set([...targets, ...refs.flatMap((r) => model.resolve(r))]);
  const sites = [...all, ...refs] as Renameable[];
  checkName(site, newName, sites);
  const spans = sites.map((s) => {
    if (!s.nameSpan)
      throw new RenameError(
        `Cannot rename '${s.name}' in ${s.resource.kind} ${s.resource.name}: its text is escaped.`,
      );
    return s.nameSpan;
  });
  const changes: Record<string, TextEdit[]> = {};
  for (const span of uniqueSpans(spans)) {
    const range = positions.range(span);
    if (range) (changes[span.uri] ??= []).push({ range, newText: newName });
  }
  return { changes };
}

function renameable(hit: Hit | undefined): Renameable | undefined {
  const site = hit?.site;
  return site && (site.type === 'subset' || site.type === 'gateway') ? site : undefined;
}

function checkName(site: Renameable, newName: string, sites: readonly Renameable[]): void {
  if (site.type === 'subset') {
    if (!DNS_LABEL.test(newName)) {
      throw new RenameError(
        `'${newName}' is not a valid subset name (a DNS-1123 label: lowercase letters, digits, '-').`,
      );
    }
    return;
  }
  if (!DNS_SUBDOMAIN.test(newName)) {
    throw new RenameError(`'${newName}' is not a valid Gateway name (a DNS-1123 subdomain).`);
  }
  const shortForm = sites.some(
    (s) => s.type === 'gateway' && 'raw' in s && s.api === 'istio' && !/[/.]/.test(s.raw),
  );
  if (newName.includes('.') && shortForm) {
    throw new RenameError(
      `'${newName}' contains a dot: VirtualServices naming the gateway without 'namespace/' would read it as a host.`,
    );
  }
}
