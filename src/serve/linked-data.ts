import type { IncomingMessage, ServerResponse } from 'node:http';
import { Parser, Store, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { GRAPH } from '../store/graph-store.js';
import type { SystemClassification } from '../reason/index.js';
import { HttpError, allowCors, escapeHtml, send } from './http.js';
import { negotiate } from './negotiate.js';
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

/** GET on a system IRI minted by the register: HTML, Turtle, JSON-LD, N-Triples or RDF/XML. */
export async function dereferenceSystem(id: string, req: IncomingMessage, res: ServerResponse, register: Register, pool: WorkerPool): Promise<void> {
  allowCors(res);
  res.setHeader('vary', 'Accept');
  const iri = register.systemIri(id);
  const sys = register.classifications.get(iri);
  if (!sys && !register.durable.records.has(id)) throw new HttpError(404, `<${iri}> is not in this register`);
  const chosen = negotiate(req.headers.accept, [...RDF_OFFERS, 'text/html']);
  if (!chosen) throw new HttpError(406, `<${iri}> is available as ${[...RDF_OFFERS, 'text/html'].join(', ')}`);
  if (chosen === 'text/html') {
    send(res, 200, systemPage(iri, id, sys), 'text/html; charset=utf-8');
    return;
  }
  // Turtle is written here from N-Triples, with prefixes, to be read by people.
  const format = chosen === 'text/turtle' ? 'application/n-triples' : GRAPH_OFFERS.find(([o]) => o === chosen)![1];
  let body: string;
  try {
    body = await pool.query({ query: describeQuery(register, iri), format, dataset: { kind: 'query' }, maxResultBytes: pool.maxResultBytes });
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

function systemPage(iri: string, id: string, sys: SystemClassification | undefined): string {
  const e = escapeHtml;
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  const tier = sys ? [sys.riskTier, sys.highRiskRoute && `Art ${sys.highRiskRoute}`, sys.annexIII.length ? `Annex III ${sys.annexIII.join(', ')}` : '', sys.prohibitedPractices.length ? `Art ${sys.prohibitedPractices.join(', ')}` : '', sys.transparency.length ? `Art ${sys.transparency.join(', ')}` : ''].filter(Boolean).join('; ') : 'not classified';
  const link = (href: string | null, text: string) => (href ? `<a href="${e(href)}">${e(text)}</a>` : e(text));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(sys?.label ?? id)}</title>
<link rel="alternate" type="text/turtle" href="${e(new URL(iri).pathname)}">
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}code{word-break:break-all}</style>
</head><body>
<h1>${e(sys?.label ?? id)}</h1>
<p><code>${e(iri)}</code></p>
<p><strong>Risk tier:</strong> ${e(tier)}</p>
${sys && sys.roles.length ? `<h2>Roles</h2><table><tr><th>organisation</th><th>role</th><th>basis</th></tr>${rows(sys.roles.map((r) => [e(r.organisationLabel ?? r.organisation), e(r.role), e(r.provision)]))}</table>` : ''}
${sys && sys.obligations.length ? `<h2>Obligations</h2><table><tr><th>organisation</th><th>role</th><th>obligation</th><th>provision</th><th>applies from</th></tr>${rows(sys.obligations.map((o) => [e(o.organisationLabel ?? o.organisation), e(o.role), e(o.title), link(o.eurLex, o.provision), e(o.appliesFrom ?? (o.dateNote ? `unclear: ${o.dateNote}` : 'unclear'))]))}</table>` : ''}
${sys && sys.missing.length ? `<h2>Still to answer</h2><ul>${sys.missing.map((m) => `<li>${e(m.question)}</li>`).join('')}</ul>` : ''}
<p>Also as <code>text/turtle</code>, <code>application/ld+json</code>, <code>application/n-triples</code> and <code>application/rdf+xml</code> (ask with an Accept header); JSON: <a href="/systems/${e(id)}">/systems/${e(id)}</a>.</p>
</body></html>
`;
}
