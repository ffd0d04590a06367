/**
 * Latency distributions of the simulated workloads: log-normal, given by median and p99 (what a user
 * configures), with the exact CDF the simulator writes into histogram buckets and the quantile function
 * the tests compare Prometheus's histogram_quantile against.
 */

/** Istio's default buckets of istio_request_duration_milliseconds (ms). */
export const ISTIO_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
] as const;

export interface LatencySpec {
  medianMs: number;
  p99Ms: number;
}

const Z99 = 2.3263478740408408;

/** erf through Numerical Recipes' Chebyshev fit of erfc (fractional error < 1.2e-7). */
function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
}

const params = (l: LatencySpec) => {
  const mu = Math.log(l.medianMs);
  return { mu, sigma: Math.max(1e-6, (Math.log(l.p99Ms) - mu) / Z99) };
};

/** P(latency ≤ ms). */
export function latencyCdf(l: LatencySpec, ms: number): number {
  if (ms <= 0) return 0;
  const { mu, sigma } = params(l);
  return 0.5 * (1 + erf((Math.log(ms) - mu) / (sigma * Math.SQRT2)));
}

/** Mean latency (ms), for the histogram's `_sum`. */
export function latencyMean(l: LatencySpec): number {
  const { mu, sigma } = params(l);
  return Math.exp(mu + (sigma * sigma) / 2);
}

/** The q-quantile of a mixture of distributions (weights need not sum to 1), by bisection on the CDF. */
export function mixtureQuantile(
  parts: readonly { weight: number; latency: LatencySpec }[],
  q: number,
): number {
  const total = parts.reduce((s, p) => s + p.weight, 0);
  const cdf = (ms: number) => parts.reduce((s, p) => s + p.weight * latencyCdf(p.latency, ms), 0) / total;
  let lo = 0;
  let hi = 1;
  while (cdf(hi) < q) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Index of the histogram bucket holding `ms` (the first upper bound ≥ ms; buckets.length for +Inf). */
export function bucketIndex(ms: number, buckets: readonly number[] = ISTIO_BUCKETS_MS): number {
  const i = buckets.findIndex((b) => ms <= b);
  return i === -1 ? buckets.length : i;
}
