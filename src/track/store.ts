import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ObligationTracker, TrackError, type TrackerData } from './tracker.js';

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

export async function saveTracker(tracker: ObligationTracker, path: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(tracker.toJSON(), null, 1)}\n`);
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
}
