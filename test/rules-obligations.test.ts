import { describe, expect, it } from 'vitest';
import { classifyTurtle } from './helpers/classify.js';
import type { ClassifyOptions, ObligationResult, SystemClassification } from '../src/reason/index.js';
import { EX, BASE } from './helpers/answered-system.js';

// ---------------------------------------------------------------- fixtures
// Every description answers all classification determinants, so the tier is certain.


/** Annex III 5(a): benefit eligibility (high-risk when used by or for a public authority). */
const BENEFITS = { domain: 'ar:SocialSecurity', purpose: 'ar:EvaluateBenefitEligibility', capability: 'ar:Prediction , ar:Profiling', affectedPersons: 'ar:BenefitApplicants', locality: 'ar:Online' };
/** Annex III 4(a): CV screening. */
const CV_SCREENING = { domain: 'ar:Employment', purpose: 'ar:RecruitAndSelect', capability: 'ar:Prediction , ar:Profiling', affectedPersons: 'ar:JobApplicants', locality: 'ar:Online' };
/** Annex III 5(b): credit scoring. */
const CREDIT = { domain: 'ar:FinanceInsurance', purpose: 'ar:AssessCreditworthiness', capability: 'ar:Prediction , ar:Profiling', affectedPersons: 'ar:Customers', locality: 'ar:Online' };
/** Annex III point 2: traffic-light control as a safety component. */
const TRAFFIC = { domain: 'ar:CriticalInfrastructure', purpose: 'ar:ControlRoadTraffic', capability: 'ar:Optimisation', affectedPersons: 'ar:NoNaturalPersons', locality: 'ar:PubliclyAccessibleSpace', isSafetyComponent: 'true', decisionsAboutNaturalPersons: 'false', processesPersonalData: 'false' };
/** Minimal-risk text drafting that generates text (Art 50(2)). */
const DRAFTING = { domain: 'ar:PublicAdministration', purpose: 'ar:DraftDocuments', capability: 'ar:TextGeneration', affectedPersons: 'ar:Residents', decisionsAboutNaturalPersons: 'false' };
/** A general-purpose system (chat) built on a model. */
const GPAI_CHAT = { domain: 'ar:GeneralUse', purpose: 'ar:GeneralPurpose', capability: 'ar:TextGeneration , ar:ConversationalInteraction', affectedPersons: 'ar:NaturalPersons', locality: 'ar:Online', decisionsAboutNaturalPersons: 'false' };

interface OrgSpec {
  kind?: string;
  eu?: boolean;
  valueChain?: string[];
  /** The organisation has an ar:SystemUse of the system, with these extra statements. */
  uses?: boolean | Record<string, string>;
}
interface SystemSpec {
  type?: string;
  props?: Record<string, string | null>;
  orgs: Record<string, OrgSpec>;
  /** A general-purpose AI model the system is based on. */
  model?: { provider: string; props: Record<string, string> };
}

function describeSystem(spec: SystemSpec): string {
  const props = { ...BASE, ...spec.props };
  const lines = [`ex:sys a ${spec.type ?? 'ar:AISystem'} ; rdfs:label "System" ;`];
  lines.push(Object.entries(props).filter(([, v]) => v !== null).map(([p, v]) => `    ar:${p} ${v}`).join(' ;\n') + ' .');
  for (const [id, o] of Object.entries(spec.orgs)) {
    if (o.valueChain?.length) lines.push(`ex:sys ar:roleAssignment [ a ar:RoleAssignment ; ar:agent ex:${id} ; ${o.valueChain.map((v) => `ar:valueChainFact ar:${v}`).join(' ; ')} ] .`);
    if (o.uses) {
      const extra = typeof o.uses === 'object' ? Object.entries(o.uses).map(([p, v]) => ` ; ar:${p} ${v}`).join('') : '';
      lines.push(`ex:use-${id} a ar:SystemUse ; ar:usesSystem ex:sys ; ar:usedBy ex:${id}${extra} .`);
    }
    const orgProps = [`rdfs:label "${id}"`, ...(o.kind ? [`ar:organisationKind ar:${o.kind}`] : []), ...(o.eu === undefined ? [] : [`ar:establishedInEU ${o.eu}`])];
    lines.push(`ex:${id} a ar:Organisation ; ${orgProps.join(' ; ')} .`);
  }
  if (spec.model) {
    lines.push('ex:sys ar:basedOnModel ex:model .');
    lines.push(`ex:model a ar:GeneralPurposeAIModel ; rdfs:label "Model" ; ar:modelProvider ex:${spec.model.provider}${Object.entries(spec.model.props).map(([p, v]) => ` ; ar:${p} ${v}`).join('')} .`);
  }
  return lines.join('\n');
}

