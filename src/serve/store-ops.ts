import oxigraph from 'oxigraph';

/** A named graph's content as N-Triples, in chunks (one long text may exceed V8's string limit). */
export interface GraphContent {
  graph: string;
  chunks: string[];
}

/**
 * A change to a store, applied in the same order to the main store and to every query worker's
 * copy, so that all copies hold the same data.
 */
export type StoreOp =
  | { op: 'replaceGraph'; graph: string; chunks: string[] }
  | { op: 'dropGraph'; graph: string }
  | { op: 'load'; graph: string; chunks: string[] }
  | { op: 'update'; sparql: string };

export type OxiStore = InstanceType<typeof oxigraph.Store>;

export function loadGraph(store: OxiStore, content: GraphContent): void {
  const chunks = content.chunks.filter((c) => c.length > 0);
  if (chunks.length === 0) return;
  // One load call per graph: blank node labels are scoped to a call. The text is our own
  // serialisation of already-parsed quads, so skip re-validating IRIs and the load transaction
  // (several times faster on large graphs, measured here).
  store.load(chunks.length === 1 ? chunks[0] : chunks, { format: 'application/n-triples', to_graph_name: oxigraph.namedNode(content.graph), lenient: true, no_transaction: true });
}

export function applyOps(store: OxiStore, ops: StoreOp[]): void {
  for (const op of ops) {
    switch (op.op) {
      case 'replaceGraph':
        store.update(`DROP SILENT GRAPH <${op.graph}>`);
        loadGraph(store, op);
        break;
      case 'dropGraph':
        store.update(`DROP SILENT GRAPH <${op.graph}>`);
        break;
      case 'load':
        loadGraph(store, op);
        break;
      case 'update':
        store.update(op.sparql);
        break;
    }
  }
}
