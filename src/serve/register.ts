import type { Quad } from '@rdfjs/types';
import { GraphStore, GRAPH } from '../store/graph-store.js';
import { DurableStore, type HistoryEntry, type StoredRecord } from '../store/durable-store.js';
import { parseNTriples, relabelBlankNodes, sha256, toNTriples } from '../store/ntriples.js';
import { ontologyQuads } from '../ontology/load.js';
import type { Classifier, ClassificationRun, SystemClassification } from '../reason/index.js';
import type { CalendarName } from '../reason/calendar.js';
import { applyOps, loadGraph, type GraphContent, type StoreOp } from './store-ops.js';
import { gateDescription, type GateReport } from './gate.js';
import { affectedSystems, changedNodes, neighbourhood } from './dependencies.js';
import { DerivedState } from './derived-state.js';
import { Mutex } from './mutex.js';

const SCRATCH_GRAPH = 'urn:algoreg:scratch';

/** The description broke a SHACL Violation: nothing was stored. */
export class GateRejected extends Error {
  constructor(readonly report: GateReport) {
    super('the description has SHACL Violations and was not stored');
  }
}

/** The description does not describe the system it was sent for. */
export class NotDescribed extends Error {}

/** Storing it would take the register past its size ceiling. */
export class CeilingExceeded extends Error {}

export class UnknownRecord extends Error {}

export interface RegisterOptions {
  base: string;
  durable: DurableStore;
  classifier: Classifier;
  shapes: Quad[];
  calendar?: CalendarName;
  /** Classify as of this date (YYYY-MM-DD); default: the day of each write. */
  at?: string;
  maxTriples: number;
  /** Read-only graphs loaded at start (not records, not in the log). */
  statics?: GraphContent[];
  log?: (line: string) => void;
}

export interface WriteOutcome {
  id: string;
  status: 'created' | 'replaced' | 'deleted';
  seq: number;
  record: StoredRecord | undefined;
  /** The classification of system {id}, if the register has one after the write. */
  classification: SystemClassification | undefined;
  /** Every system whose classification was recomputed. */
  reclassified: string[];
  validation: GateReport | undefined;
}

interface Staged {
  run: ClassificationRun;
  reclassified: Set<string>;
  recordOps: StoreOp[];
  revertOps: StoreOp[];
}

/**
 * The register: the description records (durable), the main store they are loaded in (used for
 * classification and validation context, without the derived graph), and the classification of
 * every system. Writes are serialised; each committed write is handed to the sinks (the query
 * workers) as store operations, in commit order.
 */
export class Register {
  readonly main = new GraphStore();
  readonly base: string;
  private readonly derived: DerivedState;
  private readonly lock = new Mutex();
  private readonly sinks: ((ops: StoreOp[], reclassified: ReadonlySet<string>) => void)[] = [];
  private readonly ontology: GraphContent;
  private dryRuns = 0;
  private readonly scratch = new GraphStore();
  // Graphs derived outside the classification (the portal graph of dataset links): in the query
  // workers, snapshots and dumps, not in the main store the rules read.
  private readonly extraGraphs = new Map<string, { text: string; triples: number }>();
  // Oxigraph counts by scanning; the main store's size is counted once and then kept by each write.
  private mainSize = 0;

  constructor(private readonly opts: RegisterOptions) {
    this.base = opts.base;
    this.derived = new DerivedState(this.derivedBase);
    this.ontology = { graph: GRAPH.ontology, chunks: [toNTriples(ontologyQuads())] };
    loadGraph(this.scratch.oxi, this.ontology);
  }

  /** The classification of every system, by IRI. */
  get classifications(): ReadonlyMap<string, SystemClassification> {
    return this.derived.classifications;
  }

  get durable(): DurableStore {
    return this.opts.durable;
  }

  /** The read-only graphs loaded at start (--graph), e.g. for the web pages' view of the register. */
  get statics(): readonly GraphContent[] {
    return this.opts.statics ?? [];
  }

