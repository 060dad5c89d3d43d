// Federated queries (SERVICE) at /sparql: a second algoreg server on loopback plays the data
// portal (a DCAT-AP sample with data.europa.eu IRIs); the sample register links three systems to
// its datasets. Off-list targets must be refused without any request leaving the server.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Parser } from 'n3';
import type { RunningServer } from '../src/serve/server.js';
import { ConfigError } from '../src/serve/config.js';
import { federationAllowList } from '../src/serve/federation/allow-list.js';
import { serviceClauses } from '../src/serve/federation/detect.js';
import { federationEngine, tuneEngine } from '../src/serve/federation/execute.js';
import { packagePath } from '../src/paths.js';
import sparqljs from 'sparqljs';
import { startSampleServer, startTestServer } from './helpers/server.js';
import { startTripwire } from './helpers/tripwire.js';

const SYS = 'https://register.example.eu/system/';
const DS = 'http://data.europa.eu/88u/dataset/';
const LIC = 'http://publications.europa.eu/resource/authority/licence/';
const THEME = 'http://publications.europa.eu/resource/authority/data-theme/';
const PREFIXES = 'PREFIX ar: <https://w3id.org/algoreg/ns#> PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>\n';
const LINKS_GRAPH = 'https://register.example.eu/graph/test-dataset-links';
const fixture = (name: string) => packagePath('test', 'fixtures', 'federation', name);

// The README's federated examples, word for word but for the endpoint.
const readme = readFileSync(packagePath('README.md'), 'utf8');
const section = /### Federated queries[^\n]*\n([\s\S]*?)\n### /.exec(readme)?.[1] ?? '';
const readmeQueries = [...section.matchAll(/```sparql\n([\s\S]*?)```/g)].map((m) => m[1]);
const PORTAL = 'https://data.europa.eu/sparql';

let portal: RunningServer;
let local: RunningServer;
let tripwire: Awaited<ReturnType<typeof startTripwire>>;
let remote: string; // the portal's SPARQL endpoint
let unreachable: string; // allow-listed, nothing listens
let hanging: { url: string; server: Server; hits: () => number };
let failing: { url: string; server: Server; hits: () => number };
let portalQueries: string[];

/** A loopback endpoint that never answers (hang) or always answers 500. */
async function listenBroken(kind: 'hang' | 'fail'): Promise<typeof hanging> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    if (kind === 'fail') {
      res.statusCode = 500;
      res.end('the portal is down for maintenance');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`, server, hits: () => hits };
}

async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/sparql`;
}

beforeAll(async () => {
  tripwire = await startTripwire();
  hanging = await listenBroken('hang');
  failing = await listenBroken('fail');
  unreachable = await closedPortUrl();
  portal = await startTestServer({ workers: 1, graphs: [{ graph: 'http://data.europa.eu/88u/catalogue/test', path: fixture('portal-datasets.ttl') }] });
  remote = `${portal.url}sparql`;
  // Count what the portal is asked, to check that SERVICE patterns reach it.
  portalQueries = [];
  portal.http.prependListener('request', (req) => portalQueries.push(req.url ?? ''));
  local = await startSampleServer({
    timeoutMs: 6000,
    graphs: [{ graph: LINKS_GRAPH, path: fixture('register-dataset-links.ttl') }],
    federation: [remote, unreachable, hanging.url, failing.url],
  });
}, 120_000);

afterAll(async () => {
  await local?.close();
  await portal?.close();
  await tripwire?.close();
  for (const b of [hanging, failing]) {
    b?.server.closeAllConnections();
    await new Promise<void>((r) => (b ? b.server.close(() => r()) : r()));
  }
});

const post = (query: string, accept = 'application/sparql-results+json', extra = '') =>
  fetch(`${local.url}sparql${extra}`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept }, body: query });

async function rows(query: string, extra = ''): Promise<Record<string, string>[]> {
  const res = await post(query, 'application/sparql-results+json', extra);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`SPARQL ${res.status}: ${text}`);
  const json = JSON.parse(text) as { results: { bindings: Record<string, { value: string }>[] } };
  return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

