import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Parser, Store } from 'n3';
import type { RunningServer } from '../src/serve/server.js';
import { GRAPH } from '../src/store/graph-store.js';
import { exampleQueries } from '../src/serve/example-queries.js';
import { startSampleServer, sparqlJson } from './helpers/server.js';

const AR = 'https://w3id.org/algoreg/ns#';
const SELECT = `PREFIX ar: <${AR}> SELECT ?system ?tier WHERE { ?c a ar:Classification ; ar:system ?system ; ar:riskTier ?tier } ORDER BY ?system`;
const CONSTRUCT = `PREFIX ar: <${AR}> CONSTRUCT { ?system ar:riskTier ?tier } WHERE { ?c a ar:Classification ; ar:system ?system ; ar:riskTier ?tier }`;

let server: RunningServer;
let base: string;
let systems: number;

beforeAll(async () => {
  server = await startSampleServer({ maxResultBytes: 1024 * 1024 });
  base = server.url;
  systems = server.register.classifications.size;
});
afterAll(async () => {
  await server?.close();
});

const get = (query: string, headers: Record<string, string> = {}) => fetch(`${base}sparql?query=${encodeURIComponent(query)}`, { headers });
const postForm = (body: string, headers: Record<string, string> = {}) => fetch(`${base}sparql`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
const postDirect = (query: string, headers: Record<string, string> = {}) => fetch(`${base}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', ...headers }, body: query });

describe('SPARQL 1.1 Protocol: query operation', () => {
  it('answers GET, POST with a form and POST with a direct query alike', async () => {
    const answers = await Promise.all([get(SELECT), postForm(`query=${encodeURIComponent(SELECT)}`), postDirect(SELECT)]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    for (const r of answers) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/sparql-results+json; charset=utf-8');
      expect(r.headers.get('vary')).toMatch(/accept/i);
    }
    expect(bodies[0].results.bindings).toHaveLength(systems);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('writes SELECT results as JSON, XML, CSV and TSV', async () => {
    const xml = await get(SELECT, { accept: 'application/sparql-results+xml' });
    expect(xml.headers.get('content-type')).toMatch(/^application\/sparql-results\+xml/);
    expect((await xml.text()).match(/<result>/g)).toHaveLength(systems);
    const csv = await get(SELECT, { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const csvLines = (await csv.text()).trim().split(/\r?\n/);
    expect(csvLines[0]).toBe('system,tier');
    expect(csvLines).toHaveLength(systems + 1);
    const tsv = await get(SELECT, { accept: 'text/tab-separated-values' });
    expect(tsv.headers.get('content-type')).toMatch(/^text\/tab-separated-values/);
    expect((await tsv.text()).split('\n')[0]).toBe('?system\t?tier');
    const json = await get(SELECT, { accept: 'application/json' });
    expect(json.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
  });

  it('writes ASK results as JSON or XML, and has no CSV for a boolean', async () => {
    const ask = `ASK { ?s a <${AR}Classification> }`;
    expect(await (await get(ask)).json()).toEqual({ head: {}, boolean: true });
    const xml = await get(ask, { accept: 'application/sparql-results+xml' });
    expect(await xml.text()).toMatch(/<boolean>true<\/boolean>/);
    const csv = await get(ask, { accept: 'text/csv' });
    expect(csv.status).toBe(406);
    expect(await csv.text()).toMatch(/ASK/);
  });

  it('writes CONSTRUCT and DESCRIBE results as Turtle, N-Triples, JSON-LD and RDF/XML', async () => {
    const turtle = await get(CONSTRUCT, { accept: 'text/turtle' });
    expect(turtle.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(new Parser().parse(await turtle.text())).toHaveLength(systems);
    const nt = await get(CONSTRUCT, { accept: 'application/n-triples' });
    expect(new Parser({ format: 'N-Triples' }).parse(await nt.text())).toHaveLength(systems);
    const ld = await get(CONSTRUCT, { accept: 'application/ld+json' });
    expect(ld.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    expect(await ld.json()).toHaveLength(systems);
    const rdfxml = await get(CONSTRUCT, { accept: 'application/rdf+xml' });
    expect(await rdfxml.text()).toMatch(/<rdf:RDF/);
    const described = await get(`DESCRIBE <${server.register.systemIri('selectia-hiresift')}>`);
    expect(described.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(new Parser().parse(await described.text()).length).toBeGreaterThan(10);
  });

  it('answers 406 when no acceptable format can carry the result', async () => {
    const r = await get(SELECT, { accept: 'image/png' });
    expect(r.status).toBe(406);
    expect(await r.text()).toMatch(/application\/sparql-results\+json/);
    expect((await get(CONSTRUCT, { accept: 'text/csv' })).status).toBe(406);
  });

  it('answers 400 with the parser message for a malformed query', async () => {
    const r = await get('SELECT * WHERE { ?s ?p ');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await r.text()).toMatch(/^error at 1:\d+: expected/);
  });

  it('answers 400 to two query parameters', async () => {
    const r = await fetch(`${base}sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D`);
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/2 query parameters/);
    expect((await postForm('query=ASK%20%7B%7D', {}).then((x) => x.status))).toBe(200);
    expect((await fetch(`${base}sparql?query=ASK%20%7B%7D`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=ASK%20%7B%7D' })).status).toBe(400);
  });

  it('refuses SPARQL Update with a message, whichever way it comes', async () => {
    const update = 'INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }';
    const tries = [
      await fetch(`${base}sparql?update=${encodeURIComponent(update)}`),
      await postForm(`update=${encodeURIComponent(update)}`),
      await fetch(`${base}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: update }),
      await postDirect(update),
    ];
    for (const r of tries) {
      expect(r.status).toBe(400);
      expect(await r.text()).toMatch(/read-only/);
    }
    expect(await sparqlJson(base, 'ASK { <http://x/a> ?p ?o }')).toMatchObject({ boolean: false });
  });

  it('answers 405, 415 and 400 to the wrong method, media type or encoding', async () => {
    const put = await fetch(`${base}sparql`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toMatch(/POST/);
    expect((await fetch(`${base}sparql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'ASK {}' })).status).toBe(415);
    expect((await fetch(`${base}sparql`, { method: 'POST', body: new TextEncoder().encode('ASK {}') })).status).toBe(400);
    expect((await fetch(`${base}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query; charset=UTF-16' }, body: Buffer.from('ASK {}', 'utf16le') })).status).toBe(400);
    expect((await fetch(`${base}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: Buffer.from([0x41, 0x53, 0x4b, 0xff]) })).status).toBe(400);
  });

  it('caps the size of a result', async () => {
    const r = await get('CONSTRUCT WHERE { ?s ?p ?o }', { accept: 'application/n-triples' });
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/larger than the cap of 1048576 bytes/);
  });
});

describe('datasets: named graphs and the union default graph', () => {
  it('keeps the ontology, one graph per description and the derived graph', async () => {
    const r = await sparqlJson(base, 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }');
    const graphs = r.results!.bindings.map((b) => b.g.value);
    expect(graphs).toContain(GRAPH.ontology);
    expect(graphs).toContain(GRAPH.derived);
    expect(graphs).toContain(server.register.recordGraph('selectia-hiresift'));
    expect(graphs.filter((g) => g.startsWith(`${server.register.base}graph/system/`))).toHaveLength(server.register.durable.records.size);
  });

  it('queries the union by default, the given graphs with default-graph-uri, and FROM when the query has it', async () => {
    const q = `ASK { ?c a <${AR}Classification> }`;
    expect((await (await get(q)).json()).boolean).toBe(true);
    const onlyOntology = await fetch(`${base}sparql?query=${encodeURIComponent(q)}&default-graph-uri=${encodeURIComponent(GRAPH.ontology)}`);
    expect((await onlyOntology.json()).boolean).toBe(false);
    const fromDerived = await get(`ASK FROM <${GRAPH.derived}> { ?c a <${AR}Classification> }`);
    expect((await fromDerived.json()).boolean).toBe(true);
    const fromOntology = await get(`ASK FROM <${GRAPH.ontology}> { ?c a <${AR}Classification> }`);
    expect((await fromOntology.json()).boolean).toBe(false);
    const named = await fetch(`${base}sparql?query=${encodeURIComponent('SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }')}&named-graph-uri=${encodeURIComponent(GRAPH.derived)}`);
    expect((await named.json()).results.bindings.map((b: { g: { value: string } }) => b.g.value)).toEqual([GRAPH.derived]);
  });
});

describe('service description, CORS and the query page', () => {
  it('describes the service in Turtle on a GET without a query', async () => {
    const r = await fetch(`${base}sparql`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/turtle/);
    const store = new Store(new Parser().parse(await r.text()));
    const SD = 'http://www.w3.org/ns/sparql-service-description#';
    expect(store.getQuads(null, `${SD}endpoint`, `${base}sparql`, null)).toHaveLength(1);
    expect(store.getQuads(null, `${SD}supportedLanguage`, `${SD}SPARQL11Query`, null)).toHaveLength(1);
    const ld = await fetch(`${base}sparql`, { headers: { accept: 'application/ld+json' } });
    expect(JSON.stringify(await ld.json())).toContain('SPARQL11Query');
  });

  it('lets web pages read: CORS headers and preflight', async () => {
    const r = await get('ASK {}', { origin: 'https://elsewhere.example' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const pre = await fetch(`${base}sparql`, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/content-type/);
  });

  it('serves YASGUI from its npm package to a browser, with the example queries', async () => {
    const r = await fetch(`${base}sparql`, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await r.text();
    expect(html).toContain('src="/yasgui/yasgui.min.js"');
    expect(html).toContain('href="/yasgui/yasgui.min.css"');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const name of ['Obligations of a system', 'High-risk systems of an organisation', 'Systems per tier']) expect(html).toContain(name);
    const js = await fetch(`${base}yasgui/yasgui.min.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await fetch(`${base}yasgui/yasgui.min.css`)).status).toBe(200);
    expect((await fetch(`${base}yasgui/..%2Fpackage.json`)).status).toBe(404);
  });

  it('has example queries that answer on the sample register', async () => {
    for (const ex of exampleQueries(server.register)) {
      const r = await sparqlJson(base, ex.query);
      expect(r.results!.bindings.length, ex.name).toBeGreaterThan(0);
    }
  });
});
