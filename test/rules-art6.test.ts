// AI Act Art 6: Art 6(1) with Annex I, Art 6(2) with Annex III and its exclusions, and the Art 6(3)
// derogation with its profiling override, each case held against the text of the provision. Every
// fixture is a fully answered minimal-risk AI system that differs from the baseline only by the
// facts the provision is about.
import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import { describe, expect, test } from 'vitest';
import { classify, type Overrides, fired, missing } from './helpers/minimal-system.js';
import type { SystemClassification } from '../src/reason/index.js';
import { loadRuleSet } from '../src/reason/ruleset.js';
import { packagePath } from '../src/paths.js';


async function expectHighRiskAnnexIII(o: Overrides, point: string): Promise<SystemClassification> {
  const r = await classify(o);
  expect(r.riskTier).toBe('high-risk');
  expect(r.highRiskRoute).toBe('6(2)');
  expect(r.annexIII).toEqual([point]);
  expect(r.prohibitedPractices).toEqual([]);
  return r;
}

async function expectNotHighRisk(o: Overrides): Promise<SystemClassification> {
  const r = await classify(o);
  expect(r.riskTier).toBe('minimal');
  expect(r.annexIII).toEqual([]);
  expect(r.annexI).toEqual([]);
  return r;
}

// ---------------------------------------------------------------- Art 6(1) and Annex I

