// Which kind of impact assessment a register entry names, from its title (or description).
// Data, checked in order: the first pattern that matches decides.
import { AR } from './vocab.js';

export const ASSESSMENT_TYPES = {
  DPIA: `${AR}DPIA`,
  FRIA: `${AR}FRIA`,
  IAMA: `${AR}IAMA`,
  OtherAssessment: `${AR}OtherAssessment`,
} as const;

const RULES: readonly { pattern: RegExp; type: keyof typeof ASSESSMENT_TYPES }[] = [
  // pre-scans and quick scans precede a DPIA; they are not one
  { pattern: /\bpre-?scan\b|\bquick-?scan\b/i, type: 'OtherAssessment' },
  // the Dutch human-rights and algorithms assessment (IAMA), renamed FRAIA in 2024
  { pattern: /\bIAMA\b|\bFRAIA\b|mensenrechten en algoritmes|fundamentele rechten en algoritme/i, type: 'IAMA' },
  { pattern: /\bDPIA\b|data protection impact|gegevensbeschermingseffectbeoordeling|privacy impact assessment|\bPIA\b/i, type: 'DPIA' },
  { pattern: /\bFRIA\b|fundamental[- ]rights impact|grondrechten(effect)?beoordeling|\bart(icle|\.)? ?27\b/i, type: 'FRIA' },
];

/** The ar:AssessmentTypeScheme concept for an assessment's title. */
export function assessmentTypeOf(title: string): string {
  return ASSESSMENT_TYPES[RULES.find((r) => r.pattern.test(title))?.type ?? 'OtherAssessment'];
}
