// AI Act Art 50 (transparency obligations) and Art 51 (general-purpose AI models with systemic risk),
// each case held against the text of the provision. Every fixture is a fully answered minimal-risk AI
// system that differs from the baseline only by the facts the provision is about.
import { describe, expect, test } from 'vitest';
import { classify, type Overrides, fired, missing } from './helpers/minimal-system.js';
import type { SystemClassification } from '../src/reason/index.js';
import { loadRuleSet } from '../src/reason/ruleset.js';


const RULES = loadRuleSet();
/** Point and addressee of every Art 50 rule that certainly fired, e.g. "50(1) provider". */
const duties = (r: SystemClassification): string[] =>
  fired(r)
    .map((name) => RULES.byName.get(name)!)
    .filter((rule) => rule.event.type === 'transparency')
    .map((rule) => `${String(rule.event.params.point)} ${String(rule.event.params.addressee)}`)
    .sort();

describe('Art 50(1): systems that interact directly with people (providers)', () => {
  test('a chatbot must tell people they are interacting with an AI system; the duty is the provider\'s', async () => {
    const r = await classify({ capability: 'ar:ConversationalInteraction', purpose: 'ar:AnswerQuestions', affectedPersons: 'ar:Residents' });
    expect(r.riskTier).toBe('transparency');
    expect(r.transparency).toEqual(['50(1)']);
    expect(duties(r)).toEqual(['50(1) provider']);
  });

  test('a city chatbot outside law enforcement needs no answer on authorisation by law', async () => {
    const r = await classify({ capability: 'ar:ConversationalInteraction', lawEnforcementAuthorisedByLaw: null });
    expect(r.riskTier).toBe('transparency');
    expect(r.transparency).toEqual(['50(1)']);
  });

  test('a law-enforcement system authorised by law to detect or investigate criminal offences is excepted', async () => {
    const r = await classify({ capability: 'ar:ConversationalInteraction', domain: 'ar:LawEnforcement', deployer: 'ar:LawEnforcementAuthority', lawEnforcementAuthorisedByLaw: 'true' });
    expect(r.transparency).toEqual([]);
    expect(r.riskTier).toBe('minimal');
  });

  test('a law-enforcement system not authorised by law is not excepted', async () => {
    const r = await classify({ capability: 'ar:ConversationalInteraction', domain: 'ar:LawEnforcement', deployer: 'ar:LawEnforcementAuthority', lawEnforcementAuthorisedByLaw: 'false' });
    expect(r.transparency).toEqual(['50(1)']);
  });

  test('in law enforcement with authorisation by law unanswered, the tier is undetermined with that question', async () => {
    const r = await classify({ capability: 'ar:ConversationalInteraction', domain: 'ar:LawEnforcement', deployer: 'ar:LawEnforcementAuthority', lawEnforcementAuthorisedByLaw: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['lawEnforcementAuthorisedByLaw']);
  });
});

describe('Art 50(2): synthetic content (providers)', () => {
  test('a text generator must mark its outputs as artificially generated; the duty is the provider\'s', async () => {
    const r = await classify({ capability: 'ar:TextGeneration', purpose: 'ar:DraftDocuments' });
    expect(r.riskTier).toBe('transparency');
    expect(r.transparency).toEqual(['50(2)']);
    expect(duties(r)).toEqual(['50(2) provider']);
  });

  test('an image generator is covered too', async () => {
    const r = await classify({ capability: 'ar:ImageVideoAudioGeneration' });
    expect(r.transparency).toEqual(['50(2)']);
  });

  test('an assistive function for standard editing that does not substantially alter the input is excepted', async () => {
    const r = await classify({ capability: 'ar:TextGeneration', purpose: 'ar:DraftDocuments', standardEditingOnly: 'true' });
    expect(r.transparency).toEqual([]);
    expect(r.riskTier).toBe('minimal');
  });

  test('an unanswered standard-editing question leaves the tier undetermined with that question', async () => {
    const r = await classify({ capability: 'ar:TextGeneration', standardEditingOnly: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['standardEditingOnly']);
  });

  test('outside law enforcement, only the standard-editing question is asked, not authorisation by law', async () => {
    const r = await classify({ capability: 'ar:TextGeneration', standardEditingOnly: null, lawEnforcementAuthorisedByLaw: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['standardEditingOnly']);
  });

  test('in law enforcement, both the standard-editing question and authorisation by law are asked', async () => {
    const r = await classify({ capability: 'ar:TextGeneration', domain: 'ar:LawEnforcement', standardEditingOnly: null, lawEnforcementAuthorisedByLaw: null });
    expect(r.riskTier).toBe('undetermined');
    expect(missing(r)).toEqual(['lawEnforcementAuthorisedByLaw', 'standardEditingOnly']);
  });

  test('a generator authorised by law for criminal investigation is excepted', async () => {
    const r = await classify({ capability: 'ar:TextGeneration', domain: 'ar:LawEnforcement', lawEnforcementAuthorisedByLaw: 'true' });
    expect(r.transparency).toEqual([]);
  });

  test('a chatbot that generates text has both provider duties', async () => {
    const r = await classify({ capability: 'ar:ConversationalInteraction , ar:TextGeneration' });
    expect(r.transparency).toEqual(['50(1)', '50(2)']);
    expect(duties(r)).toEqual(['50(1) provider', '50(2) provider']);
  });
});

describe('Art 50(3): emotion recognition and biometric categorisation (deployers)', () => {
  test('the deployer of an emotion recognition system must inform the people exposed; the duty stacks with high-risk', async () => {
    const r = await classify({ capability: 'ar:EmotionRecognition', locality: 'ar:PubliclyAccessibleSpace', affectedPersons: 'ar:Visitors' });
    expect(r.riskTier).toBe('high-risk');
    expect(r.annexIII).toEqual(['1(c)']);
    expect(r.transparency).toEqual(['50(3)']);
    expect(duties(r)).toEqual(['50(3) deployer']);
  });

  test('the deployer of a biometric categorisation system must inform the people exposed', async () => {
    const r = await classify({ capability: 'ar:BiometricCategorisation', affectedPersons: 'ar:Visitors' });
    expect(r.transparency).toEqual(['50(3)']);
    expect(duties(r)).toEqual(['50(3) deployer']);
  });

  test('a system permitted by law to detect, prevent or investigate criminal offences is excepted', async () => {
    const r = await classify({ capability: 'ar:BiometricCategorisation', domain: 'ar:LawEnforcement', deployer: 'ar:LawEnforcementAuthority', lawEnforcementAuthorisedByLaw: 'true' });
    expect(r.transparency).toEqual([]);
    expect(r.riskTier).toBe('high-risk');
  });

  test('biometric verification is not emotion recognition or categorisation', async () => {
    const r = await classify({ capability: 'ar:BiometricVerification', purpose: 'ar:ControlAccess' });
    expect(r.transparency).toEqual([]);
  });
});

describe('Art 50(4): deep fakes and public-interest text (deployers)', () => {
  test('the deployer of a deep-fake generator must disclose that the content is artificial', async () => {
    const r = await classify({ capability: 'ar:DeepFakeGeneration', standardEditingOnly: 'true' });
    expect(r.riskTier).toBe('transparency');
    expect(r.transparency).toEqual(['50(4)']);
    expect(duties(r)).toEqual(['50(4) deployer']);
  });

  test('a deep-fake generator also has the provider\'s marking duty unless it only assists standard editing', async () => {
    const r = await classify({ capability: 'ar:DeepFakeGeneration' });
    expect(r.transparency).toEqual(['50(2)', '50(4)']);
    expect(duties(r)).toEqual(['50(2) provider', '50(4) deployer']);
  });

  test('deep fakes authorised by law for criminal investigation are excepted', async () => {
    const r = await classify({ capability: 'ar:DeepFakeGeneration', standardEditingOnly: 'true', domain: 'ar:LawEnforcement', lawEnforcementAuthorisedByLaw: 'true' });
    expect(r.transparency).toEqual([]);
  });

  test('generated text published to inform the public on matters of public interest without editorial control must be disclosed by the deployer', async () => {
    const r = await classify({ capability: 'ar:TextGeneration', standardEditingOnly: 'true', publishesTextOnPublicInterest: 'true', domain: 'ar:MediaCommunication' });
    expect(r.riskTier).toBe('transparency');
    expect(r.transparency).toEqual(['50(4)']);
    expect(duties(r)).toEqual(['50(4) deployer']);
    expect(fired(r)).toContain('art50-4-public-interest-text');
  });

  test('generated text that is not so published, or has had human review, needs no 50(4) disclosure', async () => {
    const r = await classify({ capability: 'ar:TextGeneration', standardEditingOnly: 'true', publishesTextOnPublicInterest: 'false', domain: 'ar:MediaCommunication' });
    expect(r.transparency).toEqual([]);
  });
});

describe('Art 50: the law-enforcement exception needs no answer outside law enforcement', () => {
  test.each<[string, Overrides, string[]]>([
    ['50(1)', { capability: 'ar:ConversationalInteraction' }, ['50(1)']],
    ['50(2)', { capability: 'ar:TextGeneration' }, ['50(2)']],
    ['50(3)', { capability: 'ar:BiometricCategorisation' }, ['50(3)']],
    ['50(4) deep fakes', { capability: 'ar:DeepFakeGeneration', standardEditingOnly: 'true' }, ['50(4)']],
    ['50(4) text', { capability: 'ar:TextGeneration', standardEditingOnly: 'true', publishesTextOnPublicInterest: 'true' }, ['50(4)']],
  ])('%s applies with authorisation by law unanswered when the domain is not law enforcement', async (_label, facts, points) => {
    const r = await classify({ ...facts, lawEnforcementAuthorisedByLaw: null });
    expect(r.riskTier).not.toBe('undetermined');
    expect(r.transparency).toEqual(points);
  });
});

describe('Art 50 needs an AI system', () => {
  test('a scripted, rule-based chat menu is outside the AI Act', async () => {
    const r = await classify({ isAISystem: 'false', capability: 'ar:ConversationalInteraction , ar:RuleExecution' });
    expect(r.riskTier).toBe('out-of-scope');
    expect(r.transparency).toEqual([]);
  });
});

describe('Art 51: general-purpose AI models with systemic risk', () => {
  const gpSystem: Overrides = { purpose: 'ar:GeneralPurpose', capability: 'ar:TextGeneration', domain: 'ar:GeneralUse', standardEditingOnly: 'false' };

  test('training compute above 10^25 FLOP: presumed high-impact capabilities, systemic risk (Art 51(2))', async () => {
    const r = await classify({ ...gpSystem, model: 'ar:trainingComputeFlop "3.8e25"^^xsd:double ; ar:designatedSystemicRisk false' });
    expect(r.gpai).not.toBeNull();
    expect(r.gpai!.systemicRisk).toBe(true);
    expect(r.gpai!.model).toBe('https://example.org/model');
    expect(fired(r)).toContain('art51-2');
  });

  test('exactly 10^25 FLOP is not "greater than": no presumption', async () => {
    const r = await classify({ ...gpSystem, model: 'ar:trainingComputeFlop "1e25"^^xsd:double ; ar:designatedSystemicRisk false' });
    expect(r.gpai!.systemicRisk).toBe(false);
  });

  test('below the threshold, a model designated by the Commission has systemic risk (Art 51(1)(b))', async () => {
    const r = await classify({ ...gpSystem, model: 'ar:trainingComputeFlop "1e24"^^xsd:double ; ar:designatedSystemicRisk true' });
    expect(r.gpai!.systemicRisk).toBe(true);
    expect(fired(r)).toContain('art51-1-b');
    expect(fired(r)).not.toContain('art51-2');
  });

  test('with training compute unanswered, systemic risk is unknown', async () => {
    const r = await classify({ ...gpSystem, model: 'ar:designatedSystemicRisk false' });
    expect(r.gpai!.systemicRisk).toBeNull();
  });

  test('systemic risk does not change the system\'s own tier', async () => {
    const r = await classify({ ...gpSystem, model: 'ar:trainingComputeFlop "3.8e25"^^xsd:double ; ar:designatedSystemicRisk false' });
    expect(r.riskTier).toBe('transparency');
    expect(r.transparency).toEqual(['50(2)']);
  });

  test('a system not based on a general-purpose AI model has no GPAI classification', async () => {
    const r = await classify(gpSystem);
    expect(r.gpai).toBeNull();
  });
});
