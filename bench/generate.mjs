// Deterministic synthetic algorithm register in the algoreg vocabulary.
// usage: node bench/generate.mjs <systems> [out.nt]   (20,000 systems ≈ 1M triples)
import { writeFileSync } from 'node:fs';

const AR = 'https://w3id.org/algoreg/ns#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const DESC = 'http://purl.org/dc/terms/description';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const BASE = 'https://bench.algoreg.example/';

// Profiles: the kinds of system a city register holds, each with complete determinants.
const PROFILES = [
  { purpose: ['EvaluateBenefitEligibility'], capability: ['Prediction', 'Profiling'], domain: ['SocialSecurity'], derogation: 'NoDerogationCondition', persons: ['BenefitApplicants'] },
  { purpose: ['DetectBenefitFraud'], capability: ['Prediction', 'Profiling'], domain: ['SocialSecurity'], derogation: 'NoDerogationCondition', persons: ['BenefitApplicants'] },
  { purpose: ['RecruitAndSelect'], capability: ['Prediction', 'Profiling'], domain: ['Employment'], derogation: 'NoDerogationCondition', persons: ['JobApplicants'] },
  { purpose: ['OptimiseRoutes'], capability: ['Optimisation'], domain: ['PublicSpaceEnvironment'], persons: ['NoNaturalPersons'] },
  { purpose: ['AnswerQuestions'], capability: ['ConversationalInteraction', 'TextGeneration'], domain: ['PublicAdministration'], persons: ['Residents'], generative: true },
  { purpose: ['DraftDocuments'], capability: ['TextGeneration'], domain: ['PublicAdministration'], persons: ['Employees'], generative: true },
  { purpose: ['ControlRoadTraffic'], capability: ['Optimisation'], domain: ['MobilityTraffic', 'CriticalInfrastructure'], derogation: 'NoDerogationCondition', persons: ['NoNaturalPersons'], safety: true },
  { purpose: ['ProcessPermitApplications'], capability: ['RuleExecution'], domain: ['PublicAdministration'], persons: ['Residents'], notAI: true },
  { purpose: ['EvaluateBenefitEligibility'], capability: ['Prediction'], domain: ['SocialSecurity'], derogation: 'NarrowProceduralTask', persons: ['BenefitApplicants'] },
  { purpose: ['AssessDamage', 'PrioritiseEmergencyResponse'], capability: ['ImageAnalysis'], domain: ['EmergencyServices'], derogation: 'NoDerogationCondition', persons: ['NoNaturalPersons'] },
];
const KINDS = ['PublicAuthority', 'PublicAuthority', 'PublicAuthority', 'BodyGovernedByPublicLaw', 'Company'];

