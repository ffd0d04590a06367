/**
 * Shared data types of the log tail core (pure: no vscode, no I/O): pods as the watch cache holds them,
 * the identity of one container's log stream, and the records that flow from streams to the output.
 */
import type { KubeObject } from '../cluster/transport';

/** A pod as the pods watch cache holds it; spec and status are read defensively. */
export interface PodObject extends KubeObject {
  metadata: KubeObject['metadata'] & {
    uid?: string;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec?: {
    containers?: ContainerSpec[];
    initContainers?: ContainerSpec[];
  };
  status?: {
    phase?: string;
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface ContainerSpec {
  name: string;
  image?: string;
  /** `Always` on an init container makes it a native sidecar */
  restartPolicy?: string;
}

export interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { running?: object; waiting?: { reason?: string }; terminated?: { exitCode?: number } };
}

/** One container of one pod: the unit that has a log stream. */
export interface StreamRef {
  namespace: string;
  pod: string;
  /** the pod's uid (a pod recreated under the same name is another stream) */
  uid: string;
  container: string;
  /** init container (its log ends when it completes) */
  init: boolean;
}

/** `namespace/pod/container@uid`: the key of a stream. */
export const streamId = (s: StreamRef): string => `${s.namespace}/${s.pod}/${s.container}@${s.uid}`;

/** `pod/container` (`pod` for pod-level markers): what the output shows before each line. */
export const streamLabel = (s: Pick<StreamRef, 'pod' | 'container'>): string =>
  s.container ? `${s.pod}/${s.container}` : s.pod;

/**
 * What reaches the output: a log line of a stream (with the timestamp the server put before it), or a
 * marker the tail itself adds (pod joined/left, container restarted, stream resumed, errors).
 */
export interface LogRecord {
  stream: StreamRef;
  kind: 'line' | 'marker' | 'error';
  /** RFC 3339 timestamp as the server sent it ('' for markers without one) */
  timestamp: string;
  text: string;
  /** Date.now() when the record was received */
  receivedAt: number;
}