const classify = (spec: SystemSpec, opts: ClassifyOptions = {}) => classifyTurtle(describeSystem(spec), opts);

const VENDOR: OrgSpec = { kind: 'Company', eu: true, valueChain: ['DevelopedInHouse', 'PlacesOnMarket'] };
const CITY_USER: OrgSpec = { kind: 'PublicAuthority', eu: true, valueChain: ['Bought'], uses: true };
const COMPANY_USER: OrgSpec = { kind: 'Company', eu: true, valueChain: ['Bought'], uses: true };

const local = (iri: string) => iri.replace(/^https:\/\/w3id\.org\/algoreg\/law\/(aiact|gdpr)\//, '');

function obligationsOf(r: SystemClassification, org: string, role?: string): ObligationResult[] {
  return r.obligations.filter((o) => o.organisation === EX + org && (role === undefined || o.role === role));
}
/** The provisions (local names, e.g. "art_26-par_1") of an organisation's obligations. */
function provisions(r: SystemClassification, org: string, role?: string): string[] {
  return [...new Set(obligationsOf(r, org, role).map((o) => local(o.provisionIri)))].sort();
}
function one(r: SystemClassification, org: string, provision: string, role?: string): ObligationResult {
  const found = obligationsOf(r, org, role).filter((o) => local(o.provisionIri) === provision);
  expect(found, `${org} has exactly one ${provision} obligation`).toHaveLength(1);
  return found[0];
}

// ---------------------------------------------------------------- tests

describe('deployer obligations (Art 26, 27, 49(3), 86, 4)', () => {
  it('a municipality deploying an Annex III 5(a) system: Art 26, FRIA (Art 27), registration of use (Art 49(3)), Art 86', async () => {
    const r = await classify({ props: BENEFITS, orgs: { vendor: VENDOR, city: CITY_USER } });
    expect(r.riskTier).toBe('high-risk');
    expect(r.annexIII).toEqual(['5(a)']);
    expect(provisions(r, 'city', 'deployer')).toEqual([
      'art_26-par_1', 'art_26-par_11', 'art_26-par_12', 'art_26-par_2', 'art_26-par_4', 'art_26-par_5', 'art_26-par_6', 'art_26-par_8', 'art_26-par_9',
      'art_27-par_1', 'art_4', 'art_49-par_3', 'art_86-par_1',
    ]);
    // 26(7) (workplace) and 26(10) (post remote biometric identification) do not apply; 26(3) is not a duty.
    expect(one(r, 'city', 'art_26-par_1').calendarEntry).toBe('chapter-III-annex-III');
    expect(one(r, 'city', 'art_27-par_1').calendarEntry).toBe('chapter-III-annex-III');
    expect(one(r, 'city', 'art_49-par_3').calendarEntry).toBe('chapter-III-s5-annex-III');
    expect(one(r, 'city', 'art_86-par_1').calendarEntry).toBe('post-market-annex-III');
    expect(one(r, 'city', 'art_4').calendarEntry).toBe('chapters-I-II');
    expect(one(r, 'city', 'art_4').appliesFrom).toBe('2025-02-02');
    // the vendor is provider only: no deployer duties
    expect(obligationsOf(r, 'vendor', 'deployer')).toEqual([]);
  });

  it('a company deploying a 4(a) CV-screening system: Art 26 but no FRIA and no Art 49(3)', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: { vendor: VENDOR, hr: COMPANY_USER } });
    expect(r.annexIII).toEqual(['4(a)']);
    const p = provisions(r, 'hr', 'deployer');
    expect(p).toContain('art_26-par_1');
    expect(p).toContain('art_26-par_11');
    expect(p).not.toContain('art_27-par_1');
    expect(p).not.toContain('art_49-par_3');
    expect(p).not.toContain('art_26-par_8');
  });

  it('a private entity providing public services deploying a 4(a) system needs a FRIA', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: { vendor: VENDOR, hospital: { ...COMPANY_USER, kind: 'PrivateEntityProvidingPublicServices' } } });
    expect(provisions(r, 'hospital', 'deployer')).toContain('art_27-par_1');
  });

  it('a company deploying a 5(b) credit-scoring system needs a FRIA whatever its kind', async () => {
    const r = await classify({ props: CREDIT, orgs: { vendor: VENDOR, bank: COMPANY_USER } });
    expect(r.annexIII).toEqual(['5(b)']);
    expect(provisions(r, 'bank', 'deployer')).toContain('art_27-par_1');
    expect(provisions(r, 'bank', 'deployer')).not.toContain('art_49-par_3');
  });

  it('employers using a high-risk system at the workplace inform workers (Art 26(7))', async () => {
    const r = await classify({ props: { ...CV_SCREENING, purpose: 'ar:ManageWorkers', affectedPersons: 'ar:Employees', locality: 'ar:Workplace' }, orgs: { vendor: VENDOR, hr: COMPANY_USER } });
    expect(r.annexIII).toEqual(['4(b)']);
    expect(provisions(r, 'hr', 'deployer')).toContain('art_26-par_7');
  });

  it('a point 2 (critical infrastructure) system: no FRIA, no Art 49(1)/(3) registration, but national registration (Art 49(5))', async () => {
    const r = await classify({ props: TRAFFIC, orgs: { vendor: VENDOR, city: CITY_USER } });
    expect(r.riskTier).toBe('high-risk');
    expect(r.annexIII).toEqual(['2']);
    const d = provisions(r, 'city', 'deployer');
    expect(d).toContain('art_26-par_1');
    for (const p of ['art_27-par_1', 'art_49-par_3', 'art_26-par_8', 'art_86-par_1', 'art_26-par_11', 'art_26-par_9']) expect(d).not.toContain(p);
    const pr = provisions(r, 'vendor', 'provider');
    expect(pr).toContain('art_49-par_5');
    expect(pr).not.toContain('art_16-pnt_i');
    expect(pr).not.toContain('art_49-par_1');
    expect(one(r, 'vendor', 'art_49-par_5').calendarEntry).toBe('chapter-III-s5-annex-III');
  });
});

