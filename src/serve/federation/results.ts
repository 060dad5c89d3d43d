// Writes Comunica's results in the formats of the non-federated path, by Oxigraph itself: the
// solutions (or triples) go into a scratch store and are queried back with the requested
// results_format, so JSON, XML, CSV, TSV, Turtle, N-Triples, JSON-LD and RDF/XML are written
// exactly as for any other query (escaping, blank nodes, CONSTRUCT de-duplication).
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { OxiStore } from '../store-ops.js';
import { LOCAL_BLANK } from './oxigraph-source.js';

type OxiQuad = ReturnType<OxiStore['match']>[number];
type OxiObject = OxiQuad['object'];

const ROW = oxigraph.namedNode('urn:algoreg:federation:row');
const column = (i: number) => oxigraph.namedNode(`urn:algoreg:federation:column:${i}`);
const XSD_INTEGER = oxigraph.namedNode('http://www.w3.org/2001/XMLSchema#integer');

/** Maps Comunica's terms to Oxigraph's, one blank node per label; local blank nodes are blank again. */
class TermMap {
  private readonly blanks = new Map<string, ReturnType<typeof oxigraph.blankNode>>();

  private blank(key: string): ReturnType<typeof oxigraph.blankNode> {
    let b = this.blanks.get(key);
    if (!b) this.blanks.set(key, (b = oxigraph.blankNode()));
    return b;
  }

  term(t: RDF.Term): OxiObject {
    switch (t.termType) {
      case 'NamedNode':
        return t.value.startsWith(LOCAL_BLANK) ? this.blank(t.value) : oxigraph.namedNode(t.value);
      case 'BlankNode':
        return this.blank(`_:${t.value}`);
      case 'Literal':
        return oxigraph.literal(t.value, t.language ? t.language : oxigraph.namedNode(t.datatype.value));
      default:
        throw new Error(`a ${t.termType} term cannot be written as a result`);
    }
  }
}

/** SELECT results: `vars` in projection order, each row a map from variable name to term. */
export function writeSolutions(vars: readonly string[], rows: readonly ReadonlyMap<string, RDF.Term>[], format: string): string {
  const store = new oxigraph.Store();
  const terms = new TermMap();
  rows.forEach((row, i) => {
    const node = oxigraph.blankNode();
    store.add(oxigraph.quad(node, ROW, oxigraph.literal(String(i), XSD_INTEGER)));
    vars.forEach((v, c) => {
      const value = row.get(v);
      if (value) store.add(oxigraph.quad(node, column(c), terms.term(value)));
    });
  });
  const taken = new Set(vars);
  let index = 'row_index';
  while (taken.has(index)) index += '_';
  let node = 'row_node';
  while (taken.has(node)) node += '_';
  const optionals = vars.map((v, c) => `OPTIONAL { ?${node} <urn:algoreg:federation:column:${c}> ?${v} }`).join(' ');
  // A SELECT with no variable still has one (empty) row per solution.
  const query =
    vars.length > 0
      ? `SELECT ${vars.map((v) => `?${v}`).join(' ')} WHERE { ?${node} <${ROW.value}> ?${index} ${optionals} } ORDER BY ?${index}`
      : `SELECT * WHERE { VALUES () { ${'() '.repeat(rows.length)}} }`;
  return store.query(query, { results_format: format }) as string;
}

export function writeBoolean(value: boolean, format: string): string {
  return new oxigraph.Store().query(value ? 'ASK {}' : 'ASK { FILTER(false) }', { results_format: format }) as string;
}

/** CONSTRUCT / DESCRIBE results: written as Oxigraph writes a CONSTRUCT (a graph, so no duplicates). */
export function writeQuads(quads: readonly RDF.Quad[], format: string): string {
  const store = new oxigraph.Store();
  const terms = new TermMap();
  for (const q of quads) {
    store.add(oxigraph.quad(terms.term(q.subject) as OxiQuad['subject'], terms.term(q.predicate) as OxiQuad['predicate'], terms.term(q.object)));
  }
  return store.query('CONSTRUCT WHERE { ?s ?p ?o }', { results_format: format }) as string;
}
