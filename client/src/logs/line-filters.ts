/**
 * The include / exclude / highlight regexes of a tail, changeable while it runs. Include and exclude test
 * `pod/container text` (so a pod name can be filtered on); highlight marks matches in the formatted line.
 * Invalid patterns are rejected with the RegExp error, leaving the previous filter in place.
 */

export type FilterKind = 'include' | 'exclude' | 'highlight';

/** Smart case, like ripgrep's: case-insensitive unless the pattern has an upper-case letter. */
export function compileFilter(pattern: string): RegExp {
  return new RegExp(pattern, /[A-Z]/.test(pattern) ? '' : 'i');
}

export class LineFilters {
  include: RegExp | undefined;
  exclude: RegExp | undefined;
  highlight: RegExp | undefined;

  /** Sets (or with '' / undefined clears) one filter; throws a SyntaxError for a bad pattern. */
  set(kind: FilterKind, pattern: string | undefined): void {
    this[kind] = pattern ? compileFilter(pattern) : undefined;
  }

  /** Whether include or exclude is set (else every line passes). */
  get filtering(): boolean {
    return this.include !== undefined || this.exclude !== undefined;
  }

  /** Whether a line of `label` passes include and exclude. */
  passes(label: string, text: string): boolean {
    if (!this.include && !this.exclude) return true;
    const subject = `${label} ${text}`;
    if (this.include && !this.include.test(subject)) return false;
    return !this.exclude?.test(subject);
  }

  /** `include=/x/ exclude=/y/ highlight=/z/` for the status line ('' when none). */
  describe(): string {
    return (['include', 'exclude', 'highlight'] as const)
      .filter((k) => this[k])
      .map((k) => `${k}=/${this[k]!.source}/`)
      .join(' ');
  }
}
