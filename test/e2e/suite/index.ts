// Entry point the VS Code extension host loads for extensionTestsPath (bundled to out/e2e/index.js).
import Mocha from 'mocha';
import { format } from 'node:util';

import { registerClusterTests } from './cluster.e2e';
import { registerLanguageTests } from './language.e2e';
import { registerLogsTests } from './logs.e2e';

/** run.mjs echoes extension-host console lines with this tag; keep it in step with lib/workbench-log.mjs. */
const OUTPUT_TAG = '[meshwright-e2e] ';

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => console.log(OUTPUT_TAG + format(...data));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The suite is bundled into this file, so there are no spec files for Mocha to load: bind its BDD
  // globals (describe/it/before) ourselves, then register the tests.
  mocha.suite.emit('pre-require', globalThis, 'language.e2e.ts', mocha);
  registerLanguageTests();
  registerClusterTests();
  registerLogsTests();

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) {
    throw new Error(`${failures} extension-host e2e test(s) failed`);
  }
}
