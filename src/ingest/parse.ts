import { Parser } from 'n3';
import { readFile, stat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { InputError } from './errors.js';
import { formatFromPath, isRdfPath, type RdfFormat } from './formats.js';
import { parseJsonLd } from './jsonld.js';
import { parseRdfXml } from './rdfxml.js';

export interface ParseOptions {
  format: RdfFormat;
  /** Base IRI for relative IRIs; defaults to the file URL of the source. */
  baseIRI?: string;
  /** Name of the input in error messages (a file path or "request body"). */
  source: string;
}

const N3_FORMATS: Record<string, string> = {
  turtle: 'text/turtle',
  ntriples: 'application/n-triples',
  nquads: 'application/n-quads',
  trig: 'application/trig',
};

let documentCounter = 0;

export async function parseRdf(text: string, opts: ParseOptions): Promise<Quad[]> {
  const baseIRI = opts.baseIRI ?? pathToFileURL(resolve(opts.source)).href;
  const bnodePrefix = `d${++documentCounter}_`;
  switch (opts.format) {
    case 'jsonld':
      return parseJsonLd(text, baseIRI, opts.source, bnodePrefix);
    case 'rdfxml':
      return parseRdfXml(text, baseIRI, opts.source, bnodePrefix);
    default:
      return parseN3Family(text, opts.format, baseIRI, opts.source, bnodePrefix);
  }
}

function parseN3Family(text: string, format: RdfFormat, baseIRI: string, source: string, bnodePrefix: string): Quad[] {
  const parser = new Parser({ format: N3_FORMATS[format], baseIRI, blankNodePrefix: bnodePrefix });
  try {
    return parser.parse(text);
  } catch (err) {
    const e = err as Error & { context?: { line?: number; token?: { value?: unknown } } };
    const line = e.context?.line;
    const column = line === undefined ? undefined : columnOf(text, line, e.context?.token?.value);
    throw new InputError(`malformed ${format === 'turtle' ? 'Turtle' : format}: ${e.message.replace(/ on line \d+\.?$/, '')}`, source, line, column);
  }
}

// N3.js reports the line only; find the offending token on that line for a column.
function columnOf(text: string, line: number, token: unknown): number | undefined {
  const lineText = text.split('\n')[line - 1];
  if (lineText === undefined) return undefined;
  const needle = typeof token === 'string' && token.length > 0 ? token : undefined;
  const at = needle ? lineText.indexOf(needle) : -1;
  return at >= 0 ? at + 1 : lineText.length - lineText.trimStart().length + 1;
}

export async function readRdfFile(path: string): Promise<Quad[]> {
  const format = formatFromPath(path);
  if (!format) throw new InputError('unknown RDF format: use .ttl, .nt, .nq, .trig, .jsonld/.json or .rdf/.owl/.xml', path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, path);
  }
  return parseRdf(text, { format, source: path });
}

/** Expands directories (recursively, RDF files only, sorted) and keeps files as given. */
export async function expandInputs(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw new InputError('no such file or directory', p);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      const nested = await expandInputs(entries.filter((e) => e.isDirectory() || isRdfPath(e.name)).map((e) => join(p, e.name)));
      files.push(...nested);
    } else {
      files.push(p);
    }
  }
  return files;
}

export interface ParsedFile { path: string; quads: Quad[] }

export async function readRdfInputs(paths: string[]): Promise<ParsedFile[]> {
  const files = await expandInputs(paths);
  const out: ParsedFile[] = [];
  for (const path of files) out.push({ path, quads: await readRdfFile(path) });
  return out;
}
