import { Worker } from 'node:worker_threads';
import { shareGraph, shareOp, type GraphContent, type StoreOp, type Text } from './store-ops.js';
import type { FromWorker, QueryJob, ToWorker } from './worker-protocol.js';

/** Why a query did not produce a result. */
export class QueryFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'query' | 'too-large' | 'crash' | 'closed' | 'remote',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Hands a consistent copy of the data to a new worker. The register calls `spawn` synchronously
 * while no write is in progress, so that every write after it reaches the new worker too.
 */
export type SnapshotProvider = (spawn: (graphs: GraphContent[]) => void) => Promise<void>;

export interface WorkerPoolOptions {
  size: number;
  timeoutMs: number;
  maxResultBytes: number;
  workerUrl: URL;
  snapshot: SnapshotProvider;
  log?: (line: string) => void;
}

interface Pending {
  id: number;
  job: QueryJob;
  resolve: (body: string) => void;
  reject: (e: QueryFailure) => void;
  timer: NodeJS.Timeout;
  slot?: Slot;
}

interface Slot {
  n: number;
  worker: Worker;
  state: 'starting' | 'idle' | 'busy' | 'dead';
  current?: Pending;
  ready: Promise<void>;
  /** Rejects `ready`: the worker died while loading its copy. */
  failed: (e: Error) => void;
}

