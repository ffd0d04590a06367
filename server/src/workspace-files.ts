/**
 * The YAML files of the workspace folders, read from disk for the index (open editors take
 * precedence: their text may be unsaved). Bounded so a huge repository cannot stall the server.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const MAX_FILES = 20_000;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'vendor', '.cache', 'target', 'build']);

export function isYamlUri(uri: string): boolean {
  return /\.ya?ml$/i.test(uri);
}

/** URIs of the YAML files under the folders (file: URIs only). */
export async function listYamlFiles(folderUris: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    if (out.length >= MAX_FILES) return;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (out.length >= MAX_FILES) return;
      if (entry.name.startsWith('.') && entry.name !== '.') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await visit(full);
      } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
        out.push(pathToFileURL(full).href);
      }
    }
  };
  for (const folder of folderUris) {
    if (folder.startsWith('file:')) await visit(fileURLToPath(folder));
  }
  return out.sort();
}

/** The file's text, or undefined when it is gone, unreadable or too large. */
export async function readYamlFile(uri: string): Promise<string | undefined> {
  try {
    const file = fileURLToPath(uri);
    const stat = await fs.stat(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
