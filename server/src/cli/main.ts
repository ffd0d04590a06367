/**
 * `meshwright` CLI (dist/cli.js): the language service without an editor, for CI.
 *   meshwright analyze [paths…] [--output text|json]
 */
import '../node/tune-runtime';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBundledService } from '../bundled-service';
import { yamlFiles } from './files';

const VERSION = process.env.MESHWRIGHT_VERSION ?? 'dev';
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

const HELP = `meshwright ${VERSION}: Istio mesh YAML checks from the command line

Usage:
  meshwright analyze [paths...] [--output text|json]   check YAML files (directories are walked)
  meshwright --version                                  print the version
  meshwright --help                                     print this help

Exit codes: 0 no errors, 1 errors found, 2 usage error.`;

interface Finding {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

function analyze(args: string[]): number {
  let output = 'text';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--output' || arg === '-o') output = args[++i] ?? '';
    else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
    else if (arg.startsWith('-')) return usage(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (output !== 'text' && output !== 'json') return usage(`--output must be text or json, not '${output}'`);
  const service = createBundledService();
  const findings: Finding[] = [];
  for (const file of yamlFiles(paths.length ? paths : ['.'])) {
    const text = fs.readFileSync(file, 'utf8');
    const doc = service.parse(pathToFileURL(path.resolve(file)).href, 1, text);
    for (const d of service.validate(doc)) {
      findings.push({
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: SEVERITY[d.severity ?? 1] ?? 'error',
        code: String(d.code ?? ''),
        message: typeof d.message === 'string' ? d.message : d.message.value,
      });
    }
  }
  if (output === 'json') process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
  else
    for (const f of findings)
      console.log(`${f.file}:${f.line}:${f.column}: ${f.severity} [${f.code}] ${f.message}`);
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function usage(problem: string): number {
  console.error(`meshwright: ${problem}\n\n${HELP}`);
  return 2;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    console.log(VERSION);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return 0;
  }
  if (command === 'analyze') return analyze(rest);
  return usage(`unknown command '${command}'`);
}

process.exitCode = main(process.argv.slice(2));
