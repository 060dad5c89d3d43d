// The register server over a synthetic register, as the endpoint and page benchmarks start it:
// the generated N-Triples in dir as a read-only graph, one write token, the ceiling raised.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateNTriples } from './generate.mjs';
import { startServer } from '../dist/serve/server.js';
import { serverConfig } from '../dist/serve/config.js';
import { TokenAuth } from '../dist/serve/auth.js';

export const BENCH_BASE = 'https://bench.algoreg.example/';
export const BENCH_TOKEN = 'bench-token';

/** Writes n systems to dir/register.nt and starts a server on them; returns it, the file and the start time. */
export async function startSyntheticServer(dir, n, extra = {}) {
  const file = join(dir, 'register.nt');
  await writeFile(file, generateNTriples(n));
  const t = performance.now();
  const server = await startServer(serverConfig({
    port: 0,
    base: BENCH_BASE,
    graphs: [{ graph: `${BENCH_BASE}graph/register`, path: file }],
    auth: new TokenAuth(new Map([['bench', BENCH_TOKEN]])),
    maxTriples: 8_000_000,
    at: '2026-11-21',
    ...extra,
  }));
  return { server, file, startMs: performance.now() - t };
}
