// A query worker: holds its own copy of the store and answers SPARQL queries one at a time.
// Oxigraph is synchronous, so a runaway query blocks only this thread; the pool terminates the
// worker at the timeout and starts a new one.
import { parentPort } from 'node:worker_threads';
import oxigraph from 'oxigraph';
import { applyOps, loadGraph, type OxiStore } from './store-ops.js';
import type { FederatedJob, FromWorker, QueryJob, ToWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('query-worker must run in a worker thread');
const store: OxiStore = new oxigraph.Store();
const send = (m: FromWorker) => port.postMessage(m);

type QueryOptions = NonNullable<Parameters<OxiStore['query']>[1]>;

function queryOptions(job: QueryJob): QueryOptions {
  const opts: QueryOptions = { results_format: job.format };
  if (job.baseIri) opts.base_iri = job.baseIri;
  if (job.dataset.kind === 'union') opts.use_default_graph_as_union = true;
  else if (job.dataset.kind === 'protocol') {
    opts.default_graph = job.dataset.defaultGraphs.map((g) => oxigraph.namedNode(g));
    opts.named_graphs = job.dataset.namedGraphs.map((g) => oxigraph.namedNode(g));
  }
  return opts;
}

function runQuery(id: number, job: QueryJob): void {
  const t0 = performance.now();
  let body: string;
  try {
    body = store.query(job.query, queryOptions(job)) as string;
  } catch (e) {
    // A wasm trap (RuntimeError) may leave the store in a bad state: the pool replaces the worker.
    const crash = e instanceof WebAssembly.RuntimeError;
    send({ type: 'result', id, ok: false, kind: crash ? 'crash' : 'query', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  if (body.length > job.maxResultBytes || Buffer.byteLength(body) > job.maxResultBytes) {
    send({ type: 'result', id, ok: false, kind: 'too-large', message: `the result is larger than the cap of ${job.maxResultBytes} bytes` });
    return;
  }
  send({ type: 'result', id, ok: true, body, ms: performance.now() - t0 });
}

// A federated query waits on the network, and messages keep arriving meanwhile: writes are held
// back until it is done, so it reads one state of the register (as a synchronous query does).
let federatedRunning = false;
const heldWrites: Extract<ToWorker, { type: 'write' }>[] = [];

function applyWrite(msg: Extract<ToWorker, { type: 'write' }>): void {
  try {
    applyOps(store, msg.ops);
  } catch (e) {
    send({ type: 'write-error', seq: msg.seq, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  if (msg.ack) send({ type: 'applied', seq: msg.seq });
}

async function runFederatedQuery(id: number, job: QueryJob, fed: FederatedJob): Promise<void> {
  federatedRunning = true;
  const t0 = performance.now();
  let result: FromWorker;
  try {
    // Loaded on first use: workers that never see a SERVICE clause never load Comunica.
    const { runFederated } = await import('./federation/execute.js');
    const outcome = await runFederated(store, job, fed);
    result = outcome.ok ? { type: 'result', id, ok: true, body: outcome.body, ms: performance.now() - t0 } : { type: 'result', id, ok: false, kind: outcome.kind, message: outcome.message };
  } catch (e) {
    result = { type: 'result', id, ok: false, kind: 'query', message: e instanceof Error ? e.message : String(e) };
  }
  federatedRunning = false;
  for (const w of heldWrites.splice(0)) applyWrite(w);
  send(result);
}

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'init': {
      const t0 = performance.now();
      for (const g of msg.graphs) loadGraph(store, g);
      send({ type: 'ready', triples: store.size, ms: performance.now() - t0 });
      break;
    }
    case 'write':
      if (federatedRunning) heldWrites.push(msg);
      else applyWrite(msg);
      break;
    case 'query':
      if (msg.job.federated) void runFederatedQuery(msg.id, msg.job, msg.job.federated);
      else runQuery(msg.id, msg.job);
      break;
  }
});
