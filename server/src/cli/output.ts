/** CLI output formats: text (one line per finding), JSON (array), SARIF 2.1.0. */
import type { CliFinding } from './findings';

export type OutputFormat = 'text' | 'json' | 'sarif';

export function render(findings: readonly CliFinding[], format: OutputFormat, version: string): string {
  if (format === 'json') return JSON.stringify(findings, null, 2) + '\n';
  if (format === 'sarif') return JSON.stringify(sarif(findings, version), null, 2) + '\n';
  return findings
    .map((f) => {
      const resource = f.kind ? ` ${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}:` : '';
      return `${f.file}:${f.line}:${f.column}: ${f.level} [${f.code}]${resource} ${f.message}\n`;
    })
    .join('');
}

function sarif(findings: readonly CliFinding[], version: string) {
  const rules = [...new Set(findings.map((f) => f.code))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meshwright',
            version,
            informationUri: 'https://istio.io/latest/docs/reference/config/analysis/',
            rules: rules.map((id) => ({ id })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: rules.indexOf(f.code),
          level: f.level === 'Error' ? 'error' : f.level === 'Warning' ? 'warning' : 'note',
          message: {
            text: f.kind
              ? `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.message}`
              : f.message,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('\\').join('/') },
                region: {
                  startLine: f.line,
                  startColumn: f.column,
                  endLine: f.endLine,
                  endColumn: f.endColumn,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
