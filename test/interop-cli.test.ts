// `algoreg import` and `algoreg export` as a user runs them (the built CLI): files written
// atomically, PUT to a register (a stub HTTP server here), exit codes, progress, the summary.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Parser } from 'n3';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/interop/deliver.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { EXAMPLES, FIXTURES, NL_TEMPLATE_FILES, tempDir } from './helpers/interop.js';
import { generateNlEntries } from '../bench/generate-nl.mjs';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('algoreg import --out', () => {
  const out = join(tmp.dir, 'nl-out');
  let result: CliResult;
  beforeAll(async () => {
    result = await runCli(['import', '--from', 'nl-algoritmeregister', ...NL_TEMPLATE_FILES, '--organisation', 'Gemeente Voorbeeldstad', '--out', out, '--at', '2026-11-21']);
  });

  it('writes one Turtle file per system, and nothing else', () => {
    expect(result.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(10);
    expect(files.every((f) => /^nl-[a-z0-9-]+\.ttl$/.test(f))).toBe(true);
    for (const f of files) expect(new Parser().parse(readFileSync(join(out, f), 'utf8')).length).toBeGreaterThan(10);
  });

  it('prints the summary: counts, warnings, tiers, questions', () => {
    expect(result.stdout).toMatch(/^nl-algoritmeregister: 10 entries in 4 files: 0 imported, 10 imported with warnings, 0 refused\./);
    expect(result.stdout).toMatch(/Tiers: undetermined 10\./);
    expect(result.stdout).toMatch(/Risk categories claimed by the register, against the derived tier: 10 no AI Act tier claimed\./);
    expect(result.stdout).toMatch(/capability \(10 systems\): Which of these capabilities/);
  });

  it('the written descriptions are valid algoreg input and export back to the entries they came from', async () => {
    expect((await runCli(['validate', out])).code).toBe(0);
    const exported = await runCli(['export', '--to', 'nl-algoritmeregister', out, '--at', '2026-11-21']);
    expect(exported.code).toBe(0);
    const entries = JSON.parse(exported.stdout) as Record<string, unknown>[];
    const originals = NL_TEMPLATE_FILES.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>[]);
    expect(entries).toHaveLength(originals.length);
    for (const o of originals) expect(entries).toContainEqual(o);
  });
});

