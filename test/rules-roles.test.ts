import { describe, expect, it } from 'vitest';
import { classifyTurtle } from './helpers/classify.js';
import type { SystemClassification } from '../src/reason/index.js';
import { EX, BASE } from './helpers/answered-system.js';

// ---------------------------------------------------------------- fixtures
// Every description answers all classification determinants, so the tier is certain; a test
// changes only what it is about.


/** A high-risk Annex III 4(a) system: CV screening (no Art 6(3) condition). */
const CV_SCREENING = { domain: 'ar:Employment', purpose: 'ar:RecruitAndSelect', capability: 'ar:Prediction , ar:Profiling', affectedPersons: 'ar:JobApplicants', locality: 'ar:Online' };
/** A minimal-risk system: route planning. */
const ROUTE_PLANNING = { domain: 'ar:PublicSpaceEnvironment', purpose: 'ar:OptimiseRoutes', capability: 'ar:Optimisation', affectedPersons: 'ar:NoNaturalPersons', decisionsAboutNaturalPersons: 'false', processesPersonalData: 'false' };

interface OrgSpec {
  kind?: string;
  eu?: boolean;
  valueChain?: string[];
  roles?: string[];
  /** The organisation has an ar:SystemUse of the system. */
  uses?: boolean;
}
interface SystemSpec {
  type?: string;
  props?: Record<string, string | null>;
  orgs: Record<string, OrgSpec>;
}

function describeSystem(spec: SystemSpec): string {
  const props = { ...BASE, ...spec.props };
  const lines = [`ex:sys a ${spec.type ?? 'ar:AISystem'} ; rdfs:label "System" ;`];
  lines.push(Object.entries(props).filter(([, v]) => v !== null).map(([p, v]) => `    ar:${p} ${v}`).join(' ;\n') + ' .');
  for (const [id, o] of Object.entries(spec.orgs)) {
    const facts = [...(o.valueChain ?? []).map((v) => `ar:valueChainFact ar:${v}`), ...(o.roles ?? []).map((r) => `ar:role ar:${r}`)];
    if (facts.length > 0) lines.push(`ex:sys ar:roleAssignment [ a ar:RoleAssignment ; ar:agent ex:${id} ; ${facts.join(' ; ')} ] .`);
    if (o.uses) lines.push(`ex:use-${id} a ar:SystemUse ; ar:usesSystem ex:sys ; ar:usedBy ex:${id} .`);
    const orgProps = [`rdfs:label "${id}"`, ...(o.kind ? [`ar:organisationKind ar:${o.kind}`] : []), ...(o.eu === undefined ? [] : [`ar:establishedInEU ${o.eu}`])];
    lines.push(`ex:${id} a ar:Organisation ; ${orgProps.join(' ; ')} .`);
  }
  return lines.join('\n');
}

const classify = (spec: SystemSpec) => classifyTurtle(describeSystem(spec));

function rolesOf(r: SystemClassification, org: string): string[] {
  return r.roles.filter((x) => x.organisation === EX + org).map((x) => x.role).sort();
}
function ruleFor(r: SystemClassification, org: string, role: string): string | undefined {
  return r.roles.find((x) => x.organisation === EX + org && x.role === role)?.rule;
}

// ---------------------------------------------------------------- tests

describe('fixtures', () => {
  it('give the tiers the role tests rely on', async () => {
    const hr = await classify({ props: CV_SCREENING, orgs: { vendor: { kind: 'Company', eu: true, valueChain: ['DevelopedInHouse', 'PlacesOnMarket'] } } });
    expect(hr.riskTier).toBe('high-risk');
    expect(hr.highRiskRoute).toBe('6(2)');
    expect(hr.annexIII).toEqual(['4(a)']);
    const min = await classify({ props: ROUTE_PLANNING, orgs: { vendor: { kind: 'Company', eu: true, valueChain: ['DevelopedInHouse', 'PlacesOnMarket'] } } });
    expect(min.riskTier).toBe('minimal');
  });
});

