import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

const pointed = (findings: TestFinding[], code: string) =>
  findings.filter((f) => f.code === code).map((f) => [f.resource, f.line, f.text]);

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: ratings
  namespace: shop
spec:
  selector: {app: ratings}
  ports:
  - name: http
    port: 9080
`;

describe('destinationrule analyzers', () => {
  describe('CaCertificateAnalyzer', () => {
    it('IST0128/IST0129 on SIMPLE/MUTUAL TLS without caCertificates, pointing at the mode', () => {
      const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db
  namespace: shop
spec:
  host: db.example.com
  trafficPolicy:
    tls:
      mode: MUTUAL
      clientCertificate: /etc/certs/client.pem
    portLevelSettings:
    - port: {number: 443}
      tls:
        mode: SIMPLE
        credentialName: db-ca
    - port: {number: 8443}
      tls:
        mode: ISTIO_MUTUAL
`;
      const findings = analyzeFiles({ 'dr.yaml': dr });
      assert.deepEqual(pointed(findings, 'IST0128'), [['shop/db', 9, 'MUTUAL']]);
      assert.deepEqual(pointed(findings, 'IST0129'), [['shop/db', 14, 'SIMPLE']]);
      const port = findings.find((f) => f.code === 'IST0129')!;
      assert.match(port.message, /port 443/);
      assert.match(port.message, /credentialName 'db-ca'.*workloadSelector/);
    });

    it('accepts caCertificates, or a credentialName on a rule with a workloadSelector', () => {
      const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db
  namespace: shop
spec:
  host: db.example.com
  workloadSelector:
    matchLabels: {app: client}
  trafficPolicy:
    tls:
      mode: SIMPLE
      caCertificates: /etc/certs/root.pem
    portLevelSettings:
    - port: {number: 443}
      tls:
        mode: MUTUAL
        credentialName: db-client
`;
      assert.deepEqual(summary(analyzeFiles({ 'dr.yaml': dr }), ['IST0128', 'IST0129']), []);
    });
  });

  describe('SubsetSelectPodAnalyzer', () => {
    it('IST0174 on a host no Service or ServiceEntry defines, pointing at the host', () => {
      const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
`;
      const findings = analyzeFiles({ 'svc.yaml': SERVICE, 'dr.yaml': dr });
      assert.deepEqual(pointed(findings, 'IST0174'), [['shop/reviews', 6, 'reviews']]);
    });

    it('resolves hosts against Services (short and FQDN), exportTo and wildcard ServiceEntries', () => {
      const se = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: external
  namespace: shop
spec:
  hosts: ['*.example.com']
  exportTo: ['.']
  resolution: DNS
`;
      const dr = (name: string, ns: string, host: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${host}
`;
      const findings = analyzeFiles({
        'svc.yaml': SERVICE,
        'se.yaml': se,
        'a.yaml': dr('short', 'shop', 'ratings'),
        'b.yaml': dr('fqdn', 'other', 'ratings.shop.svc.cluster.local'),
        'c.yaml': dr('wild', 'shop', 'api.example.com'),
        'd.yaml': dr('hidden', 'other', 'api.example.com'),
      });
      assert.deepEqual(summary(findings, ['IST0174']), ['IST0174 DestinationRule other/hidden']);
    });

    it('IST0173 on a subset whose labels match no pod, pointing at its labels', () => {
      const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ratings-v1
  namespace: shop
spec:
  selector:
    matchLabels: {app: ratings}
  template:
    metadata:
      labels: {app: ratings, version: v1}
    spec:
      containers: [{name: app, image: ratings}]
`;
      const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
  namespace: shop
spec:
  host: ratings
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels:
      version: v2
`;
      const findings = analyzeFiles({ 'svc.yaml': SERVICE, 'deploy.yaml': deployment, 'dr.yaml': dr });
      assert.deepEqual(pointed(findings, 'IST0173'), [['shop/ratings', 11, 'labels']]);
      assert.match(findings.find((f) => f.code === 'IST0173')!.message, /'v2'.*version=v2/);
    });

    it('matches pods with the topology labels of their node, ignoring empty node labels', () => {
      const podAndNode = `apiVersion: v1
kind: Pod
metadata:
  name: ratings-0
  namespace: shop
  labels: {app: ratings}
spec:
  nodeName: node-a
  containers: [{name: app, image: ratings}]
---
apiVersion: v1
kind: Node
metadata:
  name: node-a
  labels:
    topology.kubernetes.io/zone: eu-1a
    topology.kubernetes.io/region: ""
`;
      const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
  namespace: shop
spec:
  host: ratings
  subsets:
  - name: zone-a
    labels: {topology.kubernetes.io/zone: eu-1a}
  - name: on-node-a
    labels: {kubernetes.io/hostname: node-a}
  - name: no-region
    labels: {topology.kubernetes.io/region: ""}
`;
      const findings = analyzeFiles({ 'svc.yaml': SERVICE, 'pod.yaml': podAndNode, 'dr.yaml': dr });
      assert.deepEqual(pointed(findings, 'IST0173'), [['shop/ratings', 13, 'labels']]);
    });
  });
});
