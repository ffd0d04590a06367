/** Schemas from the cluster's CRDs: conversion, overlay on the bundled catalog, constraints, hover. */
import * as assert from 'node:assert/strict';
import type { OpenApiV3Schema } from '../../protocol/src/cluster-schemas';
import { createBundledService } from '../../server/src/bundled-service';
import { exclusiveGroups } from '../../server/src/service/schema/registry';
import { schemaFromCrd } from '../../server/src/service/schema/crd-to-schema';
import type { MeshLanguageService } from '../../server/src/service/language-service';
import { check, clusterOf } from '../helpers/cluster-schemas';
import { CURSOR } from '../helpers/service';

const VS_SPEC: OpenApiV3Schema = {
  type: 'object',
  description: 'Routing as the cluster knows it.',
  properties: {
    hosts: { type: 'array', items: { type: 'string' }, description: 'Hosts, from the cluster.' },
    http: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          retries: { type: 'object', properties: { attempts: { type: 'integer' } } },
          name: { type: 'string', pattern: '^[a-z-]+$', maxLength: 10 },
        },
      },
    },
    futureField: { type: 'string', description: 'Only this Istio version has it.' },
  },
};

const vs = (apiVersion: string, spec: string) =>
  `apiVersion: ${apiVersion}\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n${spec}`;

