/**
 * Turns the TypeScript declarations shipped by @kubernetes-models/* into JSON Schema, keeping what the
 * precompiled validators lose (field descriptions) and what the declarations encode only as types
 * (enums, required fields, closed objects, "at most one of" groups).
 *
 * The walk is syntactic over type nodes; the type checker is used only to follow references to named
 * interfaces and aliases, which become shared `definitions` so recursive types (JSONSchemaProps) and
 * shared types (PodSpec) are written once.
 */
import * as ts from 'typescript';
import type { JsonSchema } from './json-schema.js';

export interface ConvertOptions {
  /** Marks string fields whose values are protobuf durations (Istio groups only). */
  isDurationField?: (name: string) => boolean;
}

export class DtsSchemaConverter {
  readonly definitions: Record<string, JsonSchema> = {};
  private readonly checker: ts.TypeChecker;
  private readonly definitionNames = new Map<ts.Declaration, string>();

  constructor(private readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
  }

  /** Converts the interface `name` declared in `file` into a root definition and returns its key. */
  convertRoot(file: string, name: string, key: string, options: ConvertOptions): string {
    const source = this.program.getSourceFile(file);
    if (!source) throw new Error(`not in program: ${file}`);
    const decl = source.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
    );
    if (!decl) throw new Error(`interface ${name} not found in ${file}`);
    this.definitionNames.set(decl, key);
    this.definitions[key] = this.convertInterface(decl, options);
    return key;
  }

  private convertInterface(decl: ts.InterfaceDeclaration, options: ConvertOptions): JsonSchema {
    if (decl.members.length === 0 && !decl.heritageClauses?.length) {
      // An empty interface (apiextensions JSON, FieldsV1) stands for any JSON value.
      const description = jsDocText(decl);
      return description ? { description } : {};
    }
    const schema = this.convertMembers(decl.members, options);
    for (const clause of decl.heritageClauses ?? []) {
      for (const base of clause.types) {
        const baseDecl = this.resolveDeclaration(base.expression);
        if (!baseDecl || !ts.isInterfaceDeclaration(baseDecl)) continue;
        if (baseDecl.name.text === 'TypeMeta') continue; // apiVersion/kind are redeclared with literals
        const inherited = this.convertInterface(baseDecl, options);
        schema.properties = { ...inherited.properties, ...schema.properties };
        const required = new Set([...(inherited.required ?? []), ...(schema.required ?? [])]);
        if (required.size) schema.required = [...required];
      }
    }
    const description = jsDocText(decl);
    return description ? { description, ...schema } : schema;
  }

  private convertMembers(members: ts.NodeArray<ts.TypeElement>, options: ConvertOptions): JsonSchema {
    // `{}` is how the generator writes a free-form object (x-kubernetes-preserve-unknown-fields).
    if (members.length === 0) return { type: 'object' };
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    let additional: JsonSchema | undefined;
    for (const member of members) {
      if (ts.isPropertySignature(member) && member.type) {
        const name = propertyName(member.name);
        let prop = this.convertType(member.type, options, name);
        const description = jsDocText(member);
        if (description) prop = prop.$ref ? { description, allOf: [prop] } : { description, ...prop };
        properties[name] = prop;
        if (!member.questionToken) required.push(name);
      } else if (ts.isIndexSignatureDeclaration(member) && member.type) {
        additional = this.convertType(member.type, options);
      }
    }
    const schema: JsonSchema = { type: 'object' };
    if (Object.keys(properties).length) schema.properties = properties;
    if (required.length) schema.required = required;
    schema.additionalProperties = additional ?? false;
    return schema;
  }

  private convertType(node: ts.TypeNode, options: ConvertOptions, fieldName?: string): JsonSchema {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return fieldName && options.isDurationField?.(fieldName)
          ? { type: 'string', format: 'duration' }
          : { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.ObjectKeyword:
        return {};
    }
    if (ts.isParenthesizedTypeNode(node)) return this.convertType(node.type, options, fieldName);
    if (ts.isLiteralTypeNode(node)) return literalSchema(node) ?? {};
    if (ts.isArrayTypeNode(node))
      return { type: 'array', items: this.convertType(node.elementType, options) };
    if (ts.isTypeLiteralNode(node)) return this.convertMembers(node.members, options);
    if (ts.isUnionTypeNode(node)) return this.convertUnion(node, options, fieldName);
    if (ts.isIntersectionTypeNode(node)) return this.convertIntersection(node, options, fieldName);
    if (ts.isTypeReferenceNode(node)) return this.convertReference(node, options, fieldName);
    return {};
  }

  private convertUnion(node: ts.UnionTypeNode, options: ConvertOptions, fieldName?: string): JsonSchema {
    const members = node.types.filter((t) => !isNullish(t));
    const literals = members.map((t) => (ts.isLiteralTypeNode(t) ? literalSchema(t) : undefined));
    if (literals.every((l) => l?.type === 'string')) {
      return { type: 'string', enum: literals.flatMap((l) => l!.enum!) };
    }
    const kinds = new Set(members.map((t) => t.kind));
    if (
      kinds.size === 2 &&
      kinds.has(ts.SyntaxKind.NumberKeyword) &&
      kinds.has(ts.SyntaxKind.StringKeyword)
    ) {
      return { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
    }
    if (members.length === 1) return this.convertType(members[0]!, options, fieldName);
    return { anyOf: members.map((t) => this.convertType(t, options, fieldName)) };
  }

  /**
   * `Base & (Exclude<Base, Base & (R1 | R2)> | R1 | R2)` is how the generator writes a CRD's
   * `oneOf: [{not: {anyOf: [required…]}}, required…]` ("at most one of"); without the Exclude member it
   * is "exactly one of". Both become a standard JSON Schema oneOf over `required` on the base object.
   */
  private convertIntersection(
    node: ts.IntersectionTypeNode,
    options: ConvertOptions,
    fieldName?: string,
  ): JsonSchema {
    const [first, ...rest] = node.types;
    const base = this.convertType(first!, options, fieldName);
    const oneOf: JsonSchema[] = [];
    for (const member of rest) {
      const inner = ts.isParenthesizedTypeNode(member) ? member.type : member;
      if (ts.isUnionTypeNode(inner)) {
        const groups = inner.types
          .filter(ts.isTypeLiteralNode)
          .map(requiredKeys)
          .filter((g) => g.length);
        const allowsNone = inner.types.some((t) => ts.isTypeReferenceNode(t) && refName(t) === 'Exclude');
        if (groups.length) {
          const branches: JsonSchema[] = groups.map((g) => ({ required: g }));
          if (allowsNone) branches.unshift({ not: { anyOf: groups.map((g) => ({ required: g })) } });
          oneOf.push(...branches);
        }
      } else if (ts.isTypeLiteralNode(inner) && base.properties) {
        const extra = this.convertMembers(inner.members, options);
        base.properties = { ...base.properties, ...extra.properties };
      }
    }
    return oneOf.length ? { ...base, oneOf } : base;
  }

  private convertReference(
    node: ts.TypeReferenceNode,
    options: ConvertOptions,
    fieldName?: string,
  ): JsonSchema {
    const name = refName(node);
    const args = node.typeArguments ?? [];
    if (name === 'Array' && args[0]) return { type: 'array', items: this.convertType(args[0], options) };
    if (name === 'Record' && args[1]) {
      return { type: 'object', additionalProperties: this.convertType(args[1], options) };
    }
    const decl = this.resolveDeclaration(node.typeName);
    if (!decl) return {};
    if (ts.isTypeAliasDeclaration(decl) && isInlineAlias(decl.type)) {
      const schema = this.convertType(decl.type, options, fieldName);
      const description = jsDocText(decl);
      return description && !schema.description ? { description, ...schema } : schema;
    }
    if (!ts.isInterfaceDeclaration(decl) && !ts.isTypeAliasDeclaration(decl)) return {};
    return { $ref: `#/definitions/${this.definitionFor(decl, options)}` };
  }

  private definitionFor(
    decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration,
    options: ConvertOptions,
  ): string {
    const known = this.definitionNames.get(decl);
    if (known) return known;
    let key = decl.name.text
      .replace(/^I(?=[A-Z])/, '')
      .replace(/^IoK8s(Api|Apimachinery|SigsGatewayApiApis)?/, '');
    for (let i = 2; this.definitions[key]; i++) key = `${key.replace(/_\d+$/, '')}_${i}`;
    this.definitionNames.set(decl, key);
    this.definitions[key] = {}; // placeholder first: the type may refer to itself
    if (ts.isInterfaceDeclaration(decl)) {
      this.definitions[key] = this.convertInterface(decl, options);
    } else {
      const schema = this.convertType(decl.type, options);
      const description = jsDocText(decl);
      this.definitions[key] = description && !schema.description ? { description, ...schema } : schema;
    }
    return key;
  }

  private resolveDeclaration(name: ts.Node): ts.Declaration | undefined {
    let symbol = this.checker.getSymbolAtLocation(name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return symbol?.declarations?.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d));
  }
}

