/** CEL rules (`x-kubernetes-validations`) of cluster CRD schemas, evaluated with @bufbuild/cel. */
import * as assert from 'node:assert/strict';
import type { CelValidationRule, OpenApiV3Schema } from '../../protocol/src/cluster-schemas';
import { createBundledService } from '../../server/src/bundled-service';
import type { MeshLanguageService } from '../../server/src/service/language-service';
import { compileRule } from '../../server/src/service/validation/cel/cel-program';
import { fieldPathPointer } from '../../server/src/service/validation/cel/cel-diagnostics';
import { check, clusterOf } from '../helpers/cluster-schemas';

const AP = (spec: string) =>
  `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\nspec:\n${spec}`;

const SELECTOR = {
  type: 'object',
  properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } },
};
const TARGET_REF = { type: 'object', properties: { kind: { type: 'string' }, name: { type: 'string' } } };

function withRules(rules: CelValidationRule[], extra: Record<string, OpenApiV3Schema> = {}): OpenApiV3Schema {
  return {
    type: 'object',
    properties: {
      selector: SELECTOR,
      targetRef: TARGET_REF,
      targetRefs: { type: 'array', items: TARGET_REF },
      action: { type: 'string' },
      ...extra,
    },
    'x-kubernetes-validations': rules,
  };
}

const ONE_TARGET: CelValidationRule = {
  rule: '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1',
  message: 'only one of targetRefs, selector or targetRef can be set',
};

