import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

const REMOTE_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: istio-remote-secret-west
  namespace: istio-system
  labels:
    istio/multiCluster: "true"
stringData:
  west: |
    apiVersion: v1
    kind: Config
`;

const configMap = (registries: string[]) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  meshNetworks: |-
    networks:
      net1:
        endpoints:
${registries.map((r) => `        - fromRegistry: ${r}`).join('\n')}
`;

/** The form a --mesh-networks file takes once it is indexed as a resource. */
const MESH_NETWORKS = `apiVersion: v1alpha1
kind: MeshNetworks
metadata:
  name: meshnetworks
  namespace: istio-system
networks:
  net1:
    endpoints:
    - fromRegistry: Kubernetes
  net2:
    endpoints:
    - fromCidr: 10.0.0.0/16
    - fromRegistry: east
`;

describe('multicluster analyzers', () => {
  describe('MeshNetworksAnalyzer', () => {
    it('IST0126 on a registry that is neither built in nor a remote cluster, pointing at it', () => {
      const findings = analyzeFiles({ 'secret.yaml': REMOTE_SECRET, 'mn.yaml': MESH_NETWORKS });
      assert.deepEqual(
        findings.filter((f) => f.code === 'IST0126').map((f) => [f.kind, f.resource, f.line, f.text]),
        [['MeshNetworks', 'istio-system/meshnetworks', 12, 'east']],
      );
      assert.match(findings[0]!.message, /'net2'.*'east'/);
    });

    it('reads the meshNetworks key of the istio ConfigMap; registry names are case-sensitive', () => {
      const findings = analyzeFiles({
        'secret.yaml': REMOTE_SECRET,
        'cm.yaml': configMap(['Kubernetes', 'External', 'west', 'kubernetes']),
      });
      const found = findings.filter((f) => f.code === 'IST0126');
      assert.deepEqual(
        found.map((f) => [f.kind, f.resource, f.line, f.text.split('\n')[0]]),
        [['ConfigMap', 'istio-system/istio', 6, '|-']],
      );
      assert.match(found[0]!.message, /'net1'.*'kubernetes'/);
    });

    it('is quiet when every registry is known', () => {
      const findings = analyzeFiles({
        'secret.yaml': REMOTE_SECRET,
        'cm.yaml': configMap(['Kubernetes', 'west']),
      });
      assert.deepEqual(summary(findings, ['IST0126']), []);
    });
  });
});
