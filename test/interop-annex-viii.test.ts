// EU database registration data (AI Act Annex VIII) from the sample register: which organisation
// registers which section follows from the derived obligations; every item of a section is given.
import { join } from 'node:path';
import { Parser, Store } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Quad } from '@rdfjs/types';
import { annexViiiQuads, annexViiiRecords, exportSystems, type AnnexViiiRecord } from '../src/interop/export/index.js';
import { sectionCitedBy } from '../src/interop/export/annex-viii.js';
import { toTurtle } from '../src/interop/turtle.js';
import { readRdfInputs } from '../src/ingest/parse.js';
import { ontologyQuads } from '../src/ontology/load.js';
import { classifyQuads, type ClassificationRun } from '../src/reason/index.js';
import { EXAMPLES, FIXTURES } from './helpers/interop.js';

const SYS = 'https://register.example.eu/system/';
const ORG = 'https://register.example.eu/org/';
const AIA = 'https://w3id.org/algoreg/law/aiact/';
const AR = 'https://w3id.org/algoreg/ns#';

let quads: Quad[];
let run: ClassificationRun;
let records: AnnexViiiRecord[];
const find = (section: string, system: string, org: string) => records.find((r) => r.section === section && r.system.iri === `${SYS}${system}` && r.registrant.iri === `${ORG}${org}`);

beforeAll(async () => {
  quads = (await readRdfInputs([EXAMPLES, join(FIXTURES, 'annex-viii-utrecht-hiresift.ttl')])).flatMap((f) => f.quads);
  run = await classifyQuads(quads, { at: '2026-11-21' });
  records = annexViiiRecords({ quads, classification: run });
});

describe('which sections are due', () => {
  it('follows the obligations through the provisions they cite', () => {
    expect(sectionCitedBy(`${AIA}art_16-pnt_i`)).toBe('A');
    expect(sectionCitedBy(`${AIA}art_49-par_2`)).toBe('B');
    expect(sectionCitedBy(`${AIA}art_49-par_3`)).toBe('C');
    expect(sectionCitedBy(`${AIA}art_26-par_1`)).toBeUndefined();
  });

  it('gives section A to providers of high-risk systems, B to Art 6(3) providers, C to public-authority deployers', () => {
    expect(find('A', 'selectia-hiresift', 'selectia-talent')).toBeDefined();
    expect(find('A', 'rotterdam-bijzondere-bijstand', 'gemeente-rotterdam')).toBeDefined();
    expect(find('B', 'amsterdam-aanvraagcheck', 'gemeente-amsterdam')).toBeDefined();
    expect(find('C', 'selectia-hiresift', 'gemeente-amsterdam')).toBeDefined();
    expect(find('C', 'rotterdam-bijzondere-bijstand', 'gemeente-rotterdam')).toBeDefined();
    // a private deployer (Arena Nord, minimal-risk FlowGate) and a minimal system have none
    expect(records.some((r) => r.system.iri === `${SYS}sentrix-flowgate`)).toBe(false);
    expect(records.some((r) => r.section === 'C' && r.registrant.iri === `${ORG}zorggroep-nieuwe-maas`)).toBe(false);
    for (const r of records) expect(Object.keys(r.items)).toEqual(
      r.section === 'A' ? Array.from({ length: 13 }, (_, i) => `A.${i + 1}`) : r.section === 'B' ? Array.from({ length: 9 }, (_, i) => `B.${i + 1}`) : ['C.1', 'C.2', 'C.3', 'C.4', 'C.5'],
    );
  });
});

describe('section C', () => {
  it('has every item for Amsterdam\'s use of HireSift, and says what is missing', () => {
    const c = find('C', 'selectia-hiresift', 'gemeente-amsterdam')!;
    expect(c.obligation.provisionIri).toBe(`${AIA}art_49-par_3`);
    expect(c.items['C.1']!.value).toEqual({ name: 'City of Amsterdam', address: null, contact: 'algoritmen@amsterdam.example.nl' });
    expect(c.items['C.2']!.value).toEqual({ submittedBy: 'the deployer itself', name: 'City of Amsterdam' });
    expect(c.items['C.3']!.value).toMatchObject({ system: `${SYS}selectia-hiresift`, tradeName: 'HireSift', providers: expect.arrayContaining(['Selectia Talent Technologies GmbH']) });
    // the provider's EU database entry is stated on the product (by the Utrecht fixture), so every deployer's C.3 has it
    expect(c.items['C.3']!.value).toMatchObject({ euDatabaseEntry: 'https://eu-ai-database.example.eu/systems/EU-HR-000123' });
    const safety = find('C', 'skyward-damagescope', 'veiligheidsregio-rotterdam-rijnmond')!;
    expect(safety.items['C.3']!.value).toMatchObject({ euDatabaseEntry: null, providers: ['Skyward Geo Analytics B.V.'] });
    expect(safety.items['C.3']!.gap).toMatch(/EU database entry is not in the description/);
    // no assessment typed FRIA; the IAMA is shown as related
    expect(c.items['C.4']!.value).toMatchObject({ assessments: [], related: [{ title: 'IAMA HireSift 2025' }] });
    expect(c.items['C.4']!.gap).toMatch(/no fundamental rights impact assessment/);
    expect(c.items['C.5']!.value).toMatchObject({ assessments: [{ title: 'DPIA HireSift 2025', summary: null }] });
    expect(c.items['C.5']!.gap).toMatch(/no summary/);
  });

  it('fills every item when the description has it (a use with FRIA and DPIA summaries and the provider\'s EU database entry)', () => {
    const c = find('C', 'selectia-hiresift', 'gemeente-utrecht')!;
    for (const k of ['C.1', 'C.2', 'C.3', 'C.4', 'C.5']) expect(c.items[k]!.value, k).not.toBeNull();
    expect(c.items['C.3']!.value).toMatchObject({ euDatabaseEntry: 'https://eu-ai-database.example.eu/systems/EU-HR-000123' });
    expect(c.items['C.3']!.gap).toBeUndefined();
    expect(c.items['C.4']!.value).toEqual({ assessments: [{ title: 'FRIA HireSift Utrecht 2026', summary: expect.stringMatching(/^No group of applicants/), link: 'https://utrecht.example.nl/fria-hiresift.pdf' }] });
    expect(c.items['C.4']!.gap).toBeUndefined();
    expect(c.items['C.5']!.value).toMatchObject({ assessments: [{ summary: expect.stringMatching(/^CVs are deleted/) }] });
    expect(c.items['C.5']!.gap).toBeUndefined();
  });

  it('reads an in-house system\'s own assessments (the Rotterdam benefits model)', () => {
    const c = find('C', 'rotterdam-bijzondere-bijstand', 'gemeente-rotterdam')!;
    expect(c.items['C.1']!.value).toEqual({ name: 'City of Rotterdam', address: null, contact: 'algoritmeregister@rotterdam.example.nl' });
    expect(c.items['C.5']!.value).toMatchObject({ assessments: [{ title: 'DPIA voorspelmodel bijzondere bijstand' }] });
    expect(c.items['C.4']!.value).toMatchObject({ related: [{ title: 'IAMA voorspelmodel bijzondere bijstand 2026' }] });
  });
});

