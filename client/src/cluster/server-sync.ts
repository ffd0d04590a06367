/**
 * Keeps the language server in step with the current cluster: the analysis snapshot
 * (`meshwright/clusterSnapshot`) and the Istio/Gateway API CRD schemas (`meshwright/clusterSchemas`),
 * each sent only when its content changed, throttled so a busy cluster does not flood the server, and
 * `null` for both when there is no session.
 */
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  ClusterSchemasNotification,
  ClusterSnapshotNotification,
  type ClusterSchemasParams,
  type ClusterSnapshotParams,
} from '../../../protocol/src/custom-messages';
import type { ClusterController } from './cluster-controller';
import type { ClusterSession } from './cluster-session';
import { clusterSchemasOf } from './crd-schemas';
import { CRDS } from './resource-types';
import { serverSnapshot, snapshotFingerprint } from './server-snapshot';

/** Pushes at most once per this interval (ms). */
const THROTTLE_MS = 1000;

export class ServerSync {
  private lastSnapshot = '';
  private lastSchemas = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPush = 0;
  private sessionSubscription: { dispose(): void } | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly client: BaseLanguageClient,
    private readonly controller: ClusterController,
  ) {
    this.subscription = controller.onDidChangeSession((s) => this.attach(s));
    this.attach(controller.session);
  }

  private attach(session: ClusterSession | undefined): void {
    this.sessionSubscription?.dispose();
    this.sessionSubscription = session?.cluster.onDidChange(() => this.schedule());
    if (!session) {
      this.send(null, null);
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastPush + THROTTLE_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastPush = Date.now();
      this.push();
    }, wait);
  }

  private push(): void {
    const session = this.controller.session;
    if (!session) return;
    if (!session.cluster.settled) return this.schedule();
    // CRDs are large: compare their versions, build the schemas only when one changed
    const crds = session.cluster.stateOf(CRDS) === 'synced' ? session.cluster.objects(CRDS) : [];
    const crdKey = `${session.context}\n${crds
      .map((c) => `${c.metadata.name}@${c.metadata.resourceVersion}`)
      .sort()
      .join()}`;
    if (crdKey !== this.lastSchemas) {
      this.lastSchemas = crdKey;
      const schemas = crds.length ? clusterSchemasOf(session.context, crds) : null;
      this.sendSchemas(schemas?.crds.length ? schemas : null);
    }
    this.sendSnapshot(serverSnapshot(session.cluster));
  }

  private send(snapshot: ClusterSnapshotParams['snapshot'], schemas: ClusterSchemasParams['schemas']): void {
    this.lastSchemas = '';
    this.sendSchemas(schemas);
    this.sendSnapshot(snapshot);
  }

  private sendSchemas(schemas: ClusterSchemasParams['schemas']): void {
    void this.client.sendNotification(ClusterSchemasNotification.method, {
      schemas,
    } satisfies ClusterSchemasParams);
  }

  private sendSnapshot(snapshot: ClusterSnapshotParams['snapshot']): void {
    const snapshotKey = snapshot ? snapshotFingerprint(snapshot) : '';
    if (snapshotKey !== this.lastSnapshot) {
      this.lastSnapshot = snapshotKey;
      void this.client.sendNotification(ClusterSnapshotNotification.method, {
        snapshot,
      } satisfies ClusterSnapshotParams);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.sessionSubscription?.dispose();
    this.subscription.dispose();
  }
}
