/** dist/cli.js as CI would run it. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const FIXTURES = path.resolve(__dirname, '../fixtures/mesh');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('meshwright CLI', () => {
  it('prints its version and help', () => {
    const version = run('--version');
    assert.equal(version.status, 0);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
    const help = run('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /meshwright analyze \[--output text\|json\|sarif\]/);
  });

  it('analyzes a folder: JSON findings and exit code 1 on errors', () => {
    const result = run('analyze', FIXTURES, '--output', 'json');
    assert.equal(result.status, 1);
    const findings = JSON.parse(result.stdout) as { file: string; line: number; code: string }[];
    assert.deepEqual(
      findings.map((f) => [path.basename(f.file), f.line, f.code]),
      [
        ['bookinfo-routing.yaml', 44, 'duration'],
        ['bookinfo-routing.yaml', 59, 'bad-enum'],
        ['bookinfo-routing.yaml', 72, 'unknown-field'],
      ],
    );
  });

  it('exits 0 on clean files and 2 on usage errors', () => {
    assert.equal(run('analyze', path.join(FIXTURES, 'security.yaml')).status, 0);
    const bad = run('analyze', '--output', 'xml');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--output must be text, json or sarif/);
  });
});
