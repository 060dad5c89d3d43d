import type { Quad } from '@rdfjs/types';
import type { LinkStatus } from './status.js';
import type { ResolvedLink } from './resolve.js';
import { NS } from './terms.js';

export interface PortalOptions {
  /** SPARQL endpoint of the portal. */
  endpoint: string;
  /** Per attempt: the request and reading its answer. */
  timeoutMs: number;
  /** Further attempts after a failure that may pass (unreachable, timeout, HTTP 5xx or 429). */
  retries: number;
  /** Wait before the first retry; doubled before each next one. */
  backoffMs: number;
}

export const PORTAL_DEFAULTS: PortalOptions = {
  endpoint: 'https://data.europa.eu/sparql',
  timeoutMs: 15_000,
  retries: 2,
  backoffMs: 500,
};

export type FetchOutcome =
  | { status: 'resolved'; canonical: string; quads: Quad[]; attempts: number; message: null }
  | { status: Exclude<LinkStatus, 'resolved' | 'unchecked'>; canonical: string | null; message: string; attempts: number };

type FailureKind = 'unreachable' | 'timeout' | 'http' | 'malformed';

/** Why a query to the portal failed, as seen by our fetch wrapper rather than by Comunica's wording. */
export class PortalError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || (this.kind === 'http' && (this.httpStatus === 429 || (this.httpStatus ?? 0) >= 500));
  }
}

// Comunica costs a second or so to load: only when a portal is asked.
type Engine = InstanceType<(typeof import('@comunica/query-sparql'))['QueryEngine']>;
let enginePromise: Promise<Engine> | undefined;
// The context type as the installed engine declares it (a second copy of @comunica/types is nested).
type QueryContext = NonNullable<Parameters<Engine['queryQuads']>[1]>;
function engine(): Promise<Engine> {
  enginePromise ??= import('@comunica/query-sparql').then((m) => new m.QueryEngine());
  return enginePromise;
}

const SAFE_IRI = /^[^<>"{}|^`\\\s]+$/;

/** Extra time an attempt may take before its first request is sent. */
const GUARD_MS = 30_000;

/** A SPARQL IRI reference, or an error for an IRI that cannot be written in a query. */
function iriRef(iri: string): string {
  if (!SAFE_IRI.test(iri)) throw new PortalError('malformed', `<${iri}> cannot be written in a SPARQL query`);
  return `<${iri}>`;
}

function stringLiteral(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** Machine-translated literals carry a language tag like en-t-nl-t0-mtec (BCP 47 extension "t"). */
export function isMachineTranslated(q: Quad): boolean {
  return q.object.termType === 'Literal' && q.object.language.toLowerCase().includes('-t-');
}

// The dataset's own statements, and one level below for the nodes DCAT-AP describes in place
// (distributions, publisher, contact point, period, measurements, blank nodes). Machine
// translations are filtered at the portal (less to transfer) and again here.
const SECOND_LEVEL = ['dcat:distribution', 'dct:publisher', 'dcat:contactPoint', 'dct:temporal', 'dqv:hasQualityMeasurement', 'dct:accessRights', 'dct:license', 'dct:creator'];
function describeQuery(iri: string): string {
  const ds = iriRef(iri);
  return `PREFIX dcat: <${NS.dcat}>
PREFIX dct: <${NS.dct}>
PREFIX dqv: <${NS.dqv}>
CONSTRUCT { ${ds} ?p ?o . ?o ?p2 ?o2 . } WHERE {
  ${ds} ?p ?o .
  FILTER(!isLiteral(?o) || !CONTAINS(LCASE(LANG(?o)), "-t-"))
  OPTIONAL {
    ?o ?p2 ?o2 .
    FILTER(isBlank(?o) || ?p IN (${SECOND_LEVEL.join(', ')}))
    FILTER(!isLiteral(?o2) || !CONTAINS(LCASE(LANG(?o2)), "-t-"))
  }
} LIMIT 5000`;
}

// A page on another portal: the harvested copy names it as landing page, page or identifier.
function lookupQuery(url: string): string {
  const page = iriRef(url);
  return `PREFIX dcat: <${NS.dcat}>
PREFIX dct: <${NS.dct}>
PREFIX foaf: <${NS.foaf}>
SELECT DISTINCT ?ds WHERE {
  ?ds a dcat:Dataset .
  { ?ds dcat:landingPage ${page} } UNION { ?ds foaf:page ${page} } UNION { ?ds dct:identifier ${stringLiteral(url)} }
} LIMIT 2`;
}

/** One query to the portal with a timeout, classifying what went wrong. */
async function runQuery<T>(opts: PortalOptions, counter: { requests: number }, run: (e: Engine, context: QueryContext) => Promise<T>): Promise<T> {
  // Loaded before the clock starts: the timeout is the portal's, not ours. The clock starts with
  // the first request (Comunica plans the query first, slowly on a busy machine); a guard covers
  // an engine that never gets to send one.
  const e = await engine();
  const controller = new AbortController();
  let failure: PortalError | undefined;
  const expire = (message: string) => {
    failure ??= new PortalError('timeout', message);
    controller.abort(failure);
  };
  let timer: NodeJS.Timeout | undefined;
  const guard = setTimeout(() => expire(`no answer from the portal ${opts.endpoint} within ${opts.timeoutMs + GUARD_MS} ms`), opts.timeoutMs + GUARD_MS);
  // Our own fetch: the timeout covers reading the body too, and network errors and HTTP statuses
  // are told apart from answers Comunica cannot parse.
  const tracked: typeof fetch = async (input, init) => {
    counter.requests++;
    timer ??= setTimeout(() => expire(`the portal ${opts.endpoint} did not answer within ${opts.timeoutMs} ms`), opts.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      const res = await fetch(input, { ...init, signal });
      if (!res.ok) failure ??= new PortalError('http', `the portal ${opts.endpoint} answered HTTP ${res.status} ${res.statusText}`.trim(), res.status);
      return res;
    } catch (e) {
      failure ??= new PortalError('unreachable', `the portal ${opts.endpoint} cannot be reached (${networkReason(e)})`);
      throw e;
    }
  };
  const timedOut = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(failure), { once: true }));
  try {
    return await Promise.race([run(e, { sources: [{ type: 'sparql', value: opts.endpoint }], fetch: tracked, httpRetryCount: 0, lenient: false } satisfies QueryContext), timedOut]);
  } catch (e) {
    if (failure) throw failure;
    if (e instanceof PortalError) throw e;
    throw new PortalError('malformed', `the portal ${opts.endpoint} gave an answer that is not valid SPARQL results or RDF: ${firstLine(e)}`);
  } finally {
    clearTimeout(timer);
    clearTimeout(guard);
    timedOut.catch(() => undefined);
  }
}