describe('cluster CRD schemas', () => {
  describe('conversion', () => {
    it('closes objects with properties unless they preserve unknown fields', () => {
      const closed = schemaFromCrd({ type: 'object', properties: { a: { type: 'string' } } });
      assert.equal(closed.additionalProperties, false);
      const open = schemaFromCrd({
        type: 'object',
        properties: { a: { type: 'string' } },
        'x-kubernetes-preserve-unknown-fields': true,
      });
      assert.equal(open.additionalProperties, undefined);
      assert.equal(schemaFromCrd({ type: 'object' }).additionalProperties, undefined);
      const map = schemaFromCrd({ type: 'object', additionalProperties: { type: 'string' } });
      assert.deepEqual(map.additionalProperties, { type: 'string' });
    });

    it('keeps descriptions, enums, required, items, int-or-string and exact constraints', () => {
      const schema = schemaFromCrd({
        type: 'object',
        required: ['mode'],
        properties: {
          mode: { type: 'string', enum: ['A', 'B'], description: 'The mode.' },
          port: {
            'x-kubernetes-int-or-string': true,
            anyOf: [{ type: 'integer' }, { type: 'string' }],
          },
          hosts: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, maxItems: 3 },
          weight: { type: 'integer', format: 'int32', minimum: 0, maximum: 100, exclusiveMaximum: true },
        },
        'x-kubernetes-validations': [{ rule: 'has(self.mode)', message: 'mode' }],
      });
      assert.deepEqual(schema.required, ['mode']);
      assert.deepEqual(schema.properties!.mode, {
        type: 'string',
        enum: ['A', 'B'],
        description: 'The mode.',
      });
      assert.deepEqual(schema.properties!.port, { 'x-kubernetes-int-or-string': true });
      assert.deepEqual(schema.properties!.hosts, {
        type: 'array',
        maxItems: 3,
        items: { type: 'string', pattern: '^[a-z]+$' },
      });
      assert.deepEqual(schema.properties!.weight, {
        type: 'integer',
        format: 'int32',
        minimum: 0,
        maximum: 100,
        exclusiveMaximum: true,
      });
      assert.deepEqual(schema['x-kubernetes-validations'], [{ rule: 'has(self.mode)', message: 'mode' }]);
    });

    it("maps Istio's oneOf encoding to the exclusive groups validation understands", () => {
      const atMostOne = schemaFromCrd({
        type: 'object',
        properties: { exact: { type: 'string' }, prefix: { type: 'string' } },
        oneOf: [
          { not: { anyOf: [{ required: ['exact'] }, { required: ['prefix'] }] } },
          { required: ['exact'] },
          { required: ['prefix'] },
        ],
      });
      assert.deepEqual(exclusiveGroups(atMostOne), { groups: [['exact'], ['prefix']], allowNone: true });
      const exactlyOne = schemaFromCrd({ type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] });
      assert.deepEqual(exclusiveGroups(exactlyOne), { groups: [['a'], ['b']], allowNone: false });
      const other = schemaFromCrd({ type: 'object', oneOf: [{ type: 'string' }, { required: ['b'] }] });
      assert.equal(other.oneOf, undefined);
    });
  });

  describe('overlay on the bundled catalog', () => {
    let svc: MeshLanguageService;
    beforeEach(() => {
      svc = createBundledService();
    });

    it("follows the cluster's fields: only-cluster fields are known, missing ones unknown", () => {
      const text = vs('networking.istio.io/v1', '  hosts: [reviews]\n  futureField: x\n  gateways: [mesh]\n');
      assert.deepEqual(
        check(svc, text).map((d) => [d.code, d.text]),
        [['unknown-field', 'futureField']],
      );
      svc.setClusterSchemas(clusterOf('networking.istio.io', 'VirtualService', VS_SPEC));
      assert.deepEqual(
        check(svc, text).map((d) => [d.code, d.text]),
        [['unknown-field', 'gateways']],
      );
      svc.setClusterSchemas(null);
      assert.deepEqual(
        check(svc, text).map((d) => [d.code, d.text]),
        [['unknown-field', 'futureField']],
      );
    });

    it('keeps apiVersion, kind and metadata valid although Istio CRDs declare only spec and status', () => {
      svc.setClusterSchemas(clusterOf('networking.istio.io', 'VirtualService', VS_SPEC));
      assert.deepEqual(check(svc, vs('networking.istio.io/v1', '  hosts: [reviews]\n')), []);
      const typo = check(svc, vs('networking.istio.io/v1', '  hosts: [reviews]\n').replace('name:', 'nme:'));
      assert.deepEqual(
        typo.map((d) => d.code),
        ['unknown-field'],
      );
    });

    it('makes a version only the cluster serves known', () => {
      const text = vs('networking.istio.io/v2', '  hosts: [reviews]\n  gateways: [mesh]\n');
      assert.deepEqual(
        check(svc, text).map((d) => d.code),
        ['unknown-api-version'],
      );
      svc.setClusterSchemas(clusterOf('networking.istio.io', 'VirtualService', VS_SPEC, ['v2']));
      assert.deepEqual(
        check(svc, text).map((d) => [d.code, d.text]),
        [['unknown-field', 'gateways']],
      );
      assert.ok(svc.registry.apiVersionsOfKind('VirtualService').includes('networking.istio.io/v2'));
      assert.equal(svc.registry.lookup('networking.istio.io/v1', 'VirtualService').status, 'known');
    });

    it('re-validates documents validated before the schemas changed', () => {
      const doc = svc.parse('file:///a.yaml', 1, vs('networking.istio.io/v1', '  futureField: x\n'));
      assert.equal(svc.validate(doc).length, 1);
      svc.setClusterSchemas(clusterOf('networking.istio.io', 'VirtualService', VS_SPEC));
      assert.equal(svc.validate(doc).length, 0);
    });

    it('completes and hovers with the cluster schema', () => {
      svc.setClusterSchemas(clusterOf('networking.istio.io', 'VirtualService', VS_SPEC));
      const text = vs('networking.istio.io/v1', `  hosts: [reviews]\n  ${CURSOR}\n`);
      const offset = text.indexOf(CURSOR);
      const doc = svc.parse('file:///a.yaml', 1, text.replace(CURSOR, ''));
      const labels = svc.complete(doc, doc.lines.positionAt(offset)).items.map((i) => i.label);
      assert.ok(labels.includes('futureField'));
      assert.ok(!labels.includes('gateways'));
      const hover = svc.hover(doc, doc.lines.positionAt(text.indexOf('hosts') + 1));
      const value =
        hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      assert.match(value, /Hosts, from the cluster\./);
      assert.match(value, /Schema from the cluster's CRD \(context `kind-mesh`\)/);
    });
  });

  describe('exact constraints from the CRD', () => {
    let svc: MeshLanguageService;
    beforeEach(() => {
      svc = createBundledService();
    });

    it('checks pattern, lengths, bounds, item and property counts and formats', () => {
      svc.setClusterSchemas(
        clusterOf('networking.istio.io', 'VirtualService', {
          type: 'object',
          properties: {
            hosts: {
              type: 'array',
              items: { type: 'string', pattern: '^[a-z.]+$' },
              minItems: 1,
              maxItems: 2,
            },
            name: { type: 'string', minLength: 2, maxLength: 5 },
            weight: { type: 'integer', minimum: 0, maximum: 100 },
            share: { type: 'number', minimum: 0, maximum: 1, exclusiveMinimum: true },
            port: { type: 'integer', format: 'int32' },
            labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 1 },
          },
        }),
      );
      const text = vs(
        'networking.istio.io/v1',
        [
          '  hosts: [Bad_Host, b, c]',
          '  name: toolongname',
          '  weight: 101',
          '  share: 0',
          '  port: 3000000000',
          '  labels: {a: x, b: y}',
          '',
        ].join('\n'),
      );
      assert.deepEqual(
        check(svc, text).map((d) => [d.code, d.text, d.message]),
        [
          ['out-of-range', '[Bad_Host, b, c]', 'Value must be at most 2 items'],
          ['pattern', 'Bad_Host', "Value 'Bad_Host' does not match the pattern ^[a-z.]+$"],
          ['out-of-range', 'toolongname', 'Value must be at most 5 characters'],
          ['out-of-range', '101', 'Value must be at most 100 (got 101)'],
          ['out-of-range', '0', 'Value must be greater than 0 (got 0)'],
          ['pattern', '3000000000', "Value '3000000000' is not a valid int32"],
          ['out-of-range', '{a: x, b: y}', 'Value must be at most 1 entries'],
        ],
      );
    });

    it("uses the CRD's constraints, not the bundled validators of another Istio version", () => {
      const text = vs('networking.istio.io/v1', '  http:\n  - retries:\n      attempts: 3000000000\n');
      assert.deepEqual(
        check(svc, text).map((d) => d.code),
        ['pattern'],
      );
      svc.setClusterSchemas(clusterOf('networking.istio.io', 'VirtualService', VS_SPEC));
      assert.deepEqual(check(svc, text), []);
    });
  });
});
