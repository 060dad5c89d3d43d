/** Input that cannot be read or parsed. Carries where the problem is, so a maintainer can fix it. */
export class InputError extends Error {
  readonly source: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, source: string, line?: number, column?: number) {
    const where = line === undefined ? source : `${source}:${line}${column === undefined ? '' : `:${column}`}`;
    super(`${where}: ${message}`);
    this.name = 'InputError';
    this.source = source;
    this.line = line;
    this.column = column;
  }
}

/** Line and column (1-based) of a character offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
