// Build: schema catalog (when its inputs changed), then esbuild bundles into dist/.
//   node scripts/build.mjs [--watch] [--no-minify] [--schemas]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');
const minify = !process.argv.includes('--no-minify');

function schemasStale() {
  const catalog = path.join(root, 'server/generated/catalog.json');
  if (!fs.existsSync(catalog) || !fs.existsSync(path.join(root, 'server/generated/validators.js')))
    return true;
  const built = fs.statSync(catalog).mtimeMs;
  const inputs = [
    'package-lock.json',
    'scripts/gen-schemas.ts',
    ...fs.readdirSync(path.join(root, 'scripts/schemas')).map((f) => `scripts/schemas/${f}`),
  ];
  return inputs.some(
    (f) => fs.existsSync(path.join(root, f)) && fs.statSync(path.join(root, f)).mtimeMs > built,
  );
}

if (schemasStale()) {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/gen-schemas.ts'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

// `--schemas`: only (re)generate the schema catalog; type-checking needs server/generated.
if (process.argv.includes('--schemas')) process.exit(0);

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // VS Code 1.106 (engines.vscode) runs extensions on Node 22.
  target: 'node22',
  sourcemap: 'linked',
  minify,
  legalComments: 'none',
  logLevel: 'info',
  absWorkingDir: root,
  define: { 'process.env.MESHWRIGHT_VERSION': JSON.stringify(pkg.version) },
};

/**
 * @kubernetes/client-node and undici are large (~4 MB) and only needed once the cluster connects: they get
 * bundles of their own, loaded on first use, so activating the extension parses only its own code.
 */
const lazyModules = { '@kubernetes/client-node': './kube-client-node.js', undici: './kube-undici.js' };
const lazy = (skip) => ({
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /^(@kubernetes\/client-node|undici)$/ }, (args) =>
      args.path === skip ? undefined : { path: lazyModules[args.path], external: true },
    );
  },
});

/** `import source from 'elk-worker-source'`: elkjs's worker script as text (the graph webview starts it from a blob). */
const elkWorkerSource = {
  name: 'elk-worker-source',
  setup(build) {
    build.onResolve({ filter: /^elk-worker-source$/ }, () => ({
      path: path.join(root, 'node_modules/elkjs/lib/elk-worker.min.js'),
      namespace: 'elk-worker-source',
    }));
    build.onLoad({ filter: /.*/, namespace: 'elk-worker-source' }, async (args) => ({
      contents: await fs.promises.readFile(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [lazy()],
  },
  {
    ...common,
    entryPoints: ['@kubernetes/client-node'],
    outfile: 'dist/kube-client-node.js',
    plugins: [lazy('@kubernetes/client-node')],
  },
  { ...common, entryPoints: ['undici'], outfile: 'dist/kube-undici.js' },
  { ...common, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js' },
  {
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The service-graph webview (media/graph): a browser bundle + its CSS and the codicon font, all local.
  {
    entryPoints: ['media/graph/src/main.ts'],
    outfile: 'dist/graph-webview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'info',
    absWorkingDir: root,
    loader: { '.ttf': 'file' },
    assetNames: 'graph-[name]',
    plugins: [elkWorkerSource],
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  for (const { outfile } of builds) {
    const kb = (fs.statSync(path.join(root, outfile)).size / 1024).toFixed(0);
    console.log(`${outfile}: ${kb} KiB`);
  }
  console.log(`build: ${Date.now() - started} ms`);
}
