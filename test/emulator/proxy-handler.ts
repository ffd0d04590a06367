/** The service proxy subresource: forwards to the loopback upstream configured for the service. */
import * as http from 'node:http';
import { fail, status } from './status';
import { readBody, send, type EmulatorState, type Req, type Res, type Route } from './http-util';

export async function handleProxy(
  state: EmulatorState,
  req: Req,
  res: Res,
  r: Route,
  rawQuery: string,
): Promise<void> {
  const { store, proxies } = state;
  const [svc, port] = r.name!.split(':');
  store.get(r.type, r.namespace, svc);
  const upstream =
    proxies.get(`${r.namespace}/${svc}${port ? `:${port}` : ''}`) ?? proxies.get(`${r.namespace}/${svc}`);
  if (!upstream) fail(503, `no endpoints available for service "${svc}"`, undefined, 'ServiceUnavailable');
  const body = await readBody(req);
  const target = new URL(`/${r.rest.join('/')}${rawQuery}`, upstream);
  const headers = { ...req.headers };
  delete headers.authorization;
  delete headers.host;
  await new Promise<void>((resolve) => {
    const up = http.request(target, { method: req.method, headers }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
      ur.on('end', resolve);
      ur.on('error', resolve);
    });
    up.on('error', (e) => {
      if (!res.headersSent)
        send(res, 503, status(503, 'ServiceUnavailable', `error trying to reach service: ${e.message}`));
      resolve();
    });
    up.end(body);
  });
}
