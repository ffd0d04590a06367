/**
 * The benchmark's Meshwright side as a process of its own (bundled by meshwright-process.ts): runs one
 * tail with its delivery check and prints `{ run, delivery }` as JSON on a line of stdout after {@link RESULT_PREFIX}.
 * Argument: the JSON of ChildOptions.
 */
import { DeliveryCheck, judge, killAllStreams } from './delivery-check';
import { emulatorAdmin } from './log-emulator';
import { RESULT_PREFIX, type ChildOptions } from './child-protocol';
import { runMeshwright } from './meshwright-run';

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '') as ChildOptions;
  const check = new DeliveryCheck(o.liveAfterMs, o.intervalMs, o.initialLines);
  const run = await runMeshwright({
    ...o,
    check,
    midway: () => killAllStreams(check, (action) => emulatorAdmin(o.emulatorUrl, action)),
  });
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify({ run, delivery: judge(check) })}\n`);
}

main().then(
  () => process.exit(0), // undici's pooled sockets would keep the process up a while
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
