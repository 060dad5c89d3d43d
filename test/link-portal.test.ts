// Dataset links against a real second SPARQL endpoint on loopback: a child `algoreg serve` with the
// DCAT-AP sample of test/fixtures/portal/ as a static graph. Also a closed port, a portal slower
// than the timeout and one that answers garbage. Nothing here reaches the internet.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { fetchDataset, type PortalOptions } from '../src/link/fetch.js';
import { resolveLink } from '../src/link/resolve.js';
import { packagePath } from '../src/paths.js';
import type { RunningServer } from '../src/serve/server.js';
import { AUTH, sparqlJson, startChildServer, startTestServer, type ChildServer } from './helpers/server.js';

const DS = 'http://data.europa.eu/88u/dataset/';
const FIXTURE = packagePath('test', 'fixtures', 'portal', 'datasets.ttl');
const SKY = 'https://register.example.eu/system/skyward-damagescope';
const SEED = ['skyward-damagescope.ttl', 'veiligheidsregio-damagescope.ttl', 'signalis-flowsignal.ttl', 'organisations.ttl'].map((f) => packagePath('examples', f));
const tmp = mkdtempSync(join(tmpdir(), 'algoreg-link-portal-'));

let portal: ChildServer;
let endpoint: string;
let closedEndpoint: string;
// A portal that takes longer than any timeout here, and one that answers garbage: both count requests.
const slow = { server: undefined as Server | undefined, requests: 0, url: '' };
const garbage = { server: undefined as Server | undefined, requests: 0, url: '' };

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`)));
}

beforeAll(async () => {
  portal = await startChildServer(['--data', join(tmp, 'portal-data'), '--graph', `urn:portal=${FIXTURE}`, '--workers', '1']);
  endpoint = `${portal.url}sparql`;
  const closed = createServer();
  closedEndpoint = await listen(closed);
  await new Promise<void>((r) => closed.close(() => r()));
  slow.server = createServer((req, res) => {
    slow.requests++;
    const t = setTimeout(() => res.end(), 5000);
    res.on('close', () => clearTimeout(t));
  });
  slow.url = await listen(slow.server);
  garbage.server = createServer((req, res) => {
    garbage.requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
      res.end('{"head": {"vars": ["ds"]}, "results": {"bindings": [ <<garbage');
    });
  });
  garbage.url = await listen(garbage.server);
}, 60_000);

afterAll(async () => {
  await portal?.stop();
  for (const s of [slow.server, garbage.server]) {
    s?.closeAllConnections();
    await new Promise<void>((r) => (s ? s.close(() => r()) : r()));
  }
  rmSync(tmp, { recursive: true, force: true });
});

const opts = (endpointUrl: string, extra: Partial<PortalOptions> = {}): PortalOptions => ({ endpoint: endpointUrl, timeoutMs: 5000, retries: 2, backoffMs: 20, ...extra });

describe('fetchDataset against a DCAT-AP portal on loopback', () => {
  it('resolves a dataset IRI: its metadata, distributions and quality measurements', async () => {
    const out = await fetchDataset(resolveLink(`${DS}basisregistratie-adressen-en-gebouwen-bag`), opts(endpoint));
    expect(out.status).toBe('resolved');
    if (out.status !== 'resolved') return;
    expect(out.canonical).toBe(`${DS}basisregistratie-adressen-en-gebouwen-bag`);
    const preds = new Set(out.quads.filter((q) => q.subject.value === out.canonical).map((q) => q.predicate.value.replace(/.*[/#]/, '')));
    for (const p of ['title', 'description', 'publisher', 'accessRights', 'theme', 'distribution', 'hasQualityMeasurement', 'contactPoint']) expect(preds).toContain(p);
    // One level below: the distribution's licence, the publisher's name, the measurements' values.
    expect(out.quads.some((q) => q.predicate.value === 'http://purl.org/dc/terms/license')).toBe(true);
    expect(out.quads.some((q) => q.predicate.value === 'http://xmlns.com/foaf/0.1/name' && q.object.value === 'Kadaster')).toBe(true);
    expect(out.quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dqv#value')).toHaveLength(2);
    expect(out.attempts).toBe(1);
  });

  it('resolves a landing page with ?locale= and leaves the machine translations out', async () => {
    const out = await fetchDataset(resolveLink('https://data.europa.eu/data/datasets/luchtfoto-schade-europa-2010-2024?locale=de'), opts(endpoint));
    expect(out.status).toBe('resolved');
    if (out.status !== 'resolved') return;
    const titles = out.quads.filter((q) => q.predicate.value === 'http://purl.org/dc/terms/title').map((q) => `${q.object.value}@${q.object.termType === 'Literal' ? q.object.language : ''}`);
    expect(titles).toEqual(["Gelabelde luchtfoto's van storm- en overstromingsschade 2010-2024@nl"]);
    expect(out.quads.some((q) => q.object.termType === 'Literal' && q.object.language.includes('-t-'))).toBe(false);
    expect(out.quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#keyword')).toHaveLength(1);
  });

  it('finds a dataset harvested from another portal by its landing page there', async () => {
    const out = await fetchDataset(resolveLink('https://data.overheid.nl/dataset/verkeersintensiteiten-utrecht'), opts(endpoint));
    expect(out).toMatchObject({ status: 'resolved', canonical: `${DS}verkeersintensiteiten-utrecht~~1` });
  });

  it('says not found for a dataset the portal does not have, by IRI or by landing page', async () => {
    const byIri = await fetchDataset(resolveLink(`${DS}no-such-dataset`), opts(endpoint));
    expect(byIri).toMatchObject({ status: 'not-found', canonical: `${DS}no-such-dataset`, attempts: 1 });
    expect(byIri.message).toMatch(/has no dataset <http:\/\/data\.europa\.eu\/88u\/dataset\/no-such-dataset>/);
    const byPage = await fetchDataset(resolveLink('https://data.overheid.nl/dataset/nothing'), opts(endpoint));
    expect(byPage).toMatchObject({ status: 'not-found', canonical: null });
  });

  it('says unreachable for a closed port, after the bounded retries', async () => {
    const out = await fetchDataset(resolveLink(`${DS}basisregistratie-adressen-en-gebouwen-bag`), opts(closedEndpoint, { retries: 2 }));
    expect(out.status).toBe('unreachable');
    expect(out.attempts).toBe(3);
    expect(out.message).toMatch(/cannot be reached \(ECONNREFUSED\) \(3 attempts\)/);
  });

  it('says timeout for a portal slower than the timeout, retrying a bounded number of times with backoff', async () => {
    slow.requests = 0;
    const t0 = Date.now();
    const out = await fetchDataset(resolveLink(`${DS}basisregistratie-adressen-en-gebouwen-bag`), opts(slow.url, { timeoutMs: 250, retries: 2, backoffMs: 50 }));
    const took = Date.now() - t0;
    expect(out.status).toBe('timeout');
    expect(out.message).toMatch(/did not answer within 250 ms \(3 attempts\)/);
    expect(slow.requests).toBe(3);
    // Three timeouts plus backoff of 50 + 100 ms; waiting for the portal would take 3 × 5 s.
    expect(took).toBeGreaterThanOrEqual(3 * 250 + 150);
    expect(took).toBeLessThan(9000);
  });

  it('says invalid metadata, once and without retrying, for a garbage answer with a SPARQL results content type', async () => {
    garbage.requests = 0;
    const byIri = await fetchDataset(resolveLink(`${DS}basisregistratie-adressen-en-gebouwen-bag`), opts(garbage.url));
    expect(byIri.status).toBe('invalid-metadata');
    expect(byIri.message).toMatch(/gave an answer that is not valid SPARQL results or RDF/);
    const byPage = await fetchDataset(resolveLink('https://data.overheid.nl/dataset/verkeersintensiteiten-utrecht'), opts(garbage.url));
    expect(byPage.status).toBe('invalid-metadata');
    expect(byPage.message).toMatch(/not valid SPARQL results or RDF/);
    expect(garbage.requests).toBe(2);
  });

  it('says invalid metadata when the portal describes the IRI but not as a dcat:Dataset', async () => {
    const out = await fetchDataset(resolveLink(`${DS}x`), opts(endpoint), undefined);
    expect(out.status).toBe('not-found');
    // The publisher agent exists in the portal, but is not a dataset.
    const agent = await fetchDataset({ original: 'https://example.org/portal/agent/kadaster', canonical: 'https://example.org/portal/agent/kadaster', kind: 'other' }, opts(endpoint));
    expect(agent.status).toBe('invalid-metadata');
    expect(agent.message).toMatch(/not as a dcat:Dataset/);
  });
});

describe('the register server: GET /links, POST /links/refresh, datasets in GET /systems/{id}', () => {
  let server: RunningServer;
  const dataDir = join(tmp, 'register-data');
  beforeAll(async () => {
    server = await startTestServer({ seed: SEED, dataDir, base: 'https://register.example.eu/', workers: 1, links: { portal: { endpoint, retries: 1, backoffMs: 20, timeoutMs: 5000 } } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('lists the links as unchecked before any refresh, with the derived statements already in the portal graph', async () => {
    const r = await fetch(`${server.url}links`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { endpoint: string; total: number; links: { status: string }[] };
    expect(body.endpoint).toBe(endpoint);
    expect(body.total).toBe(4);
    expect(body.links.every((l) => l.status === 'unchecked')).toBe(true);
    const used = await sparqlJson(server.url, `SELECT ?use ?ds WHERE { GRAPH <https://w3id.org/algoreg/graph/portal> { ?use <http://www.w3.org/ns/prov#used> ?ds } }`);
    expect(used.results!.bindings.map((b) => [b.use.value, b.ds.value])).toEqual([['https://register.example.eu/use/veiligheidsregio-damagescope', `${DS}basisregistratie-adressen-en-gebouwen-bag`]]);
  });

  it('refuses a refresh without a token', async () => {
    expect((await fetch(`${server.url}links/refresh`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${server.url}systems/skyward-damagescope/links/refresh`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${server.url}links/refresh`)).status).toBe(405);
  });

  it('refreshes one system\'s links, then all, and shows them under datasets in GET /systems/{id}', async () => {
    const one = await fetch(`${server.url}systems/skyward-damagescope/links/refresh`, { method: 'POST', headers: AUTH });
    expect(one.status).toBe(200);
    const oneBody = (await one.json()) as { total: number; statuses: Record<string, number> };
    expect(oneBody).toMatchObject({ total: 2, statuses: { resolved: 2 } });
    expect((await fetch(`${server.url}systems/no-such-system/links/refresh`, { method: 'POST', headers: AUTH })).status).toBe(404);

    const all = await fetch(`${server.url}links/refresh`, { method: 'POST', headers: AUTH });
    expect(((await all.json()) as { statuses: Record<string, number> }).statuses).toEqual({ resolved: 4 });

    const sys = (await (await fetch(`${server.url}systems/skyward-damagescope`)).json()) as { datasets: Array<Record<string, unknown> & { quality: Record<string, unknown>; role: { name: string } }> };
    expect(sys.datasets.map((d) => d.role.name)).toEqual(['reference', 'training']);
    const [bag, photos] = sys.datasets;
    expect(bag).toMatchObject({ status: 'resolved', canonical: `${DS}basisregistratie-adressen-en-gebouwen-bag`, title: 'Key register of addresses and buildings (BAG)', source: endpoint });
    expect(bag.quality).toMatchObject({ checked: true, violations: 0, warnings: 0, missingMandatory: [], missingRecommended: [], hasLicence: true, hasAccessRights: true });
    expect(photos).toMatchObject({
      originalLink: 'https://data.europa.eu/data/datasets/luchtfoto-schade-europa-2010-2024?locale=en',
      canonical: `${DS}luchtfoto-schade-europa-2010-2024`,
      title: "Gelabelde luchtfoto's van storm- en overstromingsschade 2010-2024",
      accessRights: 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED',
    });
    expect(typeof photos.retrievedAt).toBe('string');
    const signalis = (await (await fetch(`${server.url}systems/signalis-flowsignal`)).json()) as { datasets: Array<{ quality: { violations: number; missingMandatory: string[] } }> };
    expect(signalis.datasets[0].quality.violations).toBe(1);
    expect(signalis.datasets[0].quality.missingMandatory).toEqual(['http://purl.org/dc/terms/description']);
  });

  it('shows each link on the system page: role, dataset, licence, lookup status and the quality of its metadata', async () => {
    const page = async (id: string, lang = 'en') => {
      const r = await fetch(`${server.url}system/${id}?lang=${lang}`, { headers: { accept: 'text/html' } });
      expect(r.status).toBe(200);
      const html = await r.text();
      return /<section aria-labelledby="s-datasets">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    };
    const rows = (section: string) => [...section.matchAll(/<tr><th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => ({ role: m[1], cells: m[2] }));
    const damage = rows(await page('skyward-damagescope'));
    expect(damage.map((r) => r.role)).toEqual(['Reference data', 'Training data']);
    expect(damage[0].cells).toContain('Key register of addresses and buildings (BAG)');
    expect(damage[0].cells).toContain(`<code>${DS}basisregistratie-adressen-en-gebouwen-bag</code>`);
    expect(damage[0].cells).toContain('>CC0</abbr>');
    expect(damage[0].cells).toContain('Resolved');
    expect(damage[0].cells).toMatch(/<strong>100%<\/strong>/);
    expect(damage[0].cells).toContain('0 violations, 0 warnings');
    // the landing page given is kept next to the canonical IRI; the title shows in its own language
    expect(damage[1].cells).toContain('luchtfoto-schade-europa-2010-2024?locale=en');
    expect(damage[1].cells).toContain('<span lang="nl">Gelabelde luchtfoto');
    // incomplete metadata: the missing mandatory property is named
    const signalis = rows(await page('signalis-flowsignal'))[0].cells;
    expect(signalis).toContain('1 violations');
    expect(signalis).toMatch(/mandatory, missing: <abbr title="http:\/\/purl.org\/dc\/terms\/description">description<\/abbr>/);
    expect(signalis).toContain('no licence stated');
    // in Dutch: role and status labels from the ontology
    const dutch = rows(await page('skyward-damagescope', 'nl'));
    expect(dutch.map((r) => r.role)).toEqual(['Referentiedata', 'Trainingsdata']);
    expect(dutch[0].cells).toContain('Gevonden');
  });

  it('publishes the metadata, provenance and MLDCAT-AP links in the portal graph, without machine translations', async () => {
    const q = (body: string) => sparqlJson(server.url, `PREFIX dct: <http://purl.org/dc/terms/> PREFIX it6: <http://data.europa.eu/it6/> PREFIX ar: <https://w3id.org/algoreg/ns#> PREFIX prov: <http://www.w3.org/ns/prov#>
      SELECT * WHERE { GRAPH <https://w3id.org/algoreg/graph/portal> { ${body} } } ORDER BY ?x`);
    const trained = await q(`<${SKY}> it6:trainedOn ?x`);
    expect(trained.results!.bindings.map((b) => b.x.value)).toEqual([`${DS}luchtfoto-schade-europa-2010-2024`]);
    const titles = await q(`<${DS}luchtfoto-schade-europa-2010-2024> dct:title ?x`);
    expect(titles.results!.bindings).toHaveLength(1);
    const prov = await q(`?l ar:resolvedDataset <${DS}basisregistratie-adressen-en-gebouwen-bag> ; ar:linkStatus ?x ; prov:generatedAtTime ?t ; dct:source ?src ; ar:originalLink ?o`);
    expect(prov.results!.bindings.map((b) => [b.x.value, b.src.value])).toEqual([['https://w3id.org/algoreg/ns#LinkResolved', endpoint]]);
  });

  it('keeps the cache durable, and serves it offline when the portal is gone', async () => {
    expect(existsSync(join(dataDir, 'portal.json'))).toBe(true);
    await server.close();
    server = await startTestServer({ dataDir, base: 'https://register.example.eu/', workers: 1, links: { portal: { endpoint: closedEndpoint, retries: 0, timeoutMs: 2000 } } });
    const before = (await (await fetch(`${server.url}systems/skyward-damagescope`)).json()) as { datasets: Array<{ status: string; title: string; retrievedAt: string }> };
    expect(before.datasets.map((d) => d.status)).toEqual(['resolved', 'resolved']);
    const refresh = await fetch(`${server.url}links/refresh`, { method: 'POST', headers: AUTH });
    expect(((await refresh.json()) as { statuses: Record<string, number> }).statuses).toEqual({ unreachable: 4 });
    const after = (await (await fetch(`${server.url}systems/skyward-damagescope`)).json()) as { datasets: Array<{ status: string; title: string; retrievedAt: string; message: string }> };
    expect(after.datasets.map((d) => d.status)).toEqual(['unreachable', 'unreachable']);
    expect(after.datasets.map((d) => d.title)).toEqual(before.datasets.map((d) => d.title));
    expect(after.datasets.map((d) => d.retrievedAt)).toEqual(before.datasets.map((d) => d.retrievedAt));
    expect(after.datasets[0].message).toMatch(/cannot be reached/);
    const cached = JSON.parse(readFileSync(join(dataDir, 'portal.json'), 'utf8')) as { datasets: Record<string, unknown> };
    expect(Object.keys(cached.datasets).sort()).toEqual([`${DS}basisregistratie-adressen-en-gebouwen-bag`, `${DS}detector-counts-intersections-2019-2024`, `${DS}luchtfoto-schade-europa-2010-2024`]);
    const titles = await sparqlJson(server.url, `SELECT ?t WHERE { GRAPH <https://w3id.org/algoreg/graph/portal> { <${DS}basisregistratie-adressen-en-gebouwen-bag> <http://purl.org/dc/terms/title> ?t } }`);
    expect(titles.results!.bindings).toHaveLength(2);
  });
});