  systemIri(id: string): string {
    return `${this.base}system/${id}`;
  }

  recordGraph(id: string): string {
    return `${this.base}graph/system/${id}`;
  }

  get derivedBase(): string {
    return `${this.base}derived/`;
  }

  /** Triples in the register, the derived graph included. */
  size(): number {
    let extra = 0;
    for (const g of this.extraGraphs.values()) extra += g.triples;
    return this.mainSize + this.derived.size + extra;
  }

  /** Calls `sink` after each commit with the store operations and the systems it reclassified. */
  onCommit(sink: (ops: StoreOp[], reclassified: ReadonlySet<string>) => void): void {
    this.sinks.push(sink);
  }

  /**
   * Loads every graph into the main store and classifies every system. `loaded` gets the stored
   * graphs once they are in and within the ceiling, before the classification, so that query
   * workers can load them meanwhile; `derived` then gets what the register derives, piece by piece.
   */
  async init(loaded?: (graphs: GraphContent[]) => void, derived?: (ops: StoreOp[]) => void): Promise<void> {
    const t0 = performance.now();
    loadGraph(this.main.oxi, this.ontology);
    for (const r of this.opts.durable.records.values()) loadGraph(this.main.oxi, { graph: this.recordGraph(r.id), chunks: [r.ntriples] });
    for (const g of this.opts.statics ?? []) {
      loadGraph(this.main.oxi, g);
      if (this.main.size() > this.opts.maxTriples) throw new CeilingExceeded(this.ceilingMessage(this.main.size()));
    }
    const loadedAt = performance.now();
    this.mainSize = this.main.size();
    loaded?.(this.storedGraphs());
    const run = await this.opts.classifier.classifyStore(this.main, this.classifyOptions());
    this.derived.adopt(run, new Set(run.systems.map((s) => s.iri)), derived ?? (() => undefined));
    if (this.size() > this.opts.maxTriples) throw new CeilingExceeded(this.ceilingMessage(this.size()));
    this.opts.log?.(`register: ${this.opts.durable.records.size} records, ${this.mainSize.toLocaleString('en')} quads loaded in ${((loadedAt - t0) / 1000).toFixed(1)} s; ${run.systems.length} systems classified in ${((performance.now() - loadedAt) / 1000).toFixed(1)} s`);
  }

  /** Gives a consistent copy of every graph (derived included) to `spawn`, between writes. */
  snapshot(spawn: (graphs: GraphContent[]) => void): Promise<void> {
    return this.lock.run(() => {
      const graphs = this.storedGraphs();
      graphs.push({ graph: GRAPH.derived, chunks: this.derived.chunks() });
      for (const [graph, g] of this.extraGraphs) graphs.push({ graph, chunks: [g.text] });
      spawn(graphs);
    });
  }

  // The ontology, the records and the read-only graphs.
  private storedGraphs(): GraphContent[] {
    const graphs: GraphContent[] = [this.ontology];
    for (const r of this.opts.durable.records.values()) graphs.push({ graph: this.recordGraph(r.id), chunks: [r.ntriples] });
    graphs.push(...(this.opts.statics ?? []));
    return graphs;
  }

  /**
   * Replaces a graph the register derives outside the classification, between writes: `build` gets
   * the main store as committed and returns the graph as N-Triples. Returns whether it changed.
   */
  deriveGraph(graph: string, build: (main: GraphStore) => string): Promise<boolean> {
    return this.lock.run(() => {
      const lines = uniqueLines(build(this.main));
      if (this.extraGraphs.get(graph)?.text === lines.text) return false;
      this.extraGraphs.set(graph, { text: lines.text, triples: lines.count });
      const ops: StoreOp[] = [{ op: 'replaceGraph', graph, chunks: [lines.text] }];
      for (const sink of this.sinks) sink(ops, new Set());
      return true;
    });
  }

