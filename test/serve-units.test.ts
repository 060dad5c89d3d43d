import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, rm, appendFile, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WriteAheadLog, CorruptLogError, formatLine, readEntries } from '../src/store/wal.js';
import { DurableStore, DataDirError, type Change } from '../src/store/durable-store.js';
import { queryShape } from '../src/serve/query-kind.js';
import { negotiate, prefersHtml } from '../src/serve/negotiate.js';
import { TokenAuth, parseTokens } from '../src/serve/auth.js';
import { HttpError } from '../src/serve/http.js';
import { parseBytes, parseDuration, ConfigError } from '../src/serve/config.js';
import { relabelBlankNodes, toNTriples } from '../src/store/ntriples.js';
import { Parser } from 'n3';
import { pathToFileURL } from 'node:url';
import { WorkerPool, QueryFailure } from '../src/serve/worker-pool.js';
import { applyOps, shareOp, shareText } from '../src/serve/store-ops.js';
import oxigraph from 'oxigraph';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'algoreg-unit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function put(seq: number, id: string, text = `<https://x.example/${id}> <https://x.example/p> "${seq}" .\n`): Change {
  const at = '2026-11-21T00:00:00.000Z';
  return {
    seq,
    op: 'put',
    record: { id, version: seq, updatedAt: at, by: 'alice', triples: 1, sha256: 'x', ntriples: text },
    history: { seq, id, op: 'put', status: 'created', at, by: 'alice', triples: 1, sha256: 'x', riskTier: null },
  };
}

describe('write-ahead log', () => {
  it('returns what was appended, in order', async () => {
    const path = join(dir, 'wal.log');
    const { wal } = await WriteAheadLog.open(path);
    await wal.append({ n: 1 });
    await wal.append({ n: 2, text: 'line\nbreak' });
    await wal.close();
    const again = await WriteAheadLog.open(path);
    expect(again.entries).toEqual([{ n: 1 }, { n: 2, text: 'line\nbreak' }]);
    expect(again.truncated).toBe(0);
    await again.wal.close();
  });

  it('cuts off a torn last line (a crash during append) and keeps appending after it', async () => {
    const path = join(dir, 'wal.log');
    const { wal } = await WriteAheadLog.open(path);
    await wal.append({ n: 1 });
    await wal.close();
    const torn = formatLine({ n: 2 });
    await appendFile(path, torn.slice(0, torn.length - 7));
    const reopened = await WriteAheadLog.open(path);
    expect(reopened.entries).toEqual([{ n: 1 }]);
    expect(reopened.truncated).toBe(torn.length - 7);
    await reopened.wal.append({ n: 3 });
    await reopened.wal.close();
    const last = await WriteAheadLog.open(path);
    expect(last.entries).toEqual([{ n: 1 }, { n: 3 }]);
    await last.wal.close();
  });

  it('treats a complete last line with a wrong checksum as torn', () => {
    const good = formatLine({ n: 1 });
    const bad = formatLine({ n: 2 }).replace('"n":2', '"n":3');
    expect(readEntries(good + bad)).toEqual({ entries: [{ n: 1 }], validBytes: good.length });
  });

  it('refuses a log damaged in the middle (not a crash)', () => {
    const bad = formatLine({ n: 2 }).replace('"n":2', '"n":3');
    expect(() => readEntries(formatLine({ n: 1 }) + bad + formatLine({ n: 4 }))).toThrow(CorruptLogError);
  });
});

