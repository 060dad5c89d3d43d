// Finds the SERVICE clauses of a query and decides whether it may run federated. Only a query
// whose every SERVICE target is a constant IRI on the allow-list runs; the check walks the whole
// parsed query, so a SERVICE inside OPTIONAL, UNION, MINUS, a subquery or FILTER EXISTS is seen.
import sparqljs from 'sparqljs';
import type { Query, SparqlQuery } from 'sparqljs';
import { normaliseEndpoint, type AllowList } from './allow-list.js';
import type { FederatedJob, LocalDataset } from '../worker-protocol.js';

/** The query cannot run: the message says why (the endpoint answers 400). */
export class FederationRefused extends Error {}

export interface ServiceClause {
  /** The IRI, or undefined for `SERVICE ?var`. */
  iri?: string;
  variable?: string;
  silent: boolean;
}

/** Every SERVICE clause of a parsed query, nested ones included, in document order. */
export function serviceClauses(query: SparqlQuery): ServiceClause[] {
  const found: ServiceClause[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object' || 'termType' in node) return;
    const rec = node as Record<string, unknown>;
    if (rec.type === 'service') {
      const name = rec.name as { termType: string; value: string };
      found.push(name.termType === 'NamedNode' ? { iri: name.value, silent: rec.silent === true } : { variable: name.value, silent: rec.silent === true });
    }
    for (const value of Object.values(rec)) visit(value);
  };
  visit(query);
  return found;
}

export interface FederationPlan {
  /** The query for Comunica: the text as sent, or regenerated without FROM / FROM NAMED. */
  query: string;
  job: FederatedJob;
}

export interface PlanOptions {
  baseIri: string;
  allowList: AllowList;
  /** default-graph-uri / named-graph-uri of the request: they override the query's dataset. */
  protocolDataset?: { defaultGraphs: string[]; namedGraphs: string[] };
}

/**
 * Parses a query that may have SERVICE clauses. Undefined: it has none after all (the word was
 * somewhere else), so it runs on Oxigraph as any other query. Throws FederationRefused when a
 * target is a variable or off the allow-list, or the text does not parse.
 */
export function planFederation(text: string, opts: PlanOptions): FederationPlan | undefined {
  let parsed: SparqlQuery;
  try {
    parsed = new sparqljs.Parser({ baseIRI: opts.baseIri }).parse(text);
  } catch (e) {
    throw new FederationRefused(`the query does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed.type === 'update') throw new FederationRefused('SPARQL Update is not accepted: this endpoint is read-only');
  const clauses = serviceClauses(parsed);
  if (clauses.length === 0) return undefined;

  const endpoints = new Set<string>();
  const loud = new Set<string>();
  for (const c of clauses) {
    if (c.iri === undefined) {
      throw new FederationRefused(`SERVICE ?${c.variable} is refused: the target of SERVICE must be a constant IRI on the allow-list (${opts.allowList.describe()})`);
    }
    const endpoint = opts.allowList.find(c.iri);
    if (endpoint === undefined) throw new FederationRefused(`SERVICE <${c.iri}> is refused: ${opts.allowList.describe()}`);
    endpoints.add(endpoint);
    if (!c.silent) loud.add(endpoint);
  }

  return {
    query: withoutDataset(parsed, text),
    job: {
      dataset: localDataset(parsed, opts.protocolDataset),
      endpoints: [...endpoints],
      silentOnly: [...endpoints].filter((e) => !loud.has(e)),
    },
  };
}

/** The dataset Oxigraph would use for the query (see query-worker.ts): the protocol's, the query's, or the union. */
function localDataset(query: Query, protocol: PlanOptions['protocolDataset']): LocalDataset {
  if (protocol && (protocol.defaultGraphs.length > 0 || protocol.namedGraphs.length > 0)) {
    return { defaultGraphs: protocol.defaultGraphs, namedGraphs: protocol.namedGraphs };
  }
  if (query.from) return { defaultGraphs: query.from.default.map((g) => g.value), namedGraphs: query.from.named.map((g) => g.value) };
  return { defaultGraphs: 'union', namedGraphs: 'all' };
}

/** The query without FROM / FROM NAMED; the original text when it has none (no needless regeneration). */
function withoutDataset(query: Query, text: string): string {
  if (!query.from) return text;
  const copy: Query = { ...query };
  delete copy.from;
  return new sparqljs.Generator().stringify(copy);
}

/**
 * The query with every SERVICE towards `endpoints` replaced by an empty group (one empty solution):
 * what a failed SERVICE SILENT evaluates to.
 */
export function withoutServices(text: string, endpoints: readonly string[], baseIri?: string): string {
  const query = new sparqljs.Parser(baseIri ? { baseIRI: baseIri } : {}).parse(text);
  const drop = new Set(endpoints);
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object' || 'termType' in node) return node;
    const rec = node as Record<string, unknown>;
    const name = rec.name as { termType?: string; value?: string } | undefined;
    if (rec.type === 'service' && name?.termType === 'NamedNode' && drop.has(normaliseEndpoint(name.value ?? '') ?? '')) return { type: 'group', patterns: [] };
    return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, rewrite(v)]));
  };
  return new sparqljs.Generator().stringify(rewrite(query) as SparqlQuery);
}
