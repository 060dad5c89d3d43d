import oxigraph from 'oxigraph';
import { Writer, DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';

/** Named graphs of the register: the default graph is their union. */
export const GRAPH = {
  ontology: 'https://w3id.org/algoreg/graph/ontology',
  derived: 'https://w3id.org/algoreg/graph/derived',
  portal: 'https://w3id.org/algoreg/graph/portal',
} as const;

export interface BoundTerm { termType: string; value: string; datatype?: { value: string }; language?: string }
export type Binding = Map<string, BoundTerm>;

interface JsonTerm { type: 'uri' | 'literal' | 'bnode' | 'triple'; value: string; datatype?: string; 'xml:lang'?: string }

function fromJson(t: JsonTerm): BoundTerm {
  if (t.type === 'uri') return { termType: 'NamedNode', value: t.value };
  if (t.type === 'bnode') return { termType: 'BlankNode', value: t.value };
  return {
    termType: 'Literal',
    value: t.value,
    datatype: { value: t.datatype ?? (t['xml:lang'] ? 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString' : 'http://www.w3.org/2001/XMLSchema#string') },
    language: t['xml:lang'] ?? '',
  };
}

/** A thin wrapper over the embedded Oxigraph store: load quads per named graph, run SPARQL. */
export class GraphStore {
  readonly oxi = new oxigraph.Store();

  /** Adds quads to a named graph (their own graph term is ignored). */
  addToGraph(graph: string, quads: Quad[]): void {
    if (quads.length === 0) return;
    const g = DataFactory.namedNode(graph);
    const writer = new Writer({ format: 'N-Quads' });
    for (const q of quads) writer.addQuad(q.subject, q.predicate, q.object, g);
    let text = '';
    writer.end((_err, out) => {
      text = out;
    });
    // Oxigraph's bulk N-Quads load is far faster than adding quads one by one through wasm.
    this.oxi.load(text, { format: 'application/n-quads' });
  }

  clearGraph(graph: string): void {
    this.oxi.update(`CLEAR SILENT GRAPH <${graph}>`);
  }

  replaceGraph(graph: string, quads: Quad[]): void {
    this.clearGraph(graph);
    this.addToGraph(graph, quads);
  }

  /**
   * SELECT over the union of all graphs. Results come back as SPARQL JSON text: building one wasm
   * term object per value costs far more (and grows the wasm heap) on large result sets.
   */
  select(query: string): Binding[] {
    const text = this.oxi.query(query, { use_default_graph_as_union: true, results_format: 'json' }) as string;
    const parsed = JSON.parse(text) as { results: { bindings: Record<string, JsonTerm>[] } };
    return parsed.results.bindings.map((row) => {
      const m: Binding = new Map();
      for (const [k, t] of Object.entries(row)) m.set(k, fromJson(t));
      return m;
    });
  }

  size(): number {
    return this.oxi.size;
  }
}
