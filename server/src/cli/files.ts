/** Expands CLI path arguments into the YAML files under them (sorted, skipping node_modules and dot dirs). */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function yamlFiles(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        if (entry.startsWith('.') || entry === 'node_modules') continue;
        visit(path.join(p, entry));
      }
    } else if (/\.ya?ml$/i.test(p) || inputs.includes(p)) {
      out.push(p);
    }
  };
  for (const input of inputs) visit(input);
  return out;
}
