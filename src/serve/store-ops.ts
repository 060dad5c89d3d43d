import oxigraph from 'oxigraph';

/** N-Triples text, or its UTF-8 bytes in shared memory (see shareText). */
export type Text = string | Uint8Array;

/** A named graph's content as N-Triples, in chunks (one long text may exceed V8's string limit). */
export interface GraphContent<T extends Text = string> {
  graph: string;
  chunks: T[];
}

/**
 * A change to a store, applied in the same order to the main store and to every query worker's
 * copy, so that all copies hold the same data.
 */
export type StoreOp<T extends Text = string> =
  | { op: 'replaceGraph'; graph: string; chunks: T[] }
  | { op: 'dropGraph'; graph: string }
  | { op: 'load'; graph: string; chunks: T[] }
  | { op: 'update'; sparql: string };

// Below this a chunk is posted as it is: copying a short string costs less than sharing it.
const SHARE_FROM = 64 * 1024;

/**
 * A chunk's UTF-8 bytes in a SharedArrayBuffer: posted to every query worker without a copy per
 * worker, and loaded by Oxigraph without encoding the string again in each of them.
 */
export function shareText(text: string): Text {
  if (text.length < SHARE_FROM) return text;
  const bytes = Buffer.from(new SharedArrayBuffer(Buffer.byteLength(text, 'utf8')));
  bytes.write(text, 'utf8');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

export function shareGraph(g: GraphContent): GraphContent<Text> {
  return { graph: g.graph, chunks: g.chunks.map(shareText) };
}

export function shareOp(op: StoreOp): StoreOp<Text> {
  return op.op === 'load' || op.op === 'replaceGraph' ? { ...op, chunks: op.chunks.map(shareText) } : op;
}

export type OxiStore = InstanceType<typeof oxigraph.Store>;

export function loadGraph(store: OxiStore, content: GraphContent<Text>): void {
  const chunks = content.chunks.filter((c) => c.length > 0);
  if (chunks.length === 0) return;
  // One load call per graph: blank node labels are scoped to a call. The text is our own
  // serialisation of already-parsed quads, so skip re-validating IRIs and the load transaction
  // (several times faster on large graphs, measured here).
  store.load(chunks.length === 1 ? chunks[0] : chunks, { format: 'application/n-triples', to_graph_name: oxigraph.namedNode(content.graph), lenient: true, no_transaction: true });
}

export function applyOps(store: OxiStore, ops: StoreOp<Text>[]): void {
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
