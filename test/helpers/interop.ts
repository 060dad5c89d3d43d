import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { IMPORT_FORMATS } from '../../src/interop/formats.js';
import { GraphView } from '../../src/interop/graph-view.js';
import { entryQuads } from '../../src/interop/import-entry.js';
import { runImport, type ImportRun, type ImportRunOptions } from '../../src/interop/import-run.js';
import type { FormatName } from '../../src/interop/spec.js';

/** The real-format samples, read where they are (../shared/samples), never copied. */
export const SAMPLES = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));
export const NL_SAMPLES = join(SAMPLES, 'nl-algoritmeregister');
export const NL_TEMPLATE_FILES = ['Centric.json', 'Gemeente-Amsterdam.json', 'Gemeente-Tilburg.json', 'Zivver.json'].map((f) => join(NL_SAMPLES, f));
export const UK_SAMPLE = join(SAMPLES, 'uk-atrs', 'atrs_records_sample.json');
export const FIXTURES = fileURLToPath(new URL('../fixtures/interop/', import.meta.url));
export const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
export const BASE = 'https://register.example.eu/';
export const AR = 'https://w3id.org/algoreg/ns#';

export async function importFiles(format: FormatName, files: string[], opts: Partial<ImportRunOptions> = {}): Promise<ImportRun & { g: GraphView; quads: Quad[] }> {
  const run = await runImport(IMPORT_FORMATS[format], files, { base: BASE, at: '2026-11-21', ...opts });
  const quads = run.imported.flatMap(entryQuads);
  return { ...run, quads, g: new GraphView(quads) };
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix = 'algoreg-interop-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}
