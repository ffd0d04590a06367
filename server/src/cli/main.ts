/**
 * `meshwright` CLI (dist/cli.js): the language service and analyzers without an editor, for CI.
 */
import '../node/tune-runtime';
import { analyze, parseAnalyzeArgs, UsageError } from './analyze';

const VERSION = process.env.MESHWRIGHT_VERSION ?? 'dev';

const HELP = `meshwright ${VERSION}: Istio mesh YAML checks from the command line

Usage:
  meshwright analyze [--output text|json|sarif] [--mesh-config FILE] [--mesh-networks FILE] PATH...
      schema checks and istioctl-analyze style mesh analysis (directories are walked for *.yaml/*.yml)
  meshwright --version                                  print the version
  meshwright --help                                     print this help

Exit codes: 0 no errors, 1 errors found, 2 usage error.`;

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
  try {
    if (command !== 'analyze') throw new UsageError(`unknown command '${command}'`);
    const result = analyze(parseAnalyzeArgs(rest), VERSION);
    process.stdout.write(result.output);
    return result.errors ? 1 : 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`meshwright: ${err.message}\n\n${HELP}`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
