/**
 * Minimal decoder for the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown), which kubectl uses
 * for typed create requests (`kubectl create namespace|configmap|secret|serviceaccount`). Decodes
 * ObjectMeta (name, generateName, namespace, labels, annotations) and string/bytes maps of ConfigMaps and
 * Secrets; other kinds are refused with 415 by the caller.
 */
import { fail } from './status';

type Field = { no: number; wire: number; value: number | Buffer };

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) {
      const len = varint();
      out.push({ no, wire, value: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else fail(400, 'invalid protobuf body');
  }
  return out;
}

const str = (f: Field) => (f.value as Buffer).toString('utf8');

function map(entries: Field[], bytes = false): Record<string, string> {
  const m: Record<string, string> = {};
  for (const e of entries) {
    const kv = fields(e.value as Buffer);
    const k = kv.find((x) => x.no === 1);
    const v = kv.find((x) => x.no === 2);
    if (k) m[str(k)] = v ? (bytes ? (v.value as Buffer).toString('base64') : str(v)) : '';
  }
  return m;
}

function objectMeta(buf: Buffer): Record<string, unknown> {
  const f = fields(buf);
  const md: Record<string, unknown> = {};
  const one = (no: number, key: string) => {
    const x = f.find((y) => y.no === no);
    if (x) md[key] = str(x);
  };
  one(1, 'name');
  one(2, 'generateName');
  one(3, 'namespace');
  const labels = f.filter((x) => x.no === 11);
  const annotations = f.filter((x) => x.no === 12);
  if (labels.length) md.labels = map(labels);
  if (annotations.length) md.annotations = map(annotations);
  return md;
}

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.subarray(0, 4).toString('latin1') !== 'k8s\0') fail(400, 'protobuf body without the k8s envelope');
  const unknown = fields(body.subarray(4));
  const typeMeta = fields((unknown.find((x) => x.no === 1)?.value as Buffer) ?? Buffer.alloc(0));
  const apiVersion = str(typeMeta.find((x) => x.no === 1) ?? { no: 1, wire: 2, value: Buffer.from('') });
  const kind = str(typeMeta.find((x) => x.no === 2) ?? { no: 2, wire: 2, value: Buffer.from('') });
  const raw = fields((unknown.find((x) => x.no === 2)?.value as Buffer) ?? Buffer.alloc(0));
  const metaField = raw.find((x) => x.no === 1);
  const obj: Record<string, unknown> = {
    apiVersion,
    kind,
    metadata: metaField ? objectMeta(metaField.value as Buffer) : {},
  };
  if (kind === 'ConfigMap') {
    const data = raw.filter((x) => x.no === 2);
    const binary = raw.filter((x) => x.no === 3);
    if (data.length) obj.data = map(data);
    if (binary.length) obj.binaryData = map(binary, true);
  } else if (kind === 'Secret') {
    const data = raw.filter((x) => x.no === 2);
    const type = raw.find((x) => x.no === 3);
    if (data.length) obj.data = map(data, true);
    if (type) obj.type = str(type);
  } else if (kind !== 'Namespace' && kind !== 'ServiceAccount') {
    fail(
      415,
      `the emulator decodes protobuf only for Namespace, ConfigMap, Secret and ServiceAccount, not ${kind}; send JSON`,
    );
  }
  return obj;
}
