import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

function sidecar(name: string, namespace: string, labels?: string): string {
  return `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${labels ? `  workloadSelector:\n    labels: {${labels}}\n` : ''}  egress:
  - hosts: ["./*"]
`;
}

const WORKLOADS = `apiVersion: v1
kind: Pod
metadata:
  name: cart-1
  namespace: shop
  labels: {app: cart, version: v1}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
      - {name: app, image: checkout}
---
apiVersion: v1
kind: Namespace
metadata:
  name: mesh-free
  labels:
    istio.io/dataplane-mode: ambient
---
apiVersion: v1
kind: Pod
metadata:
  name: search-1
  namespace: shop
  labels: {app: search}
  annotations:
    ambient.istio.io/redirection: enabled
`;

describe('sidecar analyzers', () => {
  describe('SelectorAnalyzer', () => {
    it('IST0101 when a workload selector matches no pod in the namespace', () => {
      const files = { 'workloads.yaml': WORKLOADS, 'sidecars.yaml': sidecar('typo', 'shop', 'app: kart') };
      const findings = analyzeFiles(files);
      assert.deepEqual(
        findings.filter((f) => f.code === 'IST0101').map((f) => [f.resource, f.text]),
        [['shop/typo', 'labels']],
      );
      assert.match(findings.find((f) => f.code === 'IST0101')!.message, /namespace shop.*app=kart/);
    });

    it('IST0110 on every Sidecar selecting a pod another Sidecar selects', () => {
      const files = {
        'workloads.yaml': WORKLOADS,
        'sidecars.yaml': [
          sidecar('by-app', 'shop', 'app: cart'),
          sidecar('by-version', 'shop', 'version: v1'),
        ].join('---\n'),
      };
      const findings = analyzeFiles(files);
      assert.deepEqual(summary(findings, ['IST0110']), [
        'IST0110 Sidecar shop/by-app',
        'IST0110 Sidecar shop/by-version',
      ]);
      const first = findings.find((f) => f.code === 'IST0110')!;
      assert.equal(first.text, 'labels');
      assert.match(first.message, /pod shop\/cart-1 .*shop\/by-version/);
    });

    it('IST0111 when a namespace has two Sidecars without workload selector', () => {
      const files = { 'sidecars.yaml': [sidecar('one', 'shop'), sidecar('two', 'shop')].join('---\n') };
      const findings = analyzeFiles(files);
      assert.deepEqual(
        findings.filter((f) => f.code === 'IST0111').map((f) => [f.resource, f.text]),
        [
          ['shop/one', 'one'],
          ['shop/two', 'two'],
        ],
      );
    });

    it('IST0167 instead of conflicts for ambient pods and namespaces', () => {
      const files = {
        'workloads.yaml': WORKLOADS,
        'sidecars.yaml': [
          sidecar('search-a', 'shop', 'app: search'),
          sidecar('search-b', 'shop', 'app: search'),
          sidecar('ns-a', 'mesh-free'),
          sidecar('ns-b', 'mesh-free'),
        ].join('---\n'),
      };
      const findings = analyzeFiles(files);
      assert.deepEqual(summary(findings, ['IST0110', 'IST0111', 'IST0167']), [
        'IST0167 Sidecar mesh-free/ns-a',
        'IST0167 Sidecar mesh-free/ns-b',
        'IST0167 Sidecar shop/search-a',
        'IST0167 Sidecar shop/search-b',
      ]);
    });

    it('no finding for one Sidecar per workload (pods and pod templates) and one per namespace', () => {
      const files = {
        'workloads.yaml': WORKLOADS,
        'sidecars.yaml': [
          sidecar('cart', 'shop', 'app: cart'),
          sidecar('checkout', 'shop', 'app: checkout'),
          sidecar('default', 'shop'),
          sidecar('default', 'other'),
        ].join('---\n'),
      };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0101', 'IST0110', 'IST0111', 'IST0167']), []);
    });
  });
});
