/** meta.k8s.io/v1 Table output (what `kubectl get` asks for). */
import type { ResourceType } from './resources';
import type { KObject } from './store';

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const col = (name: string, type = 'string', format = ''): Column => ({
  name,
  type,
  format,
  description: name,
  priority: 0,
});

export function age(ts: string | undefined, now = Date.now()): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h` : `${Math.floor(h / 24)}d`;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function cells(t: ResourceType, o: KObject): { columns: Column[]; cells: unknown[] } {
  const x = o as Any;
  const name = o.metadata.name;
  const created = age(o.metadata.creationTimestamp);
  switch (t.kind) {
    case 'Pod': {
      const statuses: Any[] = x.status?.containerStatuses ?? [];
      const total = (x.spec?.containers ?? []).length;
      const ready = statuses.filter((s) => s.ready).length;
      const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
      return {
        columns: [col('Name'), col('Ready'), col('Status'), col('Restarts', 'string'), col('Age')],
        cells: [name, `${ready}/${total}`, x.status?.phase ?? 'Pending', String(restarts), created],
      };
    }
    case 'Service': {
      const ports = (x.spec?.ports ?? [])
        .map((p: Any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
        .join(',');
      const ext = (x.status?.loadBalancer?.ingress ?? []).map((i: Any) => i.ip ?? i.hostname).join(',');
      return {
        columns: [
          col('Name'),
          col('Type'),
          col('Cluster-IP'),
          col('External-IP'),
          col('Port(s)'),
          col('Age'),
        ],
        cells: [
          name,
          x.spec?.type ?? 'ClusterIP',
          x.spec?.clusterIP ?? '<none>',
          ext || (x.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>'),
          ports || '<none>',
          created,
        ],
      };
    }
    case 'Deployment': {
      const s = x.status ?? {};
      return {
        columns: [
          col('Name'),
          col('Ready'),
          col('Up-to-date', 'integer'),
          col('Available', 'integer'),
          col('Age'),
        ],
        cells: [
          name,
          `${s.readyReplicas ?? 0}/${x.spec?.replicas ?? 1}`,
          s.updatedReplicas ?? 0,
          s.availableReplicas ?? 0,
          created,
        ],
      };
    }
    case 'Namespace':
      return {
        columns: [col('Name'), col('Status'), col('Age')],
        cells: [name, x.status?.phase ?? 'Active', created],
      };
    default:
      return { columns: [col('Name'), col('Age')], cells: [name, created] };
  }
}

export function toTable(
  t: ResourceType,
  objects: KObject[],
  listMeta: Record<string, unknown>,
): Record<string, unknown> {
  const rows = objects.map((o) => {
    const c = cells(t, o);
    return {
      cells: c.cells,
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    };
  });
  const columnDefinitions = cells(t, { metadata: {} }).columns;
  columnDefinitions[0].format = 'name';
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions, rows };
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}
