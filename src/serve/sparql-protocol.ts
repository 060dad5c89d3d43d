import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, allowCors, decodeUtf8, mediaType, preflight, readBody, send } from './http.js';
import { negotiate, prefersHtml } from './negotiate.js';
import { queryShape, type QueryForm } from './query-kind.js';
import { QueryFailure, type WorkerPool } from './worker-pool.js';
import type { QueryDataset } from './worker-protocol.js';
import { AllowList } from './federation/allow-list.js';
import { FederationRefused, planFederation, type FederationPlan } from './federation/detect.js';

/** Offered media type → the format oxigraph writes, in the server's order of preference. */
type Offers = readonly (readonly [offer: string, format: string])[];

const JSON_RESULTS = 'application/sparql-results+json';
const XML_RESULTS = 'application/sparql-results+xml';
const BOOLEAN_OFFERS: Offers = [
  [JSON_RESULTS, JSON_RESULTS],
  [XML_RESULTS, XML_RESULTS],
  ['application/json', JSON_RESULTS],
  ['application/xml', XML_RESULTS],
  ['text/xml', XML_RESULTS],
];
const SOLUTION_OFFERS: Offers = [
  ...BOOLEAN_OFFERS.slice(0, 2),
  ['text/csv', 'text/csv'],
  ['text/tab-separated-values', 'text/tab-separated-values'],
  ...BOOLEAN_OFFERS.slice(2),
];
export const GRAPH_OFFERS: Offers = [
  ['text/turtle', 'text/turtle'],
  ['application/n-triples', 'application/n-triples'],
  ['application/ld+json', 'application/ld+json'],
  ['application/rdf+xml', 'application/rdf+xml'],
  ['application/x-turtle', 'text/turtle'],
  ['text/plain', 'application/n-triples'],
  ['application/json', 'application/ld+json'],
  ['application/xml', 'application/rdf+xml'],
];

function offersFor(form: QueryForm): Offers {
  if (form === 'ASK') return BOOLEAN_OFFERS;
  if (form === 'CONSTRUCT' || form === 'DESCRIBE') return GRAPH_OFFERS;
  return SOLUTION_OFFERS;
}

/** Picks the response format; undefined when nothing the client accepts is on offer. */
export function chooseFormat(accept: string | undefined, offers: Offers): { mediaType: string; format: string } | undefined {
  const chosen = negotiate(accept, offers.map(([o]) => o));
  if (!chosen) return undefined;
  const format = offers.find(([o]) => o === chosen)![1];
  return { mediaType: format, format };
}

export interface SparqlEndpointOptions {
  pool: WorkerPool;
  maxBodyBytes: number;
  /** The service description of this endpoint, in the given RDF media type. */
  serviceDescription: (endpointUrl: string, mediaType: string) => string;
  /** The query UI page (YASGUI) for browsers. */
  queryUi: () => string;
  /** Public URL of a request (for the service description's sd:endpoint). */
  requestUrl: (req: IncomingMessage) => URL;
  /** The endpoints SERVICE may call; none by default. */
  federation?: AllowList;
}

interface SparqlRequest {
  query: string | undefined;
  defaultGraphs: string[];
  namedGraphs: string[];
}

const NO_FEDERATION = new AllowList([]);

const READ_ONLY = 'SPARQL Update is not accepted: this endpoint is read-only. Change the register through its API (PUT or DELETE /systems/{id}, see /openapi.json).';

