/**
 * The live cluster state the client pushes to the server (notification `meshwright/clusterSnapshot`,
 * see protocol/ and ARCHITECTURE.md). Analyzers use it, when present, next to the workspace files.
 */
export interface ClusterSnapshot {
  /** Context the snapshot was taken from (for messages). */
  context: string;
  namespaces: { name: string; labels: Record<string, string> }[];
  pods: {
    namespace: string;
    name: string;
    labels: Record<string, string>;
    /** Whether the pod runs an istio-proxy container (sidecar or native sidecar). */
    hasProxy: boolean;
    phase?: string;
  }[];
  services: {
    namespace: string;
    name: string;
    selector: Record<string, string>;
    ports: { name?: string; port: number; protocol?: string }[];
  }[];
  /** Istio config live in the cluster, as plain objects (apiVersion, kind, metadata, spec). */
  istioConfig?: Record<string, unknown>[];
}
