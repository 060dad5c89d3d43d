// GDPR rules (rules/gdpr-*.json): roles, Art 9 with its 9(2) conditions, Art 22 with its
// exceptions and safeguards, the DPIA (Art 35(3)(a)-(c) and the EDPB criteria, counted), the
// AI Act links of Art 26(9) and 27(4), the DPO of Art 37(1)(a), and the Art 2(2)(d) exclusion.
// Every fixture is a fully answered system that meets no EDPB criterion and differs from that
// baseline only by the facts the provision is about.
import { readFileSync } from 'node:fs';
import { Parser, Store } from 'n3';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../src/paths.js';
import { classifyTurtle } from './helpers/classify.js';
import { ADMIN_SUPPORT } from './helpers/admin-support-system.js';
import type { ObligationResult, SystemClassification } from '../src/reason/index.js';

const EX = 'https://example.org/';

/** GDPR determinants, all answered so that no EDPB criterion is met. */
const GDPR: Record<string, string> = {
  specialCategoryData: 'ar:NoSpecialCategoryData',
  criminalOffenceData: 'false',
  highlyPersonalData: 'false',
  solelyAutomatedDecision: 'false',
  legalOrSimilarEffect: 'false',
  largeScale: 'false',
  systematicMonitoring: 'false',
  combinesDatasets: 'false',
  vulnerableDataSubjects: 'false',
  innovativeTechnology: 'false',
  preventsExerciseOfRight: 'false',
};

interface OrgSpec { kind?: string; valueChain: string[]; uses?: boolean }
const CITY: OrgSpec = { kind: 'PublicAuthority', valueChain: ['DevelopedInHouse', 'UsesUnderOwnAuthority', 'DeterminesPurposesAndMeans'] };
const VENDOR_PROCESSOR: OrgSpec = { kind: 'Company', valueChain: ['DevelopedInHouse', 'PlacesOnMarket', 'ProcessesOnBehalf'] };

function describeSystem(props: Record<string, string | null>, orgs: Record<string, OrgSpec>): string {
  const all = { ...ADMIN_SUPPORT, ...GDPR, ...props };
  const lines = [`ex:sys a ar:AISystem ; rdfs:label "System" ;`];
  lines.push(Object.entries(all).filter(([, v]) => v !== null).map(([p, v]) => `    ar:${p} ${v}`).join(' ;\n') + ' .');
  for (const [id, o] of Object.entries(orgs)) {
    lines.push(`ex:sys ar:roleAssignment [ a ar:RoleAssignment ; ar:agent ex:${id} ; ${o.valueChain.map((v) => `ar:valueChainFact ar:${v}`).join(' ; ')} ] .`);
    if (o.uses) lines.push(`ex:use-${id} a ar:SystemUse ; ar:usesSystem ex:sys ; ar:usedBy ex:${id} .`);
    lines.push(`ex:${id} a ar:Organisation ; rdfs:label "${id}" ; ar:establishedInEU true${o.kind ? ` ; ar:organisationKind ar:${o.kind}` : ''} .`);
  }
  return lines.join('\n');
}

const classify = (props: Record<string, string | null> = {}, orgs: Record<string, OrgSpec> = { city: CITY }) => classifyTurtle(describeSystem(props, orgs));

