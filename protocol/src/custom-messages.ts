/**
 * The contract between the extension (client/) and the language server (server/), written once:
 * custom notifications and the settings the server reads. Both sides import it.
 */
import type { ClusterSchemas } from './cluster-schemas';
import type { ClusterSnapshot } from './cluster-snapshot';

/**
 * Client → server: the live state of the current cluster (namespaces, pods with labels and sidecar
 * status, services, Istio config), so analyzers can use it next to the workspace files. Send it again
 * whenever the state changes; send `null` to forget it (disconnected).
 */
export const ClusterSnapshotNotification = { method: 'meshwright/clusterSnapshot' } as const;
export type ClusterSnapshotParams = { snapshot: ClusterSnapshot | null };

/**
 * Client → server: the schemas of the Istio and Gateway API CRDs the current cluster serves, so
 * validation, completion and hover match the installed versions. Send `null` to forget them and go
 * back to the bundled schemas (disconnected, or another context without them).
 */
export const ClusterSchemasNotification = { method: 'meshwright/clusterSchemas' } as const;
export type ClusterSchemasParams = { schemas: ClusterSchemas | null };

/** Server settings (section `meshwright`), passed as initializationOptions and on configuration change. */
export interface ServerSettings {
  /** Namespace of resources that do not name one (istioctl's default: `default`). */
  defaultNamespace: string;
  /** Index and analyze every YAML file of the workspace folders, not only open editors. */
  analyzeWorkspace: boolean;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  defaultNamespace: 'default',
  analyzeWorkspace: true,
};

export type { ClusterSchemas, ClusterSnapshot };
