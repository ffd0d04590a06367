/**
 * IST0118 (a Service port whose name or appProtocol names no protocol): prefix the name with a
 * protocol (`web` → `http-web`), name an unnamed port, or change an unknown appProtocol, offering the
 * most likely protocol first (from appProtocol, port, targetPort and name), then http, grpc and tcp.
 */
import { isMap } from 'yaml';
import { asArray, asRecord, asString, get } from '../workspace/resource';
import type { AnalysisFixer, Fix } from './types';
import { insertFirstPair, replaceScalar } from './yaml-edits';
import { lookup, sourceOf } from './yaml-text';

const PORT_PROTOCOLS: Record<number, string> = {
  80: 'http',
  8000: 'http',
  8080: 'http',
  9080: 'http',
  443: 'https',
  8443: 'https',
  50051: 'grpc',
};

const FALLBACKS = ['http', 'grpc', 'tcp'];
/** Service port names are DNS labels. */
const MAX_NAME = 63;

export const renamePort: AnalysisFixer = (ctx) => {
  const { resource, path } = ctx;
  const culprit = path[path.length - 1];
  const portPath = path.slice(0, -1);
  const src = sourceOf(ctx.index, resource);
  const portNode = lookup(resource.doc, portPath)?.node ?? null;
  if (!src || resource.kind !== 'Service' || !isMap(portNode)) return [];
  const port = asRecord(get(resource.value, ...portPath));
  const name = asString(port.name);
  const { protocol, sure } = likelyProtocol(port);
  const candidates = [protocol, ...FALLBACKS.filter((p) => p !== protocol)];
  const taken = new Set(
    asArray(get(resource.value, ...portPath.slice(0, -1)))
      .map((p) => asString(get(p, 'name')))
      .filter((n): n is string => n !== undefined),
  );
  const fixes: Fix[] = [];
  for (const proto of candidates) {
    const preferred = sure && fixes.length === 0;
    if (culprit === 'appProtocol') {
      const e = replaceScalar(src, lookup(resource.doc, path)?.node ?? null, proto);
      if (e) fixes.push({ title: `Change appProtocol to ${proto}`, edits: [e], preferred });
    } else if (culprit === 'name' && name !== undefined) {
      const renamed = `${proto}-${name}`;
      if (taken.has(renamed) || renamed.length > MAX_NAME) continue;
      const e = replaceScalar(src, lookup(resource.doc, path)?.node ?? null, renamed);
      if (e) fixes.push({ title: `Rename port to ${renamed}`, edits: [e], preferred });
    } else if (culprit === 'port' && name === undefined) {
      const named = taken.has(proto) ? `${proto}-${String(port.port)}` : proto;
      if (taken.has(named)) continue;
      const e = insertFirstPair(src, portNode, `name: ${named}`);
      if (e) fixes.push({ title: `Name port ${named}`, edits: [e], preferred });
    }
  }
  return fixes;
};

/** The protocol a port most likely speaks, and whether anything pointed at it (else tcp is a guess). */
export function likelyProtocol(port: Record<string, unknown>): { protocol: string; sure: boolean } {
  const hinted =
    fromText(asString(port.appProtocol)) ??
    fromNumber(port.port) ??
    fromNumber(port.targetPort) ??
    fromText(asString(port.targetPort)) ??
    fromText(asString(port.name));
  return hinted ? { protocol: hinted, sure: true } : { protocol: 'tcp', sure: false };
}

function fromNumber(value: unknown): string | undefined {
  return typeof value === 'number' ? PORT_PROTOCOLS[value] : undefined;
}

/** A protocol named inside a free-form name (`web-grpc`, `h2c`, `wss`). */
function fromText(value: string | undefined): string | undefined {
  const v = value?.toLowerCase();
  if (!v) return undefined;
  if (v.includes('grpc')) return 'grpc';
  if (/https|wss/.test(v)) return 'https';
  if (v.includes('tls')) return 'tls';
  if (/http|h2c|web|ws|rest/.test(v)) return 'http';
  if (/tcp|mongo|redis|mysql|postgres|amqp|kafka/.test(v)) return 'tcp';
  return undefined;
}
