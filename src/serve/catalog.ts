/**
 * The register as a DCAT-AP 3.0.1 catalogue (GET /catalog): the catalogue, the register as a
 * dataset under the AI Act and the GDPR, its SPARQL endpoint as a data service, and its full dump
 * as distributions. Codes come from the EU Vocabularies authority tables and IANA media types.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import oxigraph from 'oxigraph';
import { DataFactory, Writer } from 'n3';
import type { Quad, Quad_Object } from '@rdfjs/types';
import { HttpError, allowCors, send } from './http.js';
import { negotiate } from './negotiate.js';
import type { Register } from './register.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  eli: 'http://data.europa.eu/eli/ontology#',
} as const;
const AUTHORITY = 'http://publications.europa.eu/resource/authority/';
const IANA = 'https://www.iana.org/assignments/media-types/';

export const ELI = {
  aiAct: 'http://data.europa.eu/eli/reg/2024/1689/oj',
  gdpr: 'http://data.europa.eu/eli/reg/2016/679/oj',
} as const;

/** What the operator of a register says about it; every field has a default (CATALOG_DEFAULTS). */
export interface CatalogOptions {
  title: { en: string; nl: string };
  description: { en: string; nl: string };
  publisherName: string;
  /** dct:type of the publisher: an ADMS publisher type or an EU corporate-body IRI. */
  publisherType: string;
  contactEmail: string;
  /** dct:license of the catalogue and the distributions: an EU licence authority IRI. */
  licence: string;
  /** dct:spatial: EU country, place or continent authority IRIs. */
  spatial: string[];
  /** dcat:theme: EU data-theme authority IRIs. */
  themes: string[];
  /** dct:language: EU language authority IRIs. */
  languages: string[];
  keywords: { en: string[]; nl: string[] };
}

export const CATALOG_DEFAULTS: CatalogOptions = {
  title: { en: 'Algorithm register', nl: 'Algoritmeregister' },
  description: {
    en: 'Public register of algorithms and AI systems used by public bodies, classified under the EU AI Act (Regulation (EU) 2024/1689) and the GDPR, as linked data.',
    nl: 'Openbaar register van algoritmen en AI-systemen van overheden, ingedeeld volgens de EU AI-verordening (Verordening (EU) 2024/1689) en de AVG, als linked data.',
  },
  publisherName: 'Algorithm register operator',
  publisherType: 'http://purl.org/adms/publishertype/LocalAuthority',
  contactEmail: 'register@example.eu',
  licence: `${AUTHORITY}licence/CC_BY_4_0`,
  spatial: [`${AUTHORITY}continent/EUROPE`],
  themes: [`${AUTHORITY}data-theme/GOVE`, `${AUTHORITY}data-theme/JUST`, `${AUTHORITY}data-theme/TECH`],
  languages: [`${AUTHORITY}language/ENG`, `${AUTHORITY}language/NLD`],
  keywords: { en: ['algorithm register', 'artificial intelligence', 'AI Act', 'GDPR', 'transparency'], nl: ['algoritmeregister', 'kunstmatige intelligentie', 'AI-verordening', 'AVG', 'transparantie'] },
};

/** Defaults with the operator's options laid over them (nested titles merged per language). */
export function catalogOptions(partial: Partial<CatalogOptions> = {}): CatalogOptions {
  const d = CATALOG_DEFAULTS;
  return {
    ...d,
    ...partial,
    title: { ...d.title, ...partial.title },
    description: { ...d.description, ...partial.description },
    keywords: { ...d.keywords, ...partial.keywords },
  };
}

export interface CatalogInput {
  /** Base IRI of the register (ends in "/"). */
  base: string;
  /** First and last change of the register's records (ISO date-times). */
  issued: string;
  modified: string;
}

/** The IRIs the catalogue mints, all under <base>catalog. */
export function catalogIris(base: string) {
  const c = `${base}catalog`;
  return {
    catalog: c,
    dataset: `${c}#register`,
    service: `${c}#sparql-service`,
    sparqlDistribution: `${c}#sparql`,
    nquads: `${c}#dump-nquads`,
    trig: `${c}#dump-trig`,
    publisher: `${c}#publisher`,
    contact: `${c}#contact`,
    sparql: `${base}sparql`,
    dump: `${base}dump`,
  };
}