describe('provider obligations (Arts 9-22, 43-49, 72-73)', () => {
  it('the provider of an Annex III system has Art 16(a)-(l), Arts 9-15, 21, 72 and 73', async () => {
    const r = await classify({ props: BENEFITS, orgs: { vendor: VENDOR, city: CITY_USER } });
    const p = provisions(r, 'vendor', 'provider');
    for (const x of 'abcdefghijkl') expect(p).toContain(`art_16-pnt_${x}`);
    for (const a of [9, 10, 11, 12, 13, 14, 15, 21, 72, 73]) expect(p).toContain(`art_${a}`);
    expect(p).toContain('art_4');
    expect(p).not.toContain('art_22'); // established in the EU
    expect(p).not.toContain('art_49-par_5');
    expect(one(r, 'vendor', 'art_16-pnt_a').calendarEntry).toBe('chapter-III-annex-III');
    expect(one(r, 'vendor', 'art_16-pnt_f').calendarEntry).toBe('chapter-III-s5-annex-III');
    expect(one(r, 'vendor', 'art_16-pnt_i').calendarEntry).toBe('chapter-III-s5-annex-III');
    expect(one(r, 'vendor', 'art_72').calendarEntry).toBe('post-market-annex-III');
  });

  it('a provider established outside the Union appoints an authorised representative (Art 22)', async () => {
    const r = await classify({ props: BENEFITS, orgs: { vendor: { ...VENDOR, eu: false }, city: CITY_USER } });
    expect(one(r, 'vendor', 'art_22').calendarEntry).toBe('chapter-III-annex-III');
  });

  it('an Annex I Section A product takes the Art 6(1) dates and is not registered under Art 49(1)', async () => {
    const r = await classify({
      props: { domain: 'ar:Healthcare', purpose: 'ar:EstimateVitalSigns', capability: 'ar:Prediction', affectedPersons: 'ar:Patients', locality: 'ar:HealthcareFacility', annexILegislation: 'ar:MedicalDevices', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' },
      orgs: { vendor: VENDOR, clinic: { ...COMPANY_USER, kind: 'PrivateEntityProvidingPublicServices' } },
    });
    expect(r.highRiskRoute).toBe('6(1)');
    expect(one(r, 'vendor', 'art_16-pnt_a').calendarEntry).toBe('chapter-III-annex-I');
    expect(one(r, 'vendor', 'art_16-pnt_f').calendarEntry).toBe('chapter-III-s5-annex-I');
    expect(one(r, 'vendor', 'art_73').calendarEntry).toBe('post-market-annex-I');
    expect(one(r, 'clinic', 'art_26-par_1').calendarEntry).toBe('chapter-III-annex-I');
    expect(one(r, 'clinic', 'art_26-par_1').appliesFrom).toBe('2028-08-02');
    expect(provisions(r, 'vendor')).not.toContain('art_16-pnt_i');
    expect(provisions(r, 'clinic')).not.toContain('art_27-par_1'); // not listed in Annex III
  });

  it('a system high-risk under Art 6(1) and also listed in Annex III keeps the Annex III duties, with the Art 6(1) dates', async () => {
    const r = await classify({
      props: { domain: 'ar:Healthcare', purpose: 'ar:PrioritiseEmergencyResponse', capability: 'ar:Prediction', affectedPersons: 'ar:Patients', locality: 'ar:HealthcareFacility', annexILegislation: 'ar:MedicalDevices', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' },
      orgs: { vendor: VENDOR, hospital: { ...COMPANY_USER, kind: 'PrivateEntityProvidingPublicServices' } },
    });
    expect(r.highRiskRoute).toBe('6(1)');
    expect(r.annexIII).toEqual(['5(d)']);
    expect(one(r, 'hospital', 'art_27-par_1').calendarEntry).toBe('chapter-III-annex-I');
    expect(one(r, 'hospital', 'art_86-par_1').calendarEntry).toBe('post-market-annex-I');
    expect(one(r, 'vendor', 'art_16-pnt_i').calendarEntry).toBe('chapter-III-s5-annex-I');
  });

  it('a system high-risk only through Annex I Section B gets no Chapter III obligations (Art 2(2))', async () => {
    const r = await classify({
      props: { domain: 'ar:MobilityTraffic', purpose: 'ar:OptimiseRoutes', capability: 'ar:Optimisation', affectedPersons: 'ar:NoNaturalPersons', annexILegislation: 'ar:Machinery', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' },
      orgs: { vendor: VENDOR, operator: COMPANY_USER },
    });
    expect(r.riskTier).toBe('high-risk');
    expect(r.obligations).toEqual([]);
  });

  it('an Annex III system found not high-risk under Art 6(3): document the assessment (Art 6(4)) and register (Art 49(2))', async () => {
    const r = await classify({ props: { ...BENEFITS, capability: 'ar:ImageAnalysis', derogationCondition: 'ar:NarrowProceduralTask' }, orgs: { city: { kind: 'PublicAuthority', eu: true, valueChain: ['DevelopedInHouse', 'UsesUnderOwnAuthority'] } } });
    expect(r.riskTier).toBe('minimal');
    expect(provisions(r, 'city', 'provider')).toEqual(['art_4', 'art_49-par_2', 'art_6-par_4']);
    expect(provisions(r, 'city', 'deployer')).toEqual(['art_4']);
    expect(one(r, 'city', 'art_49-par_2').calendarEntry).toBe('chapter-III-s5-annex-III');
  });

  it('the provider of the general-purpose AI model a high-risk system is built on gets no Art 16 obligations', async () => {
    const r = await classify({
      props: BENEFITS,
      orgs: { vendor: VENDOR, city: CITY_USER, lab: { kind: 'Company', eu: true } },
      model: { provider: 'lab', props: { trainingComputeFlop: '"1e23"^^xsd:double', designatedSystemicRisk: 'false', openSourcePublicWeights: 'false' } },
    });
    expect(r.riskTier).toBe('high-risk');
    const lab = provisions(r, 'lab', 'provider');
    expect(lab).toContain('art_53-par_1-pnt_a');
    expect(lab.filter((p) => /^art_(4|9|1[0-9]|2[0-2]|4[3-9]|7[23])($|-)/.test(p))).toEqual([]);
    expect(provisions(r, 'vendor', 'provider')).toContain('art_16-pnt_a');
  });
});

describe('supply chain and scope', () => {
  it('importer (Art 23), distributor (Art 24) and authorised representative (Art 22) of a high-risk system', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: {
      vendor: { ...VENDOR, eu: false },
      importer: { kind: 'Company', eu: true, valueChain: ['Imported'] },
      reseller: { kind: 'Company', eu: true, valueChain: ['Distributed'] },
      rep: { kind: 'Company', eu: true, valueChain: ['MandatedByProvider'] },
    } });
    expect(provisions(r, 'importer', 'importer')).toEqual(['art_23']);
    expect(provisions(r, 'reseller', 'distributor')).toEqual(['art_24']);
    expect(provisions(r, 'rep', 'authorised-representative')).toEqual(['art_22']);
    expect(obligationsOf(r, 'importer').every((o) => o.calendarEntry === 'chapter-III-annex-III')).toBe(true);
    expect(provisions(r, 'vendor', 'provider')).toContain('art_22');
  });

  it('no supply-chain duties for a minimal-risk system', async () => {
    const r = await classify({ props: { ...DRAFTING, capability: 'ar:Optimisation', purpose: 'ar:OptimiseRoutes' }, orgs: {
      vendor: VENDOR,
      importer: { kind: 'Company', eu: true, valueChain: ['Imported'] },
      reseller: { kind: 'Company', eu: true, valueChain: ['Distributed'] },
    } });
    expect(r.riskTier).toBe('minimal');
    expect(provisions(r, 'importer')).toEqual([]);
    expect(provisions(r, 'reseller')).toEqual([]);
    expect(provisions(r, 'vendor', 'provider')).toEqual(['art_4']);
  });

  it('a system outside the Act (not an AI system) gets no AI Act obligations, not even Art 4', async () => {
    const r = await classify({ props: { ...BENEFITS, isAISystem: 'false', capability: 'ar:RuleExecution' }, orgs: { vendor: VENDOR, city: CITY_USER } });
    expect(r.riskTier).toBe('out-of-scope');
    expect(r.obligations).toEqual([]);
  });
});

