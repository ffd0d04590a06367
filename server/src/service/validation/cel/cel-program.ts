/**
 * CEL rules of `x-kubernetes-validations`, compiled once with @bufbuild/cel. What @bufbuild/cel does
 * not evaluate is skipped explicitly, never reported as the user's error:
 * - transition rules (they read `oldSelf`, which only exists on update);
 * - the Kubernetes CEL libraries @bufbuild/cel lacks: IP/CIDR (`isIP`, `ip`, `isCIDR`, `cidr`), URLs
 *   (`isURL`, `url`), quantities (`isQuantity`, `quantity`), `format.*`, semver, authorizer, the list
 *   library (`isSorted`, `sum`, `min`, `max`, list `indexOf`/`lastIndexOf`) and the regex library
 *   (`find`, `findAll`);
 * - rules that fail to parse, and any evaluation error (e.g. a type mismatch).
 * Standard CEL (`has`, `size`, `all`, `exists`, `exists_one`, `map`, `filter`, `in`, `matches`,
 * `startsWith`, `endsWith`, `contains`, `int`/`string`/`duration`/`timestamp` conversions) and the
 * strings extension (`lowerAscii`, `upperAscii`, `split`, `join`, `substring`, `replace`, `trim`,
 * `indexOf`, `charAt`, `format`) are evaluated.
 */
import {
  celEnv,
  CelScalar,
  isCelError,
  parse,
  plan,
  type CelInput,
  type CelResult,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

export type CelProgram = (self: CelInput) => CelValue | undefined;

export type CelCompiled = { ok: true; run: CelProgram } | { ok: false; skipped: string };

const KUBERNETES_ONLY = [
  'isIP',
  'ip',
  'isCIDR',
  'cidr',
  'isURL',
  'url',
  'isQuantity',
  'quantity',
  'isSorted',
  'sum',
  'min',
  'max',
  'find',
  'findAll',
  'semver',
  'isSemver',
  'authorizer',
];
const KUBERNETES_ONLY_CALL = new RegExp(`(?:^|[^\\w.]|\\.)(${KUBERNETES_ONLY.join('|')})\\s*\\(`);
const FORMAT_LIBRARY = /\bformat\.\w+\s*\(/;
const OLD_SELF = /\boldSelf\b/;

const env = celEnv({ variables: { self: CelScalar.DYN }, funcs: strings });
const cache = new Map<string, CelCompiled>();

/** Compiles `rule` once; the same text anywhere shares one program. */
export function compileRule(rule: string): CelCompiled {
  let compiled = cache.get(rule);
  if (!compiled) {
    compiled = compile(rule);
    cache.set(rule, compiled);
  }
  return compiled;
}

function compile(rule: string): CelCompiled {
  if (OLD_SELF.test(rule)) return { ok: false, skipped: 'transition rule (oldSelf)' };
  if (FORMAT_LIBRARY.test(rule)) return { ok: false, skipped: 'Kubernetes format library' };
  const library = KUBERNETES_ONLY_CALL.exec(rule);
  if (library) return { ok: false, skipped: `Kubernetes CEL library function ${library[1]}()` };
  let program: (bindings: { self: CelInput }) => CelResult;
  try {
    program = plan(env, parse(rule));
  } catch (err) {
    return { ok: false, skipped: `does not compile: ${err instanceof Error ? err.message : String(err)}` };
  }
  return {
    ok: true,
    run: (self) => {
      try {
        const result = program({ self });
        return isCelError(result) ? undefined : result;
      } catch {
        return undefined;
      }
    },
  };
}