describe('Art 3 roles', () => {
  it('a city that builds a system and uses it itself is provider and deployer (Art 3(3) with 3(11), Art 3(4))', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: { city: { kind: 'PublicAuthority', eu: true, valueChain: ['DevelopedInHouse', 'UsesUnderOwnAuthority'] } } });
    expect(rolesOf(r, 'city')).toEqual(['deployer', 'provider']);
    expect(ruleFor(r, 'city', 'provider')).toBe('art3-3-provider-develops');
    expect(ruleFor(r, 'city', 'deployer')).toBe('art3-4-deployer');
    expect(r.roles.find((x) => x.role === 'provider')!.provision).toBe('AI Act Art 3(3)');
  });

  it('a city that commissioned a system and has a use of it is provider (own use) and deployer', async () => {
    const r = await classify({ props: ROUTE_PLANNING, orgs: { city: { kind: 'PublicAuthority', eu: true, valueChain: ['Commissioned'], uses: true } } });
    expect(rolesOf(r, 'city')).toEqual(['deployer', 'provider']);
    expect(ruleFor(r, 'city', 'provider')).toBe('art3-3-provider-own-use');
  });

  it('a city that bought a system and uses it is deployer, not provider', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: {
      vendor: { kind: 'Company', eu: true, valueChain: ['DevelopedInHouse', 'PlacesOnMarket'] },
      city: { kind: 'PublicAuthority', eu: true, valueChain: ['Bought'], uses: true },
    } });
    expect(rolesOf(r, 'city')).toEqual(['deployer']);
    expect(rolesOf(r, 'vendor')).toEqual(['provider']);
  });

  it('an EU importer is importer (Art 3(6)); an importer outside the EU is not', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: {
      importer: { kind: 'Company', eu: true, valueChain: ['Imported'] },
      outside: { kind: 'Company', eu: false, valueChain: ['Imported'] },
    } });
    expect(rolesOf(r, 'importer')).toEqual(['importer']);
    expect(ruleFor(r, 'importer', 'importer')).toBe('art3-6-importer');
    expect(rolesOf(r, 'outside')).toEqual([]);
  });

  it('a reseller is distributor (Art 3(7))', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: { reseller: { kind: 'Company', eu: true, valueChain: ['Distributed'] } } });
    expect(rolesOf(r, 'reseller')).toEqual(['distributor']);
    expect(ruleFor(r, 'reseller', 'distributor')).toBe('art3-7-distributor');
  });

  it('an EU organisation with a written mandate is authorised representative (Art 3(5)); one outside the EU is not', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: {
      rep: { kind: 'Company', eu: true, valueChain: ['MandatedByProvider'] },
      farRep: { kind: 'Company', eu: false, valueChain: ['MandatedByProvider'] },
    } });
    expect(rolesOf(r, 'rep')).toEqual(['authorised-representative']);
    expect(rolesOf(r, 'farRep')).toEqual([]);
  });

  it('use in a purely personal non-professional activity does not make a deployer (Art 3(4), Art 2(10))', async () => {
    const r = await classify({ props: { ...ROUTE_PLANNING, scopeExclusion: 'ar:PersonalNonProfessional' }, orgs: { person: { uses: true } } });
    expect(rolesOf(r, 'person')).toEqual([]);
    const professional = await classify({ props: ROUTE_PLANNING, orgs: { person: { uses: true } } });
    expect(rolesOf(professional, 'person')).toEqual(['deployer']);
  });

  it('an unanswered scope question does not make a certain deployer', async () => {
    const r = await classify({ props: { ...ROUTE_PLANNING, scopeExclusion: null }, orgs: { user: { kind: 'Company', eu: true, uses: true } } });
    expect(rolesOf(r, 'user')).toEqual([]);
  });

  it('a stated role is taken from the description, citing the role definition', async () => {
    const r = await classify({ props: ROUTE_PLANNING, orgs: { agent: { kind: 'Company', eu: true, roles: ['Importer'] } } });
    expect(rolesOf(r, 'agent')).toEqual(['importer']);
    expect(ruleFor(r, 'agent', 'importer')).toBe('art3-6-stated');
    expect(r.explanation.find((e) => e.rule === 'art3-6-stated')?.text).toMatch(/stated in the description/);
  });

  it('a product manufacturer that integrates the system in its own product has that role (Art 2(1)(e))', async () => {
    const r = await classify({ props: ROUTE_PLANNING, orgs: { maker: { kind: 'Company', eu: true, valueChain: ['IntegratedInOwnProduct'] } } });
    expect(rolesOf(r, 'maker')).toEqual(['product-manufacturer']);
  });
});