/** The SPARQL 1.1 Protocol query operation at /sparql. */
export async function handleSparql(req: IncomingMessage, res: ServerResponse, opts: SparqlEndpointOptions): Promise<void> {
  allowCors(res);
  res.setHeader('vary', 'Accept');
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') return preflight(res, 'GET, HEAD, POST, OPTIONS');
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    throw new HttpError(405, `method ${method} is not allowed on the SPARQL endpoint: use GET or POST (and the register API for writes)`, {}, { allow: 'GET, HEAD, POST, OPTIONS' });
  }
  const url = opts.requestUrl(req);
  const request = await readSparqlRequest(req, url, opts.maxBodyBytes);
  if (request.query === undefined) return describeService(req, res, url, opts);

  const shape = queryShape(request.query);
  if (shape.form === 'UPDATE') throw new HttpError(400, READ_ONLY);
  const offers = offersFor(shape.form);
  const chosen = chooseFormat(req.headers.accept, offers);
  if (!chosen) {
    throw new HttpError(406, `none of the accepted media types (${req.headers.accept}) can carry the result of a ${shape.form === 'UNKNOWN' ? 'query' : shape.form} query; available: ${[...new Set(offers.map(([, f]) => f))].join(', ')}`);
  }
  const dataset: QueryDataset =
    request.defaultGraphs.length > 0 || request.namedGraphs.length > 0
      ? { kind: 'protocol', defaultGraphs: request.defaultGraphs, namedGraphs: request.namedGraphs }
      : shape.hasDataset
        ? { kind: 'query' }
        : { kind: 'union' };
  // Relative IRIs in the query resolve against the endpoint URL.
  const baseIri = `${url.origin}${url.pathname}`;
  // Only a query with the keyword SERVICE is parsed here; every other query goes to Oxigraph as before.
  let plan: FederationPlan | undefined;
  if (shape.hasService) {
    try {
      plan = planFederation(request.query, { baseIri, allowList: opts.federation ?? NO_FEDERATION, protocolDataset: dataset.kind === 'protocol' ? dataset : undefined });
    } catch (e) {
      if (e instanceof FederationRefused) throw new HttpError(400, e.message);
      throw e;
    }
  }
  let body: string;
  try {
    body = await opts.pool.query({ query: plan?.query ?? request.query, format: chosen.format, dataset, maxResultBytes: opts.pool.maxResultBytes, baseIri, federated: plan?.job });
  } catch (e) {
    throw failureToHttp(e);
  }
  send(res, 200, body, `${chosen.mediaType}; charset=utf-8`);
}

export function failureToHttp(e: unknown): unknown {
  if (!(e instanceof QueryFailure)) return e;
  switch (e.kind) {
    case 'query':
      return new HttpError(400, e.message);
    case 'too-large':
      return new HttpError(400, `${e.message} (--max-result-bytes): narrow the query or add a LIMIT`);
    case 'timeout':
      return new HttpError(503, e.message, {}, { 'retry-after': '5' });
    case 'closed':
      return new HttpError(503, e.message);
    case 'crash':
      return new HttpError(500, `the query engine failed: ${e.message}`);
    case 'remote':
      return new HttpError(502, e.message);
  }
}

async function readSparqlRequest(req: IncomingMessage, url: URL, maxBody: number): Promise<SparqlRequest> {
  let params = url.searchParams;
  let direct: string | undefined;
  if (req.method === 'POST') {
    const { type, charset } = mediaType(req);
    if (!type) throw new HttpError(400, 'a POST to the SPARQL endpoint needs a Content-Type: application/x-www-form-urlencoded or application/sparql-query');
    if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new HttpError(400, `the body must be UTF-8, not ${charset}`);
    if (type === 'application/sparql-update') throw new HttpError(400, READ_ONLY);
    if (type !== 'application/x-www-form-urlencoded' && type !== 'application/sparql-query') {
      throw new HttpError(415, `unsupported Content-Type ${type}: send application/x-www-form-urlencoded (query=...) or application/sparql-query`);
    }
    const text = decodeUtf8(await readBody(req, maxBody), 'the request body');
    if (type === 'application/sparql-query') {
      if (url.searchParams.has('query')) throw new HttpError(400, 'a query sent as application/sparql-query must not also have a query parameter');
      direct = text;
    } else {
      params = new URLSearchParams(text);
      for (const [k, v] of url.searchParams) params.append(k, v);
    }
  }
  if (params.has('update') || params.has('using-graph-uri') || params.has('using-named-graph-uri')) throw new HttpError(400, READ_ONLY);
  const queries = direct !== undefined ? [direct] : params.getAll('query');
  if (queries.length > 1) throw new HttpError(400, `the request has ${queries.length} query parameters; send exactly one`);
  return { query: queries[0], defaultGraphs: params.getAll('default-graph-uri'), namedGraphs: params.getAll('named-graph-uri') };
}

const SD_OFFERS: Offers = GRAPH_OFFERS;

function describeService(req: IncomingMessage, res: ServerResponse, url: URL, opts: SparqlEndpointOptions): void {
  if (prefersHtml(req.headers.accept, SD_OFFERS.map(([o]) => o))) {
    send(res, 200, opts.queryUi(), 'text/html; charset=utf-8', { 'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:" });
    return;
  }
  const chosen = chooseFormat(req.headers.accept, SD_OFFERS);
  if (!chosen) throw new HttpError(406, `the service description is available as ${[...new Set(SD_OFFERS.map(([, f]) => f))].join(', ')}`);
  const endpoint = `${url.origin}${url.pathname}`;
  send(res, 200, opts.serviceDescription(endpoint, chosen.format), `${chosen.mediaType}; charset=utf-8`);
}
