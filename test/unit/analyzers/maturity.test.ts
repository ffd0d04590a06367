import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

describe('maturity analyzers', () => {
  describe('AlphaAnalyzer', () => {
    it('reports Alpha annotations at their value, including CNI defaults on pods injected with istio-init', () => {
      const yaml = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    networking.istio.io/exportTo: "."
---
apiVersion: v1
kind: Pod
metadata:
  name: legacy
  annotations:
    sidecar.istio.io/interceptionMode: REDIRECT
spec:
  initContainers: [{name: istio-init, image: istio/proxyv2}]
  containers: [{name: app, image: example/app}]
`;
      const findings = analyzeFiles({ 'a.yaml': yaml }).filter((f) => f.code === 'IST0136');
      assert.deepEqual(
        findings.map((f) => [f.resource, f.line, f.text]),
        [
          ['web', 5, '"."'],
          ['legacy', 12, 'REDIRECT'],
        ],
      );
    });

    it('skips non-Alpha annotations, annotations Istio sets itself and CNI defaults on CNI pods', () => {
      const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: cni
  annotations:
    sidecar.istio.io/status: "{}"
    istio.io/rev: default
    sidecar.istio.io/interceptionMode: REDIRECT
    traffic.sidecar.istio.io/includeOutboundIPRanges: "*"
    proxy.istio.io/config: "{}"
    ambient.istio.io/redirection: enabled
spec:
  initContainers: [{name: istio-validation, image: istio/proxyv2}]
  containers: [{name: app, image: example/app}]
`;
      assert.deepEqual(summary(analyzeFiles({ 'a.yaml': yaml }), ['IST0136']), []);
    });
  });
});
