// A minimal-risk AI system that supports administrative decisions about residents, with every AI
// Act determinant its tier needs answered: the baseline of the GDPR and procurement tests, where
// each case changes only the facts its provision is about.
export const ADMIN_SUPPORT: Readonly<Record<string, string>> = {
  isAISystem: 'true',
  scopeExclusion: 'ar:NoScopeExclusion',
  freeOpenSourceLicence: 'false',
  domain: 'ar:PublicAdministration',
  purpose: 'ar:SupportAdministration',
  capability: 'ar:Optimisation',
  affectedPersons: 'ar:Residents',
  locality: 'ar:InternalSystems',
  annexILegislation: 'ar:NoAnnexILegislation',
  isSafetyComponent: 'false',
  derogationCondition: 'ar:NoDerogationCondition',
  decisionsAboutNaturalPersons: 'true',
  processesPersonalData: 'true',
};