describe('README: federated queries', () => {
  it('has the two examples, both naming data.europa.eu', () => {
    expect(readmeQueries).toHaveLength(2);
    for (const q of readmeQueries) expect(q).toContain(`SERVICE <${PORTAL}>`);
  });

  it('licences of the training datasets of high-risk systems: exactly the expected rows', async () => {
    const found = await rows(readmeQueries[0].replaceAll(PORTAL, remote));
    expect(found).toEqual([
      { system: `${SYS}rotterdam-bijzondere-bijstand`, dataset: `${DS}bijstandsaanvragen-rotterdam-2019`, licence: `${LIC}CC_BY_4_0` },
      { system: `${SYS}utrecht-rechtmatigheidsscan`, dataset: `${DS}brp-adresstatistiek`, licence: `${LIC}CC0` },
      { system: `${SYS}utrecht-rechtmatigheidsscan`, dataset: `${DS}brp-adresstatistiek`, licence: `${LIC}CC_BY_4_0` },
      { system: `${SYS}utrecht-rechtmatigheidsscan`, dataset: `${DS}uitkeringen-utrecht`, licence: `${LIC}CC_BY_4_0` },
    ]);
  });

  it('systems per EU data theme (GROUP BY over the joined rows)', async () => {
    expect(await rows(readmeQueries[1].replaceAll(PORTAL, remote))).toEqual([
      { theme: `${THEME}GOVE`, systems: '2' },
      { theme: `${THEME}SOCI`, systems: '2' },
      { theme: `${THEME}ENVI`, systems: '1' },
    ]);
  });

  it('the example is refused while data.europa.eu is not on the allow-list, without calling it', async () => {
    const res = await post(readmeQueries[0]);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain(`<${PORTAL}>`);
    expect(text).toContain(`<${remote}>`);
  });
});

