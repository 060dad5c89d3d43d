// UK Algorithmic Transparency Recording Standard records: the GOV.UK metadata sample in
// ../shared/samples, and a fixture with ATRS v3 record fields.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSourceRecord } from '../src/interop/source-record.js';
import { AR, BASE, FIXTURES, UK_SAMPLE, importFiles } from './helpers/interop.js';

const uk = (slug: string) => `${BASE}system/uk-${slug}`;
const DCT = 'http://purl.org/dc/terms/';

describe('GOV.UK record metadata (the sample)', () => {
  it('imports the records with a publishing body and refuses, with the reason, those without', async () => {
    const { entries, g } = await importFiles('uk-atrs', [UK_SAMPLE]);
    expect(entries).toHaveLength(12);
    const refused = entries.filter((e) => e.status === 'refused');
    expect(refused.map((e) => e.name)).toEqual(['TrustID', 'DSIT - Parlex']);
    expect(refused[0]!.reasons[0]).toMatch(/no organisation/);
    const s = uk('hmrc-ask-hmrc-online');
    expect(g.label(s, ['en'])).toBe('Ask HMRC online');
    expect(g.text(s, `${DCT}description`, ['en'])).toMatch(/^Digital \(virtual\) assistant chat/);
    expect(g.link(s, `${AR}registerEntryPage`)).toBe('https://www.gov.uk/algorithmic-transparency-records/hmrc-ask-hmrc-online');
    expect(g.objects(s, `${DCT}issued`)[0]!.value).toBe('2025-06-26T07:39:09Z');
    const org = g.node(s, `${AR}responsibleOrganisation`)!;
    expect(org).toBe(`${BASE}org/hmrc`);
    expect(g.nodes(org, `${AR}organisationKind`)).toEqual([`${AR}PublicAuthority`]);
    expect(g.literals(org, `${AR}establishedInEU`)).toEqual(['false']);
    // what has no ontology property is kept under its key
    const rec = readSourceRecord(g, s, 'uk-atrs')!;
    expect(rec.identifier).toBe('hmrc-ask-hmrc-online');
    expect([...rec.kept.keys()].sort()).toEqual(['listed_organisations', 'title']);
    expect(rec.kept.get('listed_organisations')!.value).toEqual(['Cabinet Office', 'Department for Science, Innovation and Technology', 'Government Digital Service']);
    // one organisation for the two Money and Pensions Service records
    expect(g.node(uk('money-and-pensions-service-pension-calculator'), `${AR}responsibleOrganisation`)).toBe(g.node(uk('money-and-pensions-service-budget-planner'), `${AR}responsibleOrganisation`));
  });

  it('imports every record with --organisation', async () => {
    const { entries } = await importFiles('uk-atrs', [UK_SAMPLE], { organisation: 'Department for Science, Innovation and Technology' });
    expect(entries.filter((e) => e.status === 'refused')).toEqual([]);
  });
});

describe('ATRS v3 record fields', () => {
  it('maps owner, supplier, phase, process, oversight, appeals, datasets and impact assessments', async () => {
    const { entries, g } = await importFiles('uk-atrs', [join(FIXTURES, 'uk-atrs-v3.json')]);
    const s = uk('borough-of-exampleford-housing-repairs-triage');
    expect(entries[0]!.status).toBe('imported with warnings');
    expect(entries[0]!.warnings.join('\n')).toMatch(/impact_assessment_link\[1\]: "not published" is not an http\(s\) address/);
    expect(g.text(s, `${AR}department`, ['en'])).toBe('Housing Services');
    expect(g.node(s, `${AR}lifecycleStatus`)).toBe(`${AR}InUse`);
    expect(g.text(s, `${AR}decisionMakingProcess`, ['en'])).toMatch(/repairs officer reviews/);
    expect(g.text(s, `${AR}humanOversight`, ['en'])).toBe('Officers can change every urgency.');
    expect(g.text(s, `${AR}objectionProcedure`, ['en'])).toMatch(/ask for a review/);
    expect(g.literals(s, `${AR}policyArea`)).toEqual(['housing-and-community-amenities']);
    expect(g.literals(s, `${AR}geographicArea`)).toEqual(['england']);
    const supplier = g.node(s, `${AR}supplier`)!;
    expect(g.label(supplier, ['en'])).toBe('Fixwise Ltd');
    expect(g.nodes(supplier, `${AR}organisationKind`)).toEqual([`${AR}Company`]);
    expect(g.nodes(g.node(s, `${AR}roleAssignment`)!, `${AR}valueChainFact`)).toEqual([`${AR}Bought`, `${AR}UsesUnderOwnAuthority`]);
    const datasets = g.nodes(s, `${AR}usesDataset`).map((d) => [g.label(d, ['en']), g.link(d, 'http://www.w3.org/ns/dcat#landingPage') ?? null, g.text(d, `${DCT}description`, ['en'])]);
    expect(datasets.sort()).toEqual([
      ['Property register', null, 'Addresses and property types'],
      ['Repair requests 2020-2025', 'https://data.exampleford.example.gov.uk/repairs', 'Free-text requests with outcomes'],
    ]);
    const assessments = g.nodes(s, `${AR}impactAssessment`).map((a) => [g.label(a, ['en']), g.node(a, `${AR}assessmentType`), g.objects(a, `${DCT}date`)[0]?.value]);
    expect(assessments.sort()).toEqual([
      ['Data Protection Impact Assessment', `${AR}DPIA`, '2025-09-01'],
      ['Equality Impact Assessment', `${AR}OtherAssessment`, '2025-10-01'],
    ]);
    const rec = readSourceRecord(g, s, 'uk-atrs')!;
    expect([...rec.kept.keys()]).toEqual(expect.arrayContaining(['algorithmic_transparency_record_capability', 'benefit', 'risk_name', 'risk_mitigation', 'senior_responsible_owner', 'impact_assessment_link']));
    expect(g.node(uk('borough-of-exampleford-council-tax-chatbot'), `${AR}lifecycleStatus`)).toBe(`${AR}InUse`);
  });
});
