import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { expandInputs, readRdfFile } from '../ingest/parse.js';
import { formatFromPath } from '../ingest/formats.js';
import { InputError } from '../ingest/errors.js';
import type { DurableStore } from '../store/durable-store.js';
import { relabelBlankNodes, sha256, toNTriples } from '../store/ntriples.js';
import type { GraphContent } from './store-ops.js';

const CHUNK_CHARS = 64 * 1024 * 1024;

/**
 * Stores each RDF file of `paths` as a record of an empty register, its id the file name without
 * extension (examples/selectia-hiresift.ttl → record selectia-hiresift). Seeds are trusted: they
 * skip the SHACL gate, and are classified with the rest of the register when it starts.
 */
export async function seedRecords(durable: DurableStore, paths: string[], log: (line: string) => void): Promise<number> {
  const files = await expandInputs(paths);
  const taken = new Set(durable.records.keys());
  for (const file of files) {
    const quads = await readRdfFile(file);
    let id = basename(file, extname(file)).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 120) || 'record';
    for (let n = 2; taken.has(id); n++) id = `${id.replace(/-\d+$/, '')}-${n}`;
    taken.add(id);
    const seq = durable.lastSeq + 1;
    const lines = [...new Set(toNTriples(relabelBlankNodes(quads, `r${seq}x`)).split('\n').filter(Boolean))];
    const ntriples = lines.length ? `${lines.join('\n')}\n` : '';
    const at = new Date().toISOString();
    await durable.commit({
      seq,
      op: 'put',
      record: { id, version: seq, updatedAt: at, by: 'seed', triples: lines.length, sha256: sha256(ntriples), ntriples },
      history: { seq, id, op: 'put', status: 'created', at, by: 'seed', triples: lines.length, sha256: sha256(ntriples), riskTier: null },
    });
  }
  log(`seeded ${files.length} records from ${paths.join(', ')}`);
  return files.length;
}

/** Read-only graphs loaded at every start (`--graph IRI=FILE`): N-Triples as is, other formats parsed. */
export async function loadStaticGraphs(specs: { graph: string; path: string }[]): Promise<GraphContent[]> {
  const byGraph = new Map<string, string[]>();
  for (const { graph, path } of specs) {
    const format = formatFromPath(path);
    if (!format) throw new InputError('unknown RDF format: use .ttl, .nt, .nq, .trig, .jsonld/.json or .rdf/.owl/.xml', path);
    let chunks: string[];
    if (format === 'ntriples') {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
      }
      chunks = splitLines(text);
    } else {
      chunks = [toNTriples(await readRdfFile(path))];
    }
    byGraph.set(graph, [...(byGraph.get(graph) ?? []), ...chunks]);
  }
  return [...byGraph].map(([graph, chunks]) => ({ graph, chunks }));
}

// Large N-Triples files are kept in line-aligned chunks: one string cannot exceed ~512 MB.
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK_CHARS);
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end);
      end = nl > start ? nl + 1 : end;
    }
    out.push(text.slice(start, end));
    start = end;
  }
  if (out.length > 0 && !out[out.length - 1].endsWith('\n')) out[out.length - 1] += '\n';
  return out;
}
