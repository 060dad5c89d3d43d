// A small RFC 4180 CSV reader: quoted fields with embedded delimiters, quotes ("") and line
// breaks, CRLF or LF line ends, a UTF-8 byte-order mark, and "," ";" or tab as delimiter (the
// register's downloads open in Excel, which writes ";" in Dutch locales).

export class CsvError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvRow {
  /** 1-based line on which the row starts. */
  line: number;
  fields: string[];
}

/** The delimiter of the header line: the most frequent of , ; and tab outside quotes. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

export interface CsvParse {
  rows: CsvRow[];
  /** Why reading stopped early: the rows before the bad one are kept. */
  error?: CsvError;
}

/** Rows of a CSV text, up to a quote that is never closed or text after a closing quote. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvParse {
  const rows: CsvRow[] = [];
  try {
    readRows(text, delimiter, rows);
    return { rows };
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return { rows, error: e };
  }
}

function readRows(text: string, delimiter: string, rows: CsvRow[]): void {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let col = 1;
  let i = 0;
  let atFieldStart = true;
  const endField = () => {
    fields.push(field);
    field = '';
    atFieldStart = true;
  };
  const endRow = () => {
    endField();
    // A blank line is no row.
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (atFieldStart && c === '"') {
      // quoted field
      const startLine = line;
      const startCol = col;
      i++;
      col++;
      for (;;) {
        if (i >= text.length) throw new CsvError('a quoted field is never closed', startLine, startCol);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            col += 2;
            continue;
          }
          i++;
          col++;
          break;
        }
        if (q === '\n') {
          line++;
          col = 1;
        } else {
          col++;
        }
        field += q;
        i++;
      }
      const after = text[i];
      if (after !== undefined && after !== delimiter && after !== '\n' && after !== '\r') {
        throw new CsvError(`unexpected ${JSON.stringify(after)} after a closing quote (write "" for a quote inside a quoted field)`, line, col);
      }
      atFieldStart = false;
      continue;
    }
    if (c === delimiter) {
      endField();
      i++;
      col++;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      col = 1;
      rowLine = line;
    } else {
      field += c;
      atFieldStart = false;
      i++;
      col++;
    }
  }
  if (field !== '' || fields.length > 0) endRow();
}

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
  /** The row does not fit the header. */
  error?: string;
}

/** Records keyed by the header row; a row with more fields than the header carries an error. */
export function csvRecords(text: string): { header: string[]; records: CsvRecord[]; error?: CsvError } {
  const { rows, error } = parseCsv(text);
  const head = rows.shift();
  if (!head) return { header: [], records: [], error };
  const header = head.fields.map((h) => h.trim());
  const records = rows.map((r): CsvRecord => {
    const values: Record<string, string> = {};
    header.forEach((h, k) => {
      if (h !== '') values[h] = r.fields[k] ?? '';
    });
    return r.fields.length > header.length
      ? { line: r.line, values, error: `row has ${r.fields.length} fields but the header has ${header.length} (an unquoted delimiter?)` }
      : { line: r.line, values };
  });
  return { header, records, error };
}
