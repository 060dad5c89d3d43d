import { createHash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { fsyncDirectory } from './fsync.js';

/**
 * An append-only write-ahead log of JSON entries, one per line: `<checksum> <json>\n`.
 *
 * `append` returns only after the line is on disk (fdatasync), so an entry the caller has
 * acknowledged survives a crash at any later moment. A crash during `append` can leave a torn last
 * line (partial, or with a wrong checksum): it was never acknowledged, and `open` cuts it off.
 * A bad line followed by good ones cannot come from a crash; `open` refuses such a log.
 */
export class WriteAheadLog {
  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private bytes: number,
  ) {}

  /** Opens (creating) the log and returns the entries it holds, cutting off a torn tail. */
  static async open(path: string): Promise<{ wal: WriteAheadLog; entries: unknown[]; truncated: number }> {
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const { entries, validBytes } = readEntries(text, path);
    const handle = await open(path, 'a+');
    const total = Buffer.byteLength(text);
    if (validBytes < total) {
      await handle.truncate(validBytes);
      await handle.sync();
    }
    // A new log file must survive a crash too: its directory entry is synced once.
    if (text === '') await fsyncDirectory(path);
    return { wal: new WriteAheadLog(path, handle, validBytes), entries, truncated: total - validBytes };
  }

  /** Size of the log on disk, in bytes. */
  get size(): number {
    return this.bytes;
  }

  /** Appends one entry and waits until it is durable. */
  async append(entry: unknown): Promise<void> {
    const line = Buffer.from(formatLine(entry), 'utf8');
    await this.handle.write(line, 0, line.length, null);
    await this.handle.datasync();
    this.bytes += line.length;
  }

  /** Empties the log (after its entries were saved in a snapshot). */
  async reset(): Promise<void> {
    await this.handle.truncate(0);
    await this.handle.sync();
    this.bytes = 0;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

export class CorruptLogError extends Error {}

function checksum(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

export function formatLine(entry: unknown): string {
  const json = JSON.stringify(entry);
  return `${checksum(json)} ${json}\n`;
}

function parseLine(line: string): { ok: true; entry: unknown } | { ok: false } {
  const space = line.indexOf(' ');
  if (space !== 16) return { ok: false };
  const json = line.slice(space + 1);
  if (checksum(json) !== line.slice(0, space)) return { ok: false };
  try {
    return { ok: true, entry: JSON.parse(json) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The valid entries of a log text and the byte length of its valid prefix. */
export function readEntries(text: string, path = 'log'): { entries: unknown[]; validBytes: number } {
  const entries: unknown[] = [];
  let offset = 0;
  let validBytes = 0;
  let badAt: number | undefined;
  let lineNo = 0;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    lineNo++;
    // No newline: a partial last line, never acknowledged.
    if (nl < 0) break;
    const line = text.slice(offset, nl);
    const parsed = parseLine(line);
    if (!parsed.ok) {
      badAt ??= lineNo;
    } else {
      if (badAt !== undefined) throw new CorruptLogError(`${path}: line ${badAt} is damaged but later entries are intact; the log was not torn by a crash. Restore the data directory from a backup.`);
      entries.push(parsed.entry);
      validBytes += Buffer.byteLength(line, 'utf8') + 1;
    }
    offset = nl + 1;
  }
  return { entries, validBytes };
}