const local = (iri: string) => iri.replace(/^https:\/\/w3id\.org\/algoreg\/law\/(aiact|gdpr)\//, '');
const isGdpr = (o: ObligationResult) => o.provisionIri.startsWith('https://w3id.org/algoreg/law/gdpr/');
function gdprOf(r: SystemClassification, org = 'city', role?: string): ObligationResult[] {
  return r.obligations.filter((o) => isGdpr(o) && o.organisation === EX + org && (role === undefined || o.role === role));
}
/** The GDPR provisions (local names, e.g. "art_9-par_1") of an organisation's obligations. */
function provisions(r: SystemClassification, org = 'city', role?: string): string[] {
  return [...new Set(gdprOf(r, org, role).map((o) => local(o.provisionIri)))].sort();
}
const rules = (r: SystemClassification, org = 'city') => gdprOf(r, org).map((o) => o.rule).sort();
const notes = (r: SystemClassification) => r.explanation.filter((e) => e.outcome === 'note').map((e) => e.rule);

/** The obligations every public-authority controller processing personal data has: records and DPO. */
const ROUTINE = ['art_30-par_1', 'art_37-par_1-pnt_a'];

describe('GDPR roles (gdpr-roles.json)', () => {
  it('derives controller, processor and joint controllers from the value chain', async () => {
    const r = await classify({}, {
      city: CITY,
      vendor: VENDOR_PROCESSOR,
      partner: { kind: 'PublicAuthority', valueChain: ['DeterminesJointly'] },
    });
    const roles = (org: string) => r.roles.filter((x) => x.organisation === EX + org).map((x) => x.role).sort();
    expect(roles('city')).toContain('controller');
    expect(roles('vendor')).toContain('processor');
    expect(roles('partner')).toEqual(['controller', 'joint-controller']);
    const step = r.explanation.find((e) => e.rule === 'gdpr-art26-joint-controller');
    expect(step?.ruleFile).toBe('gdpr-roles.json');
    expect(step?.provision).toBe('GDPR Art 26');
  });
});

describe('baseline', () => {
  it('a public-authority controller that meets no criterion: records of processing and a DPO only', async () => {
    const r = await classify();
    expect(r.riskTier).toBe('minimal');
    expect(provisions(r)).toEqual(ROUTINE);
    expect(r.dpiaCriteria).toEqual({ met: [], open: [] });
    const records = gdprOf(r).find((o) => o.rule === 'gdpr-art30-1-records-controller')!;
    expect(records).toMatchObject({ role: 'controller', calendarEntry: 'gdpr', appliesFrom: '2018-05-25', appliesFromAdopted: '2018-05-25', appliesFromAmended: '2018-05-25', inForceOn: true, provision: 'GDPR Art 30(1)' });
    expect(records.eurLex).toBe('https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng#art_30');
  });

  it('no personal data: no GDPR obligation at all', async () => {
    const r = await classify({ processesPersonalData: 'false', specialCategoryData: 'ar:HealthData', article9Condition: 'ar:NoArticle9Condition' });
    expect(gdprOf(r)).toEqual([]);
  });

  it('a processor: the Art 28(3) contract and its own record (Art 30(2)); a joint controller: the Art 26 arrangement', async () => {
    const r = await classify({}, { city: CITY, vendor: VENDOR_PROCESSOR, partner: { kind: 'Company', valueChain: ['DeterminesJointly'] } });
    expect(provisions(r, 'vendor', 'processor')).toEqual(['art_28-par_3', 'art_30-par_2']);
    expect(provisions(r, 'partner', 'joint-controller')).toEqual(['art_26']);
    // a company is no public authority: no DPO under Art 37(1)(a)
    expect(provisions(r, 'partner', 'controller')).toEqual(['art_30-par_1']);
  });
});

describe('Art 9: special categories of personal data', () => {
  const CONDITIONS: [string, string][] = [
    ['a', 'Art9ExplicitConsent'], ['b', 'Art9EmploymentSocialSecurityLaw'], ['c', 'Art9VitalInterests'], ['d', 'Art9NotForProfitBody'],
    ['e', 'Art9ManifestlyMadePublic'], ['f', 'Art9LegalClaimsOrCourts'], ['g', 'Art9SubstantialPublicInterest'], ['h', 'Art9HealthOrSocialCare'],
    ['i', 'Art9PublicHealth'], ['j', 'Art9ArchivingResearchStatistics'],
  ];

  it.each(CONDITIONS)('health data under Art 9(2)(%s): the Art 9(1) duty and that condition', async (point, concept) => {
    const r = await classify({ specialCategoryData: 'ar:HealthData', article9Condition: `ar:${concept}` });
    const art9 = provisions(r).filter((p) => p.startsWith('art_9'));
    expect(art9).toEqual(['art_9-par_1', `art_9-par_2-pnt_${point}`]);
    expect(rules(r)).not.toContain('gdpr-art9-1-no-condition');
  });

  it('special-category data without an Art 9(2) condition: the processing is flagged as prohibited', async () => {
    const r = await classify({ specialCategoryData: 'ar:PoliticalOpinionsData , ar:HealthData', article9Condition: 'ar:NoArticle9Condition' });
    expect(rules(r).filter((n) => n.startsWith('gdpr-art9'))).toEqual(['gdpr-art9-1-no-condition', 'gdpr-art9-1-special-category-data']);
    const flag = gdprOf(r).find((o) => o.rule === 'gdpr-art9-1-no-condition')!;
    expect(flag.provision).toBe('GDPR Art 9(1)');
    expect(flag.title).toMatch(/prohibited/);
  });

  it('the condition not yet stated: the Art 9(1) duty, but no condition and no flag', async () => {
    const r = await classify({ specialCategoryData: 'ar:GeneticData' });
    expect(rules(r).filter((n) => n.startsWith('gdpr-art9'))).toEqual(['gdpr-art9-1-special-category-data']);
  });

  it('no special category: no Art 9 duty', async () => {
    const r = await classify({ article9Condition: 'ar:NoArticle9Condition' });
    expect(provisions(r).filter((p) => p.startsWith('art_9'))).toEqual([]);
  });

  it.each([
    ['remote biometric identification', 'ar:PostRemoteBiometricIdentification'],
    ['biometric verification', 'ar:BiometricVerification'],
  ])('%s processes biometric data for unique identification, whatever specialCategoryData says', async (_name, capability) => {
    const r = await classify({ capability, domain: 'ar:EventsCulture', specialCategoryData: 'ar:NoSpecialCategoryData', article9Condition: 'ar:Art9ExplicitConsent' });
    expect(provisions(r).filter((p) => p.startsWith('art_9'))).toEqual(['art_9-par_1', 'art_9-par_2-pnt_a']);
    expect(r.dpiaCriteria.met).toEqual(['CriterionSensitiveData']);
  });

  it('biometric identification without an Art 9(2) condition is flagged', async () => {
    const r = await classify({ capability: 'ar:BiometricVerification', domain: 'ar:EventsCulture', specialCategoryData: null, article9Condition: 'ar:NoArticle9Condition' });
    expect(rules(r)).toContain('gdpr-art9-1-no-condition');
  });
});

describe('Art 22: decisions based solely on automated processing', () => {
  const ADM = { solelyAutomatedDecision: 'true', legalOrSimilarEffect: 'true' };
  const art22 = (r: SystemClassification) => provisions(r).filter((p) => p.startsWith('art_22') || p.startsWith('art_13'));

  it('with no Art 22(2) exception: the right not to be subject to the decision stands (Art 22(1))', async () => {
    const r = await classify({ ...ADM, article22Exception: 'ar:NoArticle22Exception' });
    expect(art22(r)).toEqual(['art_13-par_2-pnt_f', 'art_22-par_1']);
    expect(gdprOf(r).find((o) => o.rule === 'gdpr-art22-1-no-exception')?.title).toMatch(/^Stop taking these decisions solely by automated means/);
  });

  it.each([
    ['(a) contract', 'ar:Art22Contract', ['art_13-par_2-pnt_f', 'art_22-par_2-pnt_a', 'art_22-par_3']],
    ['(b) authorised by law', 'ar:Art22AuthorisedByLaw', ['art_13-par_2-pnt_f', 'art_22-par_2-pnt_b']],
    ['(c) explicit consent', 'ar:Art22ExplicitConsent', ['art_13-par_2-pnt_f', 'art_22-par_2-pnt_c', 'art_22-par_3']],
  ])('exception 22(2)%s: its own duty, and the Art 22(3) safeguards only for (a) and (c)', async (_name, exception, expected) => {
    const r = await classify({ ...ADM, article22Exception: exception });
    expect(art22(r)).toEqual(expected);
  });

  it('a person decides (not solely automated): no Art 22 duty', async () => {
    const r = await classify({ solelyAutomatedDecision: 'false', legalOrSimilarEffect: 'true', article22Exception: 'ar:Art22Contract' });
    expect(art22(r)).toEqual([]);
  });

  it('no legal or similar effect: no Art 22 duty', async () => {
    const r = await classify({ solelyAutomatedDecision: 'true', legalOrSimilarEffect: 'false', article22Exception: 'ar:NoArticle22Exception' });
    expect(art22(r)).toEqual([]);
  });

  it('Art 22(4): decisions on special-category data need Art 9(2)(a) or (g), with safeguards', async () => {
    const withG = await classify({ ...ADM, article22Exception: 'ar:Art22AuthorisedByLaw', specialCategoryData: 'ar:HealthData', article9Condition: 'ar:Art9SubstantialPublicInterest' });
    expect(rules(withG)).toContain('gdpr-art22-4-special-category-safeguards');
    expect(rules(withG)).not.toContain('gdpr-art22-4-special-category-prohibited');
    const withH = await classify({ ...ADM, article22Exception: 'ar:Art22AuthorisedByLaw', specialCategoryData: 'ar:HealthData', article9Condition: 'ar:Art9HealthOrSocialCare' });
    expect(rules(withH)).toContain('gdpr-art22-4-special-category-prohibited');
    expect(rules(withH)).not.toContain('gdpr-art22-4-special-category-safeguards');
    expect(gdprOf(withH).find((o) => o.rule === 'gdpr-art22-4-special-category-prohibited')?.provision).toBe('GDPR Art 22(4)');
  });
});

describe('Art 35: data protection impact assessment', () => {
  const dpia = (r: SystemClassification) => provisions(r).filter((p) => p.startsWith('art_35'));

  it('35(3)(a): profiling behind decisions with legal or similarly significant effects, even with a person deciding', async () => {
    const r = await classify({ capability: 'ar:Profiling', legalOrSimilarEffect: 'true' });
    expect(dpia(r)).toEqual(['art_35-par_3-pnt_a']);
    expect(r.dpiaCriteria.met).toEqual(['CriterionEvaluationOrScoring']);
  });

  it('35(3)(a) needs the legal or similar effect', async () => {
    expect(dpia(await classify({ capability: 'ar:Profiling', legalOrSimilarEffect: 'false' }))).toEqual([]);
  });

  it('35(3)(b): large-scale processing of special-category data, or of criminal-offence data', async () => {
    const special = await classify({ largeScale: 'true', specialCategoryData: 'ar:HealthData', article9Condition: 'ar:Art9HealthOrSocialCare' });
    expect(dpia(special)).toContain('art_35-par_3-pnt_b');
    const criminal = await classify({ largeScale: 'true', criminalOffenceData: 'true' });
    expect(dpia(criminal)).toContain('art_35-par_3-pnt_b');
    const small = await classify({ largeScale: 'false', criminalOffenceData: 'true' });
    expect(dpia(small)).toEqual([]);
  });

  it('35(3)(c): large-scale systematic monitoring of a publicly accessible area, not of an internal system', async () => {
    const square = await classify({ systematicMonitoring: 'true', largeScale: 'true', locality: 'ar:PubliclyAccessibleSpace' });
    expect(dpia(square)).toContain('art_35-par_3-pnt_c');
    const inside = await classify({ systematicMonitoring: 'true', largeScale: 'true', locality: 'ar:InternalSystems' });
    expect(dpia(inside)).not.toContain('art_35-par_3-pnt_c');
  });

  // One case per EDPB criterion: exactly that criterion is met, so the EDPB rule does not call for a DPIA.
  const CRITERIA: [string, Record<string, string>][] = [
    ['CriterionEvaluationOrScoring', { capability: 'ar:Prediction' }],
    ['CriterionAutomatedDecision', { solelyAutomatedDecision: 'true', legalOrSimilarEffect: 'true', article22Exception: 'ar:Art22AuthorisedByLaw' }],
    ['CriterionSystematicMonitoring', { systematicMonitoring: 'true' }],
    ['CriterionSensitiveData', { highlyPersonalData: 'true' }],
    ['CriterionLargeScale', { largeScale: 'true' }],
    ['CriterionMatchingOrCombiningDatasets', { combinesDatasets: 'true' }],
    ['CriterionVulnerableDataSubjects', { affectedPersons: 'ar:Minors' }],
    ['CriterionInnovativeTechnology', { innovativeTechnology: 'true' }],
    ['CriterionPreventsRightOrService', { preventsExerciseOfRight: 'true' }],
  ];

  it.each(CRITERIA)('EDPB criterion %s alone: met, but one criterion is not enough for the EDPB rule', async (criterion, facts) => {
    const r = await classify(facts);
    expect(r.dpiaCriteria).toEqual({ met: [criterion], open: [] });
    expect(rules(r)).not.toContain('gdpr-art35-1-edpb-criteria');
    expect(notes(r)).toContain('gdpr-art35-1-edpb-one-criterion');
  });

  it('the nine criteria of ar:DPIACriterionScheme each have one rule, and each is tested above', () => {
    const AR = 'https://w3id.org/algoreg/ns#';
    const ontology = new Store(new Parser().parse(readFileSync(packagePath('ontology', 'gdpr-mim5.ttl'), 'utf8')));
    const inScheme = ontology.getSubjects('http://www.w3.org/2004/02/skos/core#inScheme', `${AR}DPIACriterionScheme`, null).map((t) => t.value.slice(AR.length)).sort();
    const file = JSON.parse(readFileSync(packagePath('rules', 'gdpr-dpia-criteria.json'), 'utf8')) as { rules: { event: { params: { criterion: string } } }[] };
    expect(inScheme).toHaveLength(9);
    expect(file.rules.map((r) => r.event.params.criterion).sort()).toEqual(inScheme);
    expect(CRITERIA.map(([c]) => c).sort()).toEqual(inScheme);
  });

  it('two criteria: a DPIA is required by the EDPB rule (Art 35(1))', async () => {
    const r = await classify({ largeScale: 'true', combinesDatasets: 'true' });
    expect(r.dpiaCriteria.met).toEqual(['CriterionLargeScale', 'CriterionMatchingOrCombiningDatasets']);
    expect(dpia(r)).toEqual(['art_35-par_1']);
    const o = gdprOf(r).find((x) => x.rule === 'gdpr-art35-1-edpb-criteria')!;
    expect(o).toMatchObject({ role: 'controller', provision: 'GDPR Art 35(1)', inputs: { dpiaCriteriaMet: 2 } });
    expect(notes(r)).not.toContain('gdpr-art35-1-edpb-one-criterion');
  });

  it('vulnerable data subjects count once, whether stated or derived from the affected persons', async () => {
    const r = await classify({ affectedPersons: 'ar:Patients', vulnerableDataSubjects: 'true' });
    expect(r.dpiaCriteria.met).toEqual(['CriterionVulnerableDataSubjects']);
  });

  it('one criterion met and others unanswered: the count is unknown, so no DPIA yet, and the open criteria are listed', async () => {
    const r = await classify({ largeScale: 'true', combinesDatasets: null, innovativeTechnology: null });
    expect(r.dpiaCriteria).toEqual({ met: ['CriterionLargeScale'], open: ['CriterionInnovativeTechnology', 'CriterionMatchingOrCombiningDatasets'] });
    expect(dpia(r)).toEqual([]);
    expect(notes(r)).not.toContain('gdpr-art35-1-edpb-one-criterion');
  });

  it('the DPIA is the controller\'s: a processor gets none', async () => {
    const r = await classify({ largeScale: 'true', combinesDatasets: 'true' }, { city: CITY, vendor: VENDOR_PROCESSOR });
    expect(provisions(r, 'vendor')).toEqual(['art_28-par_3', 'art_30-par_2']);
  });
});

describe('AI Act links: Art 26(9) and Art 27(4)', () => {
  const BENEFITS = { domain: 'ar:SocialSecurity', purpose: 'ar:EvaluateBenefitEligibility', capability: 'ar:Prediction , ar:Profiling', affectedPersons: 'ar:BenefitApplicants', legalOrSimilarEffect: 'true' };

  it('a city deploying a high-risk Annex III 5(a) system that needs a DPIA: the deployer uses the Art 13 information (26(9)) and the FRIA complements the DPIA (27(4))', async () => {
    const r = await classify(BENEFITS);
    expect(r.riskTier).toBe('high-risk');
    expect(provisions(r)).toContain('art_35-par_3-pnt_a');
    const links = r.explanation.filter((e) => e.rule === 'gdpr-aiact-art26-9-dpia' || e.rule === 'gdpr-aiact-art27-4-fria-complements-dpia');
    expect(links.map((e) => [e.rule, e.provision]).sort()).toEqual([
      ['gdpr-aiact-art26-9-dpia', 'AI Act Art 26(9)'],
      ['gdpr-aiact-art27-4-fria-complements-dpia', 'AI Act Art 27(4)'],
    ]);
    expect(links.every((e) => e.note === 'city as deployer')).toBe(true);
    // the AI Act duty itself stays where it was: one Art 26(9) obligation
    expect(r.obligations.filter((o) => local(o.provisionIri) === 'art_26-par_9')).toHaveLength(1);
  });

  it('no DPIA required: no link', async () => {
    const r = await classify({ ...BENEFITS, capability: 'ar:Prediction', legalOrSimilarEffect: 'false' });
    expect(r.riskTier).toBe('high-risk');
    expect(notes(r).filter((n) => n.startsWith('gdpr-aiact'))).toEqual([]);
  });
});

describe('Art 37(1)(a): data protection officer', () => {
  it.each([
    ['a public authority', 'PublicAuthority', 'ar:PublicAdministration', true],
    ['a body governed by public law', 'BodyGovernedByPublicLaw', 'ar:PublicAdministration', true],
    ['a migration authority (a public authority)', 'MigrationAuthority', 'ar:MigrationBorderControl', true],
    ['a court outside its judicial capacity (its staff administration)', 'JudicialAuthority', 'ar:PublicAdministration', true],
    ['a court acting in its judicial capacity', 'JudicialAuthority', 'ar:Justice', false],
    ['a private entity providing public services', 'PrivateEntityProvidingPublicServices', 'ar:PublicAdministration', false],
    ['a company', 'Company', 'ar:PublicAdministration', false],
  ])('%s: DPO required %s', async (_name, kind, domain, required) => {
    const r = await classify({ domain }, { city: { ...CITY, kind } });
    expect(provisions(r).includes('art_37-par_1-pnt_a')).toBe(required);
  });

  it('a public authority that processes on another\'s behalf needs one too, as processor', async () => {
    const r = await classify({}, { city: CITY, agency: { kind: 'PublicAuthority', valueChain: ['ProcessesOnBehalf'] } });
    expect(provisions(r, 'agency', 'processor')).toContain('art_37-par_1-pnt_a');
  });
});

describe('Art 2(2)(d): criminal-law enforcement', () => {
  const POLICE: OrgSpec = { kind: 'LawEnforcementAuthority', valueChain: ['DevelopedInHouse', 'UsesUnderOwnAuthority', 'DeterminesPurposesAndMeans'], uses: true };

  it('a police force processing for law enforcement, and its processor, get no GDPR obligation: Directive (EU) 2016/680 applies', async () => {
    const r = await classify({ domain: 'ar:LawEnforcement', largeScale: 'true', combinesDatasets: 'true', specialCategoryData: 'ar:HealthData', article9Condition: 'ar:NoArticle9Condition' },
      { police: POLICE, vendor: VENDOR_PROCESSOR });
    expect(gdprOf(r, 'police')).toEqual([]);
    expect(gdprOf(r, 'vendor')).toEqual([]);
    const note = r.explanation.filter((e) => e.rule === 'gdpr-art2-2-d-law-enforcement');
    expect(note.map((e) => e.note).sort()).toEqual(['police as controller', 'vendor as processor']);
    expect(note[0].provision).toBe('GDPR Art 2(2)(d)');
  });

  it('the same police force processing outside law enforcement (staff administration) is under the GDPR', async () => {
    const r = await classify({ domain: 'ar:PublicAdministration' }, { police: POLICE });
    expect(provisions(r, 'police')).toEqual(ROUTINE);
  });
});
