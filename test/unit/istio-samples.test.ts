/**
 * Istio's published samples (../shared/istio-samples, outside the repository) are real input written
 * elsewhere: schema validation must not complain about them, file by file. The one real mistake is
 * `security/psp/sidecar-psp.yaml` (PodSecurityPolicy never existed in policy/v1).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { yamlFiles } from '../../server/src/cli/files';
import { parse, service } from '../helpers/service';

const SAMPLES = path.resolve(__dirname, '../../../shared/istio-samples');

describe('Istio samples: no false schema errors', function () {
  before(function () {
    if (!fs.existsSync(SAMPLES)) {
      console.log(
        `    skipped: ${SAMPLES} is not on this machine (it ships beside the repository, not in it)`,
      );
      this.skip();
    }
  });

  it('finds only the known PodSecurityPolicy mistake', () => {
    const files = yamlFiles([SAMPLES]);
    assert.ok(files.length > 100, `expected the sample set, found ${files.length} files`);
    const problems: string[] = [];
    for (const file of files) {
      const doc = parse(fs.readFileSync(file, 'utf8'), `file://${file}`);
      for (const d of service().validate(doc)) {
        problems.push(
          `${path.relative(SAMPLES, file)}:${d.range.start.line + 1} ${d.code} ${String(d.message)}`,
        );
      }
    }
    assert.deepEqual(problems, [
      "security/psp/sidecar-psp.yaml:2 unknown-kind Unknown kind 'PodSecurityPolicy' in policy/v1. Known kinds: Eviction, PodDisruptionBudget",
    ]);
  });
});
