import type { BoundTerm, Binding } from './graph-store.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

/**
 * Parses SPARQL 1.1 TSV results. Oxigraph writes them several times faster than JSON; terms are
 * in Turtle syntax (IRIs in <>, quoted literals with @lang or ^^<datatype>, bare numbers and booleans).
 */
export function parseTsvResults(text: string): Binding[] {
  const lines = text.split('\n');
  const vars = lines[0].split('\t').map((v) => v.replace(/^\?/, ''));
  const rows: Binding[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const cells = line.split('\t');
    const m: Binding = new Map();
    for (let c = 0; c < vars.length; c++) if (cells[c]) m.set(vars[c], parseTerm(cells[c]));
    rows.push(m);
  }
  return rows;
}

export function parseTerm(cell: string): BoundTerm {
  const first = cell.charCodeAt(0);
  if (first === 60 /* < */) return { termType: 'NamedNode', value: cell.slice(1, -1) };
  if (cell.startsWith('_:')) return { termType: 'BlankNode', value: cell.slice(2) };
  if (first === 34 /* " */) {
    const end = closingQuote(cell);
    const value = unescape(cell.slice(1, end));
    const rest = cell.slice(end + 1);
    if (rest.startsWith('@')) return { termType: 'Literal', value, language: rest.slice(1), datatype: { value: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString' } };
    if (rest.startsWith('^^<')) return { termType: 'Literal', value, datatype: { value: rest.slice(3, -1) } };
    return { termType: 'Literal', value, datatype: { value: `${XSD}string` } };
  }
  if (cell === 'true' || cell === 'false') return { termType: 'Literal', value: cell, datatype: { value: `${XSD}boolean` } };
  const dt = /[eE]/.test(cell) ? 'double' : cell.includes('.') ? 'decimal' : 'integer';
  return { termType: 'Literal', value: cell, datatype: { value: XSD + dt } };
}

function closingQuote(cell: string): number {
  for (let i = 1; i < cell.length; i++) {
    if (cell[i] === '\\') i++;
    else if (cell[i] === '"') return i;
  }
  return cell.length;
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_m, e: string) =>
    e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}