/** The catalogue as quads (default graph). Pure: same input, same quads. */
export function buildCatalog(input: CatalogInput, opts: CatalogOptions = CATALOG_DEFAULTS): Quad[] {
  const out: Quad[] = [];
  const iri = catalogIris(input.base);
  const p = (ns: keyof typeof NS, local: string) => namedNode(NS[ns] + local);
  const add = (s: string | ReturnType<typeof blankNode>, pred: ReturnType<typeof namedNode>, o: Quad_Object | string) =>
    out.push(quad(typeof s === 'string' ? namedNode(s) : s, pred, typeof o === 'string' ? namedNode(o) : o));
  const a = p('rdf', 'type');
  const dateTime = (v: string) => literal(v, namedNode(`${NS.xsd}dateTime`));
  const bilingual = (s: string, pred: ReturnType<typeof namedNode>, text: { en: string; nl: string }) => {
    add(s, pred, literal(text.en, 'en'));
    add(s, pred, literal(text.nl, 'nl'));
  };
  const common = (s: string) => {
    add(s, p('dct', 'publisher'), iri.publisher);
    add(s, p('dcat', 'contactPoint'), iri.contact);
    for (const t of opts.themes) add(s, p('dcat', 'theme'), t);
    for (const k of opts.keywords.en) add(s, p('dcat', 'keyword'), literal(k, 'en'));
    for (const k of opts.keywords.nl) add(s, p('dcat', 'keyword'), literal(k, 'nl'));
    for (const law of [ELI.aiAct, ELI.gdpr]) add(s, p('dcatap', 'applicableLegislation'), law);
  };

  // The catalogue.
  add(iri.catalog, a, p('dcat', 'Catalog'));
  bilingual(iri.catalog, p('dct', 'title'), { en: `${opts.title.en}: DCAT-AP catalogue`, nl: `${opts.title.nl}: DCAT-AP-catalogus` });
  bilingual(iri.catalog, p('dct', 'description'), opts.description);
  add(iri.catalog, p('dct', 'publisher'), iri.publisher);
  add(iri.catalog, p('foaf', 'homepage'), input.base);
  add(iri.catalog, p('dct', 'issued'), dateTime(input.issued));
  add(iri.catalog, p('dct', 'modified'), dateTime(input.modified));
  add(iri.catalog, p('dct', 'license'), opts.licence);
  add(iri.catalog, p('dcat', 'themeTaxonomy'), `${AUTHORITY}data-theme`);
  for (const l of opts.languages) add(iri.catalog, p('dct', 'language'), l);
  for (const s of opts.spatial) add(iri.catalog, p('dct', 'spatial'), s);
  add(iri.catalog, p('dcat', 'dataset'), iri.dataset);
  add(iri.catalog, p('dcat', 'service'), iri.service);

  // The register as a dataset.
  add(iri.dataset, a, p('dcat', 'Dataset'));
  bilingual(iri.dataset, p('dct', 'title'), opts.title);
  bilingual(iri.dataset, p('dct', 'description'), opts.description);
  common(iri.dataset);
  add(iri.dataset, p('dct', 'identifier'), literal(input.base));
  add(iri.dataset, p('dcat', 'landingPage'), input.base);
  add(iri.dataset, p('dct', 'accessRights'), `${AUTHORITY}access-right/PUBLIC`);
  add(iri.dataset, p('dct', 'issued'), dateTime(input.issued));
  add(iri.dataset, p('dct', 'modified'), dateTime(input.modified));
  for (const l of opts.languages) add(iri.dataset, p('dct', 'language'), l);
  for (const s of opts.spatial) add(iri.dataset, p('dct', 'spatial'), s);
  const period = blankNode('temporal');
  add(iri.dataset, p('dct', 'temporal'), period);
  add(period, a, p('dct', 'PeriodOfTime'));
  add(period, p('dcat', 'startDate'), dateTime(input.issued));
  add(period, p('dcat', 'endDate'), dateTime(input.modified));
  for (const d of [iri.sparqlDistribution, iri.nquads, iri.trig]) add(iri.dataset, p('dcat', 'distribution'), d);

  // The SPARQL endpoint as a data service, and the distribution that reaches the dataset through it.
  add(iri.service, a, p('dcat', 'DataService'));
  bilingual(iri.service, p('dct', 'title'), { en: `${opts.title.en}: SPARQL endpoint`, nl: `${opts.title.nl}: SPARQL-endpoint` });
  bilingual(iri.service, p('dct', 'description'), {
    en: 'Read-only SPARQL 1.1 endpoint over every graph of the register; its service description is served at the endpoint URL.',
    nl: 'Alleen-lezen SPARQL 1.1-endpoint over alle grafen van het register; de servicebeschrijving staat op de endpoint-URL.',
  });
  common(iri.service);
  add(iri.service, p('dcat', 'endpointURL'), iri.sparql);
  add(iri.service, p('dcat', 'endpointDescription'), iri.sparql);
  add(iri.service, p('dct', 'conformsTo'), 'https://www.w3.org/TR/sparql11-protocol/');
  add(iri.service, p('dcat', 'servesDataset'), iri.dataset);
  add(iri.service, p('dct', 'license'), opts.licence);

  const distribution = (s: string, fmt: string, media: string, text: { en: string; nl: string }, url: string, download: boolean) => {
    add(s, a, p('dcat', 'Distribution'));
    bilingual(s, p('dct', 'title'), text);
    bilingual(s, p('dct', 'description'), text);
    add(s, p('dcat', 'accessURL'), url);
    if (download) add(s, p('dcat', 'downloadURL'), url);
    add(s, p('dct', 'format'), `${AUTHORITY}file-type/${fmt}`);
    add(s, p('dcat', 'mediaType'), `${IANA}${media}`);
    add(s, p('dct', 'license'), opts.licence);
    add(s, p('dcatap', 'availability'), `${AUTHORITY}planned-availability/STABLE`);
    add(s, p('dcatap', 'applicableLegislation'), ELI.aiAct);
    add(s, p('dct', 'modified'), dateTime(input.modified));
  };
  distribution(iri.sparqlDistribution, 'SPARQLQ', 'application/sparql-query', { en: 'SPARQL endpoint', nl: 'SPARQL-endpoint' }, iri.sparql, false);
  add(iri.sparqlDistribution, p('dcat', 'accessService'), iri.service);
  distribution(iri.nquads, 'RDF_N_QUADS', 'application/n-quads', { en: 'Full dump of every graph (N-Quads)', nl: 'Volledige dump van alle grafen (N-Quads)' }, `${iri.dump}?format=nquads`, true);
  distribution(iri.trig, 'RDF_TRIG', 'application/trig', { en: 'Full dump of every graph (TriG)', nl: 'Volledige dump van alle grafen (TriG)' }, `${iri.dump}?format=trig`, true);

  // Publisher and contact point; the laws as ELI legal resources.
  add(iri.publisher, a, p('foaf', 'Agent'));
  add(iri.publisher, p('foaf', 'name'), literal(opts.publisherName));
  add(iri.publisher, p('dct', 'type'), opts.publisherType);
  add(iri.contact, a, p('vcard', 'Kind'));
  add(iri.contact, p('vcard', 'fn'), literal(opts.publisherName));
  add(iri.contact, p('vcard', 'hasEmail'), `mailto:${opts.contactEmail}`);
  for (const law of [ELI.aiAct, ELI.gdpr]) add(law, a, p('eli', 'LegalResource'));
  return out;
}

