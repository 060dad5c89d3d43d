// A fully answered minimal-risk AI system, used by the legal tests: each case overrides only the
// determinants its provision is about, so the outcome can be held against that provision alone.
import { classifyTurtle } from './classify.js';
import type { ClassifyOptions, SystemClassification } from '../../src/reason/index.js';

export const BASE = {
  isAISystem: 'true',
  scopeExclusion: 'ar:NoScopeExclusion',
  freeOpenSourceLicence: 'false',
  purpose: 'ar:OptimiseRoutes',
  capability: 'ar:Optimisation',
  domain: 'ar:PublicSpaceEnvironment',
  locality: 'ar:InternalSystems',
  affectedPersons: 'ar:NoNaturalPersons',
  annexILegislation: 'ar:NoAnnexILegislation',
  isSafetyComponent: 'false',
  thirdPartyConformityAssessment: 'false',
  materiallyDistortsBehaviour: 'false',
  scoreLeadsToDetrimentalTreatment: 'false',
  solelyProfilingBased: 'false',
  medicalOrSafetyReasons: 'false',
  labelsLawfulBiometricDatasets: 'false',
  rbiException: 'ar:NoRBIObjective',
  rbiNationalLawAuthorisation: 'false',
  rbiPriorAuthorisation: 'false',
  rbiImpactAssessedAndRegistered: 'false',
  intimateImageryWithoutSafeguards: 'false',
  childAbuseMaterialWithoutSafeguards: 'false',
  derogationCondition: 'ar:NoDerogationCondition',
  lawEnforcementAuthorisedByLaw: 'false',
  standardEditingOnly: 'false',
  publishesTextOnPublicInterest: 'false',
  decisionsAboutNaturalPersons: 'false',
  processesPersonalData: 'false',
};

/**
 * Determinant overrides (Turtle objects; null leaves the determinant unanswered), the user's
 * organisation kind (null: no user described), the kind of an organisation it is used on behalf
 * of, and the statements about a general-purpose AI model the system is based on.
 */
export type Overrides = Partial<Record<keyof typeof BASE, string | null>> & { deployer?: string | null; onBehalfOf?: string; model?: string };

export function describeSystem(o: Overrides = {}): string {
  const { deployer = 'ar:PublicAuthority', onBehalfOf, model, ...dets } = o;
  const values: Record<string, string | null> = { ...BASE, ...dets };
  const props = Object.entries(values).filter((e): e is [string, string] => e[1] !== null).map(([k, v]) => `  ar:${k} ${v}`);
  if (model !== undefined) props.push('  ar:basedOnModel ex:model');
  let ttl = `ex:sys a ar:AISystem ;\n${props.join(' ;\n')} .\n`;
  if (model !== undefined) ttl += `ex:model a ar:GeneralPurposeAIModel${model ? ` ; ${model}` : ''} .\n`;
  if (deployer !== null) {
    ttl += `ex:use a ar:SystemUse ; ar:usesSystem ex:sys ; ar:usedBy ex:user${onBehalfOf ? ' ; ar:onBehalfOf ex:principal' : ''} .\n`;
    ttl += `ex:user a ar:Organisation ; ar:organisationKind ${deployer} .\n`;
    if (onBehalfOf) ttl += `ex:principal a ar:Organisation ; ar:organisationKind ${onBehalfOf} .\n`;
  }
  return ttl;
}

export const classify = (o: Overrides = {}, opts: ClassifyOptions = {}): Promise<SystemClassification> => classifyTurtle(describeSystem(o), opts);
/** Rules that certainly fired and decide or explain the outcome (not "may apply", not "not yet in force"). */
export const fired = (r: SystemClassification): string[] => r.explanation.filter((e) => e.certain && !e.note).map((e) => e.rule);
export const missing = (r: SystemClassification): string[] => r.missing.map((m) => m.fact);
