// Named, timed steps and the closing summary of an e2e run.

const reported = new WeakSet();

/** True when a step already recorded (and printed) this error. */
export function isReported(error) {
  return error instanceof Error && reported.has(error);
}

export function createReport() {
  const steps = [];
  const started = Date.now();

  /** Runs one step; records it; rethrows its error so the caller can stop the phase. */
  async function step(name, action) {
    const begin = Date.now();
    console.log(`\n▶ ${name}`);
    try {
      const result = await action();
      steps.push({ name, ok: true, ms: Date.now() - begin });
      console.log(`✔ ${name} (${seconds(Date.now() - begin)})`);
      return result;
    } catch (error) {
      steps.push({ name, ok: false, ms: Date.now() - begin, error: message(error) });
      console.log(`✘ ${name} (${seconds(Date.now() - begin)}): ${message(error)}`);
      if (error instanceof Error) reported.add(error);
      throw error;
    }
  }

  function fail(name, error) {
    steps.push({ name, ok: false, ms: 0, error: message(error) });
  }

  function printSummary() {
    const passed = steps.filter((s) => s.ok).length;
    const failed = steps.length - passed;
    console.log('\n──────── Meshwright e2e summary ────────');
    for (const s of steps) {
      console.log(
        `${s.ok ? 'PASS' : 'FAIL'}  ${s.name} (${seconds(s.ms)})${s.ok ? '' : `\n      ${s.error}`}`,
      );
    }
    console.log(`total ${seconds(Date.now() - started)}`);
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    return failed === 0 && passed > 0;
  }

  return { step, fail, printSummary };
}

export function message(error) {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}
