/**
 * The two servers under test and what they are configured with. Both run on the Node that runs the
 * benchmark (Node 24 from the repo), each as its own process so its memory can be read from /proc.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerLaunch } from './lsp-driver';

export interface BenchServer extends ServerLaunch {
  /** Short key for the JSON summary. */
  id: 'meshwright' | 'yamlls';
  /**
   * Delay between a document event and validation starting, read from the code that runs (see
   * readDelay); null when it could not be found. The benchmark never subtracts it from a measured
   * latency; it only backs the separate "work, est." rows.
   */
  debounce: { openMs: number | null; changeMs: number | null };
  /** workspace/configuration pulls to wait for before opening documents (settings in effect). */
  configurationPulls: number;
}

/**
 * A debounce delay read from a server's shipped JavaScript. Both servers change (ours several times
 * a day), so a constant copied into this file would silently go stale.
 */
function readDelay(file: string, pattern: RegExp): number | null {
  const match = pattern.exec(fs.readFileSync(file, 'utf8'));
  return match ? Number(match[1]) : null;
}

export function benchServers(root: string): BenchServer[] {
  const meshwrightBundle = path.join(root, 'dist/server.js');
  const yamlLsSettings = path.join(root, 'node_modules/yaml-language-server/out/src/yamlSettings.js');
  const catalog = path.join(root, 'server/generated/catalog.json');
  // yaml-language-server reads `file:` schema URIs from disk (schemaRequestHandler.js: scheme 'file'
  // → fs.readFile(URI.parse(uri).fsPath)), so the catalog needs no network and no schema store.
  const yamlSettings = {
    validate: true,
    hover: true,
    completion: true,
    schemas: { [pathToFileURL(catalog).href]: ['*.yaml'] },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    maxItemsComputed: 5000,
  };
  return [
    {
      id: 'meshwright',
      name: 'meshwright',
      command: process.execPath,
      args: [meshwrightBundle, '--stdio'],
      configuration: () => null,
      // server/src/server.ts: didOpen publishes schema diagnostics at once; edits (and the mesh
      // analysis after an open) wait for the ValidationScheduler's `options.validationDelayMs ?? N`.
      // Property names survive minification, so N is read from the bundle.
      debounce: { openMs: 0, changeMs: readDelay(meshwrightBundle, /validationDelayMs\?\?(\d+)/) },
      configurationPulls: 0,
    },
    {
      id: 'yamlls',
      name: 'yaml-language-server',
      command: process.execPath,
      args: [path.join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
      configuration: (section) => {
        if (section === 'yaml') return yamlSettings;
        // 'http', 'editor' and the scoped '[yaml]' section: defaults, i.e. an empty object.
        return section === undefined ? null : {};
      },
      settings: { yaml: yamlSettings },
      // yaml-language-server validates from `documents.onDidChangeContent`, which fires for didOpen
      // and for every didChange, always through `setTimeout(…, validationDelayMs)` with
      // validationDelayMs (200 in 2.0.0; out/src/languageserver/handlers/validationHandlers.js,
      // out/src/yamlSettings.js). So it debounces opens too, and each validation is a full one.
      debounce: (() => {
        const delay = readDelay(yamlLsSettings, /this\.validationDelayMs = (\d+);/);
        return { openMs: delay, changeMs: delay };
      })(),
      // One pull on `initialized`, one for our didChangeConfiguration (settingsHandlers.js).
      configurationPulls: 2,
    },
  ];
}
