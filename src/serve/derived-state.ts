import { createHash } from 'node:crypto';
import type { Quad } from '@rdfjs/types';
import { GRAPH } from '../store/graph-store.js';
import { toNTriples } from '../store/ntriples.js';
import type { ClassificationRun, SystemClassification } from '../reason/index.js';
import type { CalendarName } from '../reason/calendar.js';
import { derivedQuads } from '../reason/derived-graph.js';
import type { StoreOp } from './store-ops.js';

interface RunMeta {
  calendar: CalendarName;
  at: string;
  rulesetVersion: string;
  startedAt: string;
}

/**
 * The classification of every system and the derived graph they make: what the query workers'
 * derived graph holds, and the operations that keep it so as systems are reclassified.
 *
 * The derived graph shares nodes between systems (the run's activity, explanation steps and
 * obligation types with the same content have one IRI), so one system's triples cannot simply be
 * dropped. Each derived triple counts the systems whose derivation states it, and goes when the
 * last of them does. The counts are keyed by a hash of the N-Triples line, to keep memory low on
 * large registers; the derived graph has no blank nodes, so a line names a triple.
 */
export class DerivedState {
  readonly classifications = new Map<string, SystemClassification>();
  private readonly runOf = new Map<string, RunMeta>();
  private readonly refs = new Map<string, number>();

  constructor(private readonly derivedBase: string) {}

  /** Triples in the derived graph. */
  get size(): number {
    return this.refs.size;
  }

  /**
   * Takes over the results of a run for the systems it reclassified; returns the operations that
   * bring a store's derived graph up to date (none when `emitOps` is false: at start).
   */
  adopt(run: ClassificationRun, reclassified: Set<string>, emitOps = true): StoreOp[] {
    const removed = new Map<string, string>();
    for (const iri of reclassified) {
      const old = this.classifications.get(iri);
      const meta = this.runOf.get(iri);
      this.classifications.delete(iri);
      this.runOf.delete(iri);
      if (!old || !meta) continue;
      for (const line of this.lines({ ...meta, systems: [old] })) {
        const key = lineKey(line);
        const n = (this.refs.get(key) ?? 1) - 1;
        if (n > 0) this.refs.set(key, n);
        else {
          this.refs.delete(key);
          removed.set(key, line);
        }
      }
    }
    const meta: RunMeta = { calendar: run.calendar, at: run.at, rulesetVersion: run.rulesetVersion, startedAt: run.startedAt };
    const added: string[] = [];
    for (const sys of run.systems) {
      this.classifications.set(sys.iri, sys);
      this.runOf.set(sys.iri, meta);
      for (const line of this.lines({ ...meta, systems: [sys] })) {
        const key = lineKey(line);
        const n = (this.refs.get(key) ?? 0) + 1;
        this.refs.set(key, n);
        if (n > 1) continue;
        // Removed and stated again by this write: it stays.
        if (!removed.delete(key) && emitOps) added.push(line);
      }
    }
    const D = `<${GRAPH.derived}>`;
    const ops: StoreOp[] = [];
    const gone = [...removed.values()];
    for (let i = 0; i < gone.length; i += 5000) ops.push({ op: 'update', sparql: `DELETE DATA { GRAPH ${D} {\n${gone.slice(i, i + 5000).join('\n')}\n} }` });
    const chunks: string[] = [];
    for (let i = 0; i < added.length; i += 100_000) chunks.push(`${added.slice(i, i + 100_000).join('\n')}\n`);
    if (chunks.length > 0) ops.push({ op: 'load', graph: GRAPH.derived, chunks });
    return ops;
  }

  // The derived triples of a run, one N-Triples line each, without duplicates.
  private lines(run: ClassificationRun): string[] {
    const text = toNTriples(derivedQuads(run, this.derivedBase));
    if (/(^|\s)_:/m.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) throw new Error('the derived graph has a blank node: the server cannot maintain it incrementally');
    return [...new Set(text.split('\n').filter((l) => l.length > 0))];
  }

  /** The derived graph of the current classifications, one run at a time (for a new worker). */
  chunks(): string[] {
    const byRun = new Map<string, { meta: RunMeta; systems: SystemClassification[] }>();
    for (const [iri, sys] of this.classifications) {
      const meta = this.runOf.get(iri)!;
      const group = byRun.get(meta.startedAt) ?? { meta, systems: [] };
      group.systems.push(sys);
      byRun.set(meta.startedAt, group);
    }
    const chunks: string[] = [];
    for (const g of byRun.values()) {
      // In pieces: the N-Triples of a large register's derived graph exceed V8's longest string.
      let batch: Quad[] = [];
      for (const q of derivedQuads({ ...g.meta, systems: g.systems }, this.derivedBase)) {
        batch.push(q);
        if (batch.length === 100_000) {
          chunks.push(toNTriples(batch));
          batch = [];
        }
      }
      chunks.push(toNTriples(batch));
    }
    return chunks;
  }
}

function lineKey(line: string): string {
  return createHash('sha1').update(line).digest('base64').slice(0, 16);
}
