/** Watch: NDJSON events resumed from a resourceVersion, bookmarks, selector filtering, 410 when too old. */
import { apiVersionOf } from './resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { status } from './status';
import { Store, storageKey, type KObject, type StoreEvent } from './store';
import { toTable, wantsTable } from './table';
import { truthy, type EmulatorState, type Req, type Res, type Route } from './http-util';
import { watchedCollection, type Traffic } from './traffic';

export function handleWatch(
  state: EmulatorState,
  req: Req,
  res: Res,
  r: Route,
  q: URLSearchParams,
  traffic: Traffic,
): void {
  const { store, faults, bookmarkMs } = state;
  const labels = parseLabelSelector(q.get('labelSelector'));
  const fields = parseFieldSelector(q.get('fieldSelector'));
  const key = storageKey(r.type);
  const matches = (o: KObject) =>
    (r.namespace === undefined || o.metadata.namespace === r.namespace) &&
    (r.name === undefined || o.metadata.name === r.name) &&
    labels(o.metadata.labels ?? {}) &&
    fields(o);
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache',
  });
  res.flushHeaders();
  const asTable = wantsTable(req.headers.accept);
  let firstTable = true;
  const write = (type: string, object: unknown) => {
    if (res.writableEnded) return;
    if (asTable && type !== 'ERROR' && type !== 'BOOKMARK') {
      const table = toTable(r.type, [object as KObject], {});
      if (!firstTable) delete table.columnDefinitions;
      firstTable = false;
      object = table;
    }
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  const rvParam = q.get('resourceVersion');
  let timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  let untrack = () => {};
  const closeWatch = traffic.openWatch(watchedCollection(r));
  const end = () => {
    closeWatch();
    timers.forEach((t) => clearTimeout(t));
    timers = [];
    unsubscribe();
    untrack();
    if (!res.writableEnded) res.end();
  };
  const onEvent = (e: StoreEvent) => {
    if (e.storageKey !== key) return;
    const now = matches(e.object);
    const before = e.type === 'MODIFIED' && e.previous ? matches(e.previous) : now;
    // like the apiserver: an object entering the selection is ADDED, one leaving it is DELETED
    const type = now && !before ? 'ADDED' : before && !now ? 'DELETED' : e.type;
    if (now || before) write(type, Store.view(e.object, r.type, r.version));
  };
  if (rvParam && rvParam !== '0') {
    const rv = Number(rvParam);
    const events = Number.isFinite(rv) ? store.eventsSince(rv) : undefined;
    if (!events) {
      write(
        'ERROR',
        status(410, 'Expired', `too old resource version: ${rvParam} (${store.resourceVersion})`),
      );
      return end();
    }
    events.forEach(onEvent);
  } else {
    for (const o of store.list(r.type, r.namespace))
      if (matches(o)) write('ADDED', Store.view(o, r.type, r.version));
  }
  unsubscribe = store.subscribe(onEvent);
  untrack = faults.track(end);
  req.on('close', end);
  res.on('close', end);
  if (truthy(q.get('allowWatchBookmarks'))) {
    const tick = () => {
      write('BOOKMARK', {
        kind: r.type.kind,
        apiVersion: apiVersionOf(r.type, r.version),
        metadata: {
          resourceVersion: String(store.resourceVersion),
          annotations: { 'k8s.io/initial-events-end': 'true' },
        },
      });
      timers[0] = setTimeout(tick, bookmarkMs);
    };
    timers[0] = setTimeout(tick, bookmarkMs);
  }
  const timeout = Number(q.get('timeoutSeconds') ?? 0);
  const maxMs = timeout > 0 ? timeout * 1000 : 30 * 60_000;
  timers[1] = setTimeout(end, maxMs);
}
