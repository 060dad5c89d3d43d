import { existsSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { WriteAheadLog } from '../store/wal.js';
import { ObligationTracker, TrackError, type TrackedObligation, type TrackerData } from './tracker.js';

/**
 * Tracking data on disk: one JSON file, replaced atomically and durably on every save (write a
 * temporary file, fsync it, rename it over the old one, fsync the directory), so a crash leaves
 * the old or the new state, never a mix.
 */
export async function loadTracker(path: string): Promise<ObligationTracker> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new ObligationTracker();
    throw e;
  }
  let data: TrackerData;
  try {
    data = JSON.parse(text) as TrackerData;
  } catch (e) {
    throw new TrackError(`${path} is not valid tracking data: ${(e as Error).message}`);
  }
  return ObligationTracker.fromJSON(data);
}

/** Replaces the file at `path` with the tracker's state; returns its size in bytes. */
export async function saveTracker(tracker: ObligationTracker, path: string): Promise<number> {
  const tmp = `${path}.tmp`;
  // Compact: at tens of thousands of systems the snapshot holds hundreds of thousands of records.
  const text = `${JSON.stringify(tracker.toJSON())}\n`;
  await writeFile(tmp, text);
  const file = await open(tmp, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return Buffer.byteLength(text);
}

/** What a change wrote: the records of the obligations it touched, whole. */
interface LogEntry {
  records: TrackedObligation[];
}

/**
 * Tracking data kept durably at the cost of each change, not of the whole state: a change appends
 * the records it touched to a write-ahead log (fdatasync'ed before it is acknowledged); the log is
 * folded into the snapshot at start, at close, and once it outgrows the snapshot. Replaying a
 * record that the snapshot already has is harmless, so a crash between the two steps of folding
 * loses nothing.
 */
export class TrackerFiles {
  private constructor(
    private readonly snapshot: string,
    private readonly wal: WriteAheadLog,
    private snapshotBytes: number,
  ) {}

  /** Opens the snapshot and log in `dir` (created if absent) and returns the tracker they hold. */
  static async open(dir: string, name = 'tracking'): Promise<{ files: TrackerFiles; tracker: ObligationTracker }> {
    const snapshot = join(dir, `${name}.json`);
    const tracker = await loadTracker(snapshot);
    const { wal, entries } = await WriteAheadLog.open(join(dir, `${name}.log`));
    for (const e of entries) tracker.restore((e as LogEntry).records);
    const files = new TrackerFiles(snapshot, wal, 0);
    if (entries.length > 0 || !existsSync(snapshot)) await files.fold(tracker);
    return { files, tracker };
  }

  /** Makes a change durable: `tracker` is the state after it. */
  async commit(tracker: ObligationTracker): Promise<void> {
    const records = tracker.changedRecords();
    if (records.length === 0) return;
    // A change that touches most of the state (the first reconciliation of a register) is written
    // once, as the snapshot, rather than logged and then folded at once.
    if (records.length * 2 > tracker.size) return this.fold(tracker);
    const entry: LogEntry = { records };
    await this.wal.append(entry);
    if (this.wal.size > Math.max(this.snapshotBytes, 1 << 20)) await this.fold(tracker);
  }

  /** Writes the whole state as the snapshot and empties the log. */
  async fold(tracker: ObligationTracker): Promise<void> {
    this.snapshotBytes = await saveTracker(tracker, this.snapshot);
    await this.wal.reset();
  }

  async close(tracker: ObligationTracker): Promise<void> {
    if (this.wal.size > 0) await this.fold(tracker);
    await this.wal.close();
  }
}
