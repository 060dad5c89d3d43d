// Delivering imported descriptions: Turtle files written atomically (temporary file, fsync,
// rename), or PUT to a running register (PUT <url>/systems/{id}, Authorization: Bearer <token>).
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Quad } from '@rdfjs/types';
import type { Progress } from './progress.js';
import { toTurtle } from './turtle.js';

export interface Deliverable {
  id: string;
  iri: string;
  quads: readonly Quad[];
}

export interface DeliveryResult {
  id: string;
  ok: boolean;
  /** For a write: the file; for a PUT: the HTTP status and the register's answer. */
  detail: string;
  status?: number;
}

/** Writes a file so that it is either absent, the old version or the whole new one: temp file, fsync, rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** One Turtle file per system: <dir>/<id>.ttl (a few written at once: fsync waits on the disk). */
export async function writeDescriptions(dir: string, items: readonly Deliverable[], progress?: Progress, concurrency = 8): Promise<DeliveryResult[]> {
  await mkdir(dir, { recursive: true });
  const out: DeliveryResult[] = new Array(items.length);
  let next = 0;
  let done = 0;
  progress?.stage('writing', items.length);
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i]!;
      const file = join(dir, `${item.id}.ttl`);
      try {
        await writeFileAtomic(file, toTurtle(item.quads));
        out[i] = { id: item.id, ok: true, detail: file };
      } catch (e) {
        out[i] = { id: item.id, ok: false, detail: `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
      }
      progress?.update(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  progress?.end();
  return out;
}

export interface PutOptions {
  token: string;
  /** Requests in flight at once. */
  concurrency?: number;
  fetch?: typeof fetch;
  progress?: Progress;
}

async function answerText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: unknown; classification?: { riskTier?: unknown } };
    if (typeof body.error === 'string') return body.error;
    if (body.classification && typeof body.classification.riskTier === 'string') return `stored; tier ${body.classification.riskTier}`;
  } catch {
    // not JSON
  }
  return text.slice(0, 300);
}

/**
 * PUTs each description as Turtle to <url>/systems/{id}. IRIs under the system's own IRI are
 * written relative (the system as <>), so the register stores it as <its base>system/{id}.
 * A rejected token stops the run (every later request would fail the same way).
 */
export async function putDescriptions(url: string, items: readonly Deliverable[], o: PutOptions): Promise<DeliveryResult[]> {
  const doFetch = o.fetch ?? fetch;
  const root = url.replace(/\/+$/, '');
  const results: DeliveryResult[] = new Array(items.length);
  let next = 0;
  let done = 0;
  let stopped: string | undefined;
  o.progress?.stage('sending', items.length);
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      const item = items[i]!;
      if (stopped) {
        results[i] = { id: item.id, ok: false, detail: stopped };
        continue;
      }
      const target = `${root}/systems/${encodeURIComponent(item.id)}`;
      try {
        const res = await doFetch(target, {
          method: 'PUT',
          headers: { 'content-type': 'text/turtle; charset=utf-8', authorization: `Bearer ${o.token}`, accept: 'application/json' },
          body: toTurtle(item.quads, { base: item.iri }),
        });
        const answer = await answerText(res);
        if (res.status === 401 || res.status === 403) stopped = `not sent: the register refused the token (HTTP ${res.status}: ${answer})`;
        results[i] = { id: item.id, ok: res.ok, status: res.status, detail: res.ok ? `HTTP ${res.status} ${answer}` : `the register answered HTTP ${res.status}: ${answer}` };
      } catch (e) {
        const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
        results[i] = { id: item.id, ok: false, detail: `PUT ${target} failed: ${cause?.code ?? cause?.message ?? (e as Error).message}` };
      }
      o.progress?.update(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 4, items.length)) }, worker));
  o.progress?.end();
  return results;
}
