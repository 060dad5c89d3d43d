import type { GraphContent, StoreOp } from './store-ops.js';

/** The dataset a query runs over. */
export type QueryDataset =
  /** SPARQL protocol default-graph-uri / named-graph-uri: they override FROM / FROM NAMED. */
  | { kind: 'protocol'; defaultGraphs: string[]; namedGraphs: string[] }
  /** The query's own FROM / FROM NAMED. */
  | { kind: 'query' }
  /** No dataset given: the default graph is the union of all graphs. */
  | { kind: 'union' };

export interface QueryJob {
  query: string;
  /** Oxigraph results_format (a media type). */
  format: string;
  dataset: QueryDataset;
  maxResultBytes: number;
  /** Base IRI for relative IRIs in the query (the endpoint URL). */
  baseIri?: string;
}

export type ToWorker =
  | { type: 'init'; graphs: GraphContent[] }
  | { type: 'write'; seq: number; ops: StoreOp[] }
  | { type: 'query'; id: number; job: QueryJob };

export type FromWorker =
  | { type: 'ready'; triples: number; ms: number }
  | { type: 'result'; id: number; ok: true; body: string; ms: number }
  | { type: 'result'; id: number; ok: false; kind: 'query' | 'too-large' | 'crash'; message: string }
  | { type: 'write-error'; seq: number; message: string };
