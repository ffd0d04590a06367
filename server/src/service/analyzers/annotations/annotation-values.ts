/**
 * Value checks of the annotations the sidecar injector parses (as istio's injector validates them):
 * each returns a problem description, or undefined when the value is fine.
 */
import { parse } from 'yaml';

type Check = (value: string) => string | undefined;

const UINT32_MAX = 4294967295;

function uint(value: string, max: number, what: string): string | undefined {
  if (!/^\d+$/.test(value) || Number(value) > max) return `'${value}' is not ${what}`;
  return undefined;
}

const port = (value: string) => uint(value.trim(), 65535, 'a port number (0-65535)');

function portList(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  for (const p of trimmed.split(',')) {
    const problem = port(p);
    if (problem) return problem;
  }
  return undefined;
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || (text.match(/::/g) ?? []).length > 1) return false;
  let groups = text.split(':');
  let width = 8;
  const last = groups[groups.length - 1]!;
  if (last.includes('.')) {
    if (!isIPv4(last)) return false;
    groups = groups.slice(0, -1);
    width = 6;
  }
  const compressed = text.includes('::');
  const filled = groups.filter((g) => g !== '');
  if (!filled.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return compressed ? filled.length < width : groups.length === width;
}

/** A CIDR such as `10.0.0.0/8` or `fd00::/8`. */
function cidr(text: string): string | undefined {
  const slash = text.indexOf('/');
  const ip = slash < 0 ? text : text.slice(0, slash);
  const bits = slash < 0 ? '' : text.slice(slash + 1);
  const v4 = isIPv4(ip);
  const max = v4 ? 32 : 128;
  if ((!v4 && !isIPv6(ip)) || !/^(0|[1-9]\d*)$/.test(bits) || Number(bits) > max) {
    return `'${text}' is not a CIDR range (address/prefix length)`;
  }
  return undefined;
}

function cidrList(value: string): string | undefined {
  if (!value) return undefined;
  for (const c of value.split(',')) {
    const problem = cidr(c);
    if (problem) return problem;
  }
  return undefined;
}

const BOOLEANS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

function proxyConfig(value: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = parse(value);
  } catch (err) {
    return `it is not valid YAML (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
  if (parsed === null || parsed === undefined) return undefined;
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    return 'it must be a ProxyConfig object (YAML mapping)';
  return undefined;
}

const CHECKS: Record<string, Check> = {
  'sidecar.istio.io/interceptionMode': (v) =>
    ['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : `'${v}' is not one of REDIRECT, TPROXY, NONE`,
  'status.sidecar.istio.io/port': port,
  'readiness.status.sidecar.istio.io/initialDelaySeconds': (v) =>
    uint(v, UINT32_MAX, 'a non-negative integer'),
  'readiness.status.sidecar.istio.io/periodSeconds': (v) => uint(v, UINT32_MAX, 'a non-negative integer'),
  'readiness.status.sidecar.istio.io/failureThreshold': (v) => uint(v, UINT32_MAX, 'a non-negative integer'),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': (v) => (v === '*' ? undefined : cidrList(v)),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': cidrList,
  'traffic.sidecar.istio.io/includeInboundPorts': (v) => (v === '*' ? undefined : portList(v)),
  'traffic.sidecar.istio.io/excludeInboundPorts': portList,
  'traffic.sidecar.istio.io/excludeOutboundPorts': portList,
  'prometheus.istio.io/merge-metrics': (v) => (BOOLEANS.has(v) ? undefined : `'${v}' is not a boolean`),
  'proxy.istio.io/config': proxyConfig,
};

/** The problem with `value` for annotation `name`, if the injector would reject it. */
export function annotationValueProblem(name: string, value: string): string | undefined {
  return CHECKS[name]?.(value);
}
