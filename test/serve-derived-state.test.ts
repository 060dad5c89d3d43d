import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { Parser } from 'n3';
import { packagePath } from '../src/paths.js';
import { classifyQuads, type ClassificationRun } from '../src/reason/index.js';
import { DerivedState } from '../src/serve/derived-state.js';
import type { StoreOp } from '../src/serve/store-ops.js';

const BASE = 'https://register.example.eu/derived/';

async function sampleRun(startedAt: string): Promise<ClassificationRun> {
  const dir = packagePath('examples');
  const quads = readdirSync(dir)
    .filter((f) => f.endsWith('.ttl'))
    .flatMap((f) => new Parser({ baseIRI: `https://register.example.eu/${f}` }).parse(readFileSync(`${dir}/${f}`, 'utf8')));
  const run = await classifyQuads(quads, { at: '2026-11-21', base: BASE });
  return { ...run, startedAt };
}

// What a query worker's derived graph holds after the operations, one N-Triples line each.
function apply(graph: Set<string>, ops: StoreOp[]): void {
  for (const op of ops) {
    if (op.op === 'update') for (const line of op.sparql.split('\n').filter((l) => l.endsWith(' .'))) graph.delete(line);
    else if (op.op === 'load') for (const c of op.chunks) for (const line of c.split('\n').filter(Boolean)) graph.add(line);
  }
}

const fromScratch = (state: DerivedState) => new Set(state.chunks().flatMap((c) => c.split('\n').filter(Boolean)));

describe('the derived graph kept by reference counts', () => {
  it('stays equal to one built from scratch as systems are reclassified and removed, and counts its triples', async () => {
    const first = await sampleRun('2026-11-21T08:00:00.000Z');
    expect(first.systems.length).toBeGreaterThan(20);
    const state = new DerivedState(BASE);
    const graph = new Set<string>();
    // at start the whole graph goes to the callback in loads (no operations are returned)
    const atStart: StoreOp[] = [];
    expect(state.adopt(first, new Set(first.systems.map((s) => s.iri)), (ops) => atStart.push(...ops))).toEqual([]);
    expect(atStart.every((op) => op.op === 'load')).toBe(true);
    apply(graph, atStart);
    expect(graph).toEqual(fromScratch(state));
    expect(state.size).toBe(graph.size);

    // half the systems reclassified by a later run: shared nodes of the first run stay while used
    const second = await sampleRun('2026-11-21T09:00:00.000Z');
    const half = second.systems.filter((_, i) => i % 2 === 0);
    apply(graph, state.adopt({ ...second, systems: half }, new Set(half.map((s) => s.iri))));
    expect(graph).toEqual(fromScratch(state));
    expect(state.size).toBe(graph.size);
    expect([...graph].some((l) => l.includes('2026-11-21T08:00:00'))).toBe(true);

    // the other half too: nothing of the first run is left
    const rest = second.systems.filter((_, i) => i % 2 === 1);
    apply(graph, state.adopt({ ...second, systems: rest }, new Set(rest.map((s) => s.iri))));
    expect(graph).toEqual(fromScratch(state));
    expect([...graph].some((l) => l.includes('2026-11-21T08:00:00'))).toBe(false);

    // removing every system one by one empties the graph, shared nodes last
    for (const sys of second.systems) {
      apply(graph, state.adopt({ ...second, systems: [] }, new Set([sys.iri])));
      expect(state.size).toBe(graph.size);
    }
    expect(graph.size).toBe(0);
    expect(state.size).toBe(0);
  });
});