describe('durable store', () => {
  it('replays the log after a restart, and compacts it into a snapshot', async () => {
    const a = await DurableStore.open(dir, { base: 'https://r.example/' });
    await a.commit(put(1, 'one'));
    await a.commit(put(2, 'two'));
    await a.commit({ seq: 3, op: 'delete', id: 'one', history: { seq: 3, id: 'one', op: 'delete', status: 'deleted', at: 'x', by: 'bob', triples: 0, sha256: null, riskTier: null } });
    await a.close();
    const b = await DurableStore.open(dir, { base: 'https://r.example/' });
    expect([...b.records.keys()]).toEqual(['two']);
    expect(b.history.map((h) => `${h.seq}${h.op}${h.id}`)).toEqual(['1putone', '2puttwo', '3deleteone']);
    expect(b.lastSeq).toBe(3);
    // Opening compacted the log: the snapshot holds everything and the log is empty.
    expect((await readFile(join(dir, 'wal.log'), 'utf8')).length).toBe(0);
    expect(await readFile(join(dir, 'snapshot.jsonl'), 'utf8')).toContain('"lastSeq":3');
    await b.commit(put(4, 'four'));
    await b.close();
    const c = await DurableStore.open(dir, { base: 'https://r.example/' });
    expect([...c.records.keys()].sort()).toEqual(['four', 'two']);
    await c.close();
  });

  it('skips log entries already in the snapshot (a crash between snapshot and log reset)', async () => {
    const a = await DurableStore.open(dir, { base: 'https://r.example/' });
    await a.commit(put(1, 'one'));
    await a.compact();
    await a.close();
    await writeFile(join(dir, 'wal.log'), formatLine(put(1, 'one', 'stale')) + formatLine(put(2, 'two')));
    const b = await DurableStore.open(dir, { base: 'https://r.example/' });
    expect(b.records.get('one')!.ntriples).not.toBe('stale');
    expect(b.lastSeq).toBe(2);
    await b.close();
  });

  it('keeps the base it was created with, and one server per directory', async () => {
    const a = await DurableStore.open(dir, { base: 'https://first.example/' });
    expect(a.base).toBe('https://first.example/');
    await expect(DurableStore.open(dir, { base: 'https://first.example/' })).rejects.toThrow(DataDirError);
    await a.close();
    const b = await DurableStore.open(dir, { base: 'https://other.example/' });
    expect(b.base).toBe('https://first.example/');
    await b.close();
    expect((await readdir(dir)).sort()).toEqual(['register.json', 'wal.log']);
  });

  it('takes over the lock of a process that is gone', async () => {
    await writeFile(join(dir, 'LOCK'), '999999999');
    const a = await DurableStore.open(dir, { base: 'https://r.example/' });
    await a.close();
  });

  it('refuses a commit out of order', async () => {
    const a = DurableStore.inMemory('https://r.example/');
    await expect(a.commit(put(2, 'x'))).rejects.toThrow(/out of order/);
  });
});

describe('query shape', () => {
  it('reads the query form after the prologue, comments and prefixed names', () => {
    expect(queryShape('PREFIX select: <http://x/> # ASK\nCONSTRUCT { ?s select:p ?o } WHERE { ?s ?p ?o }').form).toBe('CONSTRUCT');
    expect(queryShape('base <http://x/> prefix : <y> ask {}').form).toBe('ASK');
    expect(queryShape('DESCRIBE <x>').form).toBe('DESCRIBE');
    expect(queryShape('select * { ?s ?p "INSERT" }').form).toBe('SELECT');
    expect(queryShape('PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c }').form).toBe('UPDATE');
    expect(queryShape('CLEAR ALL').form).toBe('UPDATE');
    expect(queryShape('{').form).toBe('UNKNOWN');
  });

  it('sees FROM only as a keyword', () => {
    expect(queryShape('SELECT * FROM <g> { ?s ?p ?o }').hasDataset).toBe(true);
    expect(queryShape('SELECT * from named <g> { GRAPH ?g { ?s ?p ?o } }').hasDataset).toBe(true);
    expect(queryShape('SELECT * { ?s ?p "FROM" . ?s <http://x/FROM> ?o } # FROM').hasDataset).toBe(false);
    expect(queryShape('SELECT * { ?from ?p ex:from FILTER(?x < 3 && ?y > 2) }').hasDataset).toBe(false);
    expect(queryShape('SELECT * { ?s ?p """long "FROM" string""" }').hasDataset).toBe(false);
  });
});

describe('content negotiation', () => {
  const offers = ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv'];
  it('takes the client preference, and the server order on ties', () => {
    expect(negotiate(undefined, offers)).toBe('application/sparql-results+json');
    expect(negotiate('*/*', offers)).toBe('application/sparql-results+json');
    expect(negotiate('text/csv', offers)).toBe('text/csv');
    expect(negotiate('text/*;q=0.9, application/sparql-results+xml;q=0.5', offers)).toBe('text/csv');
    expect(negotiate('application/*', offers)).toBe('application/sparql-results+json');
    expect(negotiate('text/csv;q=0, */*;q=0.1', ['text/csv', 'text/turtle'])).toBe('text/turtle');
    expect(negotiate('image/png', offers)).toBeUndefined();
  });

  it('gives HTML to browsers only', () => {
    const rdf = ['text/turtle'];
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', rdf)).toBe(true);
    expect(prefersHtml('*/*', rdf)).toBe(false);
    expect(prefersHtml(undefined, rdf)).toBe(false);
    expect(prefersHtml('text/turtle, text/html;q=0.5', rdf)).toBe(false);
  });
});

