import type { GraphContent, StoreOp, Text } from './store-ops.js';

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
  /** When the pool gives up on the job (epoch ms): a worker that waits on the network stops itself first. */
  deadline?: number;
  /** A query with SERVICE clauses: run by Comunica over this worker's store and the allow-listed endpoints. */
  federated?: FederatedJob;
}

/**
 * The local dataset of a federated query, as Oxigraph would have it: the query text given to
 * Comunica has no FROM / FROM NAMED (Comunica would otherwise rewrite them itself, and cannot
 * evaluate GRAPH ?g over FROM NAMED), so the store adapter applies the dataset.
 */
export interface LocalDataset {
  /** 'union': every graph (the endpoint's default); else the graphs merged into the default graph. */
  defaultGraphs: 'union' | string[];
  /** 'all': every named graph; else only these. */
  namedGraphs: 'all' | string[];
}

export interface FederatedJob {
  dataset: LocalDataset;
  /** The allow-listed endpoints (normalised URLs): the only URLs the worker may fetch. */
  endpoints: string[];
  /** Endpoints named only by SERVICE SILENT: their failures give the empty solution instead of an error. */
  silentOnly: string[];
}

export type ToWorker =
  | { type: 'init'; graphs: GraphContent<Text>[] }
  | { type: 'write'; seq: number; ops: StoreOp<Text>[]; ack?: boolean }
  | { type: 'query'; id: number; job: QueryJob };

export type FromWorker =
  | { type: 'ready'; triples: number; ms: number }
  | { type: 'result'; id: number; ok: true; body: string; ms: number }
  | { type: 'result'; id: number; ok: false; kind: 'query' | 'too-large' | 'crash' | 'timeout' | 'remote'; message: string }
  | { type: 'write-error'; seq: number; message: string }
  /** A write sent with `ack` is applied, and so is every message before it. */
  | { type: 'applied'; seq: number };
