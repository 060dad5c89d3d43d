// The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl), read
// from ../shared at test time and replayed request by request against the real server, with
// data1-3.nt loaded into the graphs the manifest names. The query tests apply to a read-only
// endpoint; of the update tests, those that expect a 4xx (bad update requests) are replayed too.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Parser, Store } from 'n3';
import type { Term } from '@rdfjs/types';
import type { RunningServer } from '../src/serve/server.js';
import { startTestServer } from './helpers/server.js';

const SUITE = fileURLToPath(new URL('../../shared/standards/sparql11-protocol-tests/', import.meta.url));
const MANIFEST = `${SUITE}protocol/manifest.ttl`;
const available = existsSync(MANIFEST);

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const HT = 'http://www.w3.org/2011/http#';
const CNT = 'http://www.w3.org/2011/content#';
const HTS = 'http://www.w3.org/2011/http-statusCodes#';
const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

interface ProtocolRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  expectedStatus: string[];
  expectedFormat: string | undefined;
  expectedBoolean: boolean | undefined;
}

interface ProtocolTest {
  name: string;
  iri: string;
  requests: ProtocolRequest[];
  graphData: { graph: string; file: string }[];
}

function readManifest(): ProtocolTest[] {
  const store = new Store(new Parser({ baseIRI: `file://${MANIFEST}` }).parse(readFileSync(MANIFEST, 'utf8')));
  const one = (s: Term, p: string) => store.getObjects(s, p, null)[0];
  const list = (head: Term | undefined): Term[] => {
    const out: Term[] = [];
    while (head && head.value !== `${RDF}nil`) {
      out.push(one(head, `${RDF}first`));
      head = one(head, `${RDF}rest`);
    }
    return out;
  };
  const manifest = store.getSubjects(`${RDF}type`, `${MF}Manifest`, null)[0];
  return list(one(manifest, `${MF}entries`)).map((test) => {
    const requests = list(one(one(test, `${MF}action`), `${HT}requests`)).map((req): ProtocolRequest => {
      const headers: Record<string, string> = {};
      for (const h of list(one(req, `${HT}headers`))) headers[one(h, `${HT}fieldName`).value] = one(h, `${HT}fieldValue`).value;
      const body = one(req, `${HT}body`);
      const encoding = body ? one(body, `${CNT}characterEncoding`)?.value : undefined;
      const resp = one(req, `${HT}resp`);
      return {
        method: one(req, `${HT}methodName`).value,
        path: one(req, `${HT}absolutePath`).value,
        headers,
        body: body ? Buffer.from(one(body, `${CNT}chars`).value, encoding === 'UTF-16' ? 'utf16le' : 'utf8') : undefined,
        expectedStatus: store.getObjects(resp, `${MF}expectedStatus`, null).map((t) => t.value.slice(HTS.length)),
        expectedFormat: one(resp, `${MF}expectedFormat`)?.value,
        expectedBoolean: one(resp, `${MF}expectedBoolean`) ? one(resp, `${MF}expectedBoolean`).value === 'true' : undefined,
      };
    });
    const graphData = store.getObjects(test, `${UT}graphData`, null).map((g) => ({ graph: one(g, `${RDFS}label`).value, file: fileURLToPath(one(g, `${UT}graph`).value) }));
    return { name: one(test, `${MF}name`).value, iri: test.value, requests, graphData };
  });
}