describe('tokens', () => {
  it('reads name=token pairs from the variable and files', () => {
    expect(parseTokens('alice=a1, bob = b2\n# comment\ncarol=c=3', 'x')).toEqual([['alice', 'a1'], ['bob', 'b2'], ['carol', 'c=3']]);
    expect(() => parseTokens('justatoken', 'ALGOREG_TOKENS')).toThrow(/entry 1 is not name=token/);
  });

  it('names the author of a write, and answers 401 otherwise', () => {
    const auth = new TokenAuth(new Map([['alice', 'secret-a'], ['bob', 'secret-b']]));
    expect(auth.authenticate('Bearer secret-b')).toBe('bob');
    expect(auth.authenticate('bearer secret-a')).toBe('alice');
    for (const h of [undefined, '', 'Bearer', 'Bearer wrong', 'Basic c2VjcmV0LWE=', 'Bearer secret-a extra']) {
      expect(() => auth.authenticate(h)).toThrow(HttpError);
      try {
        auth.authenticate(h);
      } catch (e) {
        expect((e as HttpError).status).toBe(401);
        expect((e as HttpError).headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
    expect(() => new TokenAuth(new Map()).authenticate('Bearer x')).toThrow(/no tokens/);
  });
});

describe('options', () => {
  it('parses sizes and durations', () => {
    expect(parseBytes('1mb', 'x')).toBe(1048576);
    expect(parseBytes('512kb', 'x')).toBe(524288);
    expect(parseBytes('1000', 'x')).toBe(1000);
    expect(parseDuration('10', 'x')).toBe(10000);
    expect(parseDuration('2.5s', 'x')).toBe(2500);
    expect(parseDuration('500ms', 'x')).toBe(500);
    expect(() => parseBytes('lots', '--max-body')).toThrow(ConfigError);
  });
});

describe('blank nodes of stored descriptions', () => {
  it('get labels unique to their record', () => {
    const quads = new Parser().parse('<http://s> <http://p> [ <http://q> [ <http://r> 1 ] ] .');
    const text = toNTriples(relabelBlankNodes(quads, 'r7x'));
    expect(text.match(/_:r7x\d+/g)!.sort()).toEqual(['_:r7x0', '_:r7x0', '_:r7x1', '_:r7x1']);
  });
});

describe('query worker pool', () => {
  it('tells when every worker has applied the writes sent before, or is gone', async () => {
    // A worker that applies writes only when told to by a later write, and exits when told to.
    const script = join(dir, 'slow-worker.mjs');
    await writeFile(script, `import { parentPort } from 'node:worker_threads';
const held = [];
parentPort.on('message', (m) => {
  if (m.type === 'init') parentPort.postMessage({ type: 'ready', triples: 0, ms: 0 });
  if (m.type !== 'write') return;
  const sparql = m.ops[0]?.sparql;
  if (sparql === 'exit') process.exit(3);
  if (m.ack) held.push(m.seq);
  if (sparql === 'go') for (const seq of held.splice(0)) parentPort.postMessage({ type: 'applied', seq });
});
`);
    const pool = new WorkerPool({ size: 2, timeoutMs: 1000, maxResultBytes: 1000, workerUrl: pathToFileURL(script), snapshot: async (spawn) => spawn([]) });
    await pool.start();
    let passed = false;
    const first = pool.applied().then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(passed).toBe(false);
    pool.write([{ op: 'update', sparql: 'go' }]);
    await first;
    expect(passed).toBe(true);
    // workers that die do not hold a barrier up
    const gone = pool.applied();
    pool.write([{ op: 'update', sparql: 'exit' }]);
    await gone;
    await pool.close();
  });

  it('fails to start, with the reason, when a worker cannot load', async () => {
    const bad = join(dir, 'bad-worker.mjs');
    await writeFile(bad, 'throw new Error("out of memory, say");\n');
    const pool = new WorkerPool({ size: 1, timeoutMs: 1000, maxResultBytes: 1000, workerUrl: pathToFileURL(bad), snapshot: async (spawn) => spawn([]) });
    await expect(pool.start()).rejects.toThrow(/died while loading the register: query worker failed: out of memory, say/);
    await pool.close();
    await expect(pool.query({ query: 'ASK {}', format: 'json', dataset: { kind: 'union' }, maxResultBytes: 10 })).rejects.toBeInstanceOf(QueryFailure);
  });
});

describe('graph text shared with the query workers', () => {
  it('loads the same triples from shared UTF-8 bytes as from the string, non-ASCII text included', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `<https://example.org/s${i}> <http://www.w3.org/2000/01/rdf-schema#label> "Gemeente ’s-Hertogenbosch système ${i} 🚦"@nl .\n`).join('');
    const shared = shareText(lines);
    expect(shared).toBeInstanceOf(Uint8Array);
    expect((shared as Uint8Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    const a = new oxigraph.Store();
    const b = new oxigraph.Store();
    applyOps(a, [{ op: 'load', graph: 'https://example.org/g', chunks: [lines] }]);
    applyOps(b, [shareOp({ op: 'load', graph: 'https://example.org/g', chunks: [lines] })]);
    expect(b.size).toBe(2000);
    expect(b.dump({ format: 'application/n-quads' })).toBe(a.dump({ format: 'application/n-quads' }));
    // short text is posted as it is
    expect(shareText('<a:b> <a:c> <a:d> .\n')).toBe('<a:b> <a:c> <a:d> .\n');
  });
});
