/**
 * What istiod makes of a Secret named by a Gateway's `credentialName`: the certificate and key it
 * reads (`cert`/`key`, else `tls.crt`/`tls.key`), and whether the certificate parses and is valid now.
 * Pure: PEM and the X.509 validity period are decoded here, without platform crypto.
 */
import { asRecord, get, type MeshResource } from '../../workspace/resource';

const KEY_PAIRS: readonly (readonly [cert: string, key: string])[] = [
  ['cert', 'key'],
  ['tls.crt', 'tls.key'],
];

/** Why istiod cannot serve this Secret as a gateway certificate, or undefined when it can. */
export function credentialProblem(secret: MeshResource, now: Date): string | undefined {
  const data = decodedData(secret);
  const pair = KEY_PAIRS.find(([c, k]) => hasValue(data, c) && hasValue(data, k));
  if (!pair) return missingKeysProblem(data);
  return certificateProblem(data.get(pair[0])!, pair[0], now);
}

/** `data` entries, base64-decoded (an entry that does not decode counts as empty). */
function decodedData(secret: MeshResource): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(asRecord(get(secret.value, 'data')))) {
    out.set(k, typeof v === 'string' ? (decodeBase64(v) ?? new Uint8Array()) : new Uint8Array());
  }
  return out;
}

function hasValue(data: Map<string, Uint8Array>, key: string): boolean {
  return (data.get(key)?.length ?? 0) > 0;
}

function missingKeysProblem(data: Map<string, Uint8Array>): string {
  for (const [c, k] of KEY_PAIRS) {
    if (data.has(c) && data.has(k)) return `its keys '${c}' and '${k}' are empty`;
  }
  const found = [...data.keys()].sort();
  return `it has neither 'tls.crt' and 'tls.key' nor 'cert' and 'key' (found: ${found.join(', ') || 'no data'})`;
}

function certificateProblem(pem: Uint8Array, key: string, now: Date): string | undefined {
  const der = firstPemBlock(pem);
  if (!der) return `'${key}' is not a PEM-encoded certificate`;
  const validities = certificateValidities(der);
  if (!validities) return `'${key}' does not hold a valid X.509 certificate`;
  for (const v of validities) {
    if (now > v.notAfter) return `the certificate in '${key}' expired on ${v.notAfter.toISOString()}`;
    if (now < v.notBefore)
      return `the certificate in '${key}' is not valid before ${v.notBefore.toISOString()}`;
  }
  return undefined;
}

function decodeBase64(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.replace(/\s+/g, ''));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** The bytes of the first `-----BEGIN …-----` block (whatever its type), as Go's pem.Decode finds it. */
function firstPemBlock(bytes: Uint8Array): Uint8Array | undefined {
  const text = latin1(bytes);
  const m = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  return decodeBase64(withoutHeaders(m[2]!));
}

/** A PEM body without its RFC 1421 headers (`Name: value` lines ended by an empty line). */
function withoutHeaders(body: string): string {
  if (!body.includes(':')) return body;
  const blank = /\r?\n\r?\n/.exec(body);
  return blank ? body.slice(blank.index + blank[0].length) : body;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

interface Validity {
  notBefore: Date;
  notAfter: Date;
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** The validity of each DER certificate in `der` (concatenated certificates allowed), or undefined if malformed. */
function certificateValidities(der: Uint8Array): Validity[] | undefined {
  const out: Validity[] = [];
  let offset = 0;
  while (offset < der.length) {
    const cert = readTlv(der, offset, der.length);
    if (!cert || cert.tag !== 0x30) return undefined;
    const validity = parseCertificate(der, cert);
    if (!validity) return undefined;
    out.push(validity);
    offset = cert.end;
  }
  return out.length ? out : undefined;
}

function parseCertificate(der: Uint8Array, cert: Tlv): Validity | undefined {
  const parts = children(der, cert);
  if (parts?.length !== 3 || parts[0]!.tag !== 0x30 || parts[1]!.tag !== 0x30 || parts[2]!.tag !== 0x03) {
    return undefined;
  }
  const tbs = children(der, parts[0]!);
  if (!tbs) return undefined;
  const fields = tbs[0]?.tag === 0xa0 ? tbs.slice(1) : tbs; // optional [0] version
  const [serial, signature, issuer, validity] = fields;
  if (serial?.tag !== 0x02 || signature?.tag !== 0x30 || issuer?.tag !== 0x30 || validity?.tag !== 0x30) {
    return undefined;
  }
  const times = children(der, validity);
  if (times?.length !== 2) return undefined;
  const notBefore = parseTime(der, times[0]!);
  const notAfter = parseTime(der, times[1]!);
  return notBefore && notAfter ? { notBefore, notAfter } : undefined;
}

function children(der: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const tlv = readTlv(der, offset, parent.end);
    if (!tlv) return undefined;
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

/** One DER tag-length-value at `offset`, its content being [start, end); undefined if it overruns `limit`. */
function readTlv(der: Uint8Array, offset: number, limit: number): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = der[offset]!;
  if ((tag & 0x1f) === 0x1f) return undefined; // high tag numbers do not occur in certificates
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : undefined;
}

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
function parseTime(der: Uint8Array, tlv: Tlv): Date | undefined {
  const text = latin1(der.subarray(tlv.start, tlv.end));
  let m: RegExpExecArray | null;
  let year: number;
  if (tlv.tag === 0x17 && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    year = Number(m[1]);
    year += year < 50 ? 2000 : 1900;
  } else if (tlv.tag === 0x18 && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    year = Number(m[1]);
  } else {
    return undefined;
  }
  const [, , mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(year, mo! - 1, d!, h!, mi!, s!));
}