export const CATALOG_OFFERS = ['text/turtle', 'application/ld+json', 'application/rdf+xml'] as const;

/** Turtle (with prefixes, for people), JSON-LD or RDF/XML. */
export function serializeCatalog(quads: Quad[], mediaType: (typeof CATALOG_OFFERS)[number]): string {
  if (mediaType === 'text/turtle') {
    const writer = new Writer({ prefixes: NS });
    writer.addQuads(quads);
    let text = '';
    writer.end((_e, result: string) => {
      text = result;
    });
    return text;
  }
  const store = new oxigraph.Store();
  const nq = new Writer({ format: 'N-Quads' });
  nq.addQuads(quads);
  let text = '';
  nq.end((_e, result: string) => {
    text = result;
  });
  store.load(text, { format: 'application/n-quads' });
  return store.dump({ format: mediaType, from_graph_name: oxigraph.defaultGraph() });
}

/** GET /catalog: the catalogue of this register, by Accept (Turtle, JSON-LD or RDF/XML). */
export function sendCatalog(req: IncomingMessage, res: ServerResponse, register: Register, opts: CatalogOptions): void {
  allowCors(res);
  res.setHeader('vary', 'Accept');
  const chosen = negotiate(req.headers.accept, CATALOG_OFFERS) as (typeof CATALOG_OFFERS)[number] | undefined;
  if (!chosen) throw new HttpError(406, `the catalogue is available as ${CATALOG_OFFERS.join(', ')}`);
  const times = [...register.durable.records.values()].map((r) => r.updatedAt).sort();
  const now = new Date().toISOString();
  const quads = buildCatalog({ base: register.base, issued: times[0] ?? now, modified: times.at(-1) ?? now }, opts);
  send(res, 200, serializeCatalog(quads, chosen), `${chosen}; charset=utf-8`);
}
