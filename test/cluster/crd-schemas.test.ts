/**
 * clusterSchemasOf: which CRDs and versions the client hands to the language server, on hand-made
 * CRDs and on the emulator's realistic Istio CRDs (listed over HTTP, then validated with).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clusterSchemasOf } from '../../client/src/cluster/crd-schemas';
import type { KubeObject } from '../../client/src/cluster/transport';
import { createBundledService } from '../../server/src/bundled-service';
import { startEmulator, type Emulator } from '../emulator';
import { httpTransport } from './http-transport';

const SCHEMA = { type: 'object', properties: { spec: { type: 'object' } } };

function crd(group: string, kind: string, versions: Record<string, unknown>[]): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.toLowerCase()}s.${group}` },
    spec: { group, names: { kind, plural: `${kind.toLowerCase()}s` }, scope: 'Namespaced', versions },
  };
}

describe('clusterSchemasOf', () => {
  it('keeps the Istio and Gateway API groups, served versions with a schema', () => {
    const schemas = clusterSchemasOf('kind-mesh', [
      crd('networking.istio.io', 'VirtualService', [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: SCHEMA } },
        { name: 'v1alpha3', served: false, schema: { openAPIV3Schema: SCHEMA } },
        { name: 'v1beta1', served: true },
      ]),
      crd('gateway.networking.k8s.io', 'HTTPRoute', [
        { name: 'v1', served: true, schema: { openAPIV3Schema: SCHEMA } },
      ]),
      crd('telemetry.istio.io', 'Telemetry', [
        { name: 'v1', served: true, schema: { openAPIV3Schema: SCHEMA } },
      ]),
      crd('extensions.istio.io', 'WasmPlugin', [
        { name: 'v1alpha1', served: true, schema: { openAPIV3Schema: SCHEMA } },
      ]),
      crd('security.istio.io', 'PeerAuthentication', [
        { name: 'v1', served: false, schema: { openAPIV3Schema: SCHEMA } },
      ]),
      crd('cert-manager.io', 'Certificate', [
        { name: 'v1', served: true, schema: { openAPIV3Schema: SCHEMA } },
      ]),
      crd('gateway.networking.x-k8s.io', 'XMesh', [
        { name: 'v1alpha1', served: true, schema: { openAPIV3Schema: SCHEMA } },
      ]),
    ]);
    assert.equal(schemas.context, 'kind-mesh');
    assert.deepEqual(
      schemas.crds.map((c) => [c.group, c.kind, c.plural, c.versions.map((v) => v.name)]),
      [
        ['networking.istio.io', 'VirtualService', 'virtualservices', ['v1']],
        ['gateway.networking.k8s.io', 'HTTPRoute', 'httproutes', ['v1']],
        ['telemetry.istio.io', 'Telemetry', 'telemetrys', ['v1']],
        ['extensions.istio.io', 'WasmPlugin', 'wasmplugins', ['v1alpha1']],
      ],
    );
    assert.deepEqual(schemas.crds[0]!.versions[0], { name: 'v1', served: true, openAPIV3Schema: SCHEMA });
  });

  it('ignores malformed objects', () => {
    const schemas = clusterSchemasOf('ctx', [
      { metadata: { name: 'a' } },
      { metadata: { name: 'b' }, spec: { group: 'networking.istio.io', names: { kind: 'Gateway' } } },
      {
        metadata: { name: 'c' },
        spec: {
          group: 'networking.istio.io',
          names: { kind: 'Gateway', plural: 'gateways' },
          versions: 'v1',
        },
      },
      crd('networking.istio.io', 'Sidecar', [null as unknown as Record<string, unknown>, { served: true }]),
    ]);
    assert.deepEqual(schemas, { context: 'ctx', crds: [] });
  });
});

describe("the emulator's Istio CRDs as cluster schemas", function () {
  this.timeout(15_000);
  let emu: Emulator;
  let items: KubeObject[];

  before(async () => {
    emu = await startEmulator({ seed: 'bookinfo' });
    const transport = httpTransport({
      url: emu.url,
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      token: emu.adminToken,
    });
    items = (await transport.list(new AbortController().signal)).items;
  });
  after(async () => emu?.stop());

  it('carries a schema with CEL rules for every served Istio kind and version', () => {
    const schemas = clusterSchemasOf('emulator', items);
    const served = schemas.crds.flatMap((c) => c.versions.map((v) => `${c.group}/${v.name}/${c.kind}`));
    assert.ok(served.includes('networking.istio.io/v1alpha3/EnvoyFilter'));
    assert.ok(served.includes('telemetry.istio.io/v1alpha1/Telemetry'));
    assert.equal(served.length, 27);
    const ap = schemas.crds.find((c) => c.kind === 'AuthorizationPolicy')!.versions[0]!.openAPIV3Schema;
    assert.match(JSON.stringify(ap.properties!.spec!['x-kubernetes-validations']), /only one of targetRefs/);
  });

  it('validates like the bundled schemas on the fixtures, plus the CRDs’ rules', () => {
    const bundled = createBundledService();
    const cluster = createBundledService();
    cluster.setClusterSchemas(clusterSchemasOf('emulator', items));
    const dir = path.resolve(__dirname, '../fixtures/mesh');
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const summary = (svc: typeof bundled) =>
        svc.validate(svc.parse(`file:///${file}`, 1, text)).map((d) => `${d.range.start.line} ${d.code}`);
      assert.deepEqual(summary(cluster), summary(bundled), file);
    }
    const se = [
      'apiVersion: networking.istio.io/v1',
      'kind: ServiceEntry',
      'metadata: {name: ext}',
      'spec:',
      "  hosts: ['*']",
      '  resolution: DNS',
      '  ports: [{number: 443, name: https, protocol: TLS}]',
      '  workloadSelector: {labels: {app: a}}',
      '  endpoints: [{address: a.example.com}]',
    ].join('\n');
    const messages = cluster
      .validate(cluster.parse('file:///se.yaml', 1, se))
      .map((d) => `${d.code} ${d.message}`);
    assert.deepEqual(messages, [
      'cel-rule only one of WorkloadSelector or Endpoints can be set',
      'cel-rule hostname cannot be wildcard',
    ]);
  });
});
