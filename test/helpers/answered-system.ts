// Every classification determinant answered, so the tier is certain: the baseline of the roles
// and obligations tests, where each case changes only what it is about.
export const EX = 'https://example.org/';

export const BASE: Record<string, string> = {
  isAISystem: 'true',
  scopeExclusion: 'ar:NoScopeExclusion',
  freeOpenSourceLicence: 'false',
  domain: 'ar:PublicAdministration',
  purpose: 'ar:SupportAdministration',
  capability: 'ar:Prediction',
  affectedPersons: 'ar:Residents',
  locality: 'ar:InternalSystems',
  annexILegislation: 'ar:NoAnnexILegislation',
  isSafetyComponent: 'false',
  thirdPartyConformityAssessment: 'false',
  derogationCondition: 'ar:NoDerogationCondition',
  materiallyDistortsBehaviour: 'false',
  scoreLeadsToDetrimentalTreatment: 'false',
  solelyProfilingBased: 'false',
  medicalOrSafetyReasons: 'false',
  labelsLawfulBiometricDatasets: 'false',
  rbiException: 'ar:NoRBIObjective',
  intimateImageryWithoutSafeguards: 'false',
  childAbuseMaterialWithoutSafeguards: 'false',
  lawEnforcementAuthorisedByLaw: 'false',
  standardEditingOnly: 'false',
  publishesTextOnPublicInterest: 'false',
  decisionsAboutNaturalPersons: 'true',
  processesPersonalData: 'true',
};
