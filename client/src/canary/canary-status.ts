/** The canary status page (Markdown): current weights, the routes moving together, the history newest first. */
import type { ResourceRef } from '../cluster/resource-writer';
import { destinationKey, type Canary } from './detect';
import type { HistoryEntry } from './history';

export function statusMarkdown(
  context: string,
  ref: ResourceRef,
  canary: Canary,
  history: readonly HistoryEntry[],
): string {
  const lines = [
    `# Canary ${destinationKey(canary.canary)} — ${ref.namespace}/${ref.name} (${context})`,
    '',
    `Canary **${canary.canaryWeight}%**, stable ${destinationKey(canary.stable)} **${100 - canary.canaryWeight}%** ` +
      `(routes moving together: ${canary.rules.map((r) => r.name ?? `${r.section}[${r.rule}]`).join(', ')})`,
    '',
    '| time | action | weights | by | gates |',
    '| --- | --- | --- | --- | --- |',
    ...history
      .slice()
      .reverse()
      .map((h) => `| ${h.time} | ${h.action} | ${h.from}% → ${h.to}% | ${h.by} | ${h.gates ?? ''} |`),
  ];
  if (!history.length) lines.push('| | no step recorded yet | | | |');
  return `${lines.join('\n')}\n`;
}
