import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { RunningServer } from '../src/serve/server.js';
import { startSampleServer, sparqlJson, tripleCount, AUTH } from './helpers/server.js';

// Every triple joined with every triple with every triple: ~19k³ rows, runs for hours.
const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

let server: RunningServer;
beforeAll(async () => {
  server = await startSampleServer({ timeoutMs: 2000 });
});
afterAll(async () => {
  await server?.close();
});

describe('a runaway query', () => {
  it('is cut at the timeout while point queries still answer', async () => {
    const before = await tripleCount(server.url);
    const t0 = performance.now();
    const runaway = fetch(`${server.url}sparql?query=${encodeURIComponent(RUNAWAY)}`).then(async (r) => ({ status: r.status, text: await r.text(), ms: performance.now() - t0 }));
    await new Promise((r) => setTimeout(r, 300));
    // The other worker answers a point query while the runaway one is busy.
    const p0 = performance.now();
    const point = await sparqlJson(server.url, `SELECT ?tier WHERE { ?c <https://w3id.org/algoreg/ns#system> <${server.register.systemIri('selectia-hiresift')}> ; <https://w3id.org/algoreg/ns#riskTier> ?tier }`);
    const pointMs = performance.now() - p0;
    expect(point.results!.bindings).toHaveLength(1);
    expect(pointMs).toBeLessThan(1000);

    const r = await runaway;
    expect(r.status).toBe(503);
    expect(r.text).toMatch(/longer than the 2 s timeout and was cancelled/);
    expect(r.ms).toBeGreaterThanOrEqual(1900);
    expect(r.ms).toBeLessThan(5000);
    expect(server.pool.stats.timeouts).toBe(1);

    // The worker was replaced with a full copy of the data.
    await server.pool.settled();
    expect(await Promise.all([tripleCount(server.url), tripleCount(server.url), tripleCount(server.url)])).toEqual([before, before, before]);
  });

  it('does not lose writes made while a worker is being replaced', async () => {
    const runaway = fetch(`${server.url}sparql?query=${encodeURIComponent(RUNAWAY)}`);
    const body = await readFile(new URL('./fixtures/serve/system.ttl', import.meta.url), 'utf8');
    const put = await fetch(`${server.url}systems/during-timeout`, { method: 'PUT', headers: { ...AUTH, 'content-type': 'text/turtle' }, body });
    expect(put.status).toBe(201);
    expect((await runaway).status).toBe(503);
    await server.pool.settled();
    // Ask several times, two at a time: both workers answer, the new one included.
    for (let i = 0; i < 3; i++) {
      const ask = () => sparqlJson(server.url, `ASK { GRAPH <${server.register.recordGraph('during-timeout')}> { ?s ?p ?o } }`);
      for (const r of await Promise.all([ask(), ask()])) expect(r.boolean).toBe(true);
    }
  });

  it('queues queries when every worker is busy, within the same timeout', async () => {
    const runaways = [1, 2].map(() => fetch(`${server.url}sparql?query=${encodeURIComponent(RUNAWAY)}`));
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    const waiting = await fetch(`${server.url}sparql?query=ASK%20%7B%7D`);
    expect([200, 503]).toContain(waiting.status);
    expect(performance.now() - t0).toBeLessThan(8000);
    for (const r of await Promise.all(runaways)) expect(r.status).toBe(503);
    await server.pool.settled();
    expect((await fetch(`${server.url}sparql?query=ASK%20%7B%7D`)).status).toBe(200);
  });
});
