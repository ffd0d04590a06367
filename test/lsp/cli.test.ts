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
    const findings = JSON.parse(result.stdout) as Record<string, unknown>[];
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).sort(), [
        'code',
        'column',
        'endColumn',
        'endLine',
        'file',
        'kind',
        'level',
        'line',
        'message',
        'name',
        'namespace',
      ]);
    }
    // Schema findings; analyzer findings (IST/MW codes) are covered by their own tests.
    const schema = findings.filter((f) => !/^(IST|MW)\d+$/.test(String(f.code)));
    assert.deepEqual(
      schema.map((f) => [path.basename(String(f.file)), f.line, f.code]),
      [
        ['bookinfo-routing.yaml', 44, 'duration'],
        ['bookinfo-routing.yaml', 59, 'bad-enum'],
        ['bookinfo-routing.yaml', 72, 'unknown-field'],
      ],
    );
  });

  it('writes SARIF 2.1.0', () => {
    const sarif = JSON.parse(run('analyze', FIXTURES, '--output', 'sarif').stdout);
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { region: { startLine: number } } }[];
    }[];
    const duration = results.find((r) => r.ruleId === 'duration')!;
    assert.equal(duration.locations[0]!.physicalLocation.region.startLine, 44);
  });

  it('exits 0 on clean files and 2 on usage errors and unreadable files', () => {
    assert.equal(run('analyze', path.join(FIXTURES, 'security.yaml')).status, 0);
    const missing = run('analyze', path.join(FIXTURES, 'nope.yaml'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*nope\.yaml: ENOENT/);
    assert.doesNotMatch(missing.stderr, /at .*\.js:\d+/);
    const bad = run('analyze', '--output', 'xml');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--output must be text, json or sarif/);
  });
});