describe('sections A and B', () => {
  it('section A gives the provider, trade name, purpose, data and logic, status and URL', () => {
    const a = find('A', 'rotterdam-bijzondere-bijstand', 'gemeente-rotterdam')!;
    expect(a.items['A.1']!.value).toMatchObject({ name: 'City of Rotterdam', contact: 'algoritmeregister@rotterdam.example.nl' });
    expect(a.items['A.4']!.value).toMatchObject({ tradeName: 'Special assistance eligibility model', reference: `${SYS}rotterdam-bijzondere-bijstand` });
    expect(a.items['A.5']!.value).toMatchObject({ purposes: ['Evaluate eligibility for public benefits or services'] });
    expect(a.items['A.6']!.value).toMatchObject({ datasets: expect.arrayContaining([{ name: 'Aanvragen bijzondere bijstand Rotterdam 2019-2025 met besluiten', link: null }]) });
    expect(a.items['A.7']!.value).toBe('on the market or in service');
    expect(a.items['A.8']!.gap).toMatch(/not in the description/);
    const radiant = find('A', 'radiant-neurotriage', 'radiant-diagnostics')!;
    expect(radiant.items['A.3']!.value).toEqual([{ name: 'Brennan & Vogt EU Representation Ltd', address: null, contact: null }]);
  });

  it('section B gives the Art 6(3) condition relied on and the grounds', () => {
    const b = find('B', 'amsterdam-aanvraagcheck', 'gemeente-amsterdam')!;
    expect(b.items['B.6']!.value).toEqual([{ condition: 'Performs a narrow procedural task', provision: 'Art 6(3)(a)', provisionIri: `${AIA}art_6-par_3-pnt_a` }]);
    expect(b.items['B.7']!.value).toMatch(/narrow procedural task \(Art 6\(3\)\(a\)\)/);
  });

  it('--section and --system narrow the export', () => {
    const only = exportSystems('annex-viii', { quads, classification: run }, { section: 'C', systems: [`${SYS}selectia-hiresift`] });
    expect(only.map((d) => d.id).sort()).toEqual(['selectia-hiresift-C-gemeente-amsterdam', 'selectia-hiresift-C-gemeente-utrecht', 'selectia-hiresift-C-stockholms-stad']);
    expect(only[0]!.notes.length).toBeGreaterThan(0);
  });
});

describe('as RDF', () => {
  it('writes ar:RegistrationData with numbered items, in ontology terms', () => {
    const c = records.filter((r) => r.section === 'C' && r.system.iri === `${SYS}selectia-hiresift`);
    const turtle = toTurtle(annexViiiQuads(c));
    const store = new Store(new Parser().parse(turtle));
    const regs = store.getSubjects('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `${AR}RegistrationData`, null);
    expect(regs).toHaveLength(3);
    for (const r of regs) {
      expect(store.getObjects(r, `${AR}annexVIIISection`, null).map((o) => o.value)).toEqual([`${AIA}anx_VIII-sct_C`]);
      const items = store.getObjects(r, `${AR}registrationItem`, null);
      expect(items.map((i) => store.getObjects(i, 'http://www.w3.org/2004/02/skos/core#notation', null)[0]!.value).sort()).toEqual(['C.1', 'C.2', 'C.3', 'C.4', 'C.5']);
    }
    // every ar: term used is defined in the ontology
    const defined = new Set(ontologyQuads().map((q) => q.subject.value));
    const used = new Set(store.getQuads(null, null, null, null).flatMap((q) => [q.predicate.value, q.object.value]).filter((v) => v.startsWith(AR)));
    expect([...used].filter((u) => !defined.has(u))).toEqual([]);
  });
});
