/** Lists: label and field selectors, limit/continue pagination (410 once expired), Table output. */
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { fail } from './status';
import { Store } from './store';
import { toTable, wantsTable } from './table';
import { apiVersionOf } from './resources';
import { send, type EmulatorState, type Req, type Res, type Route } from './http-util';

/** List metadata at the store's current resourceVersion. */
export function listMeta(store: Store, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { resourceVersion: String(store.resourceVersion), ...extra };
}

export function handleList({ store }: EmulatorState, req: Req, res: Res, r: Route, q: URLSearchParams): void {
  const labels = parseLabelSelector(q.get('labelSelector'));
  const fields = parseFieldSelector(q.get('fieldSelector'));
  let items = store.list(r.type, r.namespace).filter((o) => labels(o.metadata.labels ?? {}) && fields(o));
  const limit = Number(q.get('limit') ?? 0);
  const cont = q.get('continue');
  if (cont) {
    let token: { start?: unknown; rv?: unknown };
    try {
      token = JSON.parse(Buffer.from(cont, 'base64').toString('utf8')) as typeof token;
    } catch {
      return fail(400, 'continue key is not valid: illegal base64 data');
    }
    const start = token.start;
    if (typeof start !== 'string') return fail(400, 'continue key is not valid');
    if (typeof token.rv === 'number' && store.isExpired(token.rv)) {
      fail(
        410,
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        undefined,
        'Expired',
      );
    }
    items = items.filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > start);
  }
  const meta: Record<string, unknown> = {};
  if (limit > 0 && items.length > limit) {
    const last = items[limit - 1];
    meta.continue = Buffer.from(
      JSON.stringify({
        v: 'meta.k8s.io/v1',
        rv: store.resourceVersion,
        start: `${last.metadata.namespace ?? ''}/${last.metadata.name}`,
      }),
    ).toString('base64');
    meta.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  const views = items.map((o) => Store.view(o, r.type, r.version));
  if (wantsTable(req.headers.accept)) return send(res, 200, toTable(r.type, views, listMeta(store, meta)));
  send(res, 200, {
    kind: `${r.type.kind}List`,
    apiVersion: apiVersionOf(r.type, r.version),
    metadata: listMeta(store, meta),
    items: views,
  });
}
