import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`;

/** A Service `name` in `namespace` with the given ports. */
function svc(name: string, namespace: string, ports: number[]): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  ports:
${ports.map((p) => `  - {name: http-${p}, port: ${p}}`).join('\n')}
`;
}

/** Findings with `code` whose message mentions `about`, as [resource, text at the location]. */
function where(findings: readonly TestFinding[], code: string, about = ''): [string, string][] {
  return findings
    .filter((f) => f.code === code && f.message.includes(about))
    .map((f): [string, string] => [f.resource, f.text]);
}

describe('virtualservice analyzers', () => {
  describe('DestinationRuleAnalyzer', () => {
    it('reports IST0101 on a subset no DestinationRule defines, pointing at the subset', () => {
      const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 50
    - destination:
        host: reviews.bookinfo.svc.cluster.local
        subset: v2
      weight: 50
    mirror: {host: reviews, subset: v3}
`;
      const findings = analyzeFiles({
        'dr.yaml': DR,
        'vs.yaml': vs,
        'svc.yaml': svc('reviews', 'bookinfo', [80]),
      });
      assert.deepEqual(summary(findings, ['IST0101']), [
        'IST0101 VirtualService bookinfo/reviews',
        'IST0101 VirtualService bookinfo/reviews',
      ]);
      assert.deepEqual(
        findings.filter((f) => f.code === 'IST0101').map((f) => [f.text, f.line]),
        [
          ['v2', 13],
          ['v3', 15],
        ],
      );
      assert.match(
        findings.find((f) => f.text === 'v2')!.message,
        /reviews\.bookinfo\.svc\.cluster\.local\+v2.*defines only v1/,
      );
    });

    it('accepts subsets defined by a DestinationRule in the host namespace', () => {
      const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: frontend
spec:
  hosts: [reviews.bookinfo.svc.cluster.local]
  http:
  - route:
    - destination: {host: reviews.bookinfo.svc.cluster.local, subset: v1}
`;
      const findings = analyzeFiles({
        'dr.yaml': DR,
        'vs.yaml': vs,
        'svc.yaml': svc('reviews', 'bookinfo', [80]),
      });
      assert.deepEqual(summary(findings, ['IST0101']), []);
    });
  });

  describe('DestinationHostAnalyzer', () => {
    it('reports unknown hosts, unknown ports and missing port selectors on the destination', () => {
      const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts: [shop]
  http:
  - route:
    - destination: {host: cart}
    - destination: {host: catalog, port: {number: 8080}}
    - destination: {host: checkout}
    mirror: {host: audit}
`;
      const findings = analyzeFiles({
        'vs.yaml': vs,
        'svc.yaml': [svc('catalog', 'shop', [80]), svc('checkout', 'shop', [80, 443])].join('---\n'),
      });
      assert.deepEqual(where(findings, 'IST0101', 'not found'), [
        ['shop/shop', 'cart'],
        ['shop/shop', '8080'],
        ['shop/shop', 'audit'],
      ]);
      assert.match(findings.find((f) => f.text === 'cart')!.message, /'cart'.*namespace shop/);
      assert.match(findings.find((f) => f.text === '8080')!.message, /catalog:8080.*ports 80/);
      assert.deepEqual(where(findings, 'IST0112'), [['shop/shop', 'checkout']]);
      assert.match(findings.find((f) => f.code === 'IST0112')!.message, /80, 443/);
    });

    it('resolves Services, exported ServiceEntries and wildcard hosts, and honours exportTo', () => {
      const entries = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: payments
  namespace: partners
spec:
  hosts: [api.payments.example]
  exportTo: [shop]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: cdn
  namespace: partners
spec:
  hosts: ["*.cdn.example"]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: private
  namespace: partners
spec:
  hosts: [private.example]
  exportTo: ["."]
`;
      const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts: [shop]
  http:
  - route:
    - destination: {host: catalog.shop.svc.cluster.local}
    - destination: {host: api.payments.example}
    - destination: {host: img.cdn.example}
    - destination: {host: private.example}
`;
      const findings = analyzeFiles({
        'se.yaml': entries,
        'vs.yaml': vs,
        'svc.yaml': svc('catalog', 'shop', [80]),
      });
      assert.deepEqual(where(findings, 'IST0101'), [['shop/shop', 'private.example']]);
      assert.deepEqual(where(findings, 'IST0112'), []);
    });

    it('knows the ingress gateway Service istioctl assumes in files-only analysis', () => {
      const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: loop
  namespace: shop
spec:
  hosts: [loop]
  tcp:
  - route:
    - destination: {host: istio-ingressgateway.istio-system.svc.cluster.local, port: {number: 443}}
`;
      const other = svc('cart', 'shop', [80]);
      assert.deepEqual(where(analyzeFiles({ 'vs.yaml': vs, 'svc.yaml': other }), 'IST0101'), []);
      const off = analyzeFiles(
        { 'vs.yaml': vs, 'svc.yaml': other },
        { meshConfig: 'ingressControllerMode: OFF\n' },
      );
      assert.deepEqual(where(off, 'IST0101'), [
        ['shop/loop', 'istio-ingressgateway.istio-system.svc.cluster.local'],
      ]);
    });

    it('does not judge subsets in a workspace that defines no DestinationRule at all', () => {
      const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: cart
  namespace: shop
spec:
  hosts: [cart]
  http:
  - route:
    - destination: {host: cart, subset: v9}
`;
      const subsets = (files: Record<string, string>) =>
        analyzeFiles(files).filter((f) => f.code === 'IST0101' && f.text === 'v9');
      assert.deepEqual(subsets({ 'vs.yaml': vs }), []);
      const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: other, namespace: shop}
spec:
  host: orders
`;
      assert.equal(subsets({ 'vs.yaml': vs, 'dr.yaml': dr }).length, 1);
    });

    it('does not judge host existence in a workspace that defines no Service at all', () => {
      const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: cart
  namespace: shop
spec:
  hosts: [cart]
  http:
  - route:
    - destination: {host: cart}
`;
      assert.deepEqual(where(analyzeFiles({ 'vs.yaml': vs }), 'IST0101'), []);
      assert.deepEqual(
        where(analyzeFiles({ 'vs.yaml': vs, 'svc.yaml': svc('orders', 'shop', [80]) }), 'IST0101'),
        [['shop/cart', 'cart']],
      );
    });

    it('reports IST0140 on a gateway route without subset to a host routed by subset in the mesh', () => {
      const files = {
        'svc.yaml': svc('ratings', 'default', [80]),
        'mesh.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
  namespace: default
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings, subset: v1}
`,
        'ingress.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings-ingress
  namespace: default
spec:
  hosts: [ratings.example.com]
  gateways: [istio-system/public]
  http:
  - route:
    - destination: {host: ratings}
  - route:
    - destination: {host: ratings, subset: v1}
`,
      };
      const findings = analyzeFiles(files);
      assert.deepEqual(where(findings, 'IST0140'), [['default/ratings-ingress', 'ratings']]);
      assert.equal(findings.find((f) => f.code === 'IST0140')!.line, 10);
      assert.match(findings.find((f) => f.code === 'IST0140')!.message, /default\/ratings/);
    });

    it('does not report IST0140 for mesh-only VirtualServices', () => {
      const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
  namespace: default
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings, subset: v1}
  - route:
    - destination: {host: ratings}
`;
      assert.deepEqual(
        where(analyzeFiles({ 'vs.yaml': vs, 'svc.yaml': svc('ratings', 'default', [80]) }), 'IST0140'),
        [],
      );
    });
  });

  describe('ConflictingMeshGatewayHostsAnalyzer', () => {
    it('reports IST0109 on each mesh VirtualService claiming the same host, at the host', () => {
      const vs = (
        name: string,
        namespace: string,
        host: string,
        extra = '',
      ) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  hosts: [web, ${host}]${extra}
`;
      const findings = analyzeFiles({
        'a.yaml': vs('a', 'shop', 'reviews'),
        'b.yaml': vs('b', 'other', 'reviews.shop.svc.cluster.local', '\n  gateways: [mesh, public]'),
        'c.yaml': vs('c', 'shop', 'reviews', '\n  gateways: [public]'),
      });
      assert.deepEqual(where(findings, 'IST0109'), [
        ['shop/a', 'reviews'],
        ['other/b', 'reviews.shop.svc.cluster.local'],
      ]);
      assert.match(
        findings.find((f) => f.code === 'IST0109')!.message,
        /reviews\.shop\.svc\.cluster\.local.*other\/b/,
      );
    });

    it('keeps namespace-local hosts apart but sees them overlap hosts exported everywhere', () => {
      const vs = (
        name: string,
        namespace: string,
        host: string,
        exportTo: string,
      ) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  hosts: ["${host}"]
  exportTo: [${exportTo}]
`;
      const local = analyzeFiles({
        'a.yaml': vs('a', 'team1', '*.shop.example', '"."'),
        'b.yaml': vs('b', 'team2', '*.shop.example', '"."'),
      });
      assert.deepEqual(where(local, 'IST0109'), []);
      const overlapping = analyzeFiles({
        'a.yaml': vs('a', 'team1', 'api.shop.example', '"."'),
        'b.yaml': vs('b', 'team2', '*.example', '"*"'),
      });
      assert.deepEqual(where(overlapping, 'IST0109'), [
        ['team1/a', '"api.shop.example"'],
        ['team2/b', '"*.example"'],
      ]);
    });
  });

  describe('GatewayAnalyzer', () => {
    const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: istio-system
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.shop.example", "./admin.example"]
`;
    const vs = (name: string, host: string, gw: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: shop
spec:
  hosts: ["${host}"]
  gateways: [mesh, "${gw}"]
`;

    it('reports a missing gateway (IST0101) and hosts the gateway does not serve (IST0132)', () => {
      const findings = analyzeFiles({
        'gw.yaml': gateway,
        'missing.yaml': vs('missing', 'www.shop.example', 'istio-system/private'),
        'wrong-host.yaml': vs('wrong-host', 'www.other.example', 'istio-system/public'),
        'other-ns.yaml': vs('other-ns', 'admin.example', 'istio-system/public'),
      });
      assert.deepEqual(where(findings, 'IST0101', 'gateway'), [['shop/missing', '"istio-system/private"']]);
      assert.deepEqual(where(findings, 'IST0132'), [
        ['shop/missing', '"istio-system/private"'],
        ['shop/wrong-host', '"istio-system/public"'],
        ['shop/other-ns', '"istio-system/public"'],
      ]);
      assert.match(findings.find((f) => f.resource === 'shop/wrong-host')!.message, /www\.other\.example/);
    });

    it('accepts hosts matching a server host, including Kubernetes Gateway listeners', () => {
      const k8sGateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: shop
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: "*.edge.example"}
`;
      const findings = analyzeFiles({
        'gw.yaml': gateway,
        'k8s.yaml': k8sGateway,
        'a.yaml': vs('a', 'www.shop.example', 'istio-system/public'),
        'b.yaml': vs('b', 'api.edge.example', 'edge'),
      });
      assert.deepEqual(summary(findings, ['IST0101', 'IST0132', 'IST0165']), []);
    });

    it('warns (IST0165) on a reference to an internal gateway generated from a Kubernetes Gateway', () => {
      const findings = analyzeFiles({
        'vs.yaml': vs('a', 'www.shop.example', 'istio-system/edge~istio-autogenerated-k8s-gateway~http'),
      });
      assert.deepEqual(where(findings, 'IST0165'), [
        ['shop/a', '"istio-system/edge~istio-autogenerated-k8s-gateway~http"'],
      ]);
      assert.deepEqual(summary(findings, ['IST0132']), []);
    });
  });

  describe('JWTClaimRouteAnalyzer', () => {
    const files = {
      'gw.yaml': `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: shop
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [shop.example]
`,
      'vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts: [shop.example]
  gateways: [public]
  http:
  - match:
    - headers:
        "@request.auth.claims.group":
          exact: admin
    route:
    - destination: {host: admin}
`,
    };

    it('reports IST0149 on the claim match when the gateway pod has no RequestAuthentication', () => {
      const findings = analyzeFiles(files);
      assert.deepEqual(where(findings, 'IST0149'), [['shop/shop', '"@request.auth.claims.group"']]);
      assert.match(findings.find((f) => f.code === 'IST0149')!.message, /istio-ingressgateway-dummypod/);
    });

    it('accepts a RequestAuthentication in the root namespace selecting the gateway pod', () => {
      const ra = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: istio-system
spec:
  selector:
    matchLabels: {istio: ingressgateway}
  jwtRules:
  - issuer: https://issuer.example
`;
      assert.deepEqual(summary(analyzeFiles({ ...files, 'ra.yaml': ra }), ['IST0149']), []);
    });
  });
});