describe('exit codes and bad input', () => {
  it('1 when an entry is refused (with the reason), 2 when a file cannot be read; the rest is imported', async () => {
    const out = join(tmp.dir, 'mixed');
    const r = await runCli(['import', '--from', 'nl-algoritmeregister', NL_TEMPLATE_FILES[1]!, join(FIXTURES, 'nl-legacy.json'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Refused \(1\):\n {2}Meldingen openbare ruimte \(nl-gemeente-amsterdam-meldingen-openbare-ruimte, Gemeente-Amsterdam\.json#1\)\n {4}- no organisation/);
    expect(readdirSync(out)).toEqual(['nl-20240101.ttl']);
    const bad = await runCli(['import', '--from', 'nl-algoritmeregister', join(FIXTURES, 'nl-malformed.json'), join(FIXTURES, 'nl-html.json'), '--format', 'json']);
    expect(bad.code).toBe(2);
    const summary = JSON.parse(bad.stdout) as { counts: { importedWithWarnings: number; refused: number }; files: { file: string; error?: string }[] };
    expect(summary.counts).toMatchObject({ importedWithWarnings: 1, refused: 0 });
    expect(summary.files.find((f) => f.file.endsWith('nl-malformed.json'))!.error).toMatch(/malformed JSON at line 4, column 3/);
  });

  it('--strict refuses entries with warnings', async () => {
    const r = await runCli(['import', '--from', 'nl-algoritmeregister', join(FIXTURES, 'nl-overlong.json'), '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/--strict: the entry has warnings/);
  });

  it('a wrong --from is refused per entry, and an unknown format by the command line', async () => {
    const r = await runCli(['import', '--from', 'eurocities', join(FIXTURES, 'uk-atrs-v3.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no eurocities field among its keys/);
    expect((await runCli(['import', '--from', 'xml', 'x.json'])).code).toBe(2);
  });

  it('a file is written whole or not at all (temporary file, then rename)', async () => {
    const dir = join(tmp.dir, 'atomic');
    mkdirSync(join(dir, 'taken.ttl'), { recursive: true }); // a directory where the file should go: rename fails
    await expect(writeFileAtomic(join(dir, 'taken.ttl'), 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken.ttl']); // no temporary file left behind
    await writeFileAtomic(join(dir, 'ok.ttl'), 'first');
    await writeFileAtomic(join(dir, 'ok.ttl'), 'second');
    expect(readFileSync(join(dir, 'ok.ttl'), 'utf8')).toBe('second');
    expect(readdirSync(dir).sort()).toEqual(['ok.ttl', 'taken.ttl']);
  });
});

describe('progress', () => {
  it('prints plain progress lines on stderr when it is not a terminal', async () => {
    const file = join(tmp.dir, 'many.json');
    writeFileSync(file, JSON.stringify(generateNlEntries(300)));
    const r = await runCli(['import', '--from', 'nl-algoritmeregister', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^mapping: 75\/300 \(25%\)$/m);
    expect(r.stderr).toMatch(/^validating: 300\/300 \(100%\)$/m);
    expect(r.stderr).not.toContain('\r');
    const counts = (JSON.parse(r.stdout) as { counts: { imported: number; importedWithWarnings: number; refused: number } }).counts;
    expect(counts.imported + counts.importedWithWarnings).toBe(300);
    expect(counts.refused).toBe(0);
  });
});

describe('algoreg import --to (a stub register)', () => {
  interface Req { method?: string; url?: string; auth?: string; type?: string; body: string }
  const requests: Req[] = [];
  let server: Server;
  let url: string;
  let answer: (req: Req) => [number, unknown] = () => [201, { classification: { riskTier: 'undetermined' } }];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const r: Req = { method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body };
        requests.push(r);
        const [status, json] = answer(r);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('PUTs each description as Turtle to <url>/systems/{id} with the bearer token, the system as <>', async () => {
    requests.length = 0;
    answer = (r) => (r.url === '/systems/nl-40000001' ? [422, { error: 'A system needs a responsible organisation (ar:responsibleOrganisation).', report: {} }] : [201, { classification: { riskTier: 'undetermined' } }]);
    const r = await runCli(['import', '--from', 'nl-algoritmeregister', join(FIXTURES, 'nl-legacy.json'), join(FIXTURES, 'nl-html.json'), '--to', url], { env: { ALGOREG_TOKEN: 'secret-token' } });
    expect(requests.map((q) => `${q.method} ${q.url}`).sort()).toEqual(['PUT /systems/nl-20240101', 'PUT /systems/nl-40000001']);
    for (const q of requests) {
      expect(q.auth).toBe('Bearer secret-token');
      expect(q.type).toBe('text/turtle; charset=utf-8');
    }
    const put = requests.find((q) => q.url === '/systems/nl-20240101')!;
    const base = 'http://register.test/system/nl-20240101';
    const quads = new Parser({ baseIRI: base }).parse(put.body);
    expect(quads.some((q) => q.subject.value === base && q.predicate.value.endsWith('#label') && q.object.value === 'Signalering schuldenproblematiek')).toBe(true);
    expect(quads.some((q) => q.object.value === 'http://register.test/org/gemeente-zuiderzee')).toBe(true);
    // the register refused one: reported, exit 1
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not stored: the register answered HTTP 422: A system needs a responsible organisation/);
  });

  it('stops when the register refuses the token', async () => {
    requests.length = 0;
    answer = () => [401, { error: 'a valid bearer token is needed' }];
    const file = join(tmp.dir, 'forty.json');
    writeFileSync(file, JSON.stringify(generateNlEntries(40)));
    const r = await runCli(['import', '--from', 'nl-algoritmeregister', file, '--to', url], { env: { ALGOREG_TOKEN: 'wrong' } });
    expect(r.code).toBe(1);
    expect(requests.length).toBeLessThanOrEqual(4); // the requests already in flight, no more
    expect(r.stdout).toMatch(/the register refused the token/);
  });

  it('needs ALGOREG_TOKEN', async () => {
    const r = await runCli(['import', '--from', 'nl-algoritmeregister', join(FIXTURES, 'nl-legacy.json'), '--to', url], { env: { ALGOREG_TOKEN: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ALGOREG_TOKEN/);
  });
});

describe('algoreg export', () => {
  it('--to eurocities --out writes one file per entry, each valid against the JSON Schema', async () => {
    const out = join(tmp.dir, 'ec');
    const r = await runCli(['export', '--to', 'eurocities', EXAMPLES, '--out', out, '--at', '2026-11-21']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(readFileSync(new URL('../schemas/eurocities-0.3.1.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile(schema);
    const files = readdirSync(out);
    expect(files.length).toBeGreaterThan(35);
    for (const f of files) expect(validate(JSON.parse(readFileSync(join(out, f), 'utf8'))), f).toBe(true);
    expect(r.stderr).toMatch(/required by the standard, but the description gives no value/);
  });

  it('--to annex-viii --section C --format turtle writes the registration data as RDF', async () => {
    const r = await runCli(['export', '--to', 'annex-viii', '--section', 'C', '--format', 'turtle', EXAMPLES, '--at', '2026-11-21']);
    expect(r.code).toBe(0);
    const quads = new Parser().parse(r.stdout);
    expect(quads.filter((q) => q.object.value === 'https://w3id.org/algoreg/ns#RegistrationData').length).toBeGreaterThanOrEqual(6);
  });

  it('refuses options that do not fit the format', async () => {
    expect((await runCli(['export', '--to', 'eurocities', '--format', 'turtle', EXAMPLES])).code).toBe(2);
    expect((await runCli(['export', '--to', 'nl-algoritmeregister', '--section', 'A', EXAMPLES])).code).toBe(2);
  });
});