  /** Validates, classifies and stores a description as record {id}; serialised with other writes. */
  put(id: string, quads: Quad[], by: string, opts: { requireSystem?: boolean; skipGate?: boolean } = {}): Promise<WriteOutcome> {
    return this.lock.run(async () => {
      const graph = this.recordGraph(id);
      const validation = opts.skipGate ? undefined : await gateDescription(this.main, quads, this.opts.shapes, graph);
      if (validation && !validation.conforms) throw new GateRejected(validation);
      const seq = this.opts.durable.lastSeq + 1;
      const lines = uniqueLines(toNTriples(relabelBlankNodes(quads, `r${seq}x`)));
      const old = this.opts.durable.records.get(id);
      const projected = this.size() - (old?.triples ?? 0) + lines.count;
      if (projected > this.opts.maxTriples) throw new CeilingExceeded(this.ceilingMessage(projected));
      const staged = await this.stage(graph, old, lines.text, opts.requireSystem ? this.systemIri(id) : undefined);
      const at = new Date().toISOString();
      const record: StoredRecord = { id, version: seq, updatedAt: at, by, triples: lines.count, sha256: sha256(lines.text), ntriples: lines.text };
      const classification = staged.run.systems.find((s) => s.iri === this.systemIri(id)) ?? this.unchanged(this.systemIri(id), staged);
      const history: HistoryEntry = { seq, id, op: 'put', status: old ? 'replaced' : 'created', at, by, triples: record.triples, sha256: record.sha256, riskTier: classification?.riskTier ?? null };
      await this.commitOrRevert(staged, () => this.opts.durable.commit({ seq, op: 'put', record, history }));
      this.mainSize += record.triples - (old?.triples ?? 0);
      return { id, status: history.status, seq, record, classification, reclassified: [...staged.reclassified].sort(), validation };
    });
  }

  /** Removes record {id} and reclassifies what depended on it. */
  remove(id: string, by: string): Promise<WriteOutcome> {
    return this.lock.run(async () => {
      const old = this.opts.durable.records.get(id);
      if (!old) throw new UnknownRecord(`no record ${id}`);
      const seq = this.opts.durable.lastSeq + 1;
      const staged = await this.stage(this.recordGraph(id), old, undefined, undefined);
      const at = new Date().toISOString();
      const classification = staged.run.systems.find((s) => s.iri === this.systemIri(id)) ?? this.unchanged(this.systemIri(id), staged);
      const history: HistoryEntry = { seq, id, op: 'delete', status: 'deleted', at, by, triples: 0, sha256: null, riskTier: classification?.riskTier ?? null };
      await this.commitOrRevert(staged, () => this.opts.durable.commit({ seq, op: 'delete', id, history }));
      this.mainSize -= old.triples;
      return { id, status: 'deleted', seq, record: undefined, classification, reclassified: [...staged.reclassified].sort(), validation: undefined };
    });
  }

