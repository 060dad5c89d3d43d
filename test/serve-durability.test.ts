import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, startChildServer, sparqlJson, tripleCount, AUTH, TOKEN } from './helpers/server.js';
import { runCli } from './helpers/cli.js';

const DCT_ID = 'http://purl.org/dc/terms/identifier';
const systemTtl = await readFile(new URL('./fixtures/serve/system.ttl', import.meta.url), 'utf8');
const withMarker = (marker: string) => systemTtl.replace(/^<> a ar:AISystem ;/m, `<> a ar:AISystem ;\n    <${DCT_ID}> "${marker}" ;`);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'algoreg-data-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a durable register', () => {
  it('comes back after a restart exactly as it was acknowledged', async () => {
    const a = await startTestServer({ dataDir: dir, base: 'https://r.example/', workers: 1 });
    const put = (id: string, marker: string) => fetch(`${a.url}systems/${id}`, { method: 'PUT', headers: { ...AUTH, 'content-type': 'text/turtle' }, body: withMarker(marker) });
    expect((await put('one', 'v1')).status).toBe(201);
    expect((await put('two', 'v2')).status).toBe(201);
    expect((await put('one', 'v3')).status).toBe(200);
    expect((await fetch(`${a.url}systems/two`, { method: 'DELETE', headers: AUTH })).status).toBe(200);
    const before = { one: await (await fetch(`${a.url}systems/one`)).json(), history: await (await fetch(`${a.url}systems/two/history`)).json(), triples: await tripleCount(a.url) };
    await a.close();

    const b = await startTestServer({ dataDir: dir, workers: 1 });
    try {
      expect(b.register.base).toBe('https://r.example/');
      expect(await (await fetch(`${b.url}systems/one`)).json()).toEqual(before.one);
      expect(await (await fetch(`${b.url}systems/two/history`)).json()).toEqual(before.history);
      expect((await fetch(`${b.url}systems/two`)).status).toBe(404);
      expect(await tripleCount(b.url)).toBe(before.triples);
    } finally {
      await b.close();
    }
  });

  it('refuses another base IRI for an existing data directory', async () => {
    const a = await startTestServer({ dataDir: dir, base: 'https://r.example/', workers: 1 });
    await a.close();
    await expect(startTestServer({ dataDir: dir, base: 'https://other.example/', workers: 1 })).rejects.toThrow(/created with base https:\/\/r\.example\//);
    const cli = await runCli(['serve', '--data', dir, '--base', 'https://other.example/', '--port', '0']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/created with base/);
  });

  it('keeps every acknowledged write through kill -9, and nothing half-written', async () => {
    const env = { ALGOREG_TOKENS: `crash=${TOKEN}` };
    const args = ['--data', dir, '--base', 'https://crash.example/', '--workers', '1'];
    // Per id: the last acknowledged marker, and markers sent after it without an answer.
    const acked = new Map<string, string>();
    const unanswered = new Map<string, Set<string>>();
    let triplesPerRecord = 0;
    let next = 0;
    let acks = 0;

    for (let round = 0; round < 3; round++) {
      const server = await startChildServer(args, env);
      let killed = false;
      const writer = async (w: number) => {
        for (let k = 0; !killed; k++) {
          const id = `w${w}-${k % 3}`;
          const marker = `v${++next}`;
          const pending = unanswered.get(id) ?? new Set<string>();
          pending.add(marker);
          unanswered.set(id, pending);
          try {
            const r = await fetch(`${server.url}systems/${id}`, { method: 'PUT', headers: { ...AUTH, 'content-type': 'text/turtle' }, body: withMarker(marker) });
            if (r.status !== 200 && r.status !== 201) throw new Error(`PUT ${id}: ${r.status} ${await r.text()}`);
            triplesPerRecord = ((await r.json()) as { record: { triples: number } }).record.triples;
            acked.set(id, marker);
            unanswered.set(id, new Set());
            acks++;
          } catch (e) {
            if (!killed) throw e;
          }
        }
      };
      const writers = [0, 1, 2].map(writer);
      // Let a few writes through, then kill the server at a random moment of the stream.
      const target = acks + 4;
      while (acks < target) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, Math.random() * 600));
      killed = true;
      expect(await server.stop('SIGKILL')).toBeNull();
      await Promise.all(writers);

      // Restart on the same directory and check every record.
      const back = await startChildServer(args, env);
      try {
        const markers = await sparqlJson(back.url, `SELECT ?g ?m WHERE { GRAPH ?g { ?s <${DCT_ID}> ?m } }`);
        const counts = await sparqlJson(back.url, 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://crash.example/graph/system/")) } GROUP BY ?g');
        const found = new Map<string, string[]>();
        for (const b of markers.results!.bindings) {
          const id = b.g.value.replace('https://crash.example/graph/system/', '');
          found.set(id, [...(found.get(id) ?? []), b.m.value]);
        }
        for (const b of counts.results!.bindings) expect(Number(b.n.value), `triples of ${b.g.value}`).toBe(triplesPerRecord);
        for (const id of new Set([...acked.keys(), ...unanswered.keys()])) {
          const stored = found.get(id);
          const allowed = new Set([...(acked.has(id) ? [acked.get(id)!] : []), ...(unanswered.get(id) ?? [])]);
          if (acked.has(id)) expect(stored, `record ${id}`).toHaveLength(1);
          if (stored) {
            expect(stored).toHaveLength(1);
            expect(allowed.has(stored[0]), `record ${id} holds ${stored[0]}, acknowledged ${acked.get(id)}`).toBe(true);
            // What survived is now the acknowledged state.
            acked.set(id, stored[0]);
          }
          unanswered.set(id, new Set());
        }
        expect([...found.keys()].every((id) => acked.has(id))).toBe(true);
        // The history has an entry for every stored version.
        const history = (await (await fetch(`${back.url}systems/w0-0/history`)).json()) as { entries: { by: string }[] };
        expect(history.entries.every((e) => e.by === 'crash')).toBe(true);
      } finally {
        await back.stop('SIGTERM');
      }
    }
    expect(acks).toBeGreaterThanOrEqual(12);
  }, 120_000);
});

describe('algoreg serve', () => {
  it('starts with the sample register, classified, and prints its URL', async () => {
    const server = await startChildServer([]);
    try {
      const index = (await (await fetch(server.url)).json()) as { systems: number; base: string };
      expect(index.base).toBe('https://register.example.eu/');
      expect(index.systems).toBeGreaterThanOrEqual(27);
      expect(server.stderr()).toMatch(/classified/);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });

  it('says what is wrong with a bad option', async () => {
    const r = await runCli(['serve', '--port', '0', '--max-body', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-body expects a size/);
    const t = await runCli(['serve', '--port', '0', '--tokens', join(dir, 'missing.txt')]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/cannot read the tokens file/);
  });
});