describe('dates under the two calendars', () => {
  const spec: SystemSpec = { props: BENEFITS, orgs: { vendor: VENDOR, city: CITY_USER } };

  it('Art 26(1) applies from 2 December 2027 as amended and 2 August 2026 as adopted', async () => {
    const amended = one(await classify(spec, { calendar: 'amended', at: '2027-01-01' }), 'city', 'art_26-par_1');
    const adopted = one(await classify(spec, { calendar: 'adopted', at: '2027-01-01' }), 'city', 'art_26-par_1');
    expect(amended.appliesFrom).toBe('2027-12-02');
    expect(adopted.appliesFrom).toBe('2026-08-02');
    expect(amended.inForceOn).toBe(false);
    expect(adopted.inForceOn).toBe(true);
    expect(amended.appliesFromAdopted).toBe('2026-08-02');
    expect(adopted.appliesFromAmended).toBe('2027-12-02');
  });

  it('the Art 49 registration date is unclear under the amended text: no date, and a note', async () => {
    const amended = one(await classify(spec, { calendar: 'amended', at: '2027-01-01' }), 'city', 'art_49-par_3');
    expect(amended.appliesFrom).toBeNull();
    expect(amended.inForceOn).toBeNull();
    expect(amended.dateNote).toMatch(/Unclear/);
    const adopted = one(await classify(spec, { calendar: 'adopted', at: '2027-01-01' }), 'city', 'art_49-par_3');
    expect(adopted.appliesFrom).toBe('2026-08-02');
    expect(adopted.dateNote).toBeNull();
  });
});

