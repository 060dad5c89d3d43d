import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'n3';
import oxigraph from 'oxigraph';
import type { RunningServer } from '../src/serve/server.js';
import { GRAPH } from '../src/store/graph-store.js';
import { ELI, buildCatalog, catalogIris } from '../src/serve/catalog.js';
import { startSampleServer } from './helpers/server.js';
import { runCli } from './helpers/cli.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const AUTHORITY = 'http://publications.europa.eu/resource/authority/';
const SHAPES = fileURLToPath(new URL('../../shared/standards/dcat-ap/3.0.1/html-shacl/', import.meta.url));

let server: RunningServer;
let base: string;
const tmp = mkdtempSync(join(tmpdir(), 'algoreg-catalog-'));
beforeAll(async () => {
  server = await startSampleServer({ catalog: { publisherName: 'Gemeente Voorbeeld', contactEmail: 'algoritmen@voorbeeld.nl' } });
  base = server.url;
});
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const fetchAs = (path: string, accept: string) => fetch(`${base}${path}`, { headers: { accept } });
const has = (store: InstanceType<typeof oxigraph.Store>, s: string, p: string, o: string) => store.match(oxigraph.namedNode(s), oxigraph.namedNode(p), oxigraph.namedNode(o), null).length > 0;

describe('GET /catalog', () => {
  const iri = catalogIris('https://register.example.eu/');

  it('serves the DCAT-AP catalogue as Turtle, JSON-LD and RDF/XML', async () => {
    for (const [accept, format] of [['text/turtle', 'text/turtle'], ['application/ld+json', 'application/ld+json'], ['application/rdf+xml', 'application/rdf+xml']]) {
      const r = await fetchAs('catalog', accept);
      expect(r.status, accept).toBe(200);
      expect(r.headers.get('content-type')).toBe(`${accept}; charset=utf-8`);
      const store = new oxigraph.Store(oxigraph.parse(await r.text(), { format }));
      expect(has(store, iri.catalog, RDF_TYPE, `${DCAT}Catalog`), accept).toBe(true);
      expect(has(store, iri.dataset, RDF_TYPE, `${DCAT}Dataset`), accept).toBe(true);
      expect(has(store, iri.service, RDF_TYPE, `${DCAT}DataService`), accept).toBe(true);
      expect(has(store, iri.nquads, RDF_TYPE, `${DCAT}Distribution`), accept).toBe(true);
      expect(has(store, iri.trig, RDF_TYPE, `${DCAT}Distribution`), accept).toBe(true);
      expect(has(store, iri.catalog, `${DCAT}dataset`, iri.dataset)).toBe(true);
      expect(has(store, iri.dataset, 'http://data.europa.eu/r5r/applicableLegislation', ELI.aiAct)).toBe(true);
      expect(has(store, iri.dataset, 'http://data.europa.eu/r5r/applicableLegislation', ELI.gdpr)).toBe(true);
      expect(has(store, iri.service, `${DCAT}endpointURL`, 'https://register.example.eu/sparql')).toBe(true);
      expect(has(store, iri.service, `${DCAT}servesDataset`, iri.dataset)).toBe(true);
      expect(has(store, iri.nquads, `${DCAT}downloadURL`, 'https://register.example.eu/dump?format=nquads')).toBe(true);
      expect(has(store, iri.nquads, `${DCT}format`, `${AUTHORITY}file-type/RDF_N_QUADS`)).toBe(true);
      expect(has(store, iri.trig, `${DCAT}mediaType`, 'https://www.iana.org/assignments/media-types/application/trig')).toBe(true);
      expect(has(store, iri.dataset, `${DCAT}theme`, `${AUTHORITY}data-theme/GOVE`)).toBe(true);
      expect(has(store, iri.dataset, `${DCT}language`, `${AUTHORITY}language/NLD`)).toBe(true);
      expect(has(store, iri.catalog, `${DCT}license`, `${AUTHORITY}licence/CC_BY_4_0`)).toBe(true);
      expect(has(store, iri.contact, 'http://www.w3.org/2006/vcard/ns#hasEmail', 'mailto:algoritmen@voorbeeld.nl')).toBe(true);
      const names = store.match(oxigraph.namedNode(iri.publisher), oxigraph.namedNode('http://xmlns.com/foaf/0.1/name'), null, null);
      expect(names.map((q) => q.object.value)).toEqual(['Gemeente Voorbeeld']);
      const titles = store.match(oxigraph.namedNode(iri.dataset), oxigraph.namedNode(`${DCT}title`), null, null).map((q) => (q.object as { language: string }).language);
      expect(titles.sort()).toEqual(['en', 'nl']);
    }
  });

  it('answers 406 to a format it does not offer, and 405 to a write', async () => {
    expect((await fetchAs('catalog', 'image/png')).status).toBe(406);
    expect((await fetch(`${base}catalog`, { method: 'POST' })).status).toBe(405);
  });

  it('is a pure function of its input', () => {
    const input = { base: 'https://x.example/', issued: '2025-01-01T00:00:00Z', modified: '2025-02-01T00:00:00Z' };
    expect(buildCatalog(input)).toEqual(buildCatalog(input));
  });

  it('conforms to the official DCAT-AP 3.0.1 shapes, mandatory and recommended (no Violation, no Warning)', async () => {
    const file = join(tmp, 'catalog.ttl');
    writeFileSync(file, await (await fetchAs('catalog', 'text/turtle')).text());
    const r = await runCli(['validate', '--shapes', join(SHAPES, 'shapes.ttl'), join(SHAPES, 'shapes_recommended.ttl'), '--format', 'json', file]);
    const report = JSON.parse(r.stdout) as { conforms: boolean; results: { severity: string; focusNode: string; path: string | null; message: string }[] };
    expect(report.results.filter((x) => x.severity === 'Violation' || x.severity === 'Warning')).toEqual([]);
    expect(report.conforms).toBe(true);
    expect(r.code).toBe(0);
  });
});

