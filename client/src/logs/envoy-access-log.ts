/**
 * Istio's default Envoy access-log line (the TEXT format istio-proxy writes with
 * `meshConfig.accessLogFile: /dev/stdout`):
 *
 * ```
 * [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 * %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
 * "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
 * %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
 * "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER%
 * %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
 * %REQUESTED_SERVER_NAME% %ROUTE_NAME%
 * ```
 *
 * parsed into its fields; TCP connections have `"- - -"` as request and 0 as code. Other lines: undefined.
 */

export interface EnvoyAccessLog {
  startTime: string;
  /** '-' for TCP */
  method: string;
  path: string;
  protocol: string;
  /** 0 for TCP and for requests without a response */
  responseCode: number;
  /** '-' or comma-separated flags (UH, UF, URX, NR, DC, UC, …) */
  responseFlags: string;
  responseCodeDetails: string;
  upstreamFailure: string;
  bytesReceived: number;
  bytesSent: number;
  durationMs: number | undefined;
  upstreamServiceTimeMs: number | undefined;
  userAgent: string;
  requestId: string;
  authority: string;
  upstreamHost: string;
  upstreamCluster: string;
  downstreamRemote: string;
  route: string;
}

/** Splits into bare tokens, `"quoted"` and `[bracketed]` tokens (quotes and brackets removed). */
function tokens(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === ' ') {
      i++;
      continue;
    }
    const close = c === '"' ? '"' : c === '[' ? ']' : undefined;
    if (close) {
      let j = i + 1;
      while (j < n && (line[j] !== close || (close === '"' && line[j - 1] === '\\'))) j++;
      if (j >= n) return undefined;
      out.push(line.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < n && line[j] !== ' ') j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

const num = (s: string | undefined): number | undefined => (s && /^\d+$/.test(s) ? Number(s) : undefined);

export function parseEnvoyAccessLog(line: string): EnvoyAccessLog | undefined {
  if (!line.startsWith('[')) return undefined;
  const t = tokens(line.trimEnd());
  if (!t || t.length < 17 || !/^\d{4}-\d\d-\d\dT/.test(t[0]!)) return undefined;
  const request = t[1]!.split(' ');
  const code = num(t[2]);
  if (request.length < 3 || code === undefined || !/^(-|[A-Z]+(,[A-Z]+)*)$/.test(t[3]!)) return undefined;
  return {
    startTime: t[0]!,
    method: request[0]!,
    path: request.slice(1, -1).join(' '),
    protocol: request[request.length - 1]!,
    responseCode: code,
    responseFlags: t[3]!,
    responseCodeDetails: t[4]!,
    upstreamFailure: t[6]!,
    bytesReceived: num(t[7]) ?? 0,
    bytesSent: num(t[8]) ?? 0,
    durationMs: num(t[9]),
    upstreamServiceTimeMs: num(t[10]),
    userAgent: t[12]!,
    requestId: t[13]!,
    authority: t[14]!,
    upstreamHost: t[15]!,
    upstreamCluster: t[16]!,
    downstreamRemote: t[19] ?? '-',
    route: t[21] ?? '-',
  };
}

/** True for a 5xx response or any response flag: the lines worth a colour. */
export const isEnvoyProblem = (e: EnvoyAccessLog): boolean =>
  e.responseCode >= 500 || e.responseFlags !== '-';
