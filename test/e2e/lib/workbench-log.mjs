// What the workbench reports through window.codeAutomationLog: all of it goes to a file; stdout gets
// the suite's own lines (tagged by test/e2e/suite/index.ts) and errors, minus known noise.
import { createWriteStream } from 'node:fs';
import { format } from 'node:util';

export const SUITE_TAG = '[meshwright-e2e] ';

// Harmless here: no marketplace offline, no service worker on this server, no chat agent.
const KNOWN_NOISE = [
  /ENOTFOUND open-vsx\.org/,
  /\[Service Worker\] registration/,
  /No default agent contributed/,
];

export function createWorkbenchLog(file, { verbose }) {
  const out = createWriteStream(file);
  const print = (mark, text) => {
    for (const line of text.replace(/\n$/, '').split('\n')) console.log(`  ${mark} ${line}`);
  };
  return {
    write(type, args) {
      const text = Array.isArray(args) ? format(...args) : String(args);
      out.write(`[${type}] ${text}\n`);
      if (text.startsWith(SUITE_TAG)) print('│', text.slice(SUITE_TAG.length));
      else if (verbose) print(type === 'error' ? '!' : '·', text);
      else if (type === 'error' && !KNOWN_NOISE.some((noise) => noise.test(text))) print('!', text);
    },
    close: () => new Promise((resolve) => out.end(resolve)),
  };
}
