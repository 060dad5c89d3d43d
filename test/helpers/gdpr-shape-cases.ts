// Fixtures for the shapes of shapes/gdpr.ttl (GDPR questions, fairness evidence, value forms).
// test/shapes.test.ts includes them in its table of non-conforming fixtures, so that every named
// shape stays covered; test/gdpr-shapes.test.ts holds the GDPR-specific cases.
import type { Severity } from '../../src/validate/index.js';

export const GDPR_BOOLEANS = [
  'criminalOffenceData', 'highlyPersonalData', 'solelyAutomatedDecision', 'legalOrSimilarEffect', 'largeScale',
  'systematicMonitoring', 'combinesDatasets', 'vulnerableDataSubjects', 'innovativeTechnology', 'preventsExerciseOfRight',
];
const upper = (s: string): string => s[0].toUpperCase() + s.slice(1);

export const GDPR_FAILING: { fixture: string; severity: Severity; shapes: string[] }[] = [
  {
    fixture: 'gdpr-unanswered.ttl',
    severity: 'Warning',
    shapes: [
      'SpecialCategoryDataQuestion', 'Article9ConditionQuestion', 'SolelyAutomatedDecisionQuestion', 'LegalOrSimilarEffectQuestion',
      'CriminalOffenceDataQuestion', 'HighlyPersonalDataQuestion', 'LargeScaleQuestion', 'SystematicMonitoringQuestion',
      'CombinesDatasetsQuestion', 'VulnerableDataSubjectsQuestion', 'InnovativeTechnologyQuestion', 'PreventsExerciseOfRightQuestion',
    ],
  },
  { fixture: 'gdpr-automated-decision-unanswered.ttl', severity: 'Warning', shapes: ['Article22ExceptionQuestion'] },
  { fixture: 'gdpr-fairness-missing.ttl', severity: 'Warning', shapes: ['FairnessEvidenceQuestion'] },
  {
    fixture: 'gdpr-measurement-incomplete.ttl',
    severity: 'Info',
    shapes: ['MeasurementMetricRecommended', 'MeasurementProtectedAttributeRecommended', 'MeasurementValueRecommended', 'MeasurementDateRecommended', 'MeasurementMethodRecommended'],
  },
  {
    fixture: 'gdpr-values-wrong.ttl',
    severity: 'Violation',
    shapes: [
      ...GDPR_BOOLEANS.map((p) => `${upper(p)}Boolean`),
      'SpecialCategoryDataInScheme', 'Article9ConditionInScheme', 'Article22ExceptionInScheme', 'ProtectedAttributeInScheme',
    ],
  },
];
