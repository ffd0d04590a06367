/**
 * meshwright.PerTryTimeoutAnalyzer — MW0011: an HTTP route whose `retries.perTryTimeout` is not
 * shorter than its `timeout`. The route timeout bounds the whole request, retries included, so the
 * request ends before a try can time out: perTryTimeout has no effect and a slow try is never retried.
 * Skipped when either duration is unset, zero (disabled) or unreadable, and when retries are off.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { formatMs, parseDurationMs } from '../../mesh/durations';
import { asArray, asString, get } from '../../workspace/resource';

export const perTryTimeoutAnalyzer: Analyzer = {
  name: 'meshwright.PerTryTimeoutAnalyzer',
  analyze(ctx, report) {
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      asArray(get(vs.value, 'spec', 'http')).forEach((rule, i) => {
        const timeoutText = asString(get(rule, 'timeout'));
        const perTryText = asString(get(rule, 'retries', 'perTryTimeout'));
        if (!timeoutText || !perTryText || get(rule, 'retries', 'attempts') === 0) return;
        const timeout = parseDurationMs(timeoutText);
        const perTry = parseDurationMs(perTryText);
        if (!timeout || !perTry || perTry < timeout) return;
        report({
          message: 'MW0011',
          resource: vs,
          path: ['spec', 'http', i, 'retries', 'perTryTimeout'],
          text: `perTryTimeout ${formatMs(perTry)} is not shorter than the route timeout ${formatMs(timeout)}: the route timeout covers all tries, so the request ends before a try times out and slow tries are never retried. Make perTryTimeout shorter than the timeout (for example timeout / (attempts + 1)).`,
          related: [{ resource: vs, path: ['spec', 'http', i, 'timeout'], message: 'The route timeout' }],
        });
      });
    }
  },
};
