/**
 * The analyzer contract. Each analyzer is one module under server/src/service/analyzers/<area>/ with a
 * doc comment saying what it checks; it reads the index (never the file system) and reports findings
 * on the fields at fault.
 */
import type { ClusterSnapshot } from '../../../../protocol/src/cluster-snapshot';
import type { MeshConfig } from './mesh-config';
import type { MessageName } from './messages';
import type { WorkspaceIndex } from '../workspace/index';
import type { MeshResource } from '../workspace/resource';

export type FieldPath = readonly (string | number)[];

export interface RelatedRef {
  resource: MeshResource;
  /** Field of the related resource to point at (defaults to its name). */
  path?: FieldPath;
  message: string;
}

export interface Finding {
  /** An Istio message name (IST codes) or a Meshwright check (MW codes). */
  message: MessageName | MeshwrightCheck;
  resource: MeshResource;
  text: string;
  /** The field at fault; the finding falls back to the resource name when the path is absent. */
  path?: FieldPath;
  related?: RelatedRef[];
  /** Set by the runner: which analyzer reported it. */
  analyzer?: string;
}

export type MeshwrightCheck = `MW${number}`;

export interface AnalysisContext {
  readonly index: WorkspaceIndex;
  readonly meshConfig: MeshConfig;
  /** meshNetworks (from --mesh-networks or the istio ConfigMap), when known. */
  readonly meshNetworks?: Record<string, unknown>;
  /** Live cluster state pushed by the client, when connected. */
  readonly cluster?: ClusterSnapshot;
}

export interface Analyzer {
  /** istio's analyzer name (`virtualservice.GatewayAnalyzer`) or `meshwright.<Name>`. */
  readonly name: string;
  analyze(ctx: AnalysisContext, report: (finding: Finding) => void): void;
}
