/** Diagnostics as the service produces them: offsets within a chunk, converted to positions late. */
export const enum Severity {
  Error = 1,
  Warning = 2,
  Information = 3,
  Hint = 4,
}

/** Stable diagnostic codes; code actions and docs key on them. */
export const Code = {
  yamlSyntax: 'yaml-syntax',
  unknownField: 'unknown-field',
  wrongType: 'wrong-type',
  badEnum: 'bad-enum',
  missingRequired: 'missing-required',
  oneOf: 'one-of',
  pattern: 'pattern',
  range: 'out-of-range',
  duration: 'duration',
  unknownKind: 'unknown-kind',
  unknownApiVersion: 'unknown-api-version',
  missingApiVersion: 'missing-api-version',
  tooComplex: 'too-complex',
  /** A CRD's `x-kubernetes-validations` rule failed (schemas from the cluster). */
  celRule: 'cel-rule',
} as const;
export type DiagnosticCode = (typeof Code)[keyof typeof Code];

export interface OffsetDiagnostic {
  start: number;
  end: number;
  message: string;
  severity: Severity;
  code: DiagnosticCode;
  /** Data a quick fix needs (e.g. the suggested key). */
  data?: { replacement?: string; path?: string };
}
