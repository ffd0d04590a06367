/** The scale subresource of deployments, replicasets and statefulsets. */
import type { Authorize } from './authz';
import { jsonPatch, mergePatch } from './patch';
import { fail } from './status';
import type { KObject } from './store';
import { parseJson, readBody, send, type EmulatorState, type Req, type Res, type Route } from './http-util';

/** autoscaling/v1 Scale of deployments, replicasets and statefulsets (spec.replicas only; no controllers). */
export async function handleScale(
  { store }: EmulatorState,
  authorize: Authorize,
  req: Req,
  res: Res,
  r: Route,
  q: URLSearchParams,
): Promise<void> {
  const t = r.type;
  const method = req.method ?? 'GET';
  const verb = method === 'GET' ? 'get' : method === 'PUT' ? 'update' : 'patch';
  authorize(req, verb, `${t.resource}/scale`, r.namespace, t.group);
  const obj = store.get(t, r.namespace, r.name!) as KObject & {
    spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
  };
  const toScale = (o: typeof obj) => ({
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 1 },
    status: {
      replicas: (o.status as { replicas?: number } | undefined)?.replicas ?? 0,
      selector: Object.entries(o.spec?.selector?.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  });
  if (method === 'GET') return send(res, 200, toScale(obj));
  const raw = parseJson(await readBody(req));
  const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim();
  let scale: { spec?: { replicas?: number }; metadata?: { resourceVersion?: string } };
  if (method === 'PUT') scale = raw as typeof scale;
  else if (ctype === 'application/json-patch+json') scale = jsonPatch(toScale(obj), raw) as typeof scale;
  else scale = mergePatch(toScale(obj), raw) as typeof scale;
  const replicas = scale.spec?.replicas;
  if (typeof replicas !== 'number' || replicas < 0)
    fail(422, `Scale.autoscaling "${r.name}" is invalid: spec.replicas: Invalid value`);
  const next = structuredClone(obj);
  next.spec = { ...(next.spec ?? {}), replicas };
  if (scale.metadata?.resourceVersion) next.metadata.resourceVersion = scale.metadata.resourceVersion;
  const updated = store.update(t, r.namespace, r.name!, next, q.getAll('dryRun').includes('All'));
  send(res, 200, toScale(updated as typeof obj));
}
