import type { IncomingMessage, ServerResponse } from 'node:http';
import { Parser, Store, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { GRAPH } from '../store/graph-store.js';
import { HttpError, allowCors, send } from './http.js';
import { negotiate, prefersHtml } from './negotiate.js';
import { sendNotFoundPage, sendSystemPage } from './pages/router.js';
import { GRAPH_OFFERS, failureToHttp } from './sparql-protocol.js';
import type { Register } from './register.js';
import type { WorkerPool } from './worker-pool.js';

const AR = 'https://w3id.org/algoreg/ns#';
const RDF_OFFERS = ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'];

/**
 * The RDF description of a system: every record graph that states something about it, its own
 * statements in other graphs (with their blank nodes), and from the derived graph its
 * classification, roles and obligations with the nodes they point to (explanation steps,
 * obligation types, the run).
 */
export function describeQuery(register: Register, iri: string): string {
  const S = `<${iri}>`;
  const D = `<${GRAPH.derived}>`;
  return `PREFIX ar: <${AR}>
CONSTRUCT { ?s ?p ?o } WHERE {
  { { SELECT DISTINCT ?g WHERE { GRAPH ?g { ${S} ?p0 ?o0 } FILTER(STRSTARTS(STR(?g), "${register.base}graph/system/")) } }
    GRAPH ?g { ?s ?p ?o } }
  UNION { GRAPH ?g { ${S} ?p ?o } FILTER(?g != ${D}) BIND(${S} AS ?s) }
  UNION { GRAPH ?g { ${S} ?p1 ?s . ?s ?p ?o } FILTER(?g != ${D} && isBlank(?s)) }
  UNION { GRAPH ${D} { ${S} ?p ?o BIND(${S} AS ?s) } }
  UNION { GRAPH ${D} { ?s ar:system ${S} ; ?p ?o } }
  UNION { GRAPH ${D} { ?n ar:system ${S} ; ?link ?s . ?s ?p ?o FILTER(STRSTARTS(STR(?s), "${register.derivedBase}")) } }
}`;
}

/** ?format= names a representation for links (a browser cannot set Accept). */
const FORMAT_PARAM: Record<string, string> = {
  turtle: 'text/turtle',
  ttl: 'text/turtle',
  jsonld: 'application/ld+json',
  'json-ld': 'application/ld+json',
  ntriples: 'application/n-triples',
  nt: 'application/n-triples',
  rdfxml: 'application/rdf+xml',
  rdf: 'application/rdf+xml',
  html: 'text/html',
};

/** GET on a system IRI minted by the register: HTML, Turtle, JSON-LD, N-Triples or RDF/XML. */
export async function dereferenceSystem(id: string, req: IncomingMessage, res: ServerResponse, register: Register, pool: WorkerPool): Promise<void> {
  allowCors(res);
  res.setHeader('vary', 'Accept');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const iri = register.systemIri(id);
  const sys = register.classifications.get(iri);
  const format = url.searchParams.get('format');
  if (format !== null && !FORMAT_PARAM[format]) throw new HttpError(400, `unknown format "${format.slice(0, 40)}"; formats: ${Object.keys(FORMAT_PARAM).join(', ')}`);
  const chosen = format !== null ? FORMAT_PARAM[format] : negotiate(req.headers.accept, [...RDF_OFFERS, 'text/html']);
  if (!sys && !register.durable.records.has(id)) {
    if (chosen === 'text/html' && prefersHtml(req.headers.accept, RDF_OFFERS)) return sendNotFoundPage(req, res, url, `<${iri}> is not in this register`);
    throw new HttpError(404, `<${iri}> is not in this register`);
  }
  if (!chosen) throw new HttpError(406, `<${iri}> is available as ${[...RDF_OFFERS, 'text/html'].join(', ')}`);
  if (chosen === 'text/html') return sendSystemPage(req, res, url, register, id);
  // Turtle is written here from N-Triples, with prefixes, to be read by people.
  const queryFormat = chosen === 'text/turtle' ? 'application/n-triples' : GRAPH_OFFERS.find(([o]) => o === chosen)![1];
  let body: string;
  try {
    body = await pool.query({ query: describeQuery(register, iri), format: queryFormat, dataset: { kind: 'query' }, maxResultBytes: pool.maxResultBytes });
  } catch (e) {
    throw failureToHttp(e);
  }
  send(res, 200, chosen === 'text/turtle' ? prettyTurtle(body, register, iri) : body, `${chosen}; charset=utf-8`);
}

// The system first, then the other named nodes, then blank nodes; each triple once.
function prettyTurtle(ntriples: string, register: Register, iri: string): string {
  const writer = new Writer({
    prefixes: {
      ar: AR,
      aia: 'https://w3id.org/algoreg/law/aiact/',
      gdpr: 'https://w3id.org/algoreg/law/gdpr/',
      rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
      dct: 'http://purl.org/dc/terms/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      prov: 'http://www.w3.org/ns/prov#',
      sys: `${register.base}system/`,
      derived: register.derivedBase,
    },
  });
  const rank = (t: Quad['subject']) => (t.value === iri ? 0 : t.termType === 'NamedNode' ? 1 : 2);
  const quads = new Store(new Parser({ format: 'N-Triples' }).parse(ntriples))
    .getQuads(null, null, null, null)
    .sort((a, b) => rank(a.subject) - rank(b.subject) || a.subject.value.localeCompare(b.subject.value));
  writer.addQuads(quads);
  let text = '';
  writer.end((_e, out: string) => {
    text = out;
  });
  return text;
}
