/** Markdown fragments describing resources for hovers and completion docs. */
import { asArray, asLabels, asRecord, asString, get, type MeshResource } from '../workspace/resource';

/** `` `app=reviews`, `version=v1` ``, or _none_. */
export function describeLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([k, v]) => `\`${k}=${v}\``).join(', ') : '_none_';
}

/** A Service's ports (`9080/TCP (http)`) or a ServiceEntry's (`443/TLS (https)`). */
export function describePorts(resource: MeshResource): string {
  const isService = resource.kind === 'Service';
  const ports = asArray(get(resource.value, 'spec', 'ports')).map((p) => {
    const port = asRecord(p);
    const number = isService ? port.port : port.number;
    const protocol = asString(port.protocol) ?? (isService ? 'TCP' : '?');
    const name = asString(port.name);
    const target = isService && port.targetPort !== undefined ? ` → ${String(port.targetPort)}` : '';
    return `\`${String(number)}/${protocol}\`${name ? ` (${name})` : ''}${target}`;
  });
  return ports.length ? ports.join(', ') : '_none_';
}

/** `ns/name` of a resource (its effective namespace). */
export function qualified(resource: MeshResource): string {
  return `${resource.namespace}/${resource.name}`;
}

/** An Istio Gateway's selector and servers, or a Gateway API Gateway's class and listeners. */
export function describeGateway(resource: MeshResource): string {
  const spec = asRecord(resource.value.spec);
  if (resource.group === 'gateway.networking.k8s.io') {
    const rows = asArray(spec.listeners).map((l) => {
      const listener = asRecord(l);
      return row([listener.name, listener.port, listener.protocol, listener.hostname ?? '*']);
    });
    const lines = [`Class: \`${asString(spec.gatewayClassName) ?? '?'}\``];
    if (rows.length)
      lines.push('', '| listener | port | protocol | hostname |', '|---|---|---|---|', ...rows);
    return lines.join('\n');
  }
  const rows = asArray(spec.servers).map((s) => {
    const server = asRecord(s);
    const port = asRecord(server.port);
    const hosts = asArray(server.hosts).map(String).join(', ');
    return row([port.number, port.protocol, hosts, port.name]);
  });
  const lines = [`Selector: ${describeLabels(asLabels(spec.selector))}`];
  if (rows.length) lines.push('', '| port | protocol | hosts | name |', '|---|---|---|---|', ...rows);
  else lines.push('', '_No servers._');
  return lines.join('\n');
}

/** A ServiceEntry's hosts, ports, location and resolution. */
export function describeServiceEntry(resource: MeshResource): string {
  const spec = asRecord(resource.value.spec);
  const hosts = asArray(spec.hosts).map((h) => `\`${String(h)}\``);
  return [
    `Hosts: ${hosts.join(', ') || '_none_'}`,
    `Ports: ${describePorts(resource)}`,
    `Location: \`${asString(spec.location) ?? 'MESH_EXTERNAL'}\` · Resolution: \`${asString(spec.resolution) ?? 'NONE'}\``,
  ].join('\n\n');
}

function row(cells: unknown[]): string {
  return `| ${cells.map((c) => (c === undefined || c === null ? '' : String(c).replace(/\|/g, '\\|'))).join(' | ')} |`;
}
