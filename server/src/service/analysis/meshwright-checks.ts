/** Meshwright's own checks beyond istio's (MW codes); each has a section in docs/checks.md. */
import type { Level } from './messages';

/**
 * Error only where the breakage is certain (Istio rejects the resource, or drops part of it);
 * Warning where the workspace may not show the whole mesh or the configuration is legal but surprising.
 */
export const MESHWRIGHT_CHECKS: Record<string, { code: string; level: Level }> = {
  /** Route weights do not sum to 100 (Istio normalizes them; a total of 0 is rejected). */
  MW0001: { code: 'MW0001', level: 'Warning' },
  /** A weight other than 100 on the only destination of a route (ignored). */
  MW0002: { code: 'MW0002', level: 'Warning' },
  /** A DestinationRule subset that selects no workload of the workspace. */
  MW0003: { code: 'MW0003', level: 'Warning' },
  /** Duplicate subset names in one DestinationRule (Istio rejects the rule). */
  MW0004: { code: 'MW0004', level: 'Error' },
  /** A destination port the Service or ServiceEntry of the host does not declare. */
  MW0005: { code: 'MW0005', level: 'Warning' },
  /** DestinationRule TLS mode contradicting the PeerAuthentication of the destination. */
  MW0006: { code: 'MW0006', level: 'Warning' },
  /** An AuthorizationPolicy principal that cannot match a workload identity. */
  MW0007: { code: 'MW0007', level: 'Warning' },
  /** An ALLOW AuthorizationPolicy without rules: it denies every request. */
  MW0008: { code: 'MW0008', level: 'Warning' },
  /** A regex RE2 does not accept (Istio rejects the VirtualService). */
  MW0009: { code: 'MW0009', level: 'Error' },
  /** Gateway servers Istio cannot serve together on one port: one of them is dropped. */
  MW0010: { code: 'MW0010', level: 'Error' },
  /** retries.perTryTimeout not shorter than the route timeout. */
  MW0011: { code: 'MW0011', level: 'Warning' },
  /** A Sidecar egress host not of the form namespace/FQDN (Istio rejects the Sidecar). */
  MW0012: { code: 'MW0012', level: 'Error' },
  /** A short host that names a Service of another namespace. */
  MW0013: { code: 'MW0013', level: 'Warning' },
  /** A DENY or CUSTOM AuthorizationPolicy without rules (Istio rejects it). */
  MW0014: { code: 'MW0014', level: 'Error' },
};
