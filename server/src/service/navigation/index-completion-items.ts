/** Completion items for hosts, subsets and ports, built from the reference model. */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import { fullNameFromFqdn, hostsOverlap } from '../mesh/hosts';
import { asArray, asLabels, asRecord, asString, get } from '../workspace/resource';
import type { ReferenceModel } from './references-model';
import { describeLabels, describePorts } from './describe';

/** Services (short name in `namespace`, FQDN elsewhere) and concrete ServiceEntry hosts. */
export function hostItems(model: ReferenceModel, namespace: string, range: Range): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  for (const t of model.targets) {
    if (t.type === 'service') {
      const { name } = fullNameFromFqdn(t.host);
      const local = t.resource.namespace === namespace;
      const label = local ? name : t.host;
      if (items.has(label)) continue;
      const selector = asLabels(get(t.resource.value, 'spec', 'selector'));
      items.set(label, {
        label,
        kind: CompletionItemKind.Reference,
        detail: `Service ${t.resource.namespace}/${name}`,
        documentation: {
          kind: MarkupKind.Markdown,
          value: [`Ports: ${describePorts(t.resource)}`, `Selector: ${describeLabels(selector)}`].join(
            '\n\n',
          ),
        },
        sortText: `${local ? 0 : 1}${label}`,
        textEdit: { range, newText: label },
      });
    } else if (t.type === 'serviceEntry' && !t.host.includes('*') && !items.has(t.host)) {
      items.set(t.host, {
        label: t.host,
        kind: CompletionItemKind.Reference,
        detail: `ServiceEntry ${t.resource.namespace}/${t.resource.name}`,
        documentation: { kind: MarkupKind.Markdown, value: `Ports: ${describePorts(t.resource)}` },
        sortText: `2${t.host}`,
        textEdit: { range, newText: t.host },
      });
    }
  }
  return [...items.values()];
}

/** The subsets of the DestinationRule applying to `host` (expanded). */
export function subsetItems(model: ReferenceModel, host: string, range: Range): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  for (const t of model.subsetsFor(host)) {
    if (items.has(t.name)) continue;
    items.set(t.name, {
      label: t.name,
      kind: CompletionItemKind.Reference,
      detail: `subset of DestinationRule ${t.resource.namespace}/${t.resource.name}`,
      documentation: { kind: MarkupKind.Markdown, value: `Labels: ${describeLabels(t.labels)}` },
      textEdit: { range, newText: t.name },
    });
  }
  return [...items.values()];
}

/** The ports of the Services and ServiceEntries `host` (expanded) names. */
export function portItems(model: ReferenceModel, host: string, range: Range): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  for (const t of model.targets) {
    const isService = t.type === 'service' && t.host === host;
    const isEntry = t.type === 'serviceEntry' && hostsOverlap(t.host, host);
    if (!isService && !isEntry) continue;
    for (const p of asArray(get(t.resource.value, 'spec', 'ports'))) {
      const port = asRecord(p);
      const number = isService ? port.port : port.number;
      if (typeof number !== 'number' || items.has(String(number))) continue;
      const name = asString(port.name);
      const protocol = asString(port.protocol) ?? (isService ? 'TCP' : undefined);
      items.set(String(number), {
        label: String(number),
        kind: CompletionItemKind.Value,
        detail: [name, protocol].filter(Boolean).join(' · ') || undefined,
        documentation: `${t.resource.kind} ${t.resource.namespace}/${t.resource.name}`,
        textEdit: { range, newText: String(number) },
      });
    }
  }
  return [...items.values()];
}
