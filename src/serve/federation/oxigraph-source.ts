// The query worker's Oxigraph store as an RDF/JS Source, the form Comunica reads. It applies the
// dataset the way the non-federated path has Oxigraph apply it (query-worker.ts): the union of all
// graphs as the default graph unless FROM or the protocol name graphs; no de-duplication across
// graphs (Oxigraph does none either), so a query gives the same local rows with or without SERVICE.
//
// Local blank nodes reach Comunica as IRIs (LOCAL_BLANK + label): Comunica passes local bindings to
// an endpoint as VALUES (its bind join, and always below a FILTER), and a blank node there is not
// SPARQL. results.ts turns them back into blank nodes, so results look as they do from Oxigraph;
// within the query, isBlank() / isIRI() / STR() see the IRI.
import { Readable } from 'node:stream';
import oxigraph from 'oxigraph';
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { OxiStore } from '../store-ops.js';
import type { LocalDataset } from '../worker-protocol.js';

type OxiQuad = ReturnType<OxiStore['match']>[number];
type OxiTerm = OxiQuad['subject'] | OxiQuad['object'] | OxiQuad['graph'];
type Pattern = RDF.Term | null | undefined;

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** The IRI form of a local blank node inside a federated query. */
export const LOCAL_BLANK = 'urn:algoreg:local-blank-node:';

export class OxigraphSource {
  constructor(
    private readonly store: OxiStore,
    private readonly dataset: LocalDataset,
  ) {}

  /** RDF/JS Source.match: a stream of quads, converted to N3 terms (Comunica compares terms by value). */
  match(s?: Pattern, p?: Pattern, o?: Pattern, g?: Pattern): Readable {
    const { quads, asDefault } = this.find(s, p, o, g);
    return Readable.from(convert(quads, asDefault), { objectMode: true });
  }

  /** Cardinality for Comunica's join planning, counted by Oxigraph without building the quads in JS. */
  async countQuads(s?: Pattern, p?: Pattern, o?: Pattern, g?: Pattern): Promise<number> {
    const counted = this.count(s, p, o, g);
    return counted ?? this.find(s, p, o, g).quads.length;
  }

  private find(s: Pattern, p: Pattern, o: Pattern, g: Pattern): { quads: OxiQuad[]; asDefault: boolean } {
    const [S, P, O] = [toOx(s), toOx(p), toOx(o)];
    const { defaultGraphs, namedGraphs } = this.dataset;
    const inGraphs = (graphs: string[]) => graphs.flatMap((name) => this.store.match(S, P, O, oxigraph.namedNode(name)));
    if (g?.termType === 'DefaultGraph') {
      return { quads: defaultGraphs === 'union' ? this.store.match(S, P, O, null) : inGraphs(defaultGraphs), asDefault: true };
    }
    if (g && g.termType !== 'Variable') {
      const allowed = namedGraphs === 'all' || namedGraphs.includes(g.value);
      return { quads: allowed ? this.store.match(S, P, O, toOx(g)) : [], asDefault: false };
    }
    // GRAPH ?g: the named graphs of the dataset, never the default graph.
    const quads = namedGraphs === 'all' ? this.store.match(S, P, O, null).filter((q) => q.graph.termType !== 'DefaultGraph') : inGraphs(namedGraphs);
    return { quads, asDefault: false };
  }

  /** COUNT(*) of the pattern by an Oxigraph query; undefined when a term cannot be written in SPARQL (blank nodes). */
  private count(s: Pattern, p: Pattern, o: Pattern, g: Pattern): number | undefined {
    const terms = [s, p, o].map((t, i) => (t && t.termType !== 'Variable' ? sparqlTerm(t) : `?${'spo'[i]}`));
    if (terms.some((t) => t === undefined)) return undefined;
    const triple = terms.join(' ');
    const { defaultGraphs, namedGraphs } = this.dataset;
    type Options = NonNullable<Parameters<OxiStore['query']>[1]>;
    let where: string;
    let options: Options;
    if (g?.termType === 'DefaultGraph') {
      where = triple;
      options = defaultGraphs === 'union' ? { use_default_graph_as_union: true } : { default_graph: defaultGraphs.map((n) => oxigraph.namedNode(n)) };
    } else if (g && g.termType !== 'Variable') {
      if (g.termType !== 'NamedNode') return undefined;
      if (namedGraphs !== 'all' && !namedGraphs.includes(g.value)) return 0;
      where = `GRAPH <${g.value}> { ${triple} }`;
      options = {};
    } else {
      where = `GRAPH ?g { ${triple} }`;
      options = namedGraphs === 'all' ? {} : { named_graphs: namedGraphs.map((n) => oxigraph.namedNode(n)) };
    }
    try {
      const rows = this.store.query(`SELECT (COUNT(*) AS ?n) WHERE { ${where} }`, options) as Map<string, { value: string }>[];
      return Number(rows[0]?.get('n')?.value ?? 0);
    } catch {
      return undefined;
    }
  }
}

function toOx(t: Pattern): OxiTerm | null {
  if (!t) return null;
  switch (t.termType) {
    case 'NamedNode':
      return t.value.startsWith(LOCAL_BLANK) ? oxigraph.blankNode(t.value.slice(LOCAL_BLANK.length)) : oxigraph.namedNode(t.value);
    case 'BlankNode':
      return oxigraph.blankNode(t.value);
    case 'Literal':
      return oxigraph.literal(t.value, t.language ? t.language : oxigraph.namedNode(t.datatype.value));
    case 'DefaultGraph':
      return oxigraph.defaultGraph();
    default:
      // Variables, and quoted triples (Comunica filters the matches of those itself).
      return null;
  }
}

function sparqlTerm(t: RDF.Term): string | undefined {
  if (t.termType === 'NamedNode') return t.value.startsWith(LOCAL_BLANK) || /[\u0000-\u0020<>"{}|^`\\]/.test(t.value) ? undefined : `<${t.value}>`;
  if (t.termType !== 'Literal') return undefined;
  const text = JSON.stringify(t.value);
  if (t.language) return /^[A-Za-z]+(-[A-Za-z0-9]+)*$/.test(t.language) ? `${text}@${t.language}` : undefined;
  const dt = sparqlTerm(t.datatype);
  return dt === undefined ? undefined : t.datatype.value === XSD_STRING ? text : `${text}^^${dt}`;
}

/** Oxigraph terms live in WebAssembly memory; Comunica gets plain N3 terms. */
export function fromOx(t: OxiTerm): RDF.Term {
  switch (t.termType) {
    case 'NamedNode':
      return DataFactory.namedNode(t.value);
    case 'BlankNode':
      return DataFactory.namedNode(LOCAL_BLANK + t.value);
    case 'Literal':
      return DataFactory.literal(t.value, t.language ? t.language : DataFactory.namedNode(t.datatype.value));
    case 'DefaultGraph':
      return DataFactory.defaultGraph();
    default:
      throw new Error(`a ${t.termType} term cannot be used in a federated query`);
  }
}

function* convert(quads: OxiQuad[], asDefault: boolean): Generator<RDF.Quad> {
  const defaultGraph = DataFactory.defaultGraph();
  for (const q of quads) {
    yield DataFactory.quad(
      fromOx(q.subject) as RDF.Quad_Subject,
      fromOx(q.predicate) as RDF.Quad_Predicate,
      fromOx(q.object) as RDF.Quad_Object,
      asDefault ? defaultGraph : (fromOx(q.graph) as RDF.Quad_Graph),
    );
  }
}