describe('Art 6(1): Annex I, section A', () => {
  const device: Overrides = { annexILegislation: 'ar:MedicalDevices', affectedPersons: 'ar:Patients' };

  test('a safety component of a medical device that needs third-party conformity assessment is high-risk (A.11)', async () => {
    const r = await classify({ ...device, isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' });
    expect(r.riskTier).toBe('high-risk');
    expect(r.highRiskRoute).toBe('6(1)');
    expect(r.annexI).toEqual(['A.11']);
    expect(fired(r)).toContain('art6-1-anx1-a-11');
    expect(fired(r)).not.toContain('art2-2-annex-i-section-b');
  });

  test('without a third-party conformity assessment (Art 6(1)(b), 6(1c)) it is not high-risk under Art 6(1)', async () => {
    const r = await expectNotHighRisk({ ...device, isSafetyComponent: 'true', thirdPartyConformityAssessment: 'false' });
    expect(fired(r)).toContain('art6-1-b-no-third-party-assessment');
  });

  test('a system that is not a safety component (Art 6(1)(a), 6(1a)) is not high-risk under Art 6(1)', async () => {
    const r = await expectNotHighRisk({ ...device, isSafetyComponent: 'false', thirdPartyConformityAssessment: 'true' });
    expect(fired(r)).toContain('art6-1a-not-safety-component');
  });

  test('a toy with a third-party assessed safety function is high-risk (A.2)', async () => {
    const r = await classify({ annexILegislation: 'ar:ToySafety', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' });
    expect(r.annexI).toEqual(['A.2']);
    expect(r.highRiskRoute).toBe('6(1)');
  });

  test('an unanswered third-party assessment leaves the tier undetermined with that question', async () => {
    const r = await classify({ ...device, isSafetyComponent: 'true', thirdPartyConformityAssessment: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['thirdPartyConformityAssessment']);
  });

  test('unanswered Annex I legislation for a safety component leaves the tier undetermined', async () => {
    const r = await classify({ annexILegislation: null, isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['annexILegislation']);
  });
});

describe('Art 6(1): Annex I, section B, and Art 2(2)', () => {
  test('a safety component of machinery (section B point 21 since Regulation (EU) 2026/1744) is high-risk under Art 6(1), with the Art 2(2) regime', async () => {
    const r = await classify({ annexILegislation: 'ar:Machinery', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' });
    expect(r.riskTier).toBe('high-risk');
    expect(r.highRiskRoute).toBe('6(1)');
    expect(r.annexI).toEqual(['B.21']);
    expect(fired(r)).toContain('art2-2-annex-i-section-b');
    expect(r.explanation.find((e) => e.rule === 'art2-2-annex-i-section-b')?.text).toMatch(/Art 6\(1\), Art 60a and Arts 102 to 112/);
  });

  test('machinery software that is not a safety component (Art 6(1a)) is not high-risk and gets no Art 2(2) note', async () => {
    const r = await expectNotHighRisk({ annexILegislation: 'ar:Machinery', isSafetyComponent: 'false', thirdPartyConformityAssessment: 'true' });
    expect(fired(r)).toContain('art6-1a-not-safety-component');
    expect(fired(r)).not.toContain('art2-2-annex-i-section-b');
  });

  test('a motor vehicle safety component is high-risk (B.18)', async () => {
    const r = await classify({ annexILegislation: 'ar:MotorVehicles', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' });
    expect(r.annexI).toEqual(['B.18']);
  });

  test('a section B product without third-party assessment is not high-risk and gets no Art 2(2) note', async () => {
    const r = await expectNotHighRisk({ annexILegislation: 'ar:Machinery', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'false' });
    expect(fired(r)).not.toContain('art2-2-annex-i-section-b');
  });

  test('Annex I wins over Annex III: the route is 6(1) when both apply', async () => {
    const r = await classify({ annexILegislation: 'ar:MedicalDevices', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true', purpose: 'ar:PrioritiseEmergencyResponse' });
    expect(r.highRiskRoute).toBe('6(1)');
    expect(r.annexIII).toEqual(['5(d)']);
  });
});

describe('Annex I rules match the ontology', () => {
  test('every Annex I legislation concept has exactly one rule, citing the point the concept falls under', () => {
    const AR = 'https://w3id.org/algoreg/ns#';
    const quads = new Parser().parse(readFileSync(packagePath('ontology', 'vocabularies.ttl'), 'utf8'));
    const concepts = new Map<string, { section: string; point: string }>();
    for (const q of quads) {
      if (q.predicate.value === `${AR}annexISection`) concepts.set(q.subject.value.slice(AR.length), { ...(concepts.get(q.subject.value.slice(AR.length)) ?? { point: '' }), section: q.object.value });
    }
    for (const q of quads) {
      const c = concepts.get(q.subject.value.slice(AR.length));
      if (c && q.predicate.value === `${AR}fallsUnder`) c.point = q.object.value;
    }
    expect(concepts.size).toBeGreaterThanOrEqual(20);
    const rules = [...loadRuleSet().byStage.classification].filter((r) => r.event.type === 'highRiskAnnexI');
    for (const [concept, { section, point }] of concepts) {
      const matching = rules.filter((r) => JSON.stringify(r.conditions).includes(`"value":"${concept}"`));
      expect(matching.map((r) => r.provisionIri), concept).toEqual([point]);
      const number = /pnt_(\d+)$/.exec(point)![1];
      expect(matching[0].event.params.point).toBe(`${section}.${number}`);
    }
    expect(rules).toHaveLength(concepts.size);
  });
});

// ---------------------------------------------------------------- Art 6(2) and Annex III

describe('Annex III point 1: biometrics', () => {
  test('1(a) post remote biometric identification is high-risk', async () => {
    await expectHighRiskAnnexIII({ capability: 'ar:PostRemoteBiometricIdentification', affectedPersons: 'ar:Visitors' }, '1(a)');
  });

  test('1(a) excludes biometric verification whose sole purpose is to confirm identity', async () => {
    const r = await expectNotHighRisk({ capability: 'ar:BiometricVerification', purpose: 'ar:ControlAccess', affectedPersons: 'ar:Employees' });
    expect(fired(r)).toContain('anx3-1-a-verification-only');
  });

  test('1(a) still applies when a system does both verification and remote identification', async () => {
    const r = await expectHighRiskAnnexIII({ capability: 'ar:BiometricVerification , ar:PostRemoteBiometricIdentification', purpose: 'ar:ControlAccess' }, '1(a)');
    expect(fired(r)).not.toContain('anx3-1-a-verification-only');
  });

  test('1(b) biometric categorisation by sensitive or protected attributes is high-risk', async () => {
    await expectHighRiskAnnexIII({ capability: 'ar:BiometricCategorisation' }, '1(b)');
  });

  test('1(c) emotion recognition is high-risk', async () => {
    await expectHighRiskAnnexIII({ capability: 'ar:EmotionRecognition', locality: 'ar:PubliclyAccessibleSpace' }, '1(c)');
  });
});

describe('Annex III point 2: critical infrastructure', () => {
  test('a safety component in road-traffic management is high-risk', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:ControlRoadTraffic', isSafetyComponent: 'true' }, '2');
  });

  test('managing utility supply without being a safety component is not high-risk', async () => {
    await expectNotHighRisk({ purpose: 'ar:ManageUtilitySupply', isSafetyComponent: 'false' });
  });
});

describe('Annex III point 3: education and vocational training', () => {
  test.each([
    ['ar:DetermineEducationAccess', '3(a)'],
    ['ar:EvaluateLearningOutcomes', '3(b)'],
    ['ar:AssessEducationLevel', '3(c)'],
    ['ar:MonitorStudentsDuringTests', '3(d)'],
  ])('%s is high-risk under %s', async (purpose, point) => {
    await expectHighRiskAnnexIII({ purpose, affectedPersons: 'ar:Students' }, point);
  });
});

describe('Annex III point 4: employment', () => {
  test.each([
    ['ar:RecruitAndSelect', '4(a)', 'ar:JobApplicants'],
    ['ar:ManageWorkers', '4(b)', 'ar:Employees'],
  ])('%s is high-risk under %s', async (purpose, point, affectedPersons) => {
    await expectHighRiskAnnexIII({ purpose, affectedPersons, deployer: 'ar:Company' }, point);
  });
});

describe('Annex III point 5: essential services and benefits', () => {
  test('5(a) eligibility for public benefits, used by a public authority, is high-risk', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:EvaluateBenefitEligibility', affectedPersons: 'ar:BenefitApplicants' }, '5(a)');
  });

  test('5(a) covers scoring benefit recipients for fraud, which reclaims or revokes benefits', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:DetectBenefitFraud', affectedPersons: 'ar:BenefitApplicants' }, '5(a)');
  });

  test('5(a) used by a company on its own account is not 5(a)', async () => {
    const r = await expectNotHighRisk({ purpose: 'ar:EvaluateBenefitEligibility', affectedPersons: 'ar:BenefitApplicants', deployer: 'ar:Company' });
    expect(fired(r)).toContain('anx3-5-a-not-public-authority');
  });

  test('5(a) used by a company on behalf of a public authority is 5(a)', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:EvaluateBenefitEligibility', deployer: 'ar:Company', onBehalfOf: 'ar:PublicAuthority' }, '5(a)');
  });

  test('5(a) with no user described leaves the tier undetermined and asks the organisation kind', async () => {
    const r = await classify({ purpose: 'ar:EvaluateBenefitEligibility', deployer: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['organisationKind']);
  });

  test('5(b) creditworthiness assessment is high-risk', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:AssessCreditworthiness', domain: 'ar:FinanceInsurance', deployer: 'ar:Company' }, '5(b)');
  });

  test('5(b) excludes detecting financial fraud', async () => {
    const r = await expectNotHighRisk({ purpose: 'ar:DetectFinancialFraud', domain: 'ar:FinanceInsurance', deployer: 'ar:Company' });
    expect(fired(r)).toContain('anx3-5-b-financial-fraud');
  });

  test('5(c) life and health insurance pricing is high-risk', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:PriceLifeHealthInsurance', deployer: 'ar:Company' }, '5(c)');
  });

  test('5(d) emergency-call evaluation and dispatch is high-risk', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:PrioritiseEmergencyResponse', domain: 'ar:EmergencyServices' }, '5(d)');
  });
});

describe('Annex III point 6: law enforcement', () => {
  const police: Overrides = { domain: 'ar:LawEnforcement', deployer: 'ar:LawEnforcementAuthority', affectedPersons: 'ar:SuspectsAndVictims' };

  test.each([
    ['ar:AssessVictimRisk', '6(a)'],
    ['ar:Polygraph', '6(b)'],
    ['ar:EvaluateEvidenceReliability', '6(c)'],
    ['ar:PredictCriminalOffending', '6(d)'],
    ['ar:ProfileInCriminalInvestigation', '6(e)'],
  ])('%s used by a law-enforcement authority is high-risk under %s', async (purpose, point) => {
    await expectHighRiskAnnexIII({ ...police, purpose }, point);
  });

  test.each([
    ['ar:AssessVictimRisk'],
    ['ar:Polygraph'],
    ['ar:EvaluateEvidenceReliability'],
    ['ar:PredictCriminalOffending'],
    ['ar:ProfileInCriminalInvestigation'],
  ])('%s used by a public authority that is not a law-enforcement authority is not point 6', async (purpose) => {
    const r = await expectNotHighRisk({ ...police, purpose, deployer: 'ar:PublicAuthority' });
    expect(fired(r)).toContain('anx3-6-not-law-enforcement');
  });

  test('a Union agency in support of law enforcement is covered by point 6', async () => {
    await expectHighRiskAnnexIII({ ...police, purpose: 'ar:EvaluateEvidenceReliability', deployer: 'ar:EUInstitution' }, '6(c)');
  });

  test('a contractor acting on behalf of the police is covered by point 6', async () => {
    await expectHighRiskAnnexIII({ ...police, purpose: 'ar:EvaluateEvidenceReliability', deployer: 'ar:Company', onBehalfOf: 'ar:LawEnforcementAuthority' }, '6(c)');
  });

  test('6(d) does not apply to a risk assessment based solely on profiling: that is prohibited by Art 5(1)(d)', async () => {
    const r = await classify({ ...police, purpose: 'ar:PredictCriminalOffending', solelyProfilingBased: 'true' });
    expect(r.annexIII).toEqual([]);
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(d)']);
  });
});

describe('Annex III point 7: migration, asylum and border control', () => {
  const border: Overrides = { domain: 'ar:MigrationBorderControl', deployer: 'ar:MigrationAuthority', affectedPersons: 'ar:Migrants' };

  test.each([
    ['ar:Polygraph', '7(a)'],
    ['ar:AssessMigrationRisk', '7(b)'],
    ['ar:ExamineAsylumVisaApplications', '7(c)'],
    ['ar:DetectPersonsAtBorders', '7(d)'],
  ])('%s used by a migration authority is high-risk under %s', async (purpose, point) => {
    await expectHighRiskAnnexIII({ ...border, purpose }, point);
  });

  test('a Union agency is covered by point 7', async () => {
    await expectHighRiskAnnexIII({ ...border, purpose: 'ar:AssessMigrationRisk', deployer: 'ar:EUInstitution' }, '7(b)');
  });

  test.each([['ar:Polygraph'], ['ar:AssessMigrationRisk'], ['ar:ExamineAsylumVisaApplications'], ['ar:DetectPersonsAtBorders']])(
    '%s: point 7 does not apply when the user is not a competent authority or Union agency',
    async (purpose) => {
      const r = await expectNotHighRisk({ ...border, purpose, deployer: 'ar:Company' });
      expect(fired(r)).toContain('anx3-7-not-migration-authority');
    },
  );

  test('7(d) excludes verifying travel documents', async () => {
    const r = await expectNotHighRisk({ ...border, purpose: 'ar:VerifyTravelDocuments' });
    expect(fired(r)).toContain('anx3-7-d-travel-documents');
  });
});

describe('Annex III point 8: administration of justice and democratic processes', () => {
  test('8(a) used by a judicial authority is high-risk', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:AssistJudicialDecisions', domain: 'ar:PublicAdministration', deployer: 'ar:JudicialAuthority' }, '8(a)');
  });

  test('8(a) used in a similar way in alternative dispute resolution (justice domain) is high-risk', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:AssistJudicialDecisions', domain: 'ar:Justice', deployer: 'ar:Company' }, '8(a)');
  });

  test('8(a) outside courts and dispute resolution is not 8(a)', async () => {
    await expectNotHighRisk({ purpose: 'ar:AssistJudicialDecisions', domain: 'ar:PublicAdministration', deployer: 'ar:Company' });
  });

  test('8(b) influencing elections or voting behaviour is high-risk', async () => {
    await expectHighRiskAnnexIII({ purpose: 'ar:InfluenceElections', domain: 'ar:DemocraticProcesses', deployer: 'ar:Company' }, '8(b)');
  });

  test('8(b) excludes tools organising political campaigns administratively or logistically', async () => {
    const r = await expectNotHighRisk({ purpose: 'ar:OrganiseCampaignLogistics', domain: 'ar:DemocraticProcesses', deployer: 'ar:Company' });
    expect(fired(r)).toContain('anx3-8-b-campaign-logistics');
  });
});

describe('Annex III needs an AI system', () => {
  test('a rule-based recruitment tool is not high-risk: it is outside the AI Act', async () => {
    const r = await classify({ isAISystem: 'false', capability: 'ar:RuleExecution', purpose: 'ar:RecruitAndSelect' });
    expect(r.riskTier).toBe('out-of-scope');
    expect(r.annexIII).toEqual([]);
  });

  test('an unanswered purpose leaves the tier undetermined and asks for it', async () => {
    const r = await classify({ purpose: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toContain('purpose');
  });
});

// ---------------------------------------------------------------- Art 6(3) derogation

describe('Art 6(3): Annex III systems that are not high-risk', () => {
  const recruitment: Overrides = { purpose: 'ar:RecruitAndSelect', affectedPersons: 'ar:JobApplicants', deployer: 'ar:Company' };

  test.each([
    ['ar:NarrowProceduralTask', 'art6-3-a'],
    ['ar:ImprovesCompletedHumanActivity', 'art6-3-b'],
    ['ar:DetectsDecisionPatterns', 'art6-3-c'],
    ['ar:PreparatoryTask', 'art6-3-d'],
  ])('condition %s: not high-risk (%s), with the Art 6(4) documentation note', async (condition, rule) => {
    const r = await classify({ ...recruitment, derogationCondition: condition });
    expect(r.riskTier).toBe('minimal');
    expect(r.highRiskRoute).toBeNull();
    expect(fired(r)).toContain(rule);
    expect(fired(r)).toContain('art6-4-documentation');
  });

  test('no condition: the Annex III system stays high-risk', async () => {
    const r = await classify({ ...recruitment, derogationCondition: 'ar:NoDerogationCondition' });
    expect(r.riskTier).toBe('high-risk');
    expect(fired(r)).not.toContain('art6-4-documentation');
  });

  test.each([
    ['ar:NarrowProceduralTask', 'art6-3-a'],
    ['ar:ImprovesCompletedHumanActivity', 'art6-3-b'],
    ['ar:DetectsDecisionPatterns', 'art6-3-c'],
    ['ar:PreparatoryTask', 'art6-3-d'],
  ])('profiling override: with condition %s, a system that profiles natural persons is always high-risk', async (condition, rule) => {
    const r = await classify({ ...recruitment, capability: 'ar:Profiling', derogationCondition: condition });
    expect(r.riskTier).toBe('high-risk');
    expect(r.annexIII).toEqual(['4(a)']);
    expect(fired(r)).toContain('art6-3-profiling-override');
    expect(fired(r)).not.toContain(rule);
    expect(fired(r)).not.toContain('art6-4-documentation');
  });

  test('profiling override: Annex III 6(e) is profiling by definition, even if the capability list omits it', async () => {
    const r = await classify({ purpose: 'ar:ProfileInCriminalInvestigation', domain: 'ar:LawEnforcement', deployer: 'ar:LawEnforcementAuthority', derogationCondition: 'ar:NarrowProceduralTask' });
    expect(r.riskTier).toBe('high-risk');
    expect(r.annexIII).toEqual(['6(e)']);
    expect(fired(r)).toContain('art6-3-profiling-override');
  });

  test('an unanswered condition leaves an Annex III system undetermined with that question', async () => {
    const r = await classify({ ...recruitment, derogationCondition: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['derogationCondition']);
  });

  test('an unanswered condition does not matter for a system outside Annex III', async () => {
    const r = await classify({ derogationCondition: null });
    expect(r.riskTier).toBe('minimal');
  });

  test('a condition claimed for a system outside Annex III is no derogation', async () => {
    const r = await classify({ derogationCondition: 'ar:NarrowProceduralTask' });
    expect(r.riskTier).toBe('minimal');
    expect(fired(r)).not.toContain('art6-3-a');
    expect(fired(r)).not.toContain('art6-4-documentation');
  });

  test('Art 6(3) does not derogate from Art 6(1)', async () => {
    const r = await classify({ annexILegislation: 'ar:MedicalDevices', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true', derogationCondition: 'ar:NarrowProceduralTask' });
    expect(r.riskTier).toBe('high-risk');
    expect(r.highRiskRoute).toBe('6(1)');
  });
});