function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bounded retries with exponential backoff, for failures that may pass. */
async function withRetries<T>(opts: PortalOptions, counter: { attempts: number; requests: number }, attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    counter.attempts++;
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof PortalError) || !e.retryable || i >= opts.retries) throw e;
      await sleep(opts.backoffMs * 2 ** i);
    }
  }
}

/** Asks the portal for a linked dataset's DCAT-AP metadata; never throws for portal trouble. */
export async function fetchDataset(link: ResolvedLink, opts: PortalOptions, counter = { attempts: 0, requests: 0 }): Promise<FetchOutcome> {
  let canonical = link.canonical;
  const failed = (status: Exclude<LinkStatus, 'resolved' | 'unchecked'>, message: string): FetchOutcome => ({ status, canonical, message, attempts: counter.attempts });
  try {
    if (!canonical) {
      if (!/^https?:\/\//.test(link.original)) return failed('not-found', `${link.original} is not a web address, and not a dataset IRI of data.europa.eu`);
      const rows = await withRetries(opts, counter, () =>
        runQuery(opts, counter, async (e, context) => (await (await e.queryBindings(lookupQuery(link.original), context)).toArray()).map((b) => b.get('ds'))),
      );
      const found = rows.filter((t) => t?.termType === 'NamedNode').map((t) => t!.value);
      if (found.length === 0) return failed('not-found', `the portal ${opts.endpoint} knows no dataset with landing page ${link.original}`);
      canonical = found.sort()[0];
    }
    const iri = canonical;
    const quads = await withRetries(opts, counter, () => runQuery(opts, counter, async (e, context) => (await e.queryQuads(describeQuery(iri), context)).toArray()));
    const kept = quads.filter((q) => !isMachineTranslated(q));
    const about = kept.filter((q) => q.subject.termType === 'NamedNode' && q.subject.value === iri);
    if (about.length === 0) return failed('not-found', `the portal ${opts.endpoint} has no dataset <${iri}>`);
    if (!about.some((q) => q.predicate.value === `${NS.rdf}type` && q.object.value === `${NS.dcat}Dataset`)) {
      return failed('invalid-metadata', `the portal ${opts.endpoint} describes <${iri}>, but not as a dcat:Dataset`);
    }
    return { status: 'resolved', canonical: iri, quads: kept, attempts: counter.attempts, message: null };
  } catch (e) {
    if (!(e instanceof PortalError)) throw e;
    const tries = counter.attempts > 1 ? ` (${counter.attempts} attempts)` : '';
    if (e.kind === 'timeout') return failed('timeout', `${e.message}${tries}`);
    if (e.kind === 'malformed') return failed('invalid-metadata', e.message);
    return failed('unreachable', `${e.message}${tries}`);
  }
}
