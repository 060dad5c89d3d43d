// `algoreg link` as a user runs it (the built CLI), against a second `algoreg serve` on loopback
// that holds the DCAT-AP sample of test/fixtures/portal/. Every run names its portal with --portal.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { packagePath } from '../src/paths.js';
import { startChildServer, type ChildServer } from './helpers/server.js';
import { runCli } from './helpers/cli.js';

const DS = 'http://data.europa.eu/88u/dataset/';
const FIXTURE = packagePath('test', 'fixtures', 'portal', 'datasets.ttl');
const EXAMPLES = ['skyward-damagescope.ttl', 'veiligheidsregio-damagescope.ttl', 'signalis-flowsignal.ttl'].map((f) => packagePath('examples', f));
const tmp = mkdtempSync(join(tmpdir(), 'algoreg-link-cli-'));
let portal: ChildServer;
let endpoint: string;
let closedEndpoint: string;

const description = (links: string) => `@prefix ar: <https://w3id.org/algoreg/ns#> . @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://example.org/system/triage> a ar:AISystem ; dcat:qualifiedRelation ${links} .`;

beforeAll(async () => {
  portal = await startChildServer(['--data', join(tmp, 'portal-data'), '--graph', `urn:portal=${FIXTURE}`, '--workers', '1']);
  endpoint = `${portal.url}sparql`;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  closedEndpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/sparql`;
  await new Promise<void>((r) => closed.close(() => r()));
}, 60_000);
afterAll(async () => {
  await portal?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('algoreg link', () => {
  it('prints a status per link and exits 0 when every link resolves', async () => {
    const r = await runCli(['link', ...EXAMPLES, '--portal', endpoint]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^system\s+role\s+link\s+status\s+dataset\s+title\s+DCAT-AP quality/);
    expect(lines).toHaveLength(5);
    const photos = lines.find((l) => l.includes('luchtfoto'))!;
    expect(photos).toMatch(/skyward-damagescope\s+training\s+https:\/\/data\.europa\.eu\/data\/datasets\/luchtfoto-schade-europa-2010-2024\?locale=en\s+resolved\s+http:\/\/data\.europa\.eu\/88u\/dataset\/luchtfoto-schade-europa-2010-2024/);
    expect(lines.find((l) => l.includes('detector-counts') && l.includes('training'))).toMatch(/resolved.*1 violations, \d+ warnings/);
    expect(lines.find((l) => l.includes('basisregistratie'))).toMatch(/reference.*resolved.*0 violations, 0 warnings/);
  });

  it('exits 1 and names the status of each link that does not resolve', async () => {
    const file = join(tmp, 'mixed.ttl');
    writeFileSync(file, description(`[ dct:relation <${DS}no-such-dataset> ; dcat:hadRole ar:InputData ] , [ dct:relation <https://data.overheid.nl/dataset/verkeersintensiteiten-utrecht> ; dcat:hadRole ar:InputData ]`));
    const r = await runCli(['link', file, '--portal', endpoint, '--format', 'json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { links: { originalLink: string; status: string; canonical: string | null }[] };
    expect(body.links.map((l) => [l.originalLink, l.status, l.canonical])).toEqual([
      [`${DS}no-such-dataset`, 'not-found', `${DS}no-such-dataset`],
      ['https://data.overheid.nl/dataset/verkeersintensiteiten-utrecht', 'resolved', `${DS}verkeersintensiteiten-utrecht~~1`],
    ]);
  });

  it('says unreachable for a closed port (exit 1), and keeps the cache to work offline', async () => {
    const cache = join(tmp, 'cache.json');
    const ok = await runCli(['link', ...EXAMPLES, '--portal', endpoint, '--cache', cache]);
    expect(ok.code).toBe(0);
    expect(existsSync(cache)).toBe(true);
    const down = await runCli(['link', ...EXAMPLES, '--portal', closedEndpoint, '--cache', cache, '--retries', '1', '--backoff', '10ms']);
    expect(down.code).toBe(1);
    expect(down.stdout.trim().split('\n').slice(1).every((l) => /\sunreachable\s/.test(l) && /retrieved \d{4}-/.test(l) && /cannot be reached \(ECONNREFUSED\) \(2 attempts\)/.test(l))).toBe(true);
    expect(down.stderr).toMatch(/4 of 4 dataset links did not resolve/);
    // The metadata retrieved before are still there: titles and quality.
    const offline = await runCli(['link', ...EXAMPLES, '--portal', closedEndpoint, '--cache', cache, '--offline', '--format', 'json']);
    const views = (JSON.parse(offline.stdout) as { links: { title: string | null; quality: { checked: boolean } | null }[] }).links;
    expect(views.map((v) => v.title)).toEqual(['Detectortellingen kruispunten 2019-2024', 'Detectortellingen kruispunten 2019-2024', 'Key register of addresses and buildings (BAG)', "Gelabelde luchtfoto's van storm- en overstromingsschade 2010-2024"]);
    expect(views.every((v) => v.quality?.checked)).toBe(true);
  });

  it('says timeout (exit 1) when the portal is slower than --timeout', async () => {
    let requests = 0;
    const slow = createServer(() => void requests++);
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/sparql`;
      const r = await runCli(['link', EXAMPLES[0], '--portal', url, '--timeout', '200ms', '--retries', '1', '--backoff', '10ms', '--system', 'https://register.example.eu/system/skyward-damagescope']);
      expect(r.code).toBe(1);
      expect(r.stdout.trim().split('\n').slice(1).map((l) => /\s(timeout)\s/.exec(l)?.[1])).toEqual(['timeout', 'timeout']);
      expect(requests).toBe(4); // two distinct links, two attempts each
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });

  it('works on a register data directory, keeping the cache there', async () => {
    const dir = join(tmp, 'register');
    const server = await startChildServer(['--data', dir, '--seed', ...EXAMPLES, packagePath('examples', 'organisations.ttl'), '--base', 'https://register.example.eu/', '--workers', '1']);
    // While a server runs on it, the directory is locked: the CLI says how to refresh instead.
    const locked = await runCli(['link', '--data', dir, '--portal', endpoint]);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(/in use by process \d+.*POST \/links\/refresh/);
    await server.stop();
    const r = await runCli(['link', '--data', dir, '--portal', endpoint]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/\sresolved\s/g)).toHaveLength(4);
    expect(existsSync(join(dir, 'portal.json'))).toBe(true);
  }, 60_000);

  it('algoreg serve --portal: POST /links/refresh on a running register asks that portal', async () => {
    const server = await startChildServer(['--seed', ...EXAMPLES, packagePath('examples', 'organisations.ttl'), '--portal', endpoint, '--portal-timeout', '5s', '--workers', '1'], { ALGOREG_TOKENS: 'editor=link-cli-token-0123456789' });
    try {
      const r = await fetch(`${server.url}links/refresh`, { method: 'POST', headers: { authorization: 'Bearer link-cli-token-0123456789' } });
      expect(r.status).toBe(200);
      const body = (await r.json()) as { endpoint: string; statuses: Record<string, number> };
      expect(body).toMatchObject({ endpoint, statuses: { resolved: 4 } });
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('exits 2 on a wrong command line', async () => {
    expect((await runCli(['link', '--portal', endpoint])).code).toBe(2);
    expect((await runCli(['link', EXAMPLES[0], '--portal', 'ftp://x'])).code).toBe(2);
    expect((await runCli(['link', EXAMPLES[0], '--portal', endpoint, '--retries', 'many'])).code).toBe(2);
    expect((await runCli(['link', join(tmp, 'missing.ttl'), '--portal', endpoint])).code).toBe(2);
    const notARegister = await runCli(['link', '--data', join(tmp, 'no-register-here'), '--portal', endpoint]);
    expect(notARegister.code).toBe(2);
    expect(notARegister.stderr).toMatch(/not a register data directory/);
    expect(existsSync(join(tmp, 'no-register-here'))).toBe(false);
  });
});