describe('GET /dump', () => {
  // Every triple of every record graph (blank nodes aside), in its named graph.
  const expectRecords = (store: InstanceType<typeof oxigraph.Store>) => {
    const records = [...server.register.durable.records.values()];
    expect(records.length).toBeGreaterThan(5);
    for (const r of records) {
      const g = oxigraph.namedNode(server.register.recordGraph(r.id));
      const triples = new Parser({ format: 'N-Triples' }).parse(r.ntriples);
      expect(store.match(null, null, null, g).length, r.id).toBe(triples.length);
      for (const t of triples.filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode')) {
        expect(store.has(oxigraph.quad(oxigraph.namedNode(t.subject.value), oxigraph.namedNode(t.predicate.value), t.object.termType === 'NamedNode' ? oxigraph.namedNode(t.object.value) : oxigraph.literal(t.object.value, (t.object as { language: string }).language || oxigraph.namedNode((t.object as { datatype: { value: string } }).datatype.value)), g)), `${r.id}: ${t.subject.value} ${t.predicate.value}`).toBe(true);
      }
    }
    expect(store.match(null, null, null, oxigraph.namedNode(GRAPH.derived)).length).toBeGreaterThan(0);
    expect(store.match(null, null, null, oxigraph.namedNode(GRAPH.ontology)).length).toBeGreaterThan(0);
    expect(store.size).toBe(server.register.size());
  };

  it('streams every graph as N-Quads (Accept) and TriG (?format=)', async () => {
    const nq = await fetchAs('dump', 'application/n-quads');
    expect(nq.status).toBe(200);
    expect(nq.headers.get('content-type')).toBe('application/n-quads; charset=utf-8');
    expectRecords(new oxigraph.Store(oxigraph.parse(await nq.text(), { format: 'application/n-quads' })));
    const trig = await fetch(`${base}dump?format=trig`);
    expect(trig.headers.get('content-type')).toBe('application/trig; charset=utf-8');
    expectRecords(new oxigraph.Store(oxigraph.parse(await trig.text(), { format: 'application/trig' })));
    const byAccept = await fetchAs('dump', 'application/trig');
    expect(byAccept.headers.get('content-type')).toBe('application/trig; charset=utf-8');
  });

  it('answers 400 to an unknown format and 406 to an unacceptable Accept', async () => {
    expect((await fetch(`${base}dump?format=csv`)).status).toBe(400);
    expect((await fetchAs('dump', 'text/csv')).status).toBe(406);
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${base}openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/catalog', '/dump']));
  });
});
