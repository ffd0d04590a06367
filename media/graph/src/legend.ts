/** The legend: node shapes, edge colours by health, dashed config-only edges, the mTLS padlock, config from workspace files. */
import { h, icon } from './dom';
import { DEGRADED_ERROR_RATE, FAILING_ERROR_RATE, formatPercent } from './format';

export function buildLegend(): HTMLElement {
  const row = (swatch: string, text: string) =>
    h('li', {}, h('span', { class: `swatch ${swatch}`, 'aria-hidden': 'true' }), text);
  return h(
    'details',
    { class: 'legend' },
    h('summary', {}, 'Legend'),
    h(
      'ul',
      {},
      row('shape-workload', 'Workload'),
      row('shape-service', 'Service'),
      row('shape-ingress', 'Ingress gateway'),
      row('shape-external', 'External / unknown'),
      row('shape-namespace', 'Namespace'),
      row('line-healthy', `Healthy (errors < ${formatPercent(DEGRADED_ERROR_RATE)})`),
      row('line-degraded', `Degraded (errors ≥ ${formatPercent(DEGRADED_ERROR_RATE)})`),
      row('line-failing', `Failing (errors ≥ ${formatPercent(FAILING_ERROR_RATE)})`),
      row('line-idle', 'Idle (no traffic)'),
      row('line-config', 'Config only (routing, not seen in telemetry)'),
      row('line-weighted', 'Traffic shifting: label starts with the weight'),
      h('li', {}, icon('lock'), ' mTLS on every request'),
      h('li', {}, icon('file'), ' Routing from a workspace file (dotted outline on nodes)'),
      h('li', {}, 'Label: weight · rps · error % · p99'),
    ),
  );
}