describe('Art 25: third parties that become the provider of a high-risk system', () => {
  const vendor: OrgSpec = { kind: 'Company', eu: true, valueChain: ['DevelopedInHouse', 'PlacesOnMarket'] };

  it('(a) a distributor that puts its own name on a high-risk system becomes its provider', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: { vendor, reseller: { kind: 'Company', eu: true, valueChain: ['Distributed', 'PutOwnNameOrTrademark'] } } });
    expect(rolesOf(r, 'reseller')).toEqual(['distributor', 'provider']);
    expect(ruleFor(r, 'reseller', 'provider')).toBe('art25-1-a-own-name');
    expect(r.roles.find((x) => x.rule === 'art25-1-a-own-name')!.provision).toBe('AI Act Art 25(1)(a)');
  });

  it('(a) not for a system that is not high-risk', async () => {
    const r = await classify({ props: ROUTE_PLANNING, orgs: { vendor, reseller: { kind: 'Company', eu: true, valueChain: ['Distributed', 'PutOwnNameOrTrademark'] } } });
    expect(rolesOf(r, 'reseller')).toEqual(['distributor']);
  });

  it('(b) a deployer that substantially modifies a high-risk system becomes its provider', async () => {
    const r = await classify({ props: CV_SCREENING, orgs: { vendor, city: { kind: 'PublicAuthority', eu: true, valueChain: ['Bought', 'SubstantiallyModified'], uses: true } } });
    expect(rolesOf(r, 'city')).toEqual(['deployer', 'provider']);
    expect(ruleFor(r, 'city', 'provider')).toBe('art25-1-b-substantial-modification');
  });

  it('(b) not when the modified system is not high-risk', async () => {
    const r = await classify({ props: ROUTE_PLANNING, orgs: { vendor, city: { kind: 'PublicAuthority', eu: true, valueChain: ['Bought', 'SubstantiallyModified'], uses: true } } });
    expect(rolesOf(r, 'city')).toEqual(['deployer']);
  });

  it('(c) a deployer that turns a general-purpose system to CV screening becomes its provider', async () => {
    const r = await classify({ type: 'ar:GeneralPurposeAISystem', props: CV_SCREENING, orgs: { vendor, hr: { kind: 'Company', eu: true, valueChain: ['Bought', 'ChangedIntendedPurpose'], uses: true } } });
    expect(r.riskTier).toBe('high-risk');
    expect(rolesOf(r, 'hr')).toEqual(['deployer', 'provider']);
    expect(ruleFor(r, 'hr', 'provider')).toBe('art25-1-c-changed-purpose');
  });

  it('25(3) the manufacturer of an Annex I Section A product is the provider of its high-risk safety component', async () => {
    const r = await classify({
      props: { domain: 'ar:Healthcare', purpose: 'ar:EstimateVitalSigns', capability: 'ar:Prediction', affectedPersons: 'ar:Patients', locality: 'ar:HealthcareFacility', annexILegislation: 'ar:MedicalDevices', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' },
      orgs: { maker: { kind: 'Company', eu: true, valueChain: ['IntegratedInOwnProduct'] } },
    });
    expect(r.riskTier).toBe('high-risk');
    expect(r.highRiskRoute).toBe('6(1)');
    expect(rolesOf(r, 'maker')).toEqual(['product-manufacturer', 'provider']);
    expect(ruleFor(r, 'maker', 'provider')).toBe('art25-3-product-manufacturer');
  });

  it('25(3) does not apply to an Annex I Section B product', async () => {
    const r = await classify({
      props: { domain: 'ar:MobilityTraffic', purpose: 'ar:OptimiseRoutes', capability: 'ar:Optimisation', affectedPersons: 'ar:NoNaturalPersons', annexILegislation: 'ar:Machinery', isSafetyComponent: 'true', thirdPartyConformityAssessment: 'true' },
      orgs: { maker: { kind: 'Company', eu: true, valueChain: ['IntegratedInOwnProduct'] } },
    });
    expect(r.riskTier).toBe('high-risk');
    expect(rolesOf(r, 'maker')).toEqual(['product-manufacturer']);
  });
});

describe('general-purpose AI model provider', () => {
  it('the provider of the model a system is based on is provider (of the model)', async () => {
    const ttl = describeSystem({ type: 'ar:GeneralPurposeAISystem', props: { ...ROUTE_PLANNING, purpose: 'ar:GeneralPurpose', domain: 'ar:GeneralUse', capability: 'ar:TextGeneration' }, orgs: { lab: { kind: 'Company', eu: true } } })
      + '\nex:sys ar:basedOnModel ex:model .\nex:model a ar:GeneralPurposeAIModel ; ar:modelProvider ex:lab ; ar:trainingComputeFlop "1e23"^^xsd:double ; ar:designatedSystemicRisk false ; ar:openSourcePublicWeights false .';
    const r = await classifyTurtle(ttl);
    expect(rolesOf(r, 'lab')).toEqual(['provider']);
    expect(ruleFor(r, 'lab', 'provider')).toBe('art3-3-provider-gpai-model');
  });
});

describe('GDPR roles', () => {
  it('controller (Art 4(7)), processor (Art 4(8)) and joint controllers (Art 26)', async () => {
    const r = await classify({ props: ROUTE_PLANNING, orgs: {
      city: { kind: 'PublicAuthority', eu: true, valueChain: ['DeterminesPurposesAndMeans'] },
      host: { kind: 'Company', eu: true, valueChain: ['ProcessesOnBehalf'] },
      region: { kind: 'PublicAuthority', eu: true, valueChain: ['DeterminesJointly'] },
    } });
    expect(rolesOf(r, 'city')).toEqual(['controller']);
    expect(rolesOf(r, 'host')).toEqual(['processor']);
    expect(rolesOf(r, 'region')).toEqual(['controller', 'joint-controller']);
    expect(r.roles.find((x) => x.role === 'processor')!.provision).toBe('GDPR Art 4(8)');
    expect(r.roles.find((x) => x.role === 'joint-controller')!.provision).toBe('GDPR Art 26');
  });
});
