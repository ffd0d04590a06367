// Checks made before anything starts, each failing with a message that says what to run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export class PreflightError extends Error {}

/** The extension under test: its id and that its entry points are built. */
export function checkExtension(extensionPath, repoRoot) {
  const manifestPath = join(extensionPath, 'package.json');
  if (!existsSync(manifestPath)) {
    throw new PreflightError(`no extension at ${extensionPath} (package.json missing)`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const required = [manifest.main || './dist/extension.js'];
  if (extensionPath === repoRoot) {
    required.push('./dist/server.js');
  }
  const missing = required.filter((file) => !existsSync(join(extensionPath, file)));
  if (missing.length > 0) {
    throw new PreflightError(
      `${missing.join(', ')} missing in ${extensionPath}: run \`npm run build\` first`,
    );
  }
  return { id: `${manifest.publisher}.${manifest.name}`.toLowerCase(), path: extensionPath };
}

/** The code-server install made by scripts/e2e/install.sh. */
export function locateCodeServer(repoRoot, version) {
  const dir = join(repoRoot, '.cache', `code-server-${version}`);
  const manifestPath = join(dir, 'meshwright-install.json');
  if (!existsSync(manifestPath)) {
    throw new PreflightError(
      `code-server ${version} is not installed in ${dir}: run \`bash scripts/e2e/install.sh\``,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const serverMain = join(dir, manifest.serverMain);
  const node = existsSync(manifest.node) ? manifest.node : process.execPath;
  if (!existsSync(serverMain)) {
    throw new PreflightError(`${serverMain} missing: delete ${dir} and run \`bash scripts/e2e/install.sh\``);
  }
  return { dir, node, serverMain, vscodeVersion: manifest.vscodeVersion, version };
}

export function checkChromium(chromiumPath) {
  if (!existsSync(chromiumPath)) {
    throw new PreflightError(
      `${chromiumPath} missing: run \`bash scripts/e2e/install.sh\` (installs Debian chromium)`,
    );
  }
}
