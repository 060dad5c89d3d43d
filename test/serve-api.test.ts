import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { Parser, Store } from 'n3';
import oxigraph from 'oxigraph';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { RunningServer } from '../src/serve/server.js';
import { GRAPH } from '../src/store/graph-store.js';
import { defaultClassifier } from '../src/reason/index.js';
import type { GraphContent } from '../src/serve/store-ops.js';
import { startSampleServer, startTestServer, sparqlJson, tripleCount, AUTH, TOKEN_BOB } from './helpers/server.js';
import { startTripwire } from './helpers/tripwire.js';

const AR = 'https://w3id.org/algoreg/ns#';
const fixture = (name: string) => readFile(new URL(`./fixtures/serve/${name}`, import.meta.url), 'utf8');
const schema = JSON.parse(await readFile(new URL('../schemas/classification.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validRun = ajv.compile(schema);
const validSystem = ajv.getSchema('https://w3id.org/algoreg/schemas/classification.schema.json#/$defs/system')!;

let server: RunningServer;
let base: string;
beforeAll(async () => {
  server = await startSampleServer();
  base = server.url;
});
afterAll(async () => {
  await server?.close();
});

interface Item { id: string | null; iri: string; riskTier: string; annexIII: string[]; organisations: { iri: string; roles: string[] }[] }
const list = async (query: string) => {
  const r = await fetch(`${base}systems${query}`);
  expect(r.status).toBe(200);
  return { res: r, body: (await r.json()) as { total: number; offset: number; limit: number; next: string | null; items: Item[] } };
};
const put = (id: string, body: string, type = 'text/turtle', headers: Record<string, string> = AUTH) => fetch(`${base}systems/${id}`, { method: 'PUT', headers: { 'content-type': type, ...headers }, body });

describe('GET /systems', () => {
  it('lists every classified system, paginated', async () => {
    const all = await list('?limit=1000');
    expect(all.body.total).toBe(server.register.classifications.size);
    expect(all.body.items.map((i) => i.iri)).toEqual([...server.register.classifications.keys()].sort());
    const page = await list('?limit=5&offset=5');
    expect(page.body.items.map((i) => i.iri)).toEqual(all.body.items.slice(5, 10).map((i) => i.iri));
    expect(page.body.next).toBe('/systems?limit=5&offset=10');
    expect(page.res.headers.get('link')).toContain('rel="next"');
    expect(page.res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('filters by tier, organisation, role and Annex III point', async () => {
    const all = (await list('?limit=1000')).body.items;
    const high = await list('?tier=high-risk&limit=1000');
    expect(high.body.total).toBe(all.filter((i) => i.riskTier === 'high-risk').length);
    expect(high.body.total).toBeGreaterThan(3);
    const two = await list('?tier=prohibited,minimal&limit=1000');
    expect(two.body.items.every((i) => ['prohibited', 'minimal'].includes(i.riskTier))).toBe(true);
    const rotterdam = await list('?organisation=gemeente-rotterdam&limit=1000');
    expect(rotterdam.body.total).toBeGreaterThan(0);
    expect(rotterdam.body.items.every((i) => i.organisations.some((o) => o.iri.endsWith('/gemeente-rotterdam')))).toBe(true);
    const byIri = await list(`?organisation=${encodeURIComponent('https://register.example.eu/org/gemeente-rotterdam')}&limit=1000`);
    expect(byIri.body.total).toBe(rotterdam.body.total);
    const deployers = await list('?organisation=gemeente-rotterdam&role=deployer&limit=1000');
    expect(deployers.body.items.every((i) => i.organisations.some((o) => o.iri.endsWith('/gemeente-rotterdam') && o.roles.includes('deployer')))).toBe(true);
    const area5 = await list('?annexIII=5&limit=1000');
    expect(area5.body.total).toBeGreaterThan(0);
    expect(area5.body.items.every((i) => i.annexIII.some((p) => p.startsWith('5(')))).toBe(true);
    const point = await list('?annexIII=5(a)&limit=1000');
    expect(point.body.items.every((i) => i.annexIII.includes('5(a)'))).toBe(true);
  });

  it('answers 400 to an unknown filter value', async () => {
    for (const q of ['?tier=risky', '?role=boss', '?limit=0', '?offset=-1']) {
      const r = await fetch(`${base}systems${q}`);
      expect(r.status, q).toBe(400);
      expect(((await r.json()) as { error: string }).error).toBeTruthy();
    }
  });
});

describe('GET /systems/{id}, obligations and the system IRI', () => {
  it('gives the record and a classification that follows the published schema', async () => {
    const r = await fetch(`${base}systems/rotterdam-bijzondere-bijstand`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { iri: string; record: { graph: string; by: string }; classification: { riskTier: string } };
    expect(body.iri).toBe('https://register.example.eu/system/rotterdam-bijzondere-bijstand');
    expect(body.record.graph).toBe('https://register.example.eu/graph/system/rotterdam-bijzondere-bijstand');
    expect(body.record.by).toBe('seed');
    expect(validSystem(body.classification), JSON.stringify(validSystem.errors)).toBe(true);
    expect(body.classification.riskTier).toBe('high-risk');
    expect((await fetch(`${base}systems/no-such-system`)).status).toBe(404);
    expect((await fetch(`${base}systems/bad%20id`)).status).toBe(400);
  });

  it('lists the obligations of a system, filterable', async () => {
    const r = await fetch(`${base}systems/rotterdam-bijzondere-bijstand/obligations`);
    const body = (await r.json()) as { total: number; obligations: { provisionIri: string; role: string; organisation: string }[] };
    expect(body.total).toBeGreaterThan(5);
    expect(body.obligations.every((o) => o.provisionIri.startsWith('https://w3id.org/algoreg/law/'))).toBe(true);
    const providers = (await (await fetch(`${base}systems/rotterdam-bijzondere-bijstand/obligations?role=provider`)).json()) as typeof body;
    expect(providers.total).toBeGreaterThan(0);
    expect(providers.obligations.every((o) => o.role === 'provider')).toBe(true);
  });

  it('dereferences the system IRI with content negotiation', async () => {
    const path = `${base}system/selectia-hiresift`;
    const iri = 'https://register.example.eu/system/selectia-hiresift';
    const turtle = await fetch(path, { headers: { accept: 'text/turtle' } });
    expect(turtle.status).toBe(200);
    expect(turtle.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(turtle.headers.get('vary')).toMatch(/accept/i);
    const store = new Store(new Parser().parse(await turtle.text()));
    expect(store.getQuads(iri, `${AR}classification`, null, null)).toHaveLength(1);
    expect(store.getQuads(iri, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `${AR}AISystem`, null)).toHaveLength(1);
    expect(store.getQuads(null, `${AR}system`, iri, null).length).toBeGreaterThan(3);
    // The uses described in other records (Amsterdam's, Stockholm's) come along.
    expect(store.getQuads(null, `${AR}usesSystem`, iri, null).length).toBeGreaterThan(0);
    const nt = await fetch(path, { headers: { accept: 'application/n-triples' } });
    expect(new Store(new Parser({ format: 'N-Triples' }).parse(await nt.text())).size).toBe(store.size);
    const ld = await fetch(path, { headers: { accept: 'application/ld+json' } });
    expect(JSON.stringify(await ld.json())).toContain(iri);
    const xml = await fetch(path, { headers: { accept: 'application/rdf+xml' } });
    expect(await xml.text()).toContain('<rdf:RDF');
    const html = await fetch(path, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain('HireSift');
    expect(page).toContain('high-risk');
    expect((await fetch(path)).headers.get('content-type')).toMatch(/^text\/turtle/);
    expect((await fetch(path, { headers: { accept: 'image/png' } })).status).toBe(406);
    expect((await fetch(`${base}system/unknown-thing`)).status).toBe(404);
  });

  it('serves the OpenAPI document, the JSON-LD context and an index', async () => {
    const doc = (await (await fetch(`${base}openapi.json`)).json()) as { openapi: string; paths: Record<string, object> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/sparql', '/systems', '/systems/{id}', '/systems/{id}/obligations', '/systems/{id}/history', '/system/{id}', '/validate', '/classify']) expect(doc.paths).toHaveProperty(p);
    const schemaDoc = await fetch(`${base}schemas/classification.schema.json`);
    expect(((await schemaDoc.json()) as { $defs: object }).$defs).toHaveProperty('system');
    const ctx = await fetch(`${base}context.jsonld`);
    expect(ctx.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    expect(await ctx.json()).toHaveProperty('@context');
    const index = (await (await fetch(base)).json()) as { systems: number; links: { sparql: string } };
    expect(index.systems).toBe(server.register.classifications.size);
    expect(index.links.sparql).toBe('/sparql');
  });
});

describe('writes', () => {
  it('accept every sample record again as it is stored (the gate sees the register around it)', async () => {
    const refused: string[] = [];
    // PUT /systems/{id} takes records that describe system {id} (others hold uses or organisations)
    const systems = [...server.register.durable.records.values()].filter((r) => server.register.classifications.has(server.register.systemIri(r.id)));
    expect(systems.length).toBeGreaterThan(10);
    for (const r of systems) {
      const res = await put(r.id, r.ntriples, 'application/n-triples');
      if (res.status !== 200) refused.push(`${r.id}: ${res.status} ${(await res.text()).slice(0, 1200)}`);
    }
    expect(refused).toEqual([]);
  });

  it('need a valid bearer token: 401 otherwise, and nothing changes', async () => {
    const body = await fixture('system.ttl');
    const before = await tripleCount(base);
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: 'Basic YWxpY2U6eA==' }] as Record<string, string>[]) {
      const r = await put('unauthorised', body, 'text/turtle', headers);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await fetch(`${base}systems/selectia-hiresift`, { method: 'DELETE' })).status).toBe(401);
    expect(await tripleCount(base)).toBe(before);
    expect((await fetch(`${base}systems/unauthorised`)).status).toBe(404);
  });

  it('PUT validates, classifies and stores: 201, then 200; the history names the token', async () => {
    const body = await fixture('system.ttl');
    const created = await put('housing-precheck', body);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/systems/housing-precheck');
    const c = (await created.json()) as { status: string; iri: string; classification: { riskTier: string; annexIII: string[] }; validation: { conforms: boolean } };
    expect(c.status).toBe('created');
    expect(c.iri).toBe('https://register.example.eu/system/housing-precheck');
    expect(c.classification.riskTier).toBe('high-risk');
    expect(c.classification.annexIII).toContain('5(a)');
    expect(validSystem(c.classification)).toBe(true);
    expect(c.validation.conforms).toBe(true);

    const replaced = await put('housing-precheck', body.replace('Housing benefit pre-check', 'Housing benefit check'), 'text/turtle', { authorization: `Bearer ${TOKEN_BOB}` });
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as { status: string }).status).toBe('replaced');

    const history = (await (await fetch(`${base}systems/housing-precheck/history`)).json()) as { entries: { by: string; status: string; riskTier: string }[] };
    expect(history.entries.map((e) => [e.by, e.status, e.riskTier])).toEqual([['alice', 'created', 'high-risk'], ['bob', 'replaced', 'high-risk']]);

    // The endpoint sees the new record graph and its derived classification.
    const iri = 'https://register.example.eu/system/housing-precheck';
    const r = await sparqlJson(base, `SELECT ?label ?tier WHERE { GRAPH <${server.register.recordGraph('housing-precheck')}> { <${iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?label } GRAPH <${GRAPH.derived}> { ?c <${AR}system> <${iri}> ; <${AR}riskTier> ?tier } }`);
    expect(r.results!.bindings.map((b) => [b.label.value, b.tier.value])).toEqual([['Housing benefit check', `${AR}TierHighRisk`]]);
    expect(((await (await fetch(`${base}systems?tier=high-risk&limit=1000`)).json()) as { items: Item[] }).items.map((i) => i.id)).toContain('housing-precheck');
  });

  it('PUT takes JSON-LD with the algoreg context', async () => {
    const r = await put('waste-routes', await fixture('system.jsonld'), 'application/ld+json');
    expect(r.status).toBe(201);
    const body = (await r.json()) as { classification: { label: string; riskTier: string } };
    expect(body.classification.label).toBe('Waste route planner');
    expect(body.classification.riskTier).toBe('minimal');
  });

  it('422: a description with a Violation gets the report, and the store is unchanged', async () => {
    const before = await tripleCount(base);
    const systemsBefore = server.register.classifications.size;
    const r = await put('nameless', await fixture('violation.ttl'));
    expect(r.status).toBe(422);
    const body = (await r.json()) as { error: string; report: { conforms: boolean; results: { severity: string; focusNode: string; path: string }[] } };
    expect(body.report.conforms).toBe(false);
    expect(body.report.results).toContainEqual(expect.objectContaining({ severity: 'Violation', focusNode: 'https://register.example.eu/system/nameless', path: 'http://www.w3.org/2000/01/rdf-schema#label' }));
    expect(await tripleCount(base)).toBe(before);
    expect(server.register.classifications.size).toBe(systemsBefore);
    expect((await fetch(`${base}systems/nameless`)).status).toBe(404);
    expect((await fetch(`${base}systems/nameless/history`)).status).toBe(404);
    expect((await sparqlJson(base, `ASK { GRAPH <${server.register.recordGraph('nameless')}> { ?s ?p ?o } }`)).boolean).toBe(false);
  });

  it('422 when the body does not describe the system it is sent for; 400, 415 and 413 for bad bodies', async () => {
    const other = (await fixture('system.ttl')).replace('<> a ar:AISystem', '<https://elsewhere.example/system/x> a ar:AISystem').replace(/ar:roleAssignment \[[^\]]*\] \./s, '.');
    const wrong = await put('not-this-one', other);
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/does not describe <https:\/\/register\.example\.eu\/system\/not-this-one>/);
    const broken = await put('broken', '<> a <https://w3id.org/algoreg/ns#AISystem> ;\n  <x> .');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/request body:2/);
    expect((await put('plain', 'hello', 'text/plain')).status).toBe(415);
    const huge = await put('huge', `# ${'x'.repeat(1_100_000)}\n`);
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toMatch(/1,048,576 bytes/);
  });

  it('never fetches a remote JSON-LD context', async () => {
    const wire = await startTripwire();
    try {
      const body = JSON.stringify({ '@context': `${wire.url}/context.jsonld`, '@id': '', name: 'x' });
      const r = await put('remote-context', body, 'application/ld+json');
      expect(r.status).toBe(400);
      expect(wire.hits()).toBe(0);
      const v = await fetch(`${base}validate`, { method: 'POST', headers: { 'content-type': 'application/ld+json' }, body });
      expect(v.status).toBe(400);
      expect(wire.hits()).toBe(0);
    } finally {
      await wire.close();
    }
  });

  it('reclassifies the systems another record changes', async () => {
    // A second record adds a use of housing-precheck by another city.
    const use = `@prefix ar: <${AR}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
      <> a ar:AlgorithmicSystem ; rdfs:label "Neighbour city's register entry"@en ; ar:responsibleOrganisation <https://neighbour.example.org/org/city> ;
        ar:isAISystem false ; ar:scopeExclusion ar:NoScopeExclusion .
      <https://neighbour.example.org/use/precheck> a ar:SystemUse ; rdfs:label "Neighbour's use"@en ;
        ar:usesSystem <https://register.example.eu/system/housing-precheck> ; ar:usedBy <https://neighbour.example.org/org/city> .
      <https://neighbour.example.org/org/city> a ar:Organisation ; rdfs:label "Neighbour City"@en ; ar:organisationKind ar:PublicAuthority ; ar:establishedInEU true .`;
    const r = await put('neighbour-entry', use);
    expect(r.status, await r.clone().text()).toBe(201);
    const out = (await r.json()) as { reclassified: string[] };
    expect(out.reclassified).toContain('https://register.example.eu/system/housing-precheck');
    const sys = (await (await fetch(`${base}systems/housing-precheck`)).json()) as { classification: { roles: { organisation: string; role: string }[] } };
    expect(sys.classification.roles).toContainEqual(expect.objectContaining({ organisation: 'https://neighbour.example.org/org/city', role: 'deployer' }));
    // Removing the record takes the neighbour's role away again.
    const del = await fetch(`${base}systems/neighbour-entry`, { method: 'DELETE', headers: AUTH });
    expect(del.status).toBe(200);
    const after = (await (await fetch(`${base}systems/housing-precheck`)).json()) as typeof sys;
    expect(after.classification.roles.some((x) => x.organisation === 'https://neighbour.example.org/org/city')).toBe(false);
  });

  it('DELETE removes the record, its graph and its derived classification', async () => {
    const iri = 'https://register.example.eu/system/waste-routes';
    const r = await fetch(`${base}systems/waste-routes`, { method: 'DELETE', headers: AUTH });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { status: string }).status).toBe('deleted');
    expect((await fetch(`${base}systems/waste-routes`)).status).toBe(404);
    expect((await sparqlJson(base, `ASK { { GRAPH <${server.register.recordGraph('waste-routes')}> { ?s ?p ?o } } UNION { GRAPH <${GRAPH.derived}> { ?c <${AR}system> <${iri}> } } }`)).boolean).toBe(false);
    const history = (await (await fetch(`${base}systems/waste-routes/history`)).json()) as { entries: { status: string }[] };
    expect(history.entries.map((e) => e.status)).toEqual(['created', 'deleted']);
    expect((await fetch(`${base}systems/waste-routes`, { method: 'DELETE', headers: AUTH })).status).toBe(404);
  });

  it('serialises concurrent writes: every one is acknowledged with its own version', async () => {
    const body = await fixture('system.ttl');
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => put(`parallel-${i % 4}`, body.replace('Housing benefit pre-check', `Parallel ${i}`))));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201, 201, 201, 201]);
    const versions = await Promise.all(rs.map(async (r) => ((await r.json()) as { version: number }).version));
    expect(new Set(versions).size).toBe(8);
    const sorted = [...versions].sort((a, b) => a - b);
    expect(sorted[7] - sorted[0]).toBe(7);
  });

  it('classifies after each write exactly as a classification of the whole register would', async () => {
    const full = await defaultClassifier().classifyStore(server.register.main, { base: server.register.derivedBase });
    expect(full.systems.map((s) => s.iri)).toEqual([...server.register.classifications.keys()].sort());
    for (const sys of full.systems) expect(server.register.classifications.get(sys.iri), sys.iri).toEqual(sys);
  });

  it('keeps the derived graph of every query worker equal to one built from scratch', async () => {
    const graphs: GraphContent[] = [];
    await server.register.snapshot((g) => graphs.push(...g));
    // Both sides written by Oxigraph, which writes literals in their canonical form.
    const scratch = new oxigraph.Store();
    for (const g of graphs.filter((x) => x.graph === GRAPH.derived)) for (const c of g.chunks) scratch.load(c, { format: 'application/n-triples' });
    const lines = (text: string) => new Set(text.split('\n').filter(Boolean));
    const expected = lines(scratch.dump({ format: 'application/n-triples', from_graph_name: oxigraph.defaultGraph() }));
    // the register's own count of its triples, kept by each write without counting the stores (the
    // portal graph of dataset links is counted in size() too, outside the main store)
    const portal = graphs.filter((x) => x.graph === GRAPH.portal).flatMap((g) => g.chunks.join('').split('\n').filter(Boolean)).length;
    expect(server.register.size()).toBe(server.register.main.size() + expected.size + portal);
    // Two at a time, so that both query workers answer.
    const dump = () => fetch(`${base}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/n-triples' }, body: `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${GRAPH.derived}> { ?s ?p ?o } }` }).then((r) => r.text());
    for (let i = 0; i < 2; i++) {
      for (const text of await Promise.all([dump(), dump()])) {
        const actual = lines(text);
        expect([...actual].filter((l) => !expected.has(l)).slice(0, 5)).toEqual([]);
        expect(actual.size).toBe(expected.size);
      }
    }
  });
});

describe('dry runs', () => {
  it('POST /validate reports without storing', async () => {
    const before = await tripleCount(base);
    const bad = await fetch(`${base}validate`, { method: 'POST', headers: { 'content-type': 'text/turtle' }, body: await fixture('violation.ttl') });
    expect(bad.status).toBe(200);
    expect(((await bad.json()) as { conforms: boolean }).conforms).toBe(false);
    const good = await fetch(`${base}validate`, { method: 'POST', headers: { 'content-type': 'text/turtle' }, body: (await fixture('system.ttl')).replace(/^<> /m, '<https://register.example.eu/system/dry> ') });
    expect(((await good.json()) as { conforms: boolean }).conforms).toBe(true);
    expect(await tripleCount(base)).toBe(before);
  });

  it('POST /classify classifies in the context of the register without storing', async () => {
    const before = await tripleCount(base);
    const systems = server.register.classifications.size;
    const r = await fetch(`${base}classify`, { method: 'POST', headers: { 'content-type': 'text/turtle' }, body: (await fixture('system.ttl')).replace(/^<> /m, '<https://register.example.eu/system/dry> ') });
    expect(r.status).toBe(200);
    const run = (await r.json()) as { systems: { iri: string; riskTier: string }[] };
    expect(validRun(run), JSON.stringify(validRun.errors)).toBe(true);
    expect(run.systems.map((s) => [s.iri, s.riskTier])).toEqual([['https://register.example.eu/system/dry', 'high-risk']]);
    expect(await tripleCount(base)).toBe(before);
    expect(server.register.classifications.size).toBe(systems);
    // As a new version of an existing record: the old version does not count.
    const asNew = await fetch(`${base}classify?replaces=rotterdam-bijzondere-bijstand`, { method: 'POST', headers: { 'content-type': 'application/ld+json' }, body: await fixture('system.jsonld') });
    const asNewRun = (await asNew.json()) as typeof run;
    expect(asNewRun.systems.find((s) => s.iri.endsWith('/rotterdam-bijzondere-bijstand'))?.riskTier).toBe('minimal');
    expect(server.register.classifications.get(server.register.systemIri('rotterdam-bijzondere-bijstand'))?.riskTier).toBe('high-risk');
  });
});

describe('malformed requests', () => {
  it('get a 4xx and leave the server up', async () => {
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(base);
        const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await raw('/systems', { host: 'bad host name' })).toBe(400);
    expect(await raw('/systems/%E0%A4%A', {})).toBe(400);
    expect(await raw('/system/%ZZ', {})).toBe(400);
    expect(await raw('/nowhere', {})).toBe(404);
    expect((await fetch(`${base}systems`)).status).toBe(200);
  });
});

describe('the size ceiling', () => {
  it('refuses a write past it with 507, and a start past it', async () => {
    const small = await startTestServer({ seed: [new URL('./fixtures/serve/system.ttl', import.meta.url).pathname], base: 'https://r.example/' });
    const size = small.register.size();
    await small.close();
    const capped = await startTestServer({ seed: [new URL('./fixtures/serve/system.ttl', import.meta.url).pathname], base: 'https://r.example/', maxTriples: size + 5 });
    try {
      const r = await fetch(`${capped.url}systems/another`, { method: 'PUT', headers: { ...AUTH, 'content-type': 'text/turtle' }, body: await fixture('system.ttl') });
      expect(r.status).toBe(507);
      expect(((await r.json()) as { error: string }).error).toMatch(/past its ceiling of/);
    } finally {
      await capped.close();
    }
    await expect(startTestServer({ seed: [new URL('./fixtures/serve/system.ttl', import.meta.url).pathname], base: 'https://r.example/', maxTriples: 100 })).rejects.toThrow(/past its ceiling of 100/);
  });
});
