import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

function crd(name: string, bundleVersion?: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${name}
  annotations:
    gateway.networking.k8s.io/channel: standard
${bundleVersion ? `    gateway.networking.k8s.io/bundle-version: ${bundleVersion}\n` : ''}spec:
  group: gateway.networking.k8s.io
`;
}

const GATEWAY_POD = `apiVersion: v1
kind: Pod
metadata:
  name: shop-gw-istio-abc
  namespace: shop
  labels:
    gateway.networking.k8s.io/gateway-name: shop-gw
    app: shop-gw-istio
`;

function policy(kind: string, apiVersion: string, name: string, spec: string, namespace = 'shop'): string {
  return `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;
}

const SELECT_GATEWAY = `  selector:
    matchLabels:
      gateway.networking.k8s.io/gateway-name: shop-gw
`;

describe('k8sgateway analyzers', () => {
  describe('CRDVersionAnalyzer', () => {
    it('IST0176 on a Gateway API CRD older than the bundle Istio requires, pointing at the annotation', () => {
      const files = {
        'crds.yaml': [
          crd('tlsroutes.gateway.networking.k8s.io', 'v1.4.1'),
          crd('grpcroutes.gateway.networking.k8s.io', 'v1.0.0-rc1'),
        ].join('---\n'),
      };
      const findings = analyzeFiles(files);
      assert.deepEqual(
        findings.filter((f) => f.code === 'IST0176').map((f) => [f.resource, f.text]),
        [
          ['tlsroutes.gateway.networking.k8s.io', 'v1.4.1'],
          ['grpcroutes.gateway.networking.k8s.io', 'v1.0.0-rc1'],
        ],
      );
      assert.match(findings[0]!.message, /v1\.4\.1, below the minimum 1\.5\.0/);
    });

    it('no finding for recent, unannotated, unparsable or unrelated CRDs', () => {
      const files = {
        'crds.yaml': [
          crd('tlsroutes.gateway.networking.k8s.io', 'v1.5.0-rc.1'),
          crd('grpcroutes.gateway.networking.k8s.io'),
          crd('backendtlspolicies.gateway.networking.k8s.io', 'latest'),
          crd('httproutes.gateway.networking.k8s.io', 'v0.1.0'),
        ].join('---\n'),
      };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0176']), []);
    });
  });

  describe('SelectorAnalyzer', () => {
    it('IST0166 on policies whose selector picks Kubernetes Gateway pods, pointing at matchLabels', () => {
      const files = {
        'pod.yaml': GATEWAY_POD,
        'policies.yaml': [
          policy('AuthorizationPolicy', 'security.istio.io/v1', 'ap', SELECT_GATEWAY),
          policy('RequestAuthentication', 'security.istio.io/v1', 'ra', SELECT_GATEWAY),
          policy('Telemetry', 'telemetry.istio.io/v1', 'tel', SELECT_GATEWAY),
          policy('WasmPlugin', 'extensions.istio.io/v1alpha1', 'wasm', `${SELECT_GATEWAY}  url: oci://x/y\n`),
        ].join('---\n'),
      };
      const findings = analyzeFiles(files).filter((f) => f.code === 'IST0166');
      assert.deepEqual(
        findings.map((f) => `${f.kind} ${f.resource} ${f.text}`),
        [
          'AuthorizationPolicy shop/ap matchLabels',
          'RequestAuthentication shop/ra matchLabels',
          'Telemetry shop/tel matchLabels',
          'WasmPlugin shop/wasm matchLabels',
        ],
      );
      assert.match(findings[0]!.message, /shop\/shop-gw.*targetRefs/);
    });

    it('no finding with targetRefs, for other pods, or in another namespace', () => {
      const files = {
        'pod.yaml': GATEWAY_POD,
        'policies.yaml': [
          policy(
            'AuthorizationPolicy',
            'security.istio.io/v1',
            'with-target',
            `${SELECT_GATEWAY}  targetRefs:\n  - {kind: Gateway, group: gateway.networking.k8s.io, name: shop-gw}\n`,
          ),
          policy(
            'AuthorizationPolicy',
            'security.istio.io/v1',
            'other-pods',
            '  selector:\n    matchLabels: {app: cart}\n',
          ),
          policy('AuthorizationPolicy', 'security.istio.io/v1', 'elsewhere', SELECT_GATEWAY, 'billing'),
          policy('AuthorizationPolicy', 'security.istio.io/v1', 'no-selector', '  action: DENY\n'),
        ].join('---\n'),
      };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0166']), []);
    });
  });
});
