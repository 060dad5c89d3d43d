import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic, writeSmallFileAtomic } from './fsync.js';
import { WriteAheadLog } from './wal.js';

/** One description stored in the register, as N-Triples with register-unique blank node labels. */
export interface StoredRecord {
  id: string;
  /** WAL sequence number of the write that stored this version. */
  version: number;
  updatedAt: string;
  /** Name of the token that wrote it ("seed" for descriptions loaded at first start). */
  by: string;
  triples: number;
  sha256: string;
  ntriples: string;
}

export interface HistoryEntry {
  seq: number;
  id: string;
  op: 'put' | 'delete';
  status: 'created' | 'replaced' | 'deleted';
  at: string;
  by: string;
  triples: number;
  sha256: string | null;
  /** Tier of the system {id} after the write, when the description classifies one. */
  riskTier: string | null;
}

export type Change =
  | { seq: number; op: 'put'; record: StoredRecord; history: HistoryEntry }
  | { seq: number; op: 'delete'; id: string; history: HistoryEntry };

export class DataDirError extends Error {}

const META = 'register.json';
const SNAPSHOT = 'snapshot.jsonl';
const WAL = 'wal.log';
const LOCK = 'LOCK';
const openDirs = new Set<string>();

export interface DurableStoreOptions {
  /** Base IRI of the register; stored at creation, checked on every later start. */
  base: string;
  /** Compact the log into a new snapshot once it grows past this many bytes. */
  compactBytes?: number;
}

/**
 * The register's source of truth: descriptions and their history.
 *
 * Durability: every change is appended to a write-ahead log and fdatasync'ed before `commit`
 * resolves; a snapshot (written to a temporary file, fsync'ed, renamed, directory fsync'ed)
 * replaces the log from time to time. On open, the snapshot is read and the log entries after
 * it are replayed; a torn last log line, never acknowledged, is cut off. Without a directory the
 * store lives in memory only.
 */
export class DurableStore {
  readonly records = new Map<string, StoredRecord>();
  readonly history: HistoryEntry[] = [];
  lastSeq = 0;
  /** How many bytes of a torn log tail were cut off when opening. */
  recoveredTornBytes = 0;

  private constructor(
    readonly dir: string | undefined,
    readonly base: string,
    private wal: WriteAheadLog | undefined,
    private readonly compactBytes: number,
  ) {}

  static inMemory(base: string): DurableStore {
    return new DurableStore(undefined, base, undefined, Infinity);
  }

  static async open(dirPath: string, opts: DurableStoreOptions): Promise<DurableStore> {
    const dir = resolve(dirPath);
    await mkdir(dir, { recursive: true });
    await acquireLock(dir);
    try {
      const base = await readOrCreateMeta(dir, opts.base);
      const { wal, entries, truncated } = await WriteAheadLog.open(join(dir, WAL));
      const store = new DurableStore(dir, base, wal, opts.compactBytes ?? 16 * 1024 * 1024);
      store.recoveredTornBytes = truncated;
      await store.readSnapshot();
      for (const e of entries) {
        const change = e as Change;
        if (change.seq > store.lastSeq) store.apply(change);
      }
      if (entries.length > 0) await store.compact();
      return store;
    } catch (e) {
      await releaseLock(dir);
      throw e;
    }
  }

  get durable(): boolean {
    return this.dir !== undefined;
  }

  /** Makes a change durable, then applies it. Callers serialise their commits. */
  async commit(change: Change): Promise<void> {
    if (change.seq !== this.lastSeq + 1) throw new Error(`commit out of order: ${change.seq} after ${this.lastSeq}`);
    if (this.wal) await this.wal.append(change);
    this.apply(change);
    if (this.wal && this.wal.size > this.compactBytes) await this.compact();
  }

  /** Writes a snapshot of the current state and empties the log. */
  async compact(): Promise<void> {
    if (!this.dir || !this.wal) return;
    const lines = function* (store: DurableStore): Generator<string> {
      yield `${JSON.stringify({ type: 'header', format: 1, lastSeq: store.lastSeq })}\n`;
      for (const r of store.records.values()) yield `${JSON.stringify({ type: 'record', ...r })}\n`;
      for (const h of store.history) yield `${JSON.stringify({ type: 'history', ...h })}\n`;
    };
    await writeFileAtomic(join(this.dir, SNAPSHOT), lines(this));
    await this.wal.reset();
  }

  async close(): Promise<void> {
    if (!this.dir) return;
    await this.wal?.close();
    this.wal = undefined;
    await releaseLock(this.dir);
  }

  private apply(change: Change): void {
    if (change.op === 'put') this.records.set(change.record.id, change.record);
    else this.records.delete(change.id);
    this.history.push(change.history);
    this.lastSeq = change.seq;
  }

  private async readSnapshot(): Promise<void> {
    let text: string;
    try {
      text = await readFile(join(this.dir!, SNAPSHOT), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    let n = 0;
    for (const line of text.split('\n')) {
      n++;
      if (line === '') continue;
      let obj: { type?: string } & Record<string, unknown>;
      try {
        obj = JSON.parse(line) as typeof obj;
      } catch {
        throw new DataDirError(`${join(this.dir!, SNAPSHOT)}: line ${n} is not valid JSON; the snapshot is damaged`);
      }
      const { type, ...rest } = obj;
      if (type === 'header') this.lastSeq = Number(rest.lastSeq);
      else if (type === 'record') this.records.set(String(rest.id), rest as unknown as StoredRecord);
      else if (type === 'history') this.history.push(rest as unknown as HistoryEntry);
    }
  }
}

async function readOrCreateMeta(dir: string, base: string): Promise<string> {
  const path = join(dir, META);
  try {
    const meta = JSON.parse(await readFile(path, 'utf8')) as { base?: string };
    if (typeof meta.base !== 'string') throw new DataDirError(`${path}: no base IRI recorded`);
    return meta.base;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await writeSmallFileAtomic(path, `${JSON.stringify({ format: 1, base, created: new Date().toISOString() }, null, 2)}\n`);
  return base;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// One server per data directory. A lock left by a killed process (its pid is gone) is taken over.
async function acquireLock(dir: string): Promise<void> {
  if (openDirs.has(dir)) throw new DataDirError(`data directory ${dir} is already open in this process`);
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await open(path, 'wx');
      await h.writeFile(String(process.pid));
      await h.close();
      openDirs.add(dir);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) throw new DataDirError(`data directory ${dir} is in use by process ${pid}`);
      await unlink(path).catch(() => undefined);
    }
  }
  throw new DataDirError(`cannot lock data directory ${dir}`);
}

async function releaseLock(dir: string): Promise<void> {
  if (!openDirs.delete(dir)) return;
  await unlink(join(dir, LOCK)).catch(() => undefined);
}