function send(base: URL, r: ProtocolRequest): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...r.headers };
    if (r.body) headers['content-length'] = String(r.body.length);
    const req = request({ host: base.hostname, port: base.port, method: r.method, path: r.path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

const FORMATS: Record<string, RegExp> = {
  boolean: /^application\/sparql-results\+(json|xml)/,
  tabular: /^(application\/sparql-results\+(json|xml)|text\/csv|text\/tab-separated-values)/,
  RDF: /^(text\/turtle|application\/n-triples|application\/rdf\+xml|application\/ld\+json)/,
};

function parseBoolean(contentType: string, body: string): boolean {
  if (contentType.includes('json')) return (JSON.parse(body) as { boolean: boolean }).boolean;
  const m = /<boolean>\s*(true|false)\s*<\/boolean>/.exec(body);
  if (!m) throw new Error(`no boolean in ${body}`);
  return m[1] === 'true';
}

const tests = available ? readManifest() : [];
const local = (t: ProtocolTest) => t.iri.slice(t.iri.indexOf('#') + 1);
// Update operations that should succeed do not apply to a read-only endpoint.
const applicable = tests.filter((t) => !local(t).startsWith('update_'));

let server: RunningServer;
beforeAll(async () => {
  if (!available) return;
  const graphs = new Map<string, string>();
  for (const t of tests) for (const g of t.graphData) graphs.set(g.graph, g.file);
  server = await startTestServer({ base: 'https://protocol-tests.example/', graphs: [...graphs].map(([graph, path]) => ({ graph, path })) });
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!available)('W3C SPARQL 1.1 Protocol tests', () => {
  it('reads the manifest: 20 query tests, 14 update tests', () => {
    expect(tests.filter((t) => /^(query_|bad_query|bad_multiple_queries)/.test(local(t)))).toHaveLength(20);
    expect(tests.filter((t) => /update/.test(local(t)))).toHaveLength(14);
    expect(applicable).toHaveLength(27);
  });

  it.each(applicable.map((t) => [local(t), t] as const))('%s', async (_name, t) => {
    for (const r of t.requests) {
      const res = await send(new URL(server.url), r);
      expect(r.expectedStatus.map((s) => s.replace('StatusCode', '')), `${t.name}: got ${res.status} ${res.body.slice(0, 200)}`).toContain(`${String(res.status)[0]}xx`);
      if (r.expectedFormat) expect(res.contentType, t.name).toMatch(FORMATS[r.expectedFormat]);
      if (r.expectedFormat === 'RDF' && /turtle|n-triples/.test(res.contentType)) expect(() => new Parser().parse(res.body)).not.toThrow();
      if (r.expectedBoolean !== undefined) expect(parseBoolean(res.contentType, res.body), t.name).toBe(r.expectedBoolean);
    }
  });
});

describe.skipIf(!available)('W3C SPARQL 1.1 Service Description tests', () => {
  const SD = 'http://www.w3.org/ns/sparql-service-description#';
  const describeAt = async (path: string) => {
    const res = await send(new URL(server.url), { method: 'GET', path, headers: { accept: 'text/turtle' }, body: undefined, expectedStatus: [], expectedFormat: undefined, expectedBoolean: undefined });
    return { res, store: new Store(new Parser().parse(res.body)) };
  };

  it('returns-rdf: GET on the endpoint returns RDF', async () => {
    const { res, store } = await describeAt('/sparql');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(FORMATS.RDF);
    expect(store.size).toBeGreaterThan(0);
  });

  it('has-endpoint-triple: the description has a matching sd:endpoint triple', async () => {
    for (const path of ['/sparql', '/sparql/']) {
      const { store } = await describeAt(path);
      expect(store.getQuads(null, `${SD}endpoint`, new URL(path, server.url).href, null)).toHaveLength(1);
    }
  });

  it('conforms-to-schema: an sd:Service with its languages, formats and dataset', async () => {
    const { store } = await describeAt('/sparql');
    const service = store.getSubjects(`${RDF}type`, `${SD}Service`, null);
    expect(service).toHaveLength(1);
    expect(store.getObjects(service[0], `${SD}supportedLanguage`, null).map((t) => t.value)).toEqual([`${SD}SPARQL11Query`]);
    expect(store.getObjects(service[0], `${SD}resultFormat`, null).length).toBeGreaterThanOrEqual(4);
    const dataset = store.getObjects(service[0], `${SD}defaultDataset`, null)[0];
    expect(store.getQuads(dataset, `${RDF}type`, `${SD}Dataset`, null)).toHaveLength(1);
    expect(store.getObjects(dataset, `${SD}defaultGraph`, null)).toHaveLength(1);
  });
});