describe('CEL rules of cluster CRDs', () => {
  let svc: MeshLanguageService;
  const use = (spec: OpenApiV3Schema) =>
    svc.setClusterSchemas(clusterOf('security.istio.io', 'AuthorizationPolicy', spec));
  beforeEach(() => {
    svc = createBundledService();
  });

  it('passes and fails with the rule message, at the node the rule is on', () => {
    use(withRules([ONE_TARGET]));
    assert.deepEqual(check(svc, AP('  selector:\n    matchLabels: {app: a}\n')), []);
    assert.deepEqual(
      check(svc, AP('  selector:\n    matchLabels: {app: a}\n  targetRef: {kind: Service, name: a}\n')),
      [{ code: 'cel-rule', message: ONE_TARGET.message, text: 'spec' }],
    );
  });

  it('treats missing and empty (null) fields as absent for has()', () => {
    use(withRules([ONE_TARGET]));
    assert.deepEqual(check(svc, AP('  selector:\n  targetRef: {kind: Service, name: a}\n')), []);
  });

  it('evaluates messageExpression, and falls back to the rule text', () => {
    use(
      withRules([
        {
          rule: "self.action != 'AUDIT'",
          messageExpression: "'action ' + self.action + ' is not allowed here'",
        },
        { rule: "self.action != 'AUDIT'" },
      ]),
    );
    assert.deepEqual(
      check(svc, AP('  action: AUDIT\n')).map((d) => d.message),
      ['action AUDIT is not allowed here', "failed rule: self.action != 'AUDIT'"],
    );
  });

  it('reports at fieldPath when given', () => {
    use(
      withRules([
        {
          rule: '!has(self.targetRef) || self.targetRef.kind == "Service"',
          message: 'kind',
          fieldPath: '.targetRef.kind',
        },
      ]),
    );
    assert.deepEqual(check(svc, AP('  targetRef:\n    kind: Gateway\n    name: a\n')), [
      { code: 'cel-rule', message: 'kind', text: 'Gateway' },
    ]);
  });

  it('binds rules on nested nodes, list items and map values to those values', () => {
    use(
      withRules([], {
        selector: {
          type: 'object',
          properties: {
            matchLabels: {
              type: 'object',
              additionalProperties: {
                type: 'string',
                'x-kubernetes-validations': [{ rule: "!self.contains('*')", message: 'no wildcard value' }],
              },
              'x-kubernetes-validations': [
                { rule: "self.all(key, !key.contains('*'))", message: 'no wildcard key' },
              ],
            },
          },
        },
        hosts: {
          type: 'array',
          items: {
            type: 'string',
            'x-kubernetes-validations': [{ rule: "self != '*'", message: 'hostname cannot be wildcard' }],
          },
        },
      }),
    );
    assert.deepEqual(
      check(svc, AP("  selector:\n    matchLabels: {'a*': x, b: 'y*'}\n  hosts: [a, '*']\n")),
      [
        { code: 'cel-rule', message: 'no wildcard key', text: 'matchLabels' },
        { code: 'cel-rule', message: 'no wildcard value', text: "'y*'" },
        { code: 'cel-rule', message: 'hostname cannot be wildcard', text: "'*'" },
      ],
    );
  });

  it('binds integer fields as CEL ints and number fields as doubles', () => {
    use(
      withRules([], {
        port: {
          type: 'integer',
          'x-kubernetes-validations': [{ rule: '0 < self && self <= 65535', message: 'port' }],
        },
        ratio: { type: 'number', 'x-kubernetes-validations': [{ rule: 'self <= 1.0', message: 'ratio' }] },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          'x-kubernetes-validations': [{ rule: 'self.n == 3', message: 'free' }],
        },
      }),
    );
    assert.deepEqual(check(svc, AP('  port: 8080\n  ratio: 1\n  free: {n: 3}\n')), []);
    assert.deepEqual(
      check(svc, AP('  port: 70000\n  ratio: 1.5\n  free: {n: 4}\n')).map((d) => d.message),
      ['port', 'ratio', 'free'],
    );
  });

  it('skips transition rules, Kubernetes-only libraries, rules that do not compile and evaluation errors', () => {
    use(
      withRules([
        { rule: 'self.action == oldSelf.action', message: 'immutable' },
        { rule: 'isIP(self.action)', message: 'ip' },
        { rule: 'self.action +', message: 'syntax' },
        { rule: 'self.action > 3', message: 'type error' },
        { rule: 'self.missing == 1', message: 'no such key' },
      ]),
    );
    assert.deepEqual(check(svc, AP('  action: ALLOW\n')), []);
    assert.deepEqual(compileRule('self == oldSelf'), { ok: false, skipped: 'transition rule (oldSelf)' });
    assert.deepEqual(compileRule('isCIDR(self)'), {
      ok: false,
      skipped: 'Kubernetes CEL library function isCIDR()',
    });
    assert.deepEqual(compileRule("url(self).getHost() == 'a'"), {
      ok: false,
      skipped: 'Kubernetes CEL library function url()',
    });
    assert.deepEqual(compileRule('self.isSorted()'), {
      ok: false,
      skipped: 'Kubernetes CEL library function isSorted()',
    });
    assert.equal(compileRule('self +').ok, false);
  });

  it('evaluates the standard macros and string functions Istio rules use', () => {
    const run = (rule: string, self: unknown) => {
      const compiled = compileRule(rule);
      assert.ok(compiled.ok, rule);
      return compiled.run(self as never);
    };
    assert.equal(run("self.all(h, h != '*')", ['a', 'b']), true);
    assert.equal(run("self.exists(h, h.startsWith('*.'))", ['a', '*.b']), true);
    assert.equal(run("self.matches('^[a-z]+$') && self.size() < 10 && self.endsWith('z')", 'abcz'), true);
    assert.equal(run("duration(self) >= duration('1ms')", '500us'), false);
    assert.equal(run("self.lowerAscii().split('.').size() == 2", 'A.b'), true);
    assert.equal(run("self.substring(7, 8) == '/'", 'unix:///x'), true);
    assert.equal(
      run("(has(self.resolution) ? self.resolution : 'NONE') in ['STATIC', 'NONE']", new Map()),
      true,
    );
  });

  it('parses fieldPath into a JSON pointer', () => {
    assert.equal(fieldPathPointer('.spec.targetRef'), '/spec/targetRef');
    assert.equal(fieldPathPointer(".ports['http/1']"), '/ports/http~11');
    assert.equal(fieldPathPointer('not a path'), '');
    assert.equal(fieldPathPointer(undefined), '');
  });
});
