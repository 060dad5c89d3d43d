// AI Act Art 3(1), Art 2 (scope) and Art 5 (prohibited practices), each case held against the text
// of the provision. Every fixture is a fully answered minimal-risk AI system that differs from the
// baseline only by the facts the provision is about.
import { describe, expect, test } from 'vitest';
import { classify, type Overrides, fired, missing } from './helpers/minimal-system.js';


describe('baseline', () => {
  test('the fully answered baseline is a minimal-risk AI system with nothing missing', async () => {
    const r = await classify();
    expect(r.riskTier).toBe('minimal');
    expect(r.missing).toEqual([]);
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.annexIII).toEqual([]);
    expect(r.transparency).toEqual([]);
  });
});

describe('Art 3(1): AI system', () => {
  test('a system that is not an AI system is outside the AI Act', async () => {
    const r = await classify({ isAISystem: 'false' });
    expect(r.riskTier).toBe('out-of-scope');
    expect(fired(r)).toContain('art3-1-not-ai-system');
    const step = r.explanation.find((e) => e.rule === 'art3-1-not-ai-system')!;
    expect(step.text).toMatch(/GDPR/);
    expect(step.text).toMatch(/MIM5/);
  });

  test('a non-AI system is out of scope even if it would otherwise be a prohibited practice and other facts are unanswered', async () => {
    const r = await classify({ isAISystem: 'false', capability: 'ar:EmotionRecognition', locality: 'ar:Workplace', scopeExclusion: null, medicalOrSafetyReasons: null });
    expect(r.riskTier).toBe('out-of-scope');
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.missing).toEqual([]);
  });

  test('unanswered isAISystem leaves the tier undetermined and asks it', async () => {
    const r = await classify({ isAISystem: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toContain('isAISystem');
  });
});

describe('Art 2: exclusions from scope', () => {
  test.each([
    ['ar:MilitaryDefenceNationalSecurity', 'art2-3'],
    ['ar:ScientificResearchOnly', 'art2-6'],
    ['ar:PreMarketResearchTesting', 'art2-8'],
    ['ar:PersonalNonProfessional', 'art2-10'],
  ])('scope exclusion %s takes an otherwise high-risk system out of the Act (%s)', async (exclusion, rule) => {
    const highRisk = { purpose: 'ar:RecruitAndSelect', affectedPersons: 'ar:JobApplicants' };
    expect((await classify(highRisk)).riskTier).toBe('high-risk');
    const r = await classify({ ...highRisk, scopeExclusion: exclusion });
    expect(r.riskTier).toBe('out-of-scope');
    expect(fired(r)).toContain(rule);
  });

  test('Art 2(3) excludes even a practice that Art 5 would prohibit', async () => {
    const r = await classify({ scopeExclusion: 'ar:MilitaryDefenceNationalSecurity', purpose: 'ar:ScrapeFacialImagesForDatabase' });
    expect(r.riskTier).toBe('out-of-scope');
  });

  test('an unanswered scope exclusion leaves the tier undetermined, even for a high-risk system', async () => {
    const r = await classify({ scopeExclusion: null, purpose: 'ar:RecruitAndSelect' });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['scopeExclusion']);
  });

  test('an unanswered scope exclusion also keeps a minimal system undetermined', async () => {
    const r = await classify({ scopeExclusion: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['scopeExclusion']);
  });
});

describe('Art 2(12): free and open-source licence', () => {
  test('an open-source AI system that is neither prohibited, high-risk nor under Art 50 is outside the Act', async () => {
    const r = await classify({ freeOpenSourceLicence: 'true' });
    expect(r.riskTier).toBe('out-of-scope');
    expect(fired(r)).toContain('art2-12');
  });

  test('the exclusion does not cover an open-source system under Art 50', async () => {
    const r = await classify({ freeOpenSourceLicence: 'true', capability: 'ar:ConversationalInteraction' });
    expect(r.riskTier).toBe('transparency');
    expect(r.transparency).toEqual(['50(1)']);
  });

  test('the exclusion does not cover an open-source high-risk system', async () => {
    const r = await classify({ freeOpenSourceLicence: 'true', purpose: 'ar:RecruitAndSelect' });
    expect(r.riskTier).toBe('high-risk');
  });

  test('the exclusion does not cover an open-source prohibited practice', async () => {
    const r = await classify({ freeOpenSourceLicence: 'true', purpose: 'ar:ScrapeFacialImagesForDatabase' });
    expect(r.riskTier).toBe('prohibited');
  });

  test('an unanswered licence keeps a minimal system undetermined', async () => {
    const r = await classify({ freeOpenSourceLicence: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['freeOpenSourceLicence']);
  });
});

describe('Art 5(1)(a): subliminal, manipulative or deceptive techniques', () => {
  test('manipulative techniques that materially distort behaviour causing significant harm are prohibited', async () => {
    const r = await classify({ capability: 'ar:ManipulativeTechniques', materiallyDistortsBehaviour: 'true' });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(a)']);
  });

  test('manipulative techniques without material distortion causing significant harm are not prohibited', async () => {
    const r = await classify({ capability: 'ar:ManipulativeTechniques' });
    expect(r.riskTier).toBe('minimal');
    expect(r.prohibitedPractices).toEqual([]);
  });

  test('an unanswered distortion question leaves the tier undetermined with that question', async () => {
    const r = await classify({ capability: 'ar:ManipulativeTechniques', materiallyDistortsBehaviour: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['materiallyDistortsBehaviour']);
  });
});

describe('Art 5(1)(b): exploitation of vulnerabilities', () => {
  test('exploiting vulnerabilities of age, disability or social or economic situation with material distortion is prohibited', async () => {
    const r = await classify({ capability: 'ar:ExploitsVulnerabilities', affectedPersons: 'ar:Minors', materiallyDistortsBehaviour: 'true' });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(b)']);
  });

  test('without material distortion causing significant harm it is not prohibited', async () => {
    const r = await classify({ capability: 'ar:ExploitsVulnerabilities', affectedPersons: 'ar:Minors' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.riskTier).toBe('minimal');
  });
});

describe('Art 5(1)(c): social scoring', () => {
  test('a social score that leads to detrimental or disproportionate treatment is prohibited, whoever uses it', async () => {
    const r = await classify({ purpose: 'ar:SocialScoring', affectedPersons: 'ar:Residents', scoreLeadsToDetrimentalTreatment: 'true', deployer: 'ar:Company' });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(c)']);
  });

  test('a score without detrimental treatment in unrelated contexts or disproportionate treatment is not prohibited', async () => {
    const r = await classify({ purpose: 'ar:SocialScoring', affectedPersons: 'ar:Residents' });
    expect(r.prohibitedPractices).toEqual([]);
  });
});

describe('Art 5(1)(d): crime-risk prediction based solely on profiling', () => {
  test('predicting the risk of offending solely on profiling is prohibited, for any user', async () => {
    const r = await classify({ purpose: 'ar:PredictCriminalOffending', capability: 'ar:Profiling', solelyProfilingBased: 'true', deployer: 'ar:Company' });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(d)']);
  });

  test('supporting a human assessment based on objective, verifiable facts is not prohibited, and is Annex III 6(d) for the police', async () => {
    const r = await classify({ purpose: 'ar:PredictCriminalOffending', capability: 'ar:Prediction', domain: 'ar:LawEnforcement', deployer: 'ar:LawEnforcementAuthority' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.riskTier).toBe('high-risk');
    expect(r.annexIII).toEqual(['6(d)']);
    expect(fired(r)).toContain('art5-1-d-exception');
  });
});

describe('Art 5(1)(e): untargeted scraping of facial images', () => {
  test('building a face database by untargeted scraping is prohibited', async () => {
    const r = await classify({ purpose: 'ar:ScrapeFacialImagesForDatabase' });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(e)']);
  });
});

describe('Art 5(1)(f): emotion recognition at work and in education', () => {
  test.each(['ar:Workplace', 'ar:EducationInstitution'])('emotion recognition at %s is prohibited', async (locality) => {
    const r = await classify({ capability: 'ar:EmotionRecognition', locality });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(f)']);
  });

  test('for medical or safety reasons it is not prohibited, but high-risk under Annex III 1(c)', async () => {
    const r = await classify({ capability: 'ar:EmotionRecognition', locality: 'ar:Workplace', medicalOrSafetyReasons: 'true' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.riskTier).toBe('high-risk');
    expect(r.annexIII).toEqual(['1(c)']);
    expect(fired(r)).toContain('art5-1-f-exception');
  });

  test('outside the workplace and education it is not prohibited', async () => {
    const r = await classify({ capability: 'ar:EmotionRecognition', locality: 'ar:PubliclyAccessibleSpace' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.annexIII).toEqual(['1(c)']);
  });

  test('at school with the medical-or-safety question unanswered, the tier is undetermined with that question', async () => {
    const r = await classify({ capability: 'ar:EmotionRecognition', locality: 'ar:EducationInstitution', medicalOrSafetyReasons: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['medicalOrSafetyReasons']);
  });
});

describe('Art 5(1)(g): biometric categorisation of sensitive attributes', () => {
  test('inferring race, politics, religion, union membership or sexuality from biometric data is prohibited', async () => {
    const r = await classify({ capability: 'ar:BiometricCategorisationSpecialCategories' });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(g)']);
  });

  test('labelling or filtering lawfully acquired biometric datasets is not covered (high-risk 1(b) instead)', async () => {
    const r = await classify({ capability: 'ar:BiometricCategorisationSpecialCategories', labelsLawfulBiometricDatasets: 'true' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.riskTier).toBe('high-risk');
    expect(r.annexIII).toEqual(['1(b)']);
    expect(fired(r)).toContain('art5-1-g-exception');
  });

  test('categorising biometric data in the area of law enforcement is not covered', async () => {
    const r = await classify({ capability: 'ar:BiometricCategorisationSpecialCategories', domain: 'ar:LawEnforcement' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.annexIII).toEqual(['1(b)']);
  });

  test('biometric categorisation that infers no special-category attribute is not prohibited', async () => {
    const r = await classify({ capability: 'ar:BiometricCategorisation' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.annexIII).toEqual(['1(b)']);
  });
});

describe('Art 5(1)(h): real-time remote biometric identification for law enforcement', () => {
  const rbi: Overrides = {
    capability: 'ar:RealTimeRemoteBiometricIdentification',
    locality: 'ar:PubliclyAccessibleSpace',
    domain: 'ar:LawEnforcement',
    deployer: 'ar:LawEnforcementAuthority',
    affectedPersons: 'ar:Visitors',
  };
  const allSafeguards: Overrides = { rbiNationalLawAuthorisation: 'true', rbiPriorAuthorisation: 'true', rbiImpactAssessedAndRegistered: 'true' };

  test('without any of the objectives (i)-(iii) it is prohibited, even with every safeguard', async () => {
    const r = await classify({ ...rbi, ...allSafeguards, rbiException: 'ar:NoRBIObjective' });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(h)']);
  });

  test.each([
    ['(i) targeted search for victims or missing persons', 'ar:TargetedVictimSearch'],
    ['(ii) preventing an imminent threat or terrorist attack', 'ar:ImminentThreatPrevention'],
    ['(iii) locating a suspect of a serious offence', 'ar:SuspectLocalisation'],
  ])('objective %s with national law, prior authorisation and FRIA/registration: not prohibited, high-risk 1(a)', async (_label, objective) => {
    const r = await classify({ ...rbi, ...allSafeguards, rbiException: objective });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.riskTier).toBe('high-risk');
    expect(r.highRiskRoute).toBe('6(2)');
    expect(r.annexIII).toEqual(['1(a)']);
    expect(fired(r)).toContain('art5-1-h-exception');
  });

  test.each([
    ['without prior judicial or independent authorisation (Art 5(3))', { rbiPriorAuthorisation: 'false' }],
    ['without a national law providing for it (Art 5(5))', { rbiNationalLawAuthorisation: 'false' }],
    ['without a completed FRIA and registration (Art 5(2))', { rbiImpactAssessedAndRegistered: 'false' }],
  ])('a permitted objective %s is still prohibited', async (_label, lacking) => {
    const r = await classify({ ...rbi, ...allSafeguards, rbiException: 'ar:SuspectLocalisation', ...lacking });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(h)']);
  });

  test('an unanswered prior authorisation leaves the tier undetermined with that question', async () => {
    const r = await classify({ ...rbi, ...allSafeguards, rbiException: 'ar:TargetedVictimSearch', rbiPriorAuthorisation: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['rbiPriorAuthorisation']);
  });

  test('use on behalf of a law-enforcement authority counts as use for law enforcement', async () => {
    const r = await classify({ ...rbi, domain: 'ar:PublicSpaceEnvironment', deployer: 'ar:Company', onBehalfOf: 'ar:LawEnforcementAuthority' });
    expect(r.prohibitedPractices).toEqual(['5(1)(h)']);
  });

  test('real-time identification in public by a non-law-enforcement user is not 5(1)(h) but high-risk 1(a)', async () => {
    const r = await classify({ ...rbi, domain: 'ar:EventsCulture', deployer: 'ar:Company' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.riskTier).toBe('high-risk');
    expect(r.annexIII).toEqual(['1(a)']);
  });

  test('real-time identification by the police outside publicly accessible spaces is not 5(1)(h)', async () => {
    const r = await classify({ ...rbi, locality: 'ar:InternalSystems' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.annexIII).toEqual(['1(a)']);
  });

  test('post (not real-time) remote identification by the police in public is not 5(1)(h)', async () => {
    const r = await classify({ ...rbi, capability: 'ar:PostRemoteBiometricIdentification' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.annexIII).toEqual(['1(a)']);
  });
});

describe('Art 5(1)(ba) and (bb): intimate imagery and child sexual abuse material (Regulation (EU) 2026/1744)', () => {
  const generator: Overrides = { capability: 'ar:ImageVideoAudioGeneration', affectedPersons: 'ar:NaturalPersons' };

  test('(ba) does not yet decide the tier before 2 December 2026', async () => {
    const r = await classify({ ...generator, intimateImageryWithoutSafeguards: 'true' }, { at: '2026-12-01' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.riskTier).toBe('transparency');
    const step = r.explanation.find((e) => e.rule === 'art5-1-ba');
    expect(step?.note).toMatch(/2026-12-02/);
  });

  test('(ba) prohibits it from 2 December 2026', async () => {
    const r = await classify({ ...generator, intimateImageryWithoutSafeguards: 'true' }, { at: '2026-12-02' });
    expect(r.riskTier).toBe('prohibited');
    expect(r.prohibitedPractices).toEqual(['5(1)(ba)']);
  });

  test('(ba) does not exist in the text as adopted', async () => {
    const r = await classify({ ...generator, intimateImageryWithoutSafeguards: 'true' }, { at: '2026-12-02', calendar: 'adopted' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.riskTier).toBe('transparency');
    expect(r.explanation.find((e) => e.rule === 'art5-1-ba')?.note).toMatch(/adopted/);
  });

  test('a generator with reasonable safeguards against intimate imagery is not prohibited under (ba)', async () => {
    const r = await classify(generator, { at: '2026-12-02' });
    expect(r.prohibitedPractices).toEqual([]);
    expect(r.riskTier).toBe('transparency');
  });

  test('(bb) prohibits generating child sexual abuse material from 2 December 2026, not before', async () => {
    const before = await classify({ ...generator, childAbuseMaterialWithoutSafeguards: 'true' }, { at: '2026-11-21' });
    expect(before.prohibitedPractices).toEqual([]);
    const after = await classify({ ...generator, childAbuseMaterialWithoutSafeguards: 'true' }, { at: '2026-12-02' });
    expect(after.riskTier).toBe('prohibited');
    expect(after.prohibitedPractices).toEqual(['5(1)(bb)']);
  });

  test('(bb) does not exist in the text as adopted', async () => {
    const r = await classify({ ...generator, childAbuseMaterialWithoutSafeguards: 'true' }, { at: '2027-01-01', calendar: 'adopted' });
    expect(r.prohibitedPractices).toEqual([]);
  });

  test('a system that generates only text is not covered by (ba)', async () => {
    const r = await classify({ capability: 'ar:TextGeneration', intimateImageryWithoutSafeguards: 'true' }, { at: '2026-12-02' });
    expect(r.prohibitedPractices).toEqual([]);
  });
});

describe('Art 5 requires an AI system', () => {
  test.each<[string, Overrides]>([
    ['5(1)(a)', { capability: 'ar:ManipulativeTechniques', materiallyDistortsBehaviour: 'true' }],
    ['5(1)(b)', { capability: 'ar:ExploitsVulnerabilities', materiallyDistortsBehaviour: 'true' }],
    ['5(1)(c)', { capability: 'ar:RuleExecution', purpose: 'ar:SocialScoring', scoreLeadsToDetrimentalTreatment: 'true' }],
    ['5(1)(d)', { capability: 'ar:RuleExecution', purpose: 'ar:PredictCriminalOffending', solelyProfilingBased: 'true' }],
    ['5(1)(e)', { capability: 'ar:RuleExecution', purpose: 'ar:ScrapeFacialImagesForDatabase' }],
    ['5(1)(f)', { capability: 'ar:EmotionRecognition', locality: 'ar:Workplace' }],
    ['5(1)(g)', { capability: 'ar:BiometricCategorisationSpecialCategories' }],
    ['5(1)(h)', { capability: 'ar:RealTimeRemoteBiometricIdentification', locality: 'ar:PubliclyAccessibleSpace', domain: 'ar:LawEnforcement' }],
    ['5(1)(ba)', { capability: 'ar:ImageVideoAudioGeneration', intimateImageryWithoutSafeguards: 'true' }],
    ['5(1)(bb)', { capability: 'ar:ImageVideoAudioGeneration', childAbuseMaterialWithoutSafeguards: 'true' }],
  ])('%s: a system that is not an AI system is no prohibited AI practice', async (_point, facts) => {
    const r = await classify({ ...facts, isAISystem: 'false' }, { at: '2026-12-02' });
    expect(r.riskTier).toBe('out-of-scope');
    expect(r.prohibitedPractices).toEqual([]);
  });

  test('with no capability stated, the tier is undetermined and capability is asked', async () => {
    const r = await classify({ capability: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toContain('capability');
  });
});
