import { open, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Makes a file's directory entry durable (after creating or renaming a file in it). */
export async function fsyncDirectory(filePath: string): Promise<void> {
  const dir = await open(dirname(filePath), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * Replaces a file atomically and durably: write a temporary file, fsync it, rename it over the
 * target, fsync the directory. A crash leaves either the old or the new content, never a mix.
 */
export async function writeFileAtomic(path: string, chunks: Iterable<string>): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    for (const chunk of chunks) await handle.write(chunk);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  await fsyncDirectory(path);
}

/** Small files (metadata): same guarantee as writeFileAtomic. */
export async function writeSmallFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, text);
  const handle = await open(tmp, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  await fsyncDirectory(path);
}
