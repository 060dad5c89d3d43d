// Eurocities Algorithmic Transparency Standard v0.3.1: import, and export valid against
// schemas/eurocities-0.3.1.schema.json (checked with ajv).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { exportSystems } from '../src/interop/export/index.js';
import { readRdfInputs } from '../src/ingest/parse.js';
import { classifyQuads } from '../src/reason/index.js';
import { AR, BASE, EXAMPLES, FIXTURES, NL_TEMPLATE_FILES, importFiles } from './helpers/interop.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/eurocities-0.3.1.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: false });
const validateEc = ajv.compile(schema);
const errorsOf = (doc: unknown) => (validateEc(doc) ? [] : (validateEc.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const FIXTURE = join(FIXTURES, 'eurocities.json');
const ec = (id: string) => `${BASE}system/ec-${id}`;

describe('import', () => {
  it('maps the attributes, typed impact assessments and the claimed risk category', async () => {
    const { g, entries } = await importFiles('eurocities', [FIXTURE]);
    expect(entries.map((e) => e.status)).toEqual(['imported with warnings', 'imported with warnings', 'imported with warnings']);
    const s = ec('5b6f1d2e-8c3a-4f7b-9a1e-2d3c4b5a6f70');
    expect(g.text(s, 'http://www.w3.org/2000/01/rdf-schema#label', ['en'])).toBe('Fast lane for energy allowance applications');
    expect(g.text(s, `${AR}intendedPurposeDescription`, ['en'])).toBe('Decide complete applications within 5 working days.');
    expect(g.text(s, `${AR}department`, ['en'])).toBe('Income and Work');
    expect(g.node(s, `${AR}lifecycleStatus`)).toBe(`${AR}InUse`);
    expect(g.node(s, `${AR}claimedRiskTier`)).toBe(`${AR}TierHighRisk`);
    const assessments = g.nodes(s, `${AR}impactAssessment`).map((a) => ({ type: g.node(a, `${AR}assessmentType`), link: g.link(a, `${AR}documentLink`) }));
    expect(assessments).toEqual(expect.arrayContaining([
      { type: `${AR}DPIA`, link: 'https://algorithms.voorbeeldstad.example.eu/fast-lane/dpia.pdf' },
      { type: `${AR}FRIA`, link: 'https://algorithms.voorbeeldstad.example.eu/fast-lane/fria.pdf' },
    ]));
    // Dutch enumeration values of the same version
    expect(g.node(ec('0c9e7a51-3b2d-4e6f-8a9b-1c2d3e4f5a6b'), `${AR}lifecycleStatus`)).toBe(`${AR}InUse`);
    expect(g.node(ec('0c9e7a51-3b2d-4e6f-8a9b-1c2d3e4f5a6b'), `${AR}claimedRiskTier`)).toBe(`${AR}TierTransparency`);
    // no uuid: the id comes from the name, with a warning
    expect(entries[2]!.id).toBe('ec-noise-sensor-classification');
    expect(entries[2]!.warnings.join('\n')).toMatch(/no register identifier/);
    expect(entries[2]!.claim).toMatchObject({ claimed: 'Onbekend', claimedTier: null, verdict: 'no AI Act tier claimed' });
    expect(entries[1]!.warnings.join('\n')).toMatch(/goal: required by the eurocities standard but missing/);
  });

  it('compares the claimed category with the derived tier', async () => {
    const context = new Parser().parse(readFileSync(join(FIXTURES, 'context-determinants.ttl'), 'utf8'));
    const { entries } = await importFiles('eurocities', [FIXTURE], { context });
    expect(entries[0]!.tier).toBe('high-risk');
    expect(entries[0]!.claim).toEqual({ claimed: 'high risk', claimedTier: 'high-risk', derivedTier: 'high-risk', verdict: 'agrees' });
    expect(entries[1]!.claim?.verdict).toBe('cannot compare: undetermined');
  });
});

describe('export valid against the JSON Schema', () => {
  it('the schema is a valid 2020-12 schema', () => {
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it('exports every system and use of the sample register', async () => {
    const quads = (await readRdfInputs([EXAMPLES])).flatMap((f) => f.quads);
    const run = await classifyQuads(quads, { at: '2026-11-21' });
    const docs = exportSystems('eurocities', { quads, classification: run });
    expect(docs.length).toBeGreaterThan(35);
    for (const d of docs) expect(errorsOf(d.json), d.subject).toEqual([]);
    const rotterdam = docs.find((d) => d.subject === 'https://register.example.eu/system/rotterdam-bijzondere-bijstand')!;
    expect(rotterdam.json.risk_category).toBe('high risk'); // no claim: the derived tier
    expect(rotterdam.json.organization).toBe('City of Rotterdam');
    expect(rotterdam.json.status).toBe('operational');
    expect((rotterdam.json.description_short as string).length).toBeLessThanOrEqual(150);
    expect(rotterdam.notes.join('\n')).toMatch(/description_short: shortened to 150/);
    const use = docs.find((d) => d.subject === 'https://register.example.eu/use/amsterdam-hiresift')!;
    expect(use.json.organization).toBe('City of Amsterdam');
    expect(use.json.name).toBe('Pre-selection of job applications with HireSift');
  });

  it('exports Dutch register entries', async () => {
    const { quads, classification } = await importFiles('nl-algoritmeregister', NL_TEMPLATE_FILES, { organisation: 'Gemeente Voorbeeldstad' });
    const docs = exportSystems('eurocities', { quads, classification });
    expect(docs).toHaveLength(10);
    for (const d of docs) expect(errorsOf(d.json), d.subject).toEqual([]);
    expect(docs.every((d) => d.json.lang === 'nl')).toBe(true);
  });

  it('round trip: an imported registration comes back (HTML sanitised, Dutch enumeration values in English)', async () => {
    const { quads, classification } = await importFiles('eurocities', [FIXTURE]);
    const docs = exportSystems('eurocities', { quads, classification });
    for (const d of docs) expect(errorsOf(d.json), d.subject).toEqual([]);
    const originals = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>[];
    const first = docs.find((d) => d.json.uuid === originals[0]!.uuid)!;
    expect(first.json).toEqual({ ...originals[0], goal: '<p>Decide complete applications within 5 working days.</p>' });
    const second = docs.find((d) => d.json.uuid === originals[1]!.uuid)!;
    expect(second.json).toMatchObject({ status: 'operational', risk_category: 'limited risk', algorithm_type: 'rule-based', type: 'prescriptive', name: 'Slimme verkeerslichten' });
  });
});
