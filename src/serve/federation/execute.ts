// Runs a federated query in a query worker: Comunica over this worker's Oxigraph store (the only
// source) and the allow-listed endpoints (reached only through SERVICE, only by guardedFetch).
import { QueryEngine } from '@comunica/query-sparql';
import type * as RDF from '@rdfjs/types';
import { createRequire } from 'node:module';
import type { OxiStore } from '../store-ops.js';
import type { FederatedJob, QueryJob } from '../worker-protocol.js';
import { OxigraphSource } from './oxigraph-source.js';
import { guardedFetch, type RemoteFailure } from './guarded-fetch.js';
import { writeBoolean, writeQuads, writeSolutions } from './results.js';
import { withoutServices } from './detect.js';

export type FederatedOutcome = { ok: true; body: string } | { ok: false; kind: 'query' | 'too-large' | 'timeout' | 'remote'; message: string };

/** Stop this long before the pool's deadline, so the pool need not terminate (and reload) the worker. */
const DEADLINE_MARGIN_MS = 250;
const FALLBACK_TIMEOUT_MS = 10_000;

class Stopped extends Error {
  constructor(readonly kind: 'too-large' | 'timeout', message: string) {
    super(message);
  }
}

let engine: QueryEngine | undefined;

/** One engine per worker (Comunica's actors are module singletons anyway), adjusted by tuneEngine. */
export function federationEngine(): QueryEngine {
  if (!engine) {
    engine = new QueryEngine();
    tuneEngine(engine);
  }
  return engine;
}

type ActorLike = { constructor: { name: string }; [key: string]: unknown };

/** Every Comunica actor of a given class reachable from the engine (through mediators and buses). */
function findActors(root: unknown, className: string): ActorLike[] {
  const found: ActorLike[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [root];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if ((node as ActorLike).constructor?.name === className) found.push(node as ActorLike);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'actorInitQuery' || key === 'bus' || key === 'actors' || key === 'mediators' || key.startsWith('mediator')) {
        if (Array.isArray(value)) queue.push(...value);
        else queue.push(value);
      }
    }
  }
  return found;
}

/**
 * Comunica first GETs a SERVICE IRI to find out what kind of source it is, and then queries the
 * sd:endpoint its service description names, which may be another URL. The allow-list names
 * SPARQL endpoints: the service actor's forceSparqlEndpoint skips that step. Comunica has no
 * context option for it, so it is set on the actor; true if the actor was found.
 */
export function tuneEngine(e: QueryEngine): boolean {
  const services = findActors(e, 'ActorQueryOperationService');
  for (const actor of services) actor.forceSparqlEndpoint = true;
  return services.length > 0 && stableSort();
}

/**
 * Comunica 4.5 evaluates ORDER BY a b as a sort by b, then a sort by a, which needs a stable sort;
 * its SortIterator inserts an item equal to another at an arbitrary place, so ORDER BY ?system
 * ?dataset came out unordered on ?dataset. Equal items are inserted before their equals here (the
 * iterator emits from the end), which keeps them in arrival order.
 */
function stableSort(): boolean {
  const fromComunica = createRequire(createRequire(import.meta.url).resolve('@comunica/query-sparql'));
  const fromOrderBy = createRequire(fromComunica.resolve('@comunica/actor-query-operation-orderby'));
  type Sorter = {
    sorted: unknown[];
    windowLength: number;
    sort: (a: unknown, b: unknown) => number;
    source: { read(): unknown };
    _push(item: unknown): void;
  };
  const { SortIterator } = fromOrderBy('./SortIterator') as { SortIterator?: { prototype: { _read: (this: Sorter, count: number, done: () => void) => void } } };
  if (!SortIterator) return false;
  SortIterator.prototype._read = function (this: Sorter, _count: number, done: () => void): void {
    let { length } = this.sorted;
    while (length !== this.windowLength) {
      const item = this.source.read();
      if (item === null) break;
      let left = 0;
      let right = length - 1;
      while (left <= right) {
        const mid = Math.trunc((left + right) / 2);
        if (this.sort(item, this.sorted[mid]) < 0) left = mid + 1;
        else right = mid - 1;
      }
      this.sorted.splice(left, 0, item);
      length++;
    }
    if (length === this.windowLength) this._push(this.sorted.pop());
    done();
  };
  return true;
}

type TermFactory = RDF.DataFactory & { variable: (name: string) => RDF.Variable };
let factory: TermFactory | undefined;

/**
 * Comunica 4.5's term factory (rdf-data-factory 1.x) with one fix: the SPARQL JSON parser of its
 * endpoint client (sparqljson-parse 3.x) passes `{ language, direction }` for a language-tagged
 * literal, which rdf-data-factory 1.x takes for a datatype, losing the language ("x"@nl from an
 * endpoint would come back as a literal without language). The factory is Comunica's own, loaded
 * from where Comunica finds it.
 */
function termFactory(): TermFactory {
  if (!factory) {
    const fromComunica = createRequire(createRequire(import.meta.url).resolve('@comunica/query-sparql'));
    const { DataFactory: Base } = fromComunica('rdf-data-factory') as { DataFactory: new () => TermFactory };
    const base = new Base();
    const literal = base.literal.bind(base);
    factory = Object.assign(Object.create(base) as TermFactory, {
      literal: (value: string, languageOrDatatype?: string | RDF.NamedNode | { language: string }) =>
        languageOrDatatype !== undefined && typeof languageOrDatatype === 'object' && !('termType' in languageOrDatatype)
          ? literal(value, languageOrDatatype.language)
          : literal(value, languageOrDatatype),
    });
  }
  return factory;
}

