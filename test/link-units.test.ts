// Dataset links without a portal: resolving links to canonical data.europa.eu IRIs, finding the
// links in descriptions, the portal graph the register derives from them, and DCAT-AP quality.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFactory, Parser } from 'n3';
import { describe, expect, it, afterAll } from 'vitest';
import type { Quad } from '@rdfjs/types';
import { resolveLink, landingPageOf } from '../src/link/resolve.js';
import { isMachineTranslated } from '../src/link/fetch.js';
import { declaredLinks } from '../src/link/declared.js';
import { portalGraphQuads, linkNode } from '../src/link/portal-graph.js';
import { PortalCache } from '../src/link/cache.js';
import { assessQuality, loadDcatApShapes, DEFAULT_DCAT_AP_DIR } from '../src/link/quality.js';
import { linkViews } from '../src/link/view.js';
import { storeWith } from '../src/reason/index.js';
import { toNTriples } from '../src/store/ntriples.js';
import { packagePath } from '../src/paths.js';
import { loadInputs } from '../src/cli/load-inputs.js';
import { parseRdf } from '../src/ingest/parse.js';

const DS = 'http://data.europa.eu/88u/dataset/';
const AR = 'https://w3id.org/algoreg/ns#';
const DCT = 'http://purl.org/dc/terms/';
const DCAT = 'http://www.w3.org/ns/dcat#';
const PROV = 'http://www.w3.org/ns/prov#';
const IT6 = 'http://data.europa.eu/it6/';
const FIXTURE = packagePath('test', 'fixtures', 'portal', 'datasets.ttl');
const tmp = mkdtempSync(join(tmpdir(), 'algoreg-link-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const has = (quads: Quad[], s: string, p: string, o: string) => quads.some((q) => q.subject.value === s && q.predicate.value === p && q.object.value === o);

describe('resolveLink', () => {
  it.each([
    ['http://data.europa.eu/88u/dataset/bag', 'dataset-iri', `${DS}bag`],
    ['https://data.europa.eu/88u/dataset/bag', 'dataset-iri', `${DS}bag`],
    ['https://data.europa.eu/data/datasets/bag', 'landing-page', `${DS}bag`],
    ['https://data.europa.eu/data/datasets/bag?locale=en', 'landing-page', `${DS}bag`],
    ['https://data.europa.eu/data/datasets/bag/?locale=nl#distributions', 'landing-page', `${DS}bag`],
    ['https://data.europa.eu/en/data/datasets/bag', 'landing-page', `${DS}bag`],
    ['https://www.europeandataportal.eu/data/datasets/bag?locale=de', 'landing-page', `${DS}bag`],
    ['https://data.europa.eu/api/hub/repo/datasets/bag.ttl?useNormalizedId=true', 'landing-page', `${DS}bag`],
    ['https://data.europa.eu/data/datasets/verkeer-utrecht%7E%7E1?locale=en', 'landing-page', `${DS}verkeer-utrecht~~1`],
    ['https://data.europa.eu/data/datasets/0b6a4f3e-9a51-7c2d', 'landing-page', `${DS}0b6a4f3e-9a51-7c2d`],
  ])('%s → %s %s', (link, kind, canonical) => {
    expect(resolveLink(link)).toEqual({ original: link, kind, canonical });
  });

  it.each([
    'https://data.overheid.nl/dataset/verkeersintensiteiten-utrecht',
    'https://data.europa.eu/data/datasets',
    'https://data.europa.eu/data/datasets/',
    'https://data.europa.eu/88u/distribution/6f1d2c9e',
    'https://example.org/data.europa.eu/data/datasets/bag',
    'urn:example:dataset',
  ])('%s stays unresolved (the portal is asked, or it is not found)', (link) => {
    expect(resolveLink(link)).toEqual({ original: link, kind: 'other', canonical: null });
  });

  it('gives the landing page of a canonical IRI', () => {
    expect(landingPageOf(`${DS}bag`)).toBe('https://data.europa.eu/data/datasets/bag');
    expect(landingPageOf('https://example.org/ds')).toBeNull();
  });
});

describe('machine-translated literals', () => {
  it('are told by the -t- extension of the language tag', () => {
    const quads = new Parser().parse(readFileSync(FIXTURE, 'utf8'));
    const titles = quads.filter((q) => q.subject.value === `${DS}luchtfoto-schade-europa-2010-2024` && q.predicate.value === `${DCT}title`);
    expect(titles.map((q) => isMachineTranslated(q))).toEqual([false, true, true]);
    const { namedNode, literal, quad } = DataFactory;
    expect(isMachineTranslated(quad(namedNode('x:s'), namedNode('x:p'), literal('x', 'EN-T-NL-T0-MTEC')))).toBe(true);
    expect(isMachineTranslated(quad(namedNode('x:s'), namedNode('x:p'), literal('x', 'en-GB')))).toBe(false);
  });
});

describe('links in descriptions and the portal graph', () => {
  it('finds the sample register\'s links, with roles, uses and whether the system is a model', async () => {
    const { quads } = await loadInputs([packagePath('examples')]);
    const links = declaredLinks(storeWith(quads));
    const sky = 'https://register.example.eu/system/skyward-damagescope';
    expect(links.map((l) => [l.system.replace(/.*\//, ''), l.role.replace(AR, ''), l.link])).toEqual([
      ['signalis-flowsignal', 'TestingData', `${DS}detector-counts-intersections-2019-2024`],
      ['signalis-flowsignal', 'TrainingData', `${DS}detector-counts-intersections-2019-2024`],
      ['skyward-damagescope', 'ReferenceData', `${DS}basisregistratie-adressen-en-gebouwen-bag`],
      ['skyward-damagescope', 'TrainingData', 'https://data.europa.eu/data/datasets/luchtfoto-schade-europa-2010-2024?locale=en'],
    ]);
    expect(links.find((l) => l.system === sky)!.uses).toEqual(['https://register.example.eu/use/veiligheidsregio-damagescope']);
    expect(links.every((l) => l.model)).toBe(true);
    expect(new Set(links.map((l) => l.key)).size).toBe(4);
  });

  it('reads links written in JSON-LD with the algoreg context (datasetLinks, relation, hadRole)', async () => {
    const doc = JSON.stringify({
      '@context': 'https://w3id.org/algoreg/context.jsonld',
      '@id': 'https://example.org/system/triage',
      '@type': 'AISystem',
      datasetLinks: [{ relation: `${DS}input`, hadRole: 'InputData' }, { relation: 'https://data.europa.eu/data/datasets/train?locale=nl', hadRole: 'TrainingData' }],
    });
    const quads = await parseRdf(doc, { format: 'jsonld', source: 'test.jsonld', baseIRI: 'https://example.org/' });
    const links = declaredLinks(storeWith(quads));
    expect(links.map((l) => [l.role.replace(AR, ''), l.link, l.model])).toEqual([
      ['InputData', `${DS}input`, true],
      ['TrainingData', 'https://data.europa.eu/data/datasets/train?locale=nl', true],
    ]);
  });

  it('derives prov:used (run-time roles), prov:wasGeneratedBy (output), it6:* (models only) and keeps the original link', () => {
    const ttl = `@prefix ar: <${AR}> . @prefix dcat: <${DCAT}> . @prefix dct: <${DCT}> . @prefix ex: <https://example.org/> .
      ex:model a ar:AISystem ; dcat:qualifiedRelation
        [ dct:relation <https://data.europa.eu/data/datasets/train?locale=en> ; dcat:hadRole ar:TrainingData ] ,
        [ dct:relation <${DS}input> ; dcat:hadRole ar:InputData ] ,
        [ dct:relation <${DS}out> ; dcat:hadRole ar:OutputData ] ,
        [ dct:relation <${DS}check> ; dcat:hadRole ar:ValidationData , ar:TestingData ] ,
        [ dct:relation <https://data.overheid.nl/dataset/x> ; dcat:hadRole ar:ReferenceData ] ,
        [ dct:relation "not an IRI" ; dcat:hadRole ar:InputData ] ,
        [ dct:relation <${DS}norole> ] .
      ex:rules a ar:AlgorithmicSystem ; dcat:qualifiedRelation [ dct:relation <${DS}train2> ; dcat:hadRole ar:TrainingData ] .
      ex:use1 a ar:SystemUse ; ar:usesSystem ex:model . ex:use2 a ar:SystemUse ; ar:usesSystem ex:model .`;
    const links = declaredLinks(storeWith(new Parser().parse(ttl)));
    expect(links).toHaveLength(7);
    const g = portalGraphQuads(links, PortalCache.empty(), 'https://r.example/derived/');
    const ex = 'https://example.org/';
    expect(has(g, `${ex}model`, `${IT6}trainedOn`, `${DS}train`)).toBe(true);
    expect(has(g, `${ex}model`, `${IT6}validatedOn`, `${DS}check`)).toBe(true);
    expect(has(g, `${ex}model`, `${IT6}testedOn`, `${DS}check`)).toBe(true);
    expect(has(g, `${ex}rules`, `${IT6}trainedOn`, `${DS}train2`)).toBe(false); // not a learned model
    for (const use of ['use1', 'use2']) {
      expect(has(g, `${ex}${use}`, `${PROV}used`, `${DS}input`)).toBe(true);
      expect(has(g, `${ex}${use}`, `${PROV}used`, `${DS}train`)).toBe(false); // training is not a run-time use
      expect(has(g, `${DS}out`, `${PROV}wasGeneratedBy`, `${ex}${use}`)).toBe(true);
    }
    expect(has(g, `${DS}train`, `${DCAT}landingPage`, 'https://data.europa.eu/data/datasets/train?locale=en')).toBe(true);
    const training = links.find((l) => l.link.includes('/train?'))!;
    const node = linkNode('https://r.example/derived/', training.key);
    expect(has(g, node, `${AR}originalLink`, training.link)).toBe(true);
    expect(has(g, node, `${AR}resolvedDataset`, `${DS}train`)).toBe(true);
    expect(has(g, node, `${AR}linkStatus`, `${AR}LinkUnchecked`)).toBe(true);
    // Another portal's page: no canonical IRI until the portal is asked, so nothing derived yet.
    const other = links.find((l) => l.link.startsWith('https://data.overheid.nl'))!;
    expect(g.some((q) => q.subject.value === linkNode('https://r.example/derived/', other.key) && q.predicate.value === `${AR}resolvedDataset`)).toBe(false);
  });
});

describe('DCAT-AP quality', () => {
  const quads = new Parser().parse(readFileSync(FIXTURE, 'utf8'));
  const about = (iri: string) => {
    const first = quads.filter((q) => q.subject.value === iri);
    const below = new Set(first.map((q) => q.object.value));
    return [...first, ...quads.filter((q) => below.has(q.subject.value))];
  };

  it('counts violations and warnings and names the missing mandatory and recommended properties', async () => {
    const shapes = await loadDcatApShapes();
    expect(shapes.ok).toBe(true);
    const complete = await assessQuality(`${DS}basisregistratie-adressen-en-gebouwen-bag`, about(`${DS}basisregistratie-adressen-en-gebouwen-bag`), shapes);
    expect(complete).toEqual({ checked: true, note: null, violations: 0, warnings: 0, missingMandatory: [], missingRecommended: [], hasLicence: true, hasAccessRights: true, score: 1 });
    const partial = await assessQuality(`${DS}detector-counts-intersections-2019-2024`, about(`${DS}detector-counts-intersections-2019-2024`), shapes);
    expect(partial.violations).toBe(1);
    expect(partial.warnings).toBeGreaterThanOrEqual(4);
    expect(partial.missingMandatory).toEqual([`${DCT}description`]);
    expect(partial.missingRecommended).toEqual([`${DCT}spatial`, `${DCT}temporal`, `${DCAT}contactPoint`, `${DCAT}keyword`].sort());
    expect(partial.hasLicence).toBe(false);
    expect(partial.hasAccessRights).toBe(false);
    expect(partial.score).toBeLessThan(1);
  });

  it('says clearly when the shapes are absent, and still reports licence and access rights', async () => {
    const shapes = await loadDcatApShapes(join(tmp, 'no-shapes-here'));
    expect(shapes.ok).toBe(false);
    const q = await assessQuality(`${DS}basisregistratie-adressen-en-gebouwen-bag`, about(`${DS}basisregistratie-adressen-en-gebouwen-bag`), shapes);
    expect(q.checked).toBe(false);
    expect(q.note).toMatch(/DCAT-AP 3\.0\.1 shapes are not at .*no-shapes-here/);
    expect([q.violations, q.warnings, q.missingMandatory, q.score]).toEqual([null, null, null, null]);
    expect([q.hasLicence, q.hasAccessRights]).toEqual([true, true]);
    expect(DEFAULT_DCAT_AP_DIR).toMatch(/shared[/\\]standards[/\\]dcat-ap[/\\]3\.0\.1$/);
  });

  it('reads the view from cached metadata: title (original language), publisher, licence, themes, measurements', async () => {
    const iri = `${DS}basisregistratie-adressen-en-gebouwen-bag`;
    const cache = await PortalCache.open(join(tmp, 'portal.json'));
    const link = { key: 'k1', system: 'https://example.org/s', role: `${AR}ReferenceData`, link: iri, model: false, uses: [] };
    const draft = cache.draft();
    draft.datasets[iri] = { iri, retrievedAt: '2026-11-01T10:00:00.000Z', source: 'http://127.0.0.1:1/sparql', ntriples: toNTriples(about(iri)), quality: await assessQuality(iri, about(iri), await loadDcatApShapes()) };
    draft.links.k1 = { key: 'k1', system: link.system, role: link.role, original: iri, canonical: iri, status: 'resolved', message: null, checkedAt: '2026-11-01T10:00:00.000Z', attempts: 1 };
    await cache.commit(draft);
    const [v] = linkViews([link], await PortalCache.open(join(tmp, 'portal.json')));
    expect(v).toMatchObject({
      status: 'resolved',
      canonical: iri,
      originalLink: iri,
      landingPage: 'https://data.europa.eu/data/datasets/basisregistratie-adressen-en-gebouwen-bag',
      role: { name: 'reference', label: { en: 'Reference data', nl: 'Referentiedata' } },
      title: 'Key register of addresses and buildings (BAG)',
      titleLanguage: 'en',
      publisher: { iri: 'https://example.org/portal/agent/kadaster', name: 'Kadaster' },
      licence: ['http://publications.europa.eu/resource/authority/licence/CC0'],
      accessRights: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
      themes: ['http://publications.europa.eu/resource/authority/data-theme/GOVE', 'http://publications.europa.eu/resource/authority/data-theme/REGI'],
      distributions: 1,
      retrievedAt: '2026-11-01T10:00:00.000Z',
      quality: { violations: 0, warnings: 0 },
    });
    expect(v.measurements.map((m) => m.metric.replace(/.*\//, ''))).toEqual(['accessUrlStatusCodeAvailability', 'licenceAvailability']);
  });
});