describe('Art 111(2): legacy high-risk systems of public authorities', () => {
  it('a 5(a) system a municipality put into service in 2025 must comply by 2 August 2030', async () => {
    const r = await classify({ props: BENEFITS, orgs: { vendor: VENDOR, city: { ...CITY_USER, uses: { putIntoServiceOn: '"2025-05-01"^^xsd:date' } } } });
    const o = one(r, 'city', 'art_26-par_1');
    expect(o.calendarEntry).toBe('legacy-public-authority');
    expect(o.appliesFrom).toBe('2030-08-02');
    expect(one(r, 'city', 'art_49-par_3').appliesFrom).toBe('2030-08-02');
    expect(one(r, 'city', 'art_111-par_2').appliesFrom).toBe('2030-08-02');
    expect(one(r, 'vendor', 'art_16-pnt_a').appliesFrom).toBe('2030-08-02');
    // Art 4 is not a Chapter III duty: its date stays
    expect(one(r, 'city', 'art_4').appliesFrom).toBe('2025-02-02');
  });

  it('the same system put into service after 2 August 2026 keeps the Chapter III dates', async () => {
    const r = await classify({ props: BENEFITS, orgs: { vendor: VENDOR, city: { ...CITY_USER, uses: { putIntoServiceOn: '"2026-09-01"^^xsd:date' } } } });
    expect(one(r, 'city', 'art_26-par_1').calendarEntry).toBe('chapter-III-annex-III');
    expect(provisions(r, 'city')).not.toContain('art_111-par_2');
  });

  it('a significant design change between the two cut-offs: the Regulation applies as adopted, 2030 as amended', async () => {
    const spec: SystemSpec = { props: { ...BENEFITS, significantDesignChangeOn: '"2026-09-01"^^xsd:date' }, orgs: { vendor: VENDOR, city: { ...CITY_USER, uses: { putIntoServiceOn: '"2025-05-01"^^xsd:date' } } } };
    const adopted = await classify(spec, { calendar: 'adopted', at: '2026-11-21' });
    const amended = await classify(spec, { calendar: 'amended', at: '2026-11-21' });
    expect(one(adopted, 'city', 'art_26-par_1').calendarEntry).toBe('legacy-changed-annex-III');
    expect(one(adopted, 'city', 'art_26-par_1').appliesFrom).toBe('2026-08-02');
    expect(one(adopted, 'city', 'art_26-par_1').inForceOn).toBe(true);
    expect(one(amended, 'city', 'art_26-par_1').appliesFrom).toBe('2030-08-02');
    expect(one(amended, 'vendor', 'art_16-pnt_f').appliesFrom).toBe('2030-08-02');
    expect(one(amended, 'city', 'art_111-par_2').appliesFrom).toBe('2030-08-02');
  });

  it('a significant design change after both cut-offs brings back the ordinary Chapter III dates', async () => {
    const r = await classify({ props: { ...BENEFITS, significantDesignChangeOn: '"2028-01-15"^^xsd:date' }, orgs: { vendor: VENDOR, city: { ...CITY_USER, uses: { putIntoServiceOn: '"2025-05-01"^^xsd:date' } } } });
    expect(one(r, 'city', 'art_26-par_1').calendarEntry).toBe('legacy-changed-late-annex-III');
    expect(one(r, 'city', 'art_26-par_1').appliesFrom).toBe('2027-12-02');
    expect(one(r, 'city', 'art_26-par_1').dateNote).toMatch(/date of the change/);
  });

  it('a company\'s legacy system is not a public-authority legacy system', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: { vendor: VENDOR, hr: { ...COMPANY_USER, uses: { putIntoServiceOn: '"2025-05-01"^^xsd:date' } } } });
    expect(one(r, 'hr', 'art_26-par_1').calendarEntry).toBe('chapter-III-annex-III');
    expect(provisions(r, 'hr')).not.toContain('art_111-par_2');
  });
});