interface Drainable<T> {
  on(event: 'data', listener: (item: T) => void): unknown;
  on(event: 'error', listener: (e: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  destroy?(cause?: Error): void;
  readonly done?: boolean;
}

/**
 * Runs the query; when it fails only because endpoints named by SERVICE SILENT alone failed, runs
 * it again with those clauses as empty groups: a failed SERVICE SILENT is one empty solution.
 */
export async function runFederated(store: OxiStore, job: QueryJob, fed: FederatedJob): Promise<FederatedOutcome> {
  const outcome = await runOnce(store, job, fed);
  if (outcome.ok || outcome.kind !== 'remote' || outcome.failed.length === 0 || !outcome.failed.every((e) => fed.silentOnly.includes(e))) return strip(outcome);
  const query = withoutServices(job.query, outcome.failed, job.baseIri);
  const endpoints = fed.endpoints.filter((e) => !outcome.failed.includes(e));
  return runFederated(store, { ...job, query }, { ...fed, endpoints, silentOnly: fed.silentOnly.filter((e) => endpoints.includes(e)) });
}

type Attempt = FederatedOutcome & { failed: string[] };

function strip(a: Attempt): FederatedOutcome {
  return a.ok ? { ok: true, body: a.body } : { ok: false, kind: a.kind, message: a.message };
}

async function runOnce(store: OxiStore, job: QueryJob, fed: FederatedJob): Promise<Attempt> {
  const controller = new AbortController();
  const failures: RemoteFailure[] = [];
  const deadline = job.deadline ?? Date.now() + FALLBACK_TIMEOUT_MS;
  let stream: Drainable<unknown> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Stopped('timeout', 'the query ran longer than the timeout and was cancelled')), Math.max(0, deadline - Date.now() - DEADLINE_MARGIN_MS));
  });
  const context = {
    sources: [new OxigraphSource(store, fed.dataset)],
    fetch: guardedFetch({ endpoints: fed.endpoints, signal: controller.signal, failures }),
    httpAbortSignal: controller.signal,
    dataFactory: termFactory(),
    readOnly: true,
    ...(job.baseIri ? { baseIRI: job.baseIri } : {}),
  };
  let bytes = 0;
  const count = (terms: Iterable<RDF.Term>) => {
    for (const t of terms) bytes += t.value.length + 16;
    if (bytes > job.maxResultBytes) throw new Stopped('too-large', `the result is larger than the cap of ${job.maxResultBytes} bytes`);
  };
  const drain = <T>(s: Drainable<T>, each: (item: T) => void) =>
    new Promise<void>((resolve, reject) => {
      stream = s as Drainable<unknown>;
      s.on('data', (item) => {
        try {
          each(item);
        } catch (e) {
          reject(e);
        }
      });
      s.on('error', reject);
      s.on('end', resolve);
      // An asynciterator that has already ended (an empty ORDER BY, for one) emits no 'end' any more.
      if (s.done) resolve();
    });

  const run = async (): Promise<string> => {
    const result = await federationEngine().query(job.query, context);
    switch (result.resultType) {
      case 'bindings': {
        const rows: Map<string, RDF.Term>[] = [];
        await drain(await result.execute(), (b: RDF.Bindings) => {
          const row = new Map<string, RDF.Term>();
          for (const [k, v] of b) row.set(k.value, v);
          count(row.values());
          rows.push(row);
        });
        const metadata = await result.metadata();
        const vars = (metadata.variables as readonly (RDF.Variable | { variable: RDF.Variable })[]).map((v) => ('variable' in v ? v.variable.value : v.value));
        return writeSolutions(vars, rows, job.format);
      }
      case 'quads': {
        const quads: RDF.Quad[] = [];
        await drain(await result.execute(), (q: RDF.Quad) => {
          count([q.subject, q.predicate, q.object]);
          quads.push(q);
        });
        return writeQuads(quads, job.format);
      }
      case 'boolean':
        return writeBoolean(await result.execute(), job.format);
      default:
        throw new Error('SPARQL Update is not accepted: this endpoint is read-only');
    }
  };

  try {
    const running = run();
    running.catch(() => undefined); // settled after a timeout: nobody waits for it any more
    const body = await Promise.race([running, timedOut]);
    if (body.length > job.maxResultBytes || Buffer.byteLength(body) > job.maxResultBytes) {
      return { ok: false, kind: 'too-large', message: `the result is larger than the cap of ${job.maxResultBytes} bytes`, failed: [] };
    }
    return { ok: true, body, failed: [] };
  } catch (e) {
    if (e instanceof Stopped) return { ok: false, kind: e.kind, message: failures.length > 0 && e.kind === 'timeout' ? `${e.message} (${describe(failures)})` : e.message, failed: [] };
    if (failures.length > 0) return { ok: false, kind: 'remote', message: describe(failures), failed: [...new Set(failures.map((f) => f.endpoint))] };
    return { ok: false, kind: 'query', message: e instanceof Error ? e.message : String(e), failed: [] };
  } finally {
    clearTimeout(timer);
    // Stop whatever is still running: remote requests and the result stream.
    controller.abort();
    stream?.destroy?.();
  }
}

function describe(failures: RemoteFailure[]): string {
  const first = failures[0];
  return `the SERVICE endpoint <${first.endpoint}> failed: ${first.message}`;
}
