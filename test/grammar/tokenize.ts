/**
 * Tokenizes YAML with a YAML base grammar plus the Meshwright injection grammar, the way VS Code does
 * (vscode-textmate + vscode-oniguruma), so tests can assert on the scopes of each token.
 *
 * The base grammar is the fixture in ./fixtures (no YAML TextMate grammar ships in node_modules). Set
 * MESHWRIGHT_YAML_GRAMMARS to a folder of *.json grammars (e.g. a copy of VS Code's extensions/yaml/syntaxes)
 * to run the same tests against those instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export interface ScopedToken {
  text: string;
  scopes: string[];
}

export const INJECTION_SCOPE = 'meshwright.yaml.injection';
const repoRoot = path.resolve(__dirname, '..', '..');
const injectionPath = path.join(repoRoot, 'syntaxes', 'mesh-yaml.injection.tmLanguage.json');
const fixturePath = path.join(__dirname, 'fixtures', 'yaml.tmLanguage.json');

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

/** Grammar files by scope name: the YAML base grammar(s) and the injection. */
function grammarFiles(): Map<string, string> {
  const files = new Map<string, string>([[INJECTION_SCOPE, injectionPath]]);
  const folder = process.env.MESHWRIGHT_YAML_GRAMMARS;
  const candidates = folder
    ? fs
        .readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .map((name) => path.join(folder, name))
    : [fixturePath];
  for (const file of candidates) {
    const scopeName = (JSON.parse(fs.readFileSync(file, 'utf8')) as { scopeName?: unknown }).scopeName;
    if (typeof scopeName === 'string') files.set(scopeName, file);
  }
  return files;
}

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(
    path.join(repoRoot, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'),
  );
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files = grammarFiles();
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = files.get(scopeName);
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName: string) => (scopeName === 'source.yaml' ? [INJECTION_SCOPE] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  if (!grammar) throw new Error('source.yaml grammar not found');
  return grammar;
}

/** The YAML grammar with the Meshwright injection, loaded once per process. */
export function meshYamlGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= loadGrammar();
  return grammarPromise;
}

/** Tokenizes a whole document (state carried from line to line): one array of tokens per line. */
export async function tokenizeYaml(source: string): Promise<ScopedToken[][]> {
  const grammar = await meshYamlGrammar();
  let state = vsctm.INITIAL;
  return source.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    if (result.stoppedEarly) throw new Error(`tokenizing stopped early on: ${line}`);
    state = result.ruleStack;
    return result.tokens.map((token) => ({
      text: line.slice(token.startIndex, token.endIndex),
      scopes: token.scopes,
    }));
  });
}

/** The first token of a line whose text is exactly `text`; throws (listing the line's tokens) if none. */
export function tokenWithText(tokens: ScopedToken[], text: string): ScopedToken {
  const token = tokens.find((candidate) => candidate.text === text);
  if (!token) throw new Error(`no token '${text}' in:\n${describeTokens(tokens)}`);
  return token;
}

/** One token a line, with its scopes after the root scope: handy in assertion messages. */
export function describeTokens(tokens: ScopedToken[]): string {
  return tokens
    .map((token) => `  ${JSON.stringify(token.text)}: ${token.scopes.slice(1).join(' ')}`)
    .join('\n');
}
