/**
 * The contract between the extension (client/) and the language server (server/), written once:
 * custom notifications and the settings the server reads. Both sides import it.
 */
import type { ClusterSnapshot } from './cluster-snapshot';

/**
 * Client → server: the live state of the current cluster (namespaces, pods with labels and sidecar
 * status, services, Istio config), so analyzers can use it next to the workspace files. Send it again
 * whenever the state changes; send `null` to forget it (disconnected).
 */
export const ClusterSnapshotNotification = { method: 'meshwright/clusterSnapshot' } as const;
export type ClusterSnapshotParams = { snapshot: ClusterSnapshot | null };

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

export type { ClusterSnapshot };