describe('Art 50 transparency', () => {
  it('the provider of a text generator marks its output (Art 50(2)), from 2 August 2026 for a new system', async () => {
    const r = await classify({ props: { ...DRAFTING, placedOnMarketOn: '"2026-09-01"^^xsd:date' }, orgs: { vendor: VENDOR, city: CITY_USER } });
    expect(r.transparency).toContain('50(2)');
    const o = one(r, 'vendor', 'art_50-par_2');
    expect(o.calendarEntry).toBe('art50-2');
    expect(o.appliesFrom).toBe('2026-08-02');
    expect(provisions(r, 'city')).not.toContain('art_50-par_2');
  });

  it('a system placed on the market before 2 August 2026 has until 2 December 2026 (Art 111(4), amended only)', async () => {
    const spec: SystemSpec = { props: { ...DRAFTING, placedOnMarketOn: '"2026-03-01"^^xsd:date' }, orgs: { vendor: VENDOR, city: CITY_USER } };
    const amended = one(await classify(spec, { calendar: 'amended', at: '2026-11-21' }), 'vendor', 'art_50-par_2');
    expect(amended.calendarEntry).toBe('art50-2-legacy');
    expect(amended.appliesFrom).toBe('2026-12-02');
    expect(amended.inForceOn).toBe(false);
    const adopted = one(await classify(spec, { calendar: 'adopted', at: '2026-11-21' }), 'vendor', 'art_50-par_2');
    expect(adopted.appliesFrom).toBe('2026-08-02');
    expect(adopted.inForceOn).toBe(true);
  });

  it('the date the underlying model was placed on the market is not the system\'s: no Art 111(4) grace for a system put into service in 2026', async () => {
    const r = await classify({
      type: 'ar:GeneralPurposeAISystem',
      props: { ...DRAFTING, putIntoServiceOn: '"2026-04-01"^^xsd:date' },
      orgs: { city: { kind: 'PublicAuthority', eu: true, valueChain: ['DevelopedInHouse', 'UsesUnderOwnAuthority'] }, lab: { kind: 'Company', eu: true } },
      model: { provider: 'lab', props: { placedOnMarketOn: '"2025-03-18"^^xsd:date', trainingComputeFlop: '"2e23"^^xsd:double', designatedSystemicRisk: 'false', openSourcePublicWeights: 'true' } },
    });
    expect(one(r, 'city', 'art_50-par_2').calendarEntry).toBe('art50-2');
    expect(one(r, 'lab', 'art_53-par_1-pnt_c').calendarEntry).toBe('gpai-legacy');
  });

  it('Art 50 stacks on high-risk: a deployer of an emotion-recognition system informs those exposed (Art 50(3))', async () => {
    const r = await classify({ props: { domain: 'ar:EventsCulture', purpose: 'ar:ControlAccess', capability: 'ar:EmotionRecognition', affectedPersons: 'ar:Visitors', locality: 'ar:PubliclyAccessibleSpace' }, orgs: { vendor: VENDOR, venue: COMPANY_USER } });
    expect(r.riskTier).toBe('high-risk');
    expect(r.transparency).toContain('50(3)');
    expect(one(r, 'venue', 'art_50-par_3').calendarEntry).toBe('art50');
    expect(provisions(r, 'venue')).toContain('art_26-par_1');
  });
});

