import { GRAPH } from '../store/graph-store.js';
import { DataFactory, Writer } from 'n3';
import type { ClassificationRun, SystemClassification } from '../reason/index.js';
import type { CalendarName } from '../reason/calendar.js';
import { emitDerived, isSharedNode, type DerivedObject } from '../reason/derived-graph.js';
import type { StoreOp } from './store-ops.js';

interface RunMeta {
  calendar: CalendarName;
  at: string;
  rulesetVersion: string;
  startedAt: string;
}

/** One system's part of the derived graph, as N-Triples lines (each ending in " .\n"). */
interface SystemPart {
  /** Lines that belong to this system alone, without repeats. */
  own: string[];
  /** The shared nodes it refers to. */
  refs: Set<string>;
  /** The lines of shared nodes, by node (only those not yet seen by the generator). */
  shared: Map<string, string[]>;
}

// What canonical N-Triples escapes (the n3 writer's rule): text without it is written as it is.
const NEEDS_ESCAPE = /[^ !#-\[\]-~\u0080-\uFFFD]/;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const lineWriter = new Writer({ format: 'N-Triples' });
const { namedNode, literal } = DataFactory;

// One triple as an N-Triples line, the same text as the n3 writer's; the writer only for escapes.
function line(s: string, p: string, o: DerivedObject): string {
  if (typeof o === 'string') {
    if (!NEEDS_ESCAPE.test(s) && !NEEDS_ESCAPE.test(p) && !NEEDS_ESCAPE.test(o)) return `<${s}> <${p}> <${o}> .\n`;
    return lineWriter.quadToString(namedNode(s), namedNode(p), namedNode(o));
  }
  if (NEEDS_ESCAPE.test(s) || NEEDS_ESCAPE.test(o.value) || (o.datatype !== undefined && NEEDS_ESCAPE.test(o.datatype))) {
    return lineWriter.quadToString(namedNode(s), namedNode(p), literal(o.value, o.lang ?? (o.datatype ? namedNode(o.datatype) : undefined)));
  }
  const tail = o.lang ? `@${o.lang}` : o.datatype && o.datatype !== XSD_STRING ? `^^<${o.datatype}>` : '';
  return `<${s}> <${p}> "${o.value}"${tail} .\n`;
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
   * bring a store's derived graph up to date. At start (`atStart` given) it returns none and hands
   * the whole graph to `atStart` in loads of bounded size as it serialises them, so that the query
   * workers load one piece while the next is made.
   */
  adopt(run: ClassificationRun, reclassified: Set<string>, atStart?: (ops: StoreOp[]) => void): StoreOp[] {
    const emitOps = atStart === undefined;
    const gone = new Set<string>();
    for (const iri of reclassified) {
      const old = this.classifications.get(iri);
      const meta = this.runOf.get(iri);
      this.classifications.delete(iri);
      this.runOf.delete(iri);
      if (!old || !meta) continue;
      const part = this.part(meta, old, new Set());
      this.ownTriples -= part.own.length;
      for (const l of part.own) gone.add(l);
      for (const node of part.refs) {
        const n = (this.refs.get(node) ?? 1) - 1;
        if (n > 0) {
          this.refs.set(node, n);
          continue;
        }
        this.refs.delete(node);
        this.sharedTriples -= this.sharedSize.get(node) ?? 0;
        this.sharedSize.delete(node);
        for (const l of part.shared.get(node) ?? []) gone.add(l);
      }
    }
    const meta: RunMeta = { calendar: run.calendar, at: run.at, rulesetVersion: run.rulesetVersion, startedAt: run.startedAt };
    const added: string[] = [];
    // At start one generator sees every system, so each shared node is generated once.
    const seenAtStart = new Set<string>();
    const chunks = new ChunkBuilder((text) => atStart?.([{ op: 'load', graph: GRAPH.derived, chunks: [text] }]));
    for (const sys of run.systems) {
      this.classifications.set(sys.iri, sys);
      this.runOf.set(sys.iri, meta);
      const part = this.part(meta, sys, emitOps ? new Set() : seenAtStart);
      this.ownTriples += part.own.length;
      const fresh: string[][] = [];
      for (const node of part.refs) {
        const n = (this.refs.get(node) ?? 0) + 1;
        this.refs.set(node, n);
        if (n > 1) continue;
        const lines = part.shared.get(node) ?? [];
        this.sharedSize.set(node, lines.length);
        this.sharedTriples += lines.length;
        fresh.push(lines);
      }
      if (!emitOps) {
        chunks.add(part.own);
        for (const lines of fresh) chunks.add(lines);
        continue;
      }
      for (const l of [...part.own, ...fresh.flat()]) {
        // Removed and stated again by this write: it stays.
        if (!gone.delete(l)) added.push(l);
      }
    }
    if (!emitOps) {
      chunks.done();
      return [];
    }
    const D = `<${GRAPH.derived}>`;
    const ops: StoreOp[] = [];
    const removed = [...gone];
    for (let i = 0; i < removed.length; i += 5000) ops.push({ op: 'update', sparql: `DELETE DATA { GRAPH ${D} {\n${removed.slice(i, i + 5000).join('')}} }` });
    const loaded = new ChunkBuilder();
    loaded.add(added);
    const texts = loaded.done();
    if (texts.length > 0) ops.push({ op: 'load', graph: GRAPH.derived, chunks: texts });
    return ops;
  }

  // Splits one system's derived triples into its own and those of the shared nodes it refers to.
  private part(meta: RunMeta, sys: SystemClassification, seen: Set<string>): SystemPart {
    // emitDerived states each of a system's triples once, so its own lines are distinct.
    const part: SystemPart = { own: [], refs: new Set(), shared: new Map() };
    emitDerived({ ...meta, systems: [sys] }, (subject, p, o) => {
      const l = line(subject, p, o);
      if (isSharedNode(subject, this.derivedBase)) {
        const lines = part.shared.get(subject);
        if (lines) lines.push(l);
        else part.shared.set(subject, [l]);
        return;
      }
      part.own.push(l);
      if (typeof o === 'string' && isSharedNode(o, this.derivedBase)) part.refs.add(o);
    }, this.derivedBase, seen);
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
    const chunks = new ChunkBuilder();
    // Obligation and requirement types are shared across runs too: each is written once.
    const seen = new Set<string>();
    for (const g of byRun.values()) emitDerived({ ...g.meta, systems: g.systems }, (subject, p, o) => chunks.push(line(subject, p, o)), this.derivedBase, seen);
    return chunks.done();
  }
}

// N-Triples text in pieces of at most CHUNK lines: a large register's derived graph exceeds V8's
// longest string, and bounded pieces keep each load into a store short.
const CHUNK = 100_000;

class ChunkBuilder {
  private readonly texts: string[] = [];
  private lines: string[] = [];

  /** With `sink`, each chunk goes there as soon as it is full instead of being kept. */
  constructor(private readonly sink?: (text: string) => void) {}

  add(lines: readonly string[]): void {
    for (const l of lines) this.push(l);
  }

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length === CHUNK) this.flush();
  }

  done(): string[] {
    this.flush();
    return this.texts;
  }

  private flush(): void {
    if (this.lines.length > 0) {
      const text = this.lines.join('');
      if (this.sink) this.sink(text);
      else this.texts.push(text);
    }
    this.lines = [];
  }
}
