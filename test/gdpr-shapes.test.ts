// Shapes of shapes/gdpr.ttl: when the GDPR questions are asked, and the fairness-evidence warning
// for systems that may be high-risk under Annex III and process personal data. (Every named shape
// also has a non-conforming fixture in the table of test/shapes.test.ts, from helpers/gdpr-shape-cases.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { loadShapes, validate, type Severity, type ValidationReport } from '../src/validate/index.js';
import { packagePath } from '../src/paths.js';

const ARSH = 'https://w3id.org/algoreg/shapes#';
const DQV = 'http://www.w3.org/ns/dqv#';
const FIXTURES = packagePath('test', 'fixtures', 'shapes');
const shapes = await loadShapes();

const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const parse = (text: string): Quad[] => new Parser({ baseIRI: 'https://example.org/' }).parse(text);
const run = (text: string): Promise<ValidationReport> => validate(parse(text), { shapes });
function reporting(report: ValidationReport, severity: Severity): string[] {
  return [...new Set(report.results.filter((r) => r.severity === severity).map((r) => r.sourceShape.replace(ARSH, '')))].sort();
}
/** The conforming fixture with one statement replaced (or removed when `to` is empty). */
function answered(from: RegExp, to: string): string {
  const text = fixtureText('gdpr-answered.ttl');
  expect(text).toMatch(from);
  return text.replace(from, to);
}
const WITHOUT_MEASUREMENT = /dqv:hasQualityMeasurement \[[\s\S]*?\] \./;

describe('fairness evidence (DQV quality measurements)', () => {
  it('a system that may be high-risk (its use falls under Annex III 4(a)) and processes personal data conforms with a complete measurement', async () => {
    const report = await run(fixtureText('gdpr-answered.ttl'));
    expect(report.results.filter((r) => r.severity !== 'Info')).toEqual([]);
    expect(reporting(report, 'Info').filter((s) => s.startsWith('Measurement'))).toEqual([]);
  });

  it('without a measurement it is warned, under dqv:hasQualityMeasurement, with the question', async () => {
    const report = await run(answered(WITHOUT_MEASUREMENT, '.'));
    expect(reporting(report, 'Warning')).toEqual(['FairnessEvidenceQuestion']);
    const w = report.results.find((r) => r.sourceShape === `${ARSH}FairnessEvidenceQuestion`)!;
    expect(w).toMatchObject({ focusNode: 'https://example.org/system', path: `${DQV}hasQualityMeasurement`, value: null });
    expect(w.message).toMatch(/bias and fairness evaluations .* on record/);
    expect(report.conforms).toBe(true);
  });

  it('a system that does not process personal data is not warned', async () => {
    const report = await run(answered(WITHOUT_MEASUREMENT, '.').replace('ar:processesPersonalData true', 'ar:processesPersonalData false'));
    expect(reporting(report, 'Warning')).toEqual([]);
  });

  it('a system whose purposes and capabilities fall under no Annex III point is not warned', async () => {
    const report = await run(answered(WITHOUT_MEASUREMENT, '.').replace('ar:purpose ar:RecruitAndSelect', 'ar:purpose ar:SupportAdministration'));
    expect(reporting(report, 'Warning')).toEqual([]);
  });

  it('follows skos:broader (fraud scoring is narrower than benefit eligibility, Annex III 5(a)) and capabilities (remote biometric identification, 1(a))', async () => {
    expect(reporting(await run(fixtureText('gdpr-fairness-missing.ttl')), 'Warning')).toEqual(['FairnessEvidenceQuestion']);
    const rbi = answered(WITHOUT_MEASUREMENT, '.')
      .replace('ar:purpose ar:RecruitAndSelect', 'ar:purpose ar:SupportAdministration')
      .replace('ar:capability ar:Profiling', 'ar:capability ar:PostRemoteBiometricIdentification');
    expect(reporting(await run(rbi), 'Warning')).toEqual(['FairnessEvidenceQuestion']);
  });
});

describe('when the GDPR questions are asked', () => {
  it('none of them for a system that does not process personal data', async () => {
    const text = fixtureText('gdpr-unanswered.ttl').replace('ar:processesPersonalData true', 'ar:processesPersonalData false');
    expect(reporting(await run(text), 'Warning')).toEqual([]);
  });

  it('the Art 9(2) condition only once special-category data are stated or implied by biometric identification', async () => {
    const none = answered(/ar:specialCategoryData ar:HealthData ;\s*ar:article9Condition ar:Art9EmploymentSocialSecurityLaw ;/, 'ar:specialCategoryData ar:NoSpecialCategoryData ;');
    expect(reporting(await run(none), 'Warning')).toEqual([]);
    const health = answered(/ar:article9Condition ar:Art9EmploymentSocialSecurityLaw ;/, '');
    expect(reporting(await run(health), 'Warning')).toEqual(['Article9ConditionQuestion']);
    const biometric = none.replace('ar:capability ar:Profiling', 'ar:capability ar:Profiling , ar:BiometricVerification');
    expect(reporting(await run(biometric), 'Warning')).toEqual(['Article9ConditionQuestion']);
  });

  it('the Art 22(2) exception only when decisions are solely automated and have legal or similar effects', async () => {
    const noException = answered(/ar:article22Exception ar:Art22Contract ;/, '');
    expect(reporting(await run(noException), 'Warning')).toEqual(['Article22ExceptionQuestion']);
    expect(reporting(await run(noException.replace('ar:solelyAutomatedDecision true', 'ar:solelyAutomatedDecision false')), 'Warning')).toEqual([]);
    expect(reporting(await run(noException.replace('ar:legalOrSimilarEffect true', 'ar:legalOrSimilarEffect false')), 'Warning')).toEqual([]);
  });

  it('an answer stated on a use of the system counts: the controller often gives it', async () => {
    const onUse = fixtureText('gdpr-unanswered.ttl') + `
      ex:use a ar:SystemUse ; ar:usesSystem ex:system ; ar:usedBy ex:city ;
        ar:specialCategoryData ar:BiometricDataForIdentification ; ar:article9Condition ar:Art9ExplicitConsent ;
        ar:largeScale false ; ar:innovativeTechnology true .`;
    const warnings = reporting(await run(onUse), 'Warning');
    for (const answered of ['SpecialCategoryDataQuestion', 'Article9ConditionQuestion', 'LargeScaleQuestion', 'InnovativeTechnologyQuestion']) expect(warnings).not.toContain(answered);
    expect(warnings).toContain('CombinesDatasetsQuestion');
  });

  it('the Art 22 questions are moot for a system that takes or supports no decisions about people', async () => {
    const text = fixtureText('gdpr-unanswered.ttl').replace('ar:decisionsAboutNaturalPersons true', 'ar:decisionsAboutNaturalPersons false');
    const warnings = reporting(await run(text), 'Warning');
    expect(warnings).not.toContain('SolelyAutomatedDecisionQuestion');
    expect(warnings).not.toContain('LegalOrSimilarEffectQuestion');
    expect(warnings).toContain('LargeScaleQuestion');
  });
});