  /**
   * Classifies a description as if it were stored (as record `replaces`, or as a new record),
   * without storing it: the register is left as it was.
   */
  dryRunClassify(quads: Quad[], replaces?: string): Promise<ClassificationRun> {
    return this.lock.run(async () => {
      const graph = replaces ? this.recordGraph(replaces) : `${this.base}graph/dry-run/${++this.dryRuns}`;
      const old = replaces ? this.opts.durable.records.get(replaces) : undefined;
      const text = toNTriples(relabelBlankNodes(quads, `dry${this.dryRuns}x`));
      const staged = await this.stage(graph, old, text, undefined);
      applyOps(this.main.oxi, staged.revertOps);
      const described = new Set(quads.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value));
      const systems = staged.run.systems.filter((s) => described.has(s.iri));
      return { ...staged.run, systems: systems.length > 0 ? systems : staged.run.systems };
    });
  }

  /** SHACL gate only (POST /validate): the description with its register context. */
  validate(quads: Quad[], replaces?: string): Promise<GateReport> {
    // Under the lock: a write in progress has its record in the main store before it commits.
    return this.lock.run(() => gateDescription(this.main, quads, this.opts.shapes, replaces ? this.recordGraph(replaces) : undefined));
  }

  // Classifies some systems in a scratch store holding the ontology and their neighbourhood.
  private async classifyNeighbourhood(systems: Set<string>): Promise<ClassificationRun> {
    this.scratch.oxi.update(`DROP SILENT GRAPH <${SCRATCH_GRAPH}>`);
    loadGraph(this.scratch.oxi, { graph: SCRATCH_GRAPH, chunks: [neighbourhood(this.main, systems)] });
    return this.opts.classifier.classifyStore(this.scratch, this.classifyOptions(), systems);
  }

  private classifyOptions(): { calendar?: CalendarName; at?: string; base: string } {
    return { calendar: this.opts.calendar, at: this.opts.at, base: this.derivedBase };
  }

  // Applies the record change to the main store and reclassifies what it touches. The caller
  // either commits (commitOrRevert) or undoes it with revertOps.
  private async stage(graph: string, old: StoredRecord | undefined, text: string | undefined, requireSystem: string | undefined): Promise<Staged> {
    const oldQuads = old ? parseNTriples(old.ntriples) : [];
    const newQuads = text ? parseNTriples(text) : [];
    const subjects = changedNodes(oldQuads, newQuads);
    if (requireSystem) subjects.push(requireSystem);
    const before = affectedSystems(this.main, subjects);
    const recordOps: StoreOp[] = text ? [{ op: 'replaceGraph', graph, chunks: [text] }] : [{ op: 'dropGraph', graph }];
    const revertOps: StoreOp[] = old ? [{ op: 'replaceGraph', graph, chunks: [old.ntriples] }] : [{ op: 'dropGraph', graph }];
    applyOps(this.main.oxi, recordOps);
    try {
      const reclassified = new Set([...before, ...affectedSystems(this.main, subjects)]);
      const run = await this.classifyNeighbourhood(reclassified);
      if (requireSystem && !run.systems.some((s) => s.iri === requireSystem)) {
        throw new NotDescribed(`the description does not describe <${requireSystem}> as an algorithmic system: state its type (ar:AlgorithmicSystem, ar:AISystem, ...) with that IRI as subject, or with <> in Turtle and "@id": "" in JSON-LD`);
      }
      return { run, reclassified, recordOps, revertOps };
    } catch (e) {
      applyOps(this.main.oxi, revertOps);
      throw e;
    }
  }

  private async commitOrRevert(staged: Staged, commit: () => Promise<void>): Promise<void> {
    try {
      await commit();
    } catch (e) {
      applyOps(this.main.oxi, staged.revertOps);
      throw e;
    }
    const derivedOps = this.derived.adopt(staged.run, staged.reclassified);
    const ops = [...staged.recordOps, ...derivedOps];
    for (const sink of this.sinks) sink(ops, staged.reclassified);
  }

  // A system the write did not reclassify keeps its classification.
  private unchanged(iri: string, staged: Staged): SystemClassification | undefined {
    return staged.reclassified.has(iri) ? undefined : this.classifications.get(iri);
  }

  private ceilingMessage(triples: number): string {
    return `the register would hold ${triples.toLocaleString('en')} triples, past its ceiling of ${this.opts.maxTriples.toLocaleString('en')} (--max-triples). The embedded store keeps every triple in memory, once per query worker; past this size hand the data to an external SPARQL store (see README, "Register server").`;
  }
}

function uniqueLines(ntriples: string): { text: string; count: number } {
  const lines = [...new Set(ntriples.split('\n').filter((l) => l.length > 0))];
  return { text: lines.length ? `${lines.join('\n')}\n` : '', count: lines.length };
}
