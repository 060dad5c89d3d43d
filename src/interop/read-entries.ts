// Register files → entries: JSON (an array, a wrapper object or one entry) or CSV with a header
// row of the format's keys. A file that cannot be read is reported; entries that can be are read.
import { readFile, stat, readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { positionOf } from '../ingest/errors.js';
import { csvRecords } from './csv.js';
import type { JsonValue } from './json.js';
import type { FormatSpec } from './spec.js';

export interface RawEntry {
  /** Where the entry is: file#index (JSON) or file:line (CSV). */
  source: string;
  value: JsonValue;
  /** Why the entry cannot be read (e.g. a CSV row that does not fit the header). */
  error?: string;
}

export interface FileRead {
  file: string;
  entries: RawEntry[];
  /** Why the file, or its rest, could not be read. */
  error?: string;
}

const INPUT_EXTENSIONS = new Set(['.json', '.csv', '.tsv', '.txt']);

/** Files to read: directories are expanded (JSON and CSV files, sorted); files are taken as given. */
export async function expandRegisterInputs(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (info.isDirectory()) {
      const names = (await readdir(p)).sort();
      const nested = await expandRegisterInputs(names.filter((n) => INPUT_EXTENSIONS.has(extname(n).toLowerCase())).map((n) => join(p, n)));
      files.push(...nested.files);
    } else {
      files.push(p);
    }
  }
  return { files, missing };
}

/** Parses JSON; a syntax error names line and column. */
function parseJson(text: string): { doc?: JsonValue; error?: string } {
  try {
    return { doc: JSON.parse(text) as JsonValue };
  } catch (e) {
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const where = lc ? `line ${lc[1]}, column ${lc[2]}` : at ? (({ line, column }) => `line ${line}, column ${column}`)(positionOf(text, Number(at[1]))) : 'unknown position';
    return { error: `malformed JSON at ${where}: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}` };
  }
}

export function entriesFromText(text: string, file: string, spec: FormatSpec): FileRead {
  const name = basename(file);
  const ext = extname(file).toLowerCase();
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const looksJson = ext === '.json' || trimmed.startsWith('[') || trimmed.startsWith('{');
  if (looksJson) {
    const { doc, error } = parseJson(text.replace(/^\uFEFF/, ''));
    if (error || doc === undefined) return { file, entries: [], error: error ?? 'empty file' };
    const list = spec.entriesOf(doc);
    if (!list) return { file, entries: [], error: `expected ${spec.name} entries (a list or an object), found ${typeof doc}` };
    return { file, entries: list.map((value, i) => ({ source: `${name}#${i + 1}`, value })) };
  }
  const { records, error } = csvRecords(text);
  const entries: RawEntry[] = records.map((r) => ({ source: `${name}:${r.line}`, value: r.values, error: r.error }));
  return { file, entries, error: error ? `malformed CSV at line ${error.line}, column ${error.column}: ${error.message}; the rows before it are read` : undefined };
}

export async function readRegisterFile(file: string, spec: FormatSpec): Promise<FileRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { file, entries: [], error: `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  if (text.trim() === '') return { file, entries: [], error: 'empty file' };
  return entriesFromText(text, file, spec);
}
