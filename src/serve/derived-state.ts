import type { Quad } from '@rdfjs/types';
import { GRAPH } from '../store/graph-store.js';
import { toNTriples } from '../store/ntriples.js';
import type { ClassificationRun, SystemClassification } from '../reason/index.js';
import type { CalendarName } from '../reason/calendar.js';
import { derivedQuads, isSharedNode } from '../reason/derived-graph.js';
import type { StoreOp } from './store-ops.js';

interface RunMeta {
  calendar: CalendarName;
  at: string;
  rulesetVersion: string;
  startedAt: string;
}

/** One system's part of the derived graph. */
interface SystemPart {
  /** Triples that belong to this system alone. */
  own: Quad[];
  /** The shared nodes it refers to. */
  refs: Set<string>;
  /** The triples of shared nodes, by node (only those not yet seen by the generator). */
  shared: Map<string, Quad[]>;
}

/**
 * The classification of every system and the derived graph they make: what the query workers'
 * derived graph holds, and the operations that keep it so as systems are reclassified.
 *
 * A derived triple either belongs to one system (its classification, role assignments,
 * obligations) or to a node shared by many (the run, an explanation step, an obligation type),
 * whose triples are fixed by its IRI. So a system's own triples go with it, and a shared node goes
 * when the last system that refers to it does: counting references per shared node, not per
 * triple, keeps start-up cheap (nothing is serialised or hashed until a write needs it).
 */
export class DerivedState {
  readonly classifications = new Map<string, SystemClassification>();
  private readonly runOf = new Map<string, RunMeta>();
  private readonly refs = new Map<string, number>();
  private readonly sharedSize = new Map<string, number>();
  private ownTriples = 0;
  private sharedTriples = 0;

  constructor(private readonly derivedBase: string) {}

  /** Triples in the derived graph. */
  get size(): number {
    return this.ownTriples + this.sharedTriples;
  }

  /**
   * Takes over the results of a run for the systems it reclassified; returns the operations that
   * bring a store's derived graph up to date (none when `emitOps` is false: at start).
   */
  adopt(run: ClassificationRun, reclassified: Set<string>, emitOps = true): StoreOp[] {
    const gone = new Set<string>();
    for (const iri of reclassified) {
      const old = this.classifications.get(iri);
      const meta = this.runOf.get(iri);
      this.classifications.delete(iri);
      this.runOf.delete(iri);
      if (!old || !meta) continue;
      const part = this.part(meta, old, new Set());
      this.ownTriples -= part.own.length;
      for (const line of lines(part.own)) gone.add(line);
      for (const node of part.refs) {
        const n = (this.refs.get(node) ?? 1) - 1;
        if (n > 0) {
          this.refs.set(node, n);
          continue;
        }
        this.refs.delete(node);
        this.sharedTriples -= this.sharedSize.get(node) ?? 0;
        this.sharedSize.delete(node);
        for (const line of lines(part.shared.get(node) ?? [])) gone.add(line);
      }
    }
    const meta: RunMeta = { calendar: run.calendar, at: run.at, rulesetVersion: run.rulesetVersion, startedAt: run.startedAt };
    const added: string[] = [];
    // At start one generator sees every system, so each shared node is generated once.
    const seenAtStart = new Set<string>();
    for (const sys of run.systems) {
      this.classifications.set(sys.iri, sys);
      this.runOf.set(sys.iri, meta);
      const part = this.part(meta, sys, emitOps ? new Set() : seenAtStart);
      this.ownTriples += part.own.length;
      const fresh: Quad[][] = [];
      for (const node of part.refs) {
        const n = (this.refs.get(node) ?? 0) + 1;
        this.refs.set(node, n);
        if (n > 1) continue;
        const quads = part.shared.get(node) ?? [];
        this.sharedSize.set(node, quads.length);
        this.sharedTriples += quads.length;
        fresh.push(quads);
      }
      if (!emitOps) continue;
      for (const line of lines([...part.own, ...fresh.flat()])) {
        // Removed and stated again by this write: it stays.
        if (!gone.delete(line)) added.push(line);
      }
    }
    if (!emitOps) return [];
    const D = `<${GRAPH.derived}>`;
    const ops: StoreOp[] = [];
    const removed = [...gone];
    for (let i = 0; i < removed.length; i += 5000) ops.push({ op: 'update', sparql: `DELETE DATA { GRAPH ${D} {\n${removed.slice(i, i + 5000).join('\n')}\n} }` });
    const chunks: string[] = [];
    for (let i = 0; i < added.length; i += 100_000) chunks.push(`${added.slice(i, i + 100_000).join('\n')}\n`);
    if (chunks.length > 0) ops.push({ op: 'load', graph: GRAPH.derived, chunks });
    return ops;
  }

  // Splits one system's derived triples into its own and those of the shared nodes it refers to.
  private part(meta: RunMeta, sys: SystemClassification, seen: Set<string>): SystemPart {
    const part: SystemPart = { own: [], refs: new Set(), shared: new Map() };
    // A system may state a triple twice (the same explanation step for two findings).
    const stated = new Set<string>();
    for (const q of derivedQuads({ ...meta, systems: [sys] }, this.derivedBase, seen)) {
      if (q.subject.termType !== 'NamedNode' || q.object.termType === 'BlankNode') throw new Error('the derived graph has a blank node: the server cannot maintain it incrementally');
      if (isSharedNode(q.subject.value, this.derivedBase)) {
        const quads = part.shared.get(q.subject.value);
        if (quads) quads.push(q);
        else part.shared.set(q.subject.value, [q]);
        continue;
      }
      const key = `${q.subject.value} ${q.predicate.value} ${q.object.termType === 'Literal' ? `"${q.object.value}"@${q.object.language}^^${q.object.datatype.value}` : q.object.value}`;
      if (stated.has(key)) continue;
      stated.add(key);
      part.own.push(q);
      if (q.object.termType === 'NamedNode' && isSharedNode(q.object.value, this.derivedBase)) part.refs.add(q.object.value);
    }
    return part;
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
    // Obligation and requirement types are shared across runs too: each is written once.
    const seen = new Set<string>();
    for (const g of byRun.values()) {
      // In pieces: the N-Triples of a large register's derived graph exceed V8's longest string.
      let batch: Quad[] = [];
      for (const q of derivedQuads({ ...g.meta, systems: g.systems }, this.derivedBase, seen)) {
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

function lines(quads: Quad[]): string[] {
  return quads.length ? toNTriples(quads).split('\n').filter((l) => l.length > 0) : [];
}