describe('federated execution', () => {
  const JOIN = (endpoint: string) => `${PREFIXES}SELECT ?system ?title WHERE {
    ?system dcat:qualifiedRelation/dct:relation ?dataset .
    SERVICE <${endpoint}> { ?dataset dct:title ?title FILTER(LANG(?title) = "nl") }
  } ORDER BY ?system ?title`;

  it('sends the SERVICE pattern to the endpoint and joins on the local bindings', async () => {
    portalQueries.length = 0;
    const found = await rows(JOIN(remote));
    expect(found).toContainEqual({ system: `${SYS}rotterdam-afvalroutes`, title: 'Ondergrondse containers Rotterdam' });
    expect(found).toHaveLength(5); // bijstand, brp ×2 systems, uitkeringen, containers; not-on-the-portal has no title
    expect(portalQueries.length).toBeGreaterThan(0);
    expect(portalQueries.every((u) => u.startsWith('/sparql'))).toBe(true);
  });

  it('gives the same local rows as Oxigraph, with or without a SERVICE clause (union default graph, protocol dataset)', async () => {
    const local = `${PREFIXES}SELECT ?system ?role ?dataset WHERE { ?system dcat:qualifiedRelation [ dct:relation ?dataset ; dcat:hadRole ?role ] } ORDER BY ?system ?role ?dataset`;
    const federated = local.replace('] }', `] SERVICE <${remote}> { } }`);
    const plain = await rows(local);
    expect(plain.filter((r) => r.system.startsWith(`${SYS}rotterdam-`) || r.system === `${SYS}utrecht-rechtmatigheidsscan`)).toHaveLength(6);
    expect(await rows(federated)).toEqual(plain);
    // default-graph-uri: only the links graph; then a graph without them
    const inLinks = `?default-graph-uri=${encodeURIComponent(LINKS_GRAPH)}`;
    expect(await rows(federated, inLinks)).toEqual(await rows(local, inLinks));
    expect(await rows(local, inLinks)).toHaveLength(6);
    const elsewhere = `?default-graph-uri=${encodeURIComponent('https://w3id.org/algoreg/graph/derived')}`;
    expect(await rows(local, elsewhere)).toEqual([]);
    expect(await rows(federated, elsewhere)).toEqual([]);
    // GRAPH ?g sees the named graphs, as in Oxigraph
    const graphs = `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s <http://www.w3.org/ns/dcat#qualifiedRelation> ?r } } ORDER BY ?g`;
    const withService = graphs.replace('} } ORDER', `} SERVICE <${remote}> { } } ORDER`);
    expect(await rows(withService)).toEqual(await rows(graphs));
  });

  it('FROM and FROM NAMED are graph names: the same rows as Oxigraph, and the tripwire IRI is never fetched', async () => {
    const before = tripwire.hits();
    const q = (from: string, service: boolean) =>
      `${PREFIXES}SELECT ?system ?dataset ${from} WHERE { ?system dcat:qualifiedRelation/dct:relation ?dataset ${service ? `SERVICE <${remote}> { }` : ''} } ORDER BY ?system ?dataset`;
    expect(await rows(q(`FROM <${LINKS_GRAPH}>`, true))).toEqual(await rows(q(`FROM <${LINKS_GRAPH}>`, false)));
    expect(await rows(q(`FROM <${LINKS_GRAPH}>`, true))).toHaveLength(6);
    expect(await rows(q(`FROM <${tripwire.url}/graph>`, true))).toEqual([]);
    const named = `SELECT ?g (COUNT(*) AS ?n) FROM NAMED <${tripwire.url}/named> FROM NAMED <${LINKS_GRAPH}> WHERE { GRAPH ?g { ?s ?p ?o } SERVICE <${remote}> { } } GROUP BY ?g`;
    expect(await rows(named)).toEqual(await rows(named.replace(`SERVICE <${remote}> { }`, '')));
    expect(await rows(named)).toEqual([{ g: LINKS_GRAPH, n: expect.any(String) }]);
    expect(tripwire.hits()).toBe(before);
  });

  it('writes the results in every format of the endpoint: XML, CSV, TSV; ASK; CONSTRUCT as Turtle and N-Triples', async () => {
    const q = JOIN(remote);
    const xml = await post(q, 'application/sparql-results+xml');
    expect(xml.headers.get('content-type')).toMatch(/^application\/sparql-results\+xml/);
    expect((await xml.text()).match(/<result>/g)).toHaveLength(5);
    const csv = (await (await post(q, 'text/csv')).text()).trim().split(/\r?\n/);
    expect(csv[0]).toBe('system,title');
    expect(csv).toHaveLength(6);
    const tsv = await (await post(q, 'text/tab-separated-values')).text();
    expect(tsv.split('\n')[0]).toBe('?system\t?title');
    expect(tsv).toContain('"Ondergrondse containers Rotterdam"@nl');
    const ask = await post(`${PREFIXES}ASK { ?s dcat:qualifiedRelation/dct:relation ?d SERVICE <${remote}> { ?d dcat:theme <${THEME}ENVI> } }`);
    expect(await ask.json()).toEqual({ head: {}, boolean: true });
    const askXml = await post(`${PREFIXES}ASK { SERVICE <${remote}> { ?d dcat:theme <${THEME}AGRI> } }`, 'application/sparql-results+xml');
    expect(await askXml.text()).toMatch(/<boolean>false<\/boolean>/);
    const construct = `${PREFIXES}CONSTRUCT { ?system dct:license ?licence } WHERE { ?system dcat:qualifiedRelation/dct:relation ?d SERVICE <${remote}> { ?d dcat:distribution/dct:license ?licence } }`;
    const turtle = await post(construct, 'text/turtle');
    expect(turtle.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    // a graph: Rotterdam CC BY + CC0, Utrecht CC BY + CC0, the waste routes CC0; no duplicate triples
    const triples = new Parser().parse(await turtle.text());
    expect(triples).toHaveLength(5);
    const nt = await post(construct, 'application/n-triples');
    expect(new Parser({ format: 'N-Triples' }).parse(await nt.text())).toHaveLength(5);
  });

  it('keeps the result-size cap', async () => {
    const small = await startSampleServer({ workers: 1, maxResultBytes: 300, federation: [remote] });
    try {
      const res = await fetch(`${small.url}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: `SELECT * WHERE { SERVICE <${remote}> { ?s ?p ?o } }` });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/larger than the cap/);
    } finally {
      await small.close();
    }
  }, 60_000);
});

describe('the allow-list', () => {
  const refused = async (query: string, ...names: string[]) => {
    const before = tripwire.hits();
    const res = await post(query, query.startsWith('CONSTRUCT') ? 'text/turtle' : 'application/sparql-results+json');
    const text = await res.text();
    expect(res.status, text).toBe(400);
    for (const n of names) expect(text).toContain(n);
    expect(tripwire.hits()).toBe(before);
    return text;
  };
  const off = () => `${tripwire.url}/sparql`;

  it('refuses a SERVICE off the list with 400 naming it and the list; the off-list server gets no request', async () => {
    const text = await refused(`SELECT * WHERE { SERVICE <${off()}> { ?s ?p ?o } }`, `<${off()}>`, `<${remote}>`);
    expect(text).toMatch(/refused/);
    await refused(`SELECT * WHERE { SERVICE SILENT <${off()}> { ?s ?p ?o } }`, `<${off()}>`);
    // a look-alike of an allowed endpoint
    await refused(`SELECT * WHERE { SERVICE <${remote}?x=1> { ?s ?p ?o } }`, `<${remote}?x=1>`);
    await refused(`SELECT * WHERE { SERVICE <${remote.replace('/sparql', '/sparql/other')}> { ?s ?p ?o } }`);
  });

  it('refuses SERVICE ?variable, even when the variable could only be bound to an allowed endpoint', async () => {
    const text = await refused(`SELECT * WHERE { VALUES ?e { <${remote}> } SERVICE ?e { ?s ?p ?o } }`, 'SERVICE ?e');
    expect(text).toMatch(/constant IRI/);
  });

  it('finds SERVICE nested in OPTIONAL, UNION, MINUS, subqueries, FILTER EXISTS and BIND(EXISTS)', async () => {
    const target = `SERVICE <${off()}> { ?s ?p ?o }`;
    const nested = [
      `SELECT * WHERE { ?a ?b ?c OPTIONAL { ?a ?b ?d ${target} } }`,
      `SELECT * WHERE { { ?a ?b ?c } UNION { ${target} } }`,
      `SELECT * WHERE { ?a ?b ?c MINUS { ${target} } }`,
      `SELECT * WHERE { { SELECT ?s WHERE { { SELECT ?s WHERE { ${target} } } } } }`,
      `SELECT * WHERE { ?a ?b ?c FILTER EXISTS { ${target} } }`,
      `SELECT * WHERE { ?a ?b ?c FILTER NOT EXISTS { ?a ?b ?c ${target} } }`,
      `SELECT * WHERE { ?a ?b ?c BIND(EXISTS { ${target} } AS ?x) }`,
      `ASK { GRAPH ?g { ${target} } }`,
      `CONSTRUCT { ?s ?p ?o } WHERE { ${target} }`,
      // an allowed SERVICE does not let an off-list one inside it through
      `SELECT * WHERE { SERVICE <${remote}> { ?s ?p ?o ${target} } }`,
    ];
    for (const q of nested) await refused(q, `<${off()}>`);
    // and the parsed form has every one of them
    const parsed = new sparqljs.Parser().parse(`SELECT * WHERE { OPTIONAL { SERVICE <http://a/> {} } { SELECT * WHERE { SERVICE SILENT <http://b/> {} } } FILTER EXISTS { SERVICE ?v {} } }`);
    expect(serviceClauses(parsed)).toEqual([
      { iri: 'http://a/', silent: false },
      { iri: 'http://b/', silent: true },
      { variable: 'v', silent: false },
    ]);
  });

  it('runs an allowed SERVICE nested in OPTIONAL and in a subquery', async () => {
    const optional = `${PREFIXES}SELECT ?system ?dataset ?theme WHERE {
      <${SYS}utrecht-rechtmatigheidsscan> dcat:qualifiedRelation/dct:relation ?dataset . BIND(<${SYS}utrecht-rechtmatigheidsscan> AS ?system)
      OPTIONAL { SERVICE <${remote}> { ?dataset dcat:theme ?theme } }
    } ORDER BY ?dataset ?theme`;
    expect(await rows(optional)).toEqual([
      { system: `${SYS}utrecht-rechtmatigheidsscan`, dataset: `${DS}brp-adresstatistiek`, theme: `${THEME}GOVE` },
      { system: `${SYS}utrecht-rechtmatigheidsscan`, dataset: `${DS}brp-adresstatistiek`, theme: `${THEME}SOCI` },
      { system: `${SYS}utrecht-rechtmatigheidsscan`, dataset: `${DS}not-on-the-portal` },
      { system: `${SYS}utrecht-rechtmatigheidsscan`, dataset: `${DS}uitkeringen-utrecht`, theme: `${THEME}SOCI` },
    ]);
    const sub = `${PREFIXES}SELECT ?n WHERE { { SELECT (COUNT(?d) AS ?n) WHERE { SERVICE <${remote}> { ?d a dcat:Dataset } } } }`;
    expect(await rows(sub)).toEqual([{ n: '5' }]);
  });

  it('refuses SPARQL Update, with or without SERVICE', async () => {
    for (const u of [`INSERT { <urn:a> <urn:b> <urn:c> } WHERE { SERVICE <${remote}> { ?s ?p ?o } }`, `LOAD <${off()}>`]) {
      const res = await post(u);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/read-only/);
    }
    expect(tripwire.hits()).toBe(0);
  });

  it('is empty by default: any SERVICE is refused and the message says how to allow one', async () => {
    const plain = await startTestServer({ workers: 1 });
    try {
      const res = await fetch(`${plain.url}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: `SELECT * WHERE { SERVICE <${remote}> { ?s ?p ?o } }` });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/federates with no endpoint.*--federate/);
      // and the service description does not offer federation
      const sd = await (await fetch(`${plain.url}sparql`, { headers: { accept: 'text/turtle' } })).text();
      expect(sd).not.toContain('BasicFederatedQuery');
    } finally {
      await plain.close();
    }
  }, 60_000);

  it('is validated: absolute http(s) URLs only, with clear errors', async () => {
    expect(federationAllowList(['https://data.europa.eu/sparql', 'HTTPS://DATA.europa.eu:443/sparql']).endpoints).toEqual(['https://data.europa.eu/sparql']);
    for (const bad of ['data.europa.eu/sparql', 'ftp://x/sparql', 'file:///etc/passwd', 'https://user:pw@x/sparql', 'https://x/sparql#frag', ' https://x/sparql', '']) {
      expect(() => federationAllowList([bad]), bad).toThrow(ConfigError);
    }
    expect(() => federationAllowList(['sparql'])).toThrow(/--federate expects the absolute http\(s\) URL/);
    await expect(startTestServer({ federation: ['not-a-url'] })).rejects.toThrow(ConfigError);
  });

  it('is shown in the service description', async () => {
    const sd = await (await fetch(`${local.url}sparql`, { headers: { accept: 'text/turtle' } })).text();
    expect(sd).toContain('sd:BasicFederatedQuery');
    expect(sd).toContain(`<${remote}>`);
    expect(new Parser().parse(sd).length).toBeGreaterThan(5);
  });
});

describe('remote failures', () => {
  it('an allow-listed endpoint that cannot be reached: 502 naming it', async () => {
    const res = await post(`${PREFIXES}SELECT * WHERE { ?s dcat:qualifiedRelation/dct:relation ?d SERVICE <${unreachable}> { ?d dct:title ?t } }`);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain(`<${unreachable}>`);
  });

  it('... and with SERVICE SILENT the local rows, as if the endpoint gave one empty solution', async () => {
    const found = await rows(`${PREFIXES}SELECT ?system ?d ?t WHERE { GRAPH <${LINKS_GRAPH}> { ?system dcat:qualifiedRelation/dct:relation ?d } SERVICE SILENT <${unreachable}> { ?d dct:title ?t } } ORDER BY ?system ?d`);
    expect(found).toHaveLength(6);
    expect(found.every((r) => r.t === undefined)).toBe(true);
  });

  it('an endpoint that answers with an error: 502 with its status and message', async () => {
    const res = await post(`SELECT * WHERE { SERVICE <${failing.url}> { ?s ?p ?o } }`);
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).toContain(`<${failing.url}>`);
    expect(text).toContain('HTTP 500');
    expect(text).toContain('down for maintenance');
    // SILENT: one empty solution
    expect(await rows(`SELECT * WHERE { SERVICE SILENT <${failing.url}> { ?s ?p ?o } }`)).toEqual([{}]);
  });

  it('an endpoint that does not answer meets the query timeout (503); the worker stops the query itself and is not replaced', async () => {
    const restarts = local.pool.stats.restarts;
    const t0 = Date.now();
    const res = await post(`SELECT * WHERE { SERVICE <${hanging.url}> { ?s ?p ?o } }`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/timeout/);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(hanging.hits()).toBeGreaterThan(0);
    expect(local.pool.stats.restarts).toBe(restarts);
    // and the worker answers the next query
    expect(await rows(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${LINKS_GRAPH}> { ?s ?p ?o } }`)).toEqual([{ n: '24' }]);
  }, 20_000);
});

describe('queries without SERVICE are unaffected', () => {
  it('the word service in a literal, a prefixed name or a variable keeps the Oxigraph path', async () => {
    const found = await rows(`PREFIX service: <urn:service:> SELECT ?service WHERE { BIND("SERVICE <${tripwire.url}/sparql> { }" AS ?service) FILTER(?service != service:x) }`);
    expect(found).toHaveLength(1);
    expect(tripwire.hits()).toBe(0);
  });

  it('Comunica is tuned: SERVICE targets are SPARQL endpoints (no service-description lookup), stable ORDER BY', () => {
    expect(tuneEngine(federationEngine())).toBe(true);
  });
});