export function* generateTriples(n) {
  const orgs = Math.max(5, Math.ceil(n / 40));
  const iri = (s) => `<${s}>`;
  const ar = (l) => `<${AR}${l}>`;
  const lit = (v, dt) => (dt ? `"${v}"^^<${XSD}${dt}>` : JSON.stringify(v));
  for (let o = 0; o < orgs; o++) {
    const org = iri(`${BASE}org/${o}`);
    yield `${org} <${RDF_TYPE}> ${ar('Organisation')} .`;
    yield `${org} <${LABEL}> ${lit(`Organisation ${o}`)} .`;
    yield `${org} ${ar('organisationKind')} ${ar(KINDS[o % KINDS.length])} .`;
    yield `${org} ${ar('establishedInEU')} ${lit('true', 'boolean')} .`;
  }
  for (let i = 0; i < n; i++) {
    const p = PROFILES[i % PROFILES.length];
    const s = iri(`${BASE}system/${i}`);
    const owner = iri(`${BASE}org/${(i * 7) % orgs}`);
    const vendor = iri(`${BASE}org/${(i * 13 + 1) % orgs}`);
    const t = (pred, obj) => `${s} ${pred} ${obj} .`;
    yield t(`<${RDF_TYPE}>`, ar('AlgorithmicSystem'));
    yield t(`<${LABEL}>`, lit(`System ${i}`));
    yield t(`<${DESC}>`, lit(`Synthetic system ${i} of profile ${i % PROFILES.length}.`));
    yield t(ar('responsibleOrganisation'), owner);
    yield t(ar('contactEmail'), lit(`algoritmes${i % orgs}@example.org`));
    yield t(ar('lifecycleStatus'), ar(i % 9 === 0 ? 'InDevelopment' : 'InUse'));
    yield t(ar('putIntoServiceOn'), lit(`20${20 + (i % 7)}-0${1 + (i % 9)}-15`, 'date'));
    yield t(ar('isAISystem'), lit(p.notAI ? 'false' : 'true', 'boolean'));
    yield t(ar('scopeExclusion'), ar('NoScopeExclusion'));
    yield t(ar('freeOpenSourceLicence'), lit(String(i % 17 === 0), 'boolean'));
    yield t(ar('annexILegislation'), ar('NoAnnexILegislation'));
    yield t(ar('isSafetyComponent'), lit(p.safety ? 'true' : 'false', 'boolean'));
    yield t(ar('decisionsAboutNaturalPersons'), lit(String(!p.persons.includes('NoNaturalPersons')), 'boolean'));
    yield t(ar('processesPersonalData'), lit(String(!p.persons.includes('NoNaturalPersons')), 'boolean'));
    for (const x of p.purpose) yield t(ar('purpose'), ar(x));
    for (const x of p.capability) yield t(ar('capability'), ar(x));
    for (const x of p.domain) yield t(ar('domain'), ar(x));
    for (const x of p.persons) yield t(ar('affectedPersons'), ar(x));
    yield t(ar('locality'), ar('InternalSystems'));
    if (p.derogation) yield t(ar('derogationCondition'), ar(p.derogation));
    if (p.generative) {
      yield t(ar('standardEditingOnly'), lit('false', 'boolean'));
      yield t(ar('publishesTextOnPublicInterest'), lit('false', 'boolean'));
      yield t(ar('intimateImageryWithoutSafeguards'), lit('false', 'boolean'));
      yield t(ar('childAbuseMaterialWithoutSafeguards'), lit('false', 'boolean'));
    }
    yield t(ar('lawEnforcementAuthorisedByLaw'), lit('false', 'boolean'));
    yield t('<http://purl.org/dc/terms/identifier>', lit(`SYS-${i}`));
    yield t(ar('humanOversight'), lit('A caseworker reviews every outcome before a decision is taken.'));
    yield t(ar('objectionProcedure'), lit('Object within six weeks through the city website.'));
    yield t(ar('website'), lit(`${BASE}info/${i}`, 'anyURI'));
    const lb = iri(`${BASE}lawful-basis/${i % 50}`);
    yield t(ar('lawfulBasis'), lb);
    yield `${lb} <${RDF_TYPE}> ${ar('LegalBasisReference')} .`;
    yield `${lb} <${LABEL}> ${lit(`Law ${i % 50}`)} .`;
    for (const d of [0, 1]) {
      const ds = iri(`${BASE}dataset/${i}-${d}`);
      yield t(ar('usesDataset'), ds);
      yield `${ds} <${RDF_TYPE}> ${ar('Dataset')} .`;
      yield `${ds} <${LABEL}> ${lit(`Dataset ${i}-${d}`)} .`;
    }
    // the vendor develops and sells it; the owner buys and uses it
    const ra1 = iri(`${BASE}role/${i}/provider`);
    yield t(ar('roleAssignment'), ra1);
    yield `${ra1} <${RDF_TYPE}> ${ar('RoleAssignment')} .`;
    yield `${ra1} ${ar('agent')} ${i % 3 === 0 ? owner : vendor} .`;
    yield `${ra1} ${ar('valueChainFact')} ${ar('DevelopedInHouse')} .`;
    yield `${ra1} ${ar('valueChainFact')} ${ar(i % 3 === 0 ? 'UsesUnderOwnAuthority' : 'PlacesOnMarket')} .`;
    if (i % 3 !== 0) {
      const use = iri(`${BASE}use/${i}`);
      yield `${use} <${RDF_TYPE}> ${ar('SystemUse')} .`;
      yield `${use} ${ar('usesSystem')} ${s} .`;
      yield `${use} ${ar('usedBy')} ${owner} .`;
      yield `${use} ${ar('putIntoServiceOn')} ${lit(`20${21 + (i % 5)}-03-01`, 'date')} .`;
      const ra2 = iri(`${BASE}role/${i}/deployer`);
      yield t(ar('roleAssignment'), ra2);
      yield `${ra2} <${RDF_TYPE}> ${ar('RoleAssignment')} .`;
      yield `${ra2} ${ar('agent')} ${owner} .`;
      yield `${ra2} ${ar('valueChainFact')} ${ar('Bought')} .`;
      yield `${ra2} ${ar('valueChainFact')} ${ar('UsesUnderOwnAuthority')} .`;
      yield `${ra2} ${ar('valueChainFact')} ${ar('DeterminesPurposesAndMeans')} .`;
    }
  }
}

export function generateNTriples(n) {
  return [...generateTriples(n)].join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1000);
  const text = generateNTriples(n);
  if (process.argv[3]) writeFileSync(process.argv[3], text);
  else process.stdout.write(text);
  console.error(`${n} systems, ${text.split('\n').length - 1} triples`);
}
