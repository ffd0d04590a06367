/**
 * The Prometheus of the current session from the settings (`meshwright.prometheus.url`, else the
 * cluster's `meshwright.prometheus.service` through the API server's proxy), shared by the graph and
 * the canary gates.
 */
import * as vscode from 'vscode';
import type { PrometheusClient } from '../graph/prometheus-client';
import { locatePrometheus } from '../graph/prometheus-location';
import type { ClusterSession } from './cluster-session';

export function prometheusFor(
  session: ClusterSession | undefined,
): { client: PrometheusClient; reason?: undefined } | { client?: undefined; reason: string } {
  const c = vscode.workspace.getConfiguration('meshwright.prometheus');
  return locatePrometheus({
    url: c.get<string>('url'),
    kc: session?.kc,
    proxyService: c.get<string>('service'),
  });
}