function propertyName(name: ts.PropertyName): string {
  return ts.isStringLiteral(name) || ts.isIdentifier(name) ? name.text : name.getText();
}

function refName(node: ts.TypeReferenceNode): string {
  return ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
}

function requiredKeys(literal: ts.TypeLiteralNode): string[] {
  return literal.members
    .filter((m): m is ts.PropertySignature => ts.isPropertySignature(m) && !m.questionToken)
    .map((m) => propertyName(m.name));
}

function literalSchema(node: ts.LiteralTypeNode): JsonSchema | undefined {
  const lit = node.literal;
  if (ts.isStringLiteral(lit)) return { type: 'string', enum: [lit.text] };
  if (ts.isNumericLiteral(lit)) return { type: 'number', enum: [Number(lit.text)] };
  if (lit.kind === ts.SyntaxKind.TrueKeyword) return { type: 'boolean', enum: [true] };
  if (lit.kind === ts.SyntaxKind.FalseKeyword) return { type: 'boolean', enum: [false] };
  return undefined;
}

function isNullish(node: ts.TypeNode): boolean {
  return (
    node.kind === ts.SyntaxKind.UndefinedKeyword ||
    (ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword)
  );
}

/** Aliases of primitives and literal unions are inlined; object aliases become definitions. */
function isInlineAlias(type: ts.TypeNode): boolean {
  if (ts.isParenthesizedTypeNode(type)) return isInlineAlias(type.type);
  if (ts.isUnionTypeNode(type)) return type.types.every((t) => isInlineAlias(t) || isNullish(t));
  return (
    ts.isLiteralTypeNode(type) ||
    type.kind === ts.SyntaxKind.StringKeyword ||
    type.kind === ts.SyntaxKind.NumberKeyword ||
    type.kind === ts.SyntaxKind.BooleanKeyword
  );
}

function jsDocText(node: ts.Node): string | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  if (!docs?.length) return undefined;
  const text = docs
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
    .join('\n')
    .trim();
  return text || undefined;
}