/**
 * A pool of query workers, each with its own copy of the store. Writes are broadcast to every
 * live worker in commit order; a query runs on an idle worker and is cut off at the timeout by
 * terminating that worker, which is then replaced from a fresh snapshot.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private turn = 0;
  private readonly replacing = new Set<Promise<void>>();
  private writeSeq = 0;
  private readonly barriers = new Map<number, { waiting: Set<Slot>; resolve: () => void }>();
  private closed = false;
  private spawned = 0;
  readonly stats = { queries: 0, timeouts: 0, restarts: 0 };

  constructor(private readonly opts: WorkerPoolOptions) {}

  /**
   * Starts the workers and waits until each has loaded the data: the given graphs (writes sent
   * meanwhile follow them), or a snapshot.
   */
  async start(graphs?: GraphContent[]): Promise<void> {
    const started: Promise<void>[] = [];
    const spawnAll = (g: GraphContent[]) => {
      const shared = g.map(shareGraph);
      for (let i = 0; i < this.opts.size; i++) started.push(this.spawn(shared).ready);
    };
    if (graphs) spawnAll(graphs);
    else await this.opts.snapshot(spawnAll);
    await Promise.all(started);
  }

  /** Runs a query; rejects with a QueryFailure. The timeout includes the wait for a free worker. */
  query(job: QueryJob, timeoutMs = this.opts.timeoutMs): Promise<string> {
    if (this.closed) return Promise.reject(new QueryFailure('closed', 'the server is shutting down'));
    this.stats.queries++;
    return new Promise<string>((resolve, reject) => {
      // The deadline lets a worker waiting on a remote SERVICE stop itself, so it need not be replaced.
      const p: Pending = { id: this.nextId++, job: { ...job, deadline: Date.now() + timeoutMs }, resolve, reject, timer: setTimeout(() => this.expire(p, timeoutMs), timeoutMs) };
      this.queue.push(p);
      this.dispatch();
    });
  }

  /** Sends a committed write to every live worker (workers still loading get it after their snapshot). */
  write(ops: StoreOp[]): void {
    if (ops.length === 0) return;
    const msg: ToWorker = { type: 'write', seq: ++this.writeSeq, ops: ops.map(shareOp) };
    for (const s of this.slots) if (s.state !== 'dead') s.worker.postMessage(msg);
  }

  /**
   * Resolves once every live worker has applied every write sent before the call (a worker that
   * dies meanwhile is replaced from a snapshot that holds them all).
   */
  applied(): Promise<void> {
    const seq = ++this.writeSeq;
    const waiting = new Set(this.slots.filter((s) => s.state !== 'dead'));
    if (waiting.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.barriers.set(seq, { waiting, resolve });
      for (const s of waiting) s.worker.postMessage({ type: 'write', seq, ops: [], ack: true } satisfies ToWorker);
    });
  }

  // A barrier is passed by a worker that applied it or died.
  private pass(slot: Slot, seq?: number): void {
    for (const [n, b] of this.barriers) {
      if (seq !== undefined && n !== seq) continue;
      b.waiting.delete(slot);
      if (b.waiting.size > 0) continue;
      this.barriers.delete(n);
      b.resolve();
    }
  }

  get maxResultBytes(): number {
    return this.opts.maxResultBytes;
  }

  /** Waits until every replacement worker is started (after a timeout). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.replacing]);
    await Promise.allSettled(this.slots.filter((s) => s.state === 'starting').map((s) => s.ready));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) this.fail(p, new QueryFailure('closed', 'the server is shutting down'));
    await Promise.all(this.slots.map((s) => this.kill(s)));
  }

  private spawn(graphs: GraphContent<Text>[]): Slot {
    const worker = new Worker(this.opts.workerUrl);
    let markReady!: () => void;
    let failed!: (e: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failed = reject;
    });
    ready.catch(() => undefined);
    const slot: Slot = { n: ++this.spawned, worker, state: 'starting', ready, failed };
    this.slots.push(slot);
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m, markReady));
    worker.on('error', (e) => this.onDeath(slot, `query worker failed: ${e.message}`));
    worker.on('exit', (code) => this.onDeath(slot, `query worker exited with code ${code}`));
    worker.postMessage({ type: 'init', graphs } satisfies ToWorker);
    return slot;
  }

  private onMessage(slot: Slot, m: FromWorker, markReady: () => void): void {
    if (slot.state === 'dead') return;
    if (m.type === 'ready') {
      slot.state = 'idle';
      markReady();
      this.opts.log?.(`query worker ${slot.n} ready: ${m.triples} quads loaded in ${(m.ms / 1000).toFixed(1)} s`);
      this.dispatch();
    } else if (m.type === 'result') {
      const p = slot.current;
      if (!p || p.id !== m.id) return;
      slot.current = undefined;
      slot.state = 'idle';
      if (m.ok) this.succeed(p, m.body);
      else {
        if (m.kind === 'timeout') this.stats.timeouts++;
        this.fail(p, new QueryFailure(m.kind, m.message));
        if (m.kind === 'crash') void this.replace(slot, 'the query engine failed');
      }
      this.dispatch();
    } else if (m.type === 'applied') {
      this.pass(slot, m.seq);
    } else if (m.type === 'write-error') {
      this.opts.log?.(`query worker ${slot.n} could not apply write ${m.seq} (${m.message}); replacing it`);
      void this.replace(slot, 'write failed');
    }
  }

  private onDeath(slot: Slot, why: string): void {
    this.pass(slot);
    if (slot.state === 'dead') return;
    const loading = slot.state === 'starting';
    slot.state = 'dead';
    const p = slot.current;
    slot.current = undefined;
    if (p) this.fail(p, new QueryFailure('crash', why));
    // A worker that cannot even load the data (out of memory) would fail again: no retry.
    if (loading) {
      this.opts.log?.(`query worker ${slot.n} died while loading: ${why}`);
      slot.failed(new Error(`a query worker died while loading the register: ${why}`));
      this.slots.splice(this.slots.indexOf(slot), 1);
      return;
    }
    if (!this.closed) void this.respawn(slot);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      // Round robin over the idle workers, so that every copy of the store serves queries.
      const idle = this.slots.filter((s) => s.state === 'idle');
      if (idle.length === 0) return;
      const slot = idle[this.turn++ % idle.length];
      const p = this.queue.shift()!;
      p.slot = slot;
      slot.current = p;
      slot.state = 'busy';
      slot.worker.postMessage({ type: 'query', id: p.id, job: p.job } satisfies ToWorker);
    }
  }

  private expire(p: Pending, timeoutMs: number): void {
    const seconds = `${(timeoutMs / 1000).toLocaleString('en')} s`;
    const queued = this.queue.indexOf(p);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.stats.timeouts++;
      this.fail(p, new QueryFailure('timeout', `no query worker became free within the ${seconds} timeout; try again later`));
      return;
    }
    const slot = p.slot;
    if (!slot || slot.current !== p) return;
    this.stats.timeouts++;
    slot.current = undefined;
    this.fail(p, new QueryFailure('timeout', `the query ran longer than the ${seconds} timeout and was cancelled`));
    void this.replace(slot, `query ${p.id} timed out`);
  }

  private replace(slot: Slot, why: string): Promise<void> {
    if (slot.state === 'dead') return Promise.resolve();
    slot.state = 'dead';
    this.opts.log?.(`query worker ${slot.n} terminated: ${why}`);
    const p = this.kill(slot)
      .then(() => (this.closed ? undefined : this.spawnReplacement(slot)))
      .finally(() => this.replacing.delete(p));
    this.replacing.add(p);
    return p;
  }

  private respawn(dead: Slot): Promise<void> {
    const p = this.spawnReplacement(dead).finally(() => this.replacing.delete(p));
    this.replacing.add(p);
    return p;
  }

  private async spawnReplacement(dead: Slot): Promise<void> {
    const i = this.slots.indexOf(dead);
    if (i >= 0) this.slots.splice(i, 1);
    if (this.closed) return;
    this.stats.restarts++;
    await this.opts.snapshot((graphs) => {
      if (!this.closed) this.spawn(graphs);
    });
  }

  private async kill(slot: Slot): Promise<void> {
    slot.state = 'dead';
    this.pass(slot);
    slot.worker.removeAllListeners('exit');
    slot.worker.on('error', () => undefined);
    await slot.worker.terminate();
  }

  private succeed(p: Pending, body: string): void {
    clearTimeout(p.timer);
    p.resolve(body);
  }

  private fail(p: Pending, e: QueryFailure): void {
    clearTimeout(p.timer);
    p.reject(e);
  }
}