describe('general-purpose AI models (Arts 52-55)', () => {
  const model = (props: Record<string, string>, eu = false, placed = '"2025-11-01"^^xsd:date'): SystemSpec => ({
    type: 'ar:GeneralPurposeAISystem',
    props: GPAI_CHAT,
    orgs: { lab: { kind: 'Company', eu, valueChain: ['DevelopedInHouse', 'PlacesOnMarket'] } },
    model: { provider: 'lab', props: { placedOnMarketOn: placed, ...props } },
  });
  const gpaiProvisions = (r: SystemClassification) => provisions(r, 'lab', 'provider').filter((p) => /^art_5[2-5]/.test(p));

  it('a closed model with systemic risk from a provider outside the Union: Arts 52, 53(1)(a)-(d), 54, 55(1)(a)-(d)', async () => {
    const r = await classify(model({ trainingComputeFlop: '"3e25"^^xsd:double', designatedSystemicRisk: 'false', openSourcePublicWeights: 'false' }));
    expect(r.gpai?.systemicRisk).toBe(true);
    expect(gpaiProvisions(r)).toEqual([
      'art_52', 'art_53-par_1-pnt_a', 'art_53-par_1-pnt_b', 'art_53-par_1-pnt_c', 'art_53-par_1-pnt_d', 'art_54-par_1',
      'art_55-par_1-pnt_a', 'art_55-par_1-pnt_b', 'art_55-par_1-pnt_c', 'art_55-par_1-pnt_d',
    ]);
    expect(one(r, 'lab', 'art_55-par_1-pnt_a').calendarEntry).toBe('gpai');
    expect(one(r, 'lab', 'art_55-par_1-pnt_a').appliesFrom).toBe('2025-08-02');
  });

  it('a closed model without systemic risk: Art 53(1)(a)-(d) and 54, no 52 or 55', async () => {
    const r = await classify(model({ trainingComputeFlop: '"1e23"^^xsd:double', designatedSystemicRisk: 'false', openSourcePublicWeights: 'false' }));
    expect(gpaiProvisions(r)).toEqual(['art_53-par_1-pnt_a', 'art_53-par_1-pnt_b', 'art_53-par_1-pnt_c', 'art_53-par_1-pnt_d', 'art_54-par_1']);
  });

  it('an open-source model without systemic risk: only Art 53(1)(c) and (d) (Art 53(2), 54(6))', async () => {
    const r = await classify(model({ trainingComputeFlop: '"1e23"^^xsd:double', designatedSystemicRisk: 'false', openSourcePublicWeights: 'true' }));
    expect(gpaiProvisions(r)).toEqual(['art_53-par_1-pnt_c', 'art_53-par_1-pnt_d']);
  });

  it('an open-source model designated as having systemic risk loses the exemptions; no Art 52 notification', async () => {
    const r = await classify(model({ trainingComputeFlop: '"1e23"^^xsd:double', designatedSystemicRisk: 'true', openSourcePublicWeights: 'true' }));
    expect(gpaiProvisions(r)).toEqual([
      'art_53-par_1-pnt_a', 'art_53-par_1-pnt_b', 'art_53-par_1-pnt_c', 'art_53-par_1-pnt_d', 'art_54-par_1',
      'art_55-par_1-pnt_a', 'art_55-par_1-pnt_b', 'art_55-par_1-pnt_c', 'art_55-par_1-pnt_d',
    ]);
  });

  it('an EU provider appoints no authorised representative', async () => {
    const r = await classify(model({ trainingComputeFlop: '"1e23"^^xsd:double', designatedSystemicRisk: 'false', openSourcePublicWeights: 'false' }, true));
    expect(gpaiProvisions(r)).not.toContain('art_54-par_1');
  });

  it('a model placed on the market before 2 August 2025 has until 2 August 2027 (Art 111(3))', async () => {
    const r = await classify(model({ trainingComputeFlop: '"1e23"^^xsd:double', designatedSystemicRisk: 'false', openSourcePublicWeights: 'false' }, false, '"2024-10-01"^^xsd:date'));
    const o = one(r, 'lab', 'art_53-par_1-pnt_c');
    expect(o.calendarEntry).toBe('gpai-legacy');
    expect(o.appliesFrom).toBe('2027-08-02');
  });
});
