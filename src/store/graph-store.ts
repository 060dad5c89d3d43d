import oxigraph from 'oxigraph';
import { Writer, DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { parseTsvResults } from './tsv-results.js';

/** Named graphs of the register: the default graph is their union. */
export const GRAPH = {
  ontology: 'https://w3id.org/algoreg/graph/ontology',
  derived: 'https://w3id.org/algoreg/graph/derived',
  portal: 'https://w3id.org/algoreg/graph/portal',
} as const;

export interface BoundTerm { termType: string; value: string; datatype?: { value: string }; language?: string }
export type Binding = Map<string, BoundTerm>;

// Quads per bulk load: keeps each N-Quads string far below V8's string limit.
const CHUNK = 100_000;

/** A thin wrapper over the embedded Oxigraph store: load quads per named graph, run SPARQL. */
export class GraphStore {
  readonly oxi = new oxigraph.Store();

  /** Adds quads to a named graph (their own graph term is ignored), in bounded chunks. */
  addToGraph(graph: string, quads: Iterable<Quad>): void {
    const g = DataFactory.namedNode(graph);
    let writer = new Writer({ format: 'N-Quads' });
    let count = 0;
    const flush = () => {
      writer.end((_err, text) => {
        // Oxigraph's bulk N-Quads load is far faster than adding quads one by one through wasm.
        // The text comes from our own writer over already-parsed terms, so it cannot fail half-way:
        // skip re-validating IRIs (lenient) and the load transaction (9x faster on large loads here).
        if (text) this.oxi.load(text, { format: 'application/n-quads', lenient: true, no_transaction: true });
      });
      writer = new Writer({ format: 'N-Quads' });
      count = 0;
    };
    for (const q of quads) {
      writer.addQuad(q.subject, q.predicate, q.object, g);
      if (++count === CHUNK) flush();
    }
    if (count > 0) flush();
  }

  clearGraph(graph: string): void {
    this.oxi.update(`CLEAR SILENT GRAPH <${graph}>`);
  }

  replaceGraph(graph: string, quads: Quad[]): void {
    this.clearGraph(graph);
    this.addToGraph(graph, quads);
  }

  /**
   * SELECT over the union of all graphs. Results are read as SPARQL TSV text: building one wasm
   * term object per value costs far more (and grows the wasm heap) on large result sets.
   */
  select(query: string): Binding[] {
    return parseTsvResults(this.oxi.query(query, { use_default_graph_as_union: true, results_format: 'tsv' }) as string);
  }

  size(): number {
    return this.oxi.size;
  }
}
