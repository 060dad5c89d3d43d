// Procurement requirements (rules/mim5-procurement.json): the six OASC MIM5 requirements and the
// MCC-AI template with its clause areas, for organisations that bought the system or had it
// developed; their place in the JSON output, the text output and the derived graph.
import { describe, expect, it } from 'vitest';
import { Parser } from 'n3';
import { classifyTurtle, PREFIXES } from './helpers/classify.js';
import { ADMIN_SUPPORT } from './helpers/admin-support-system.js';
import { classifyQuads, type SystemClassification } from '../src/reason/index.js';
import { derivedQuads } from '../src/reason/derived-graph.js';
import { formatExplain, formatRunText } from '../src/reason/format.js';

const EX = 'https://example.org/';
const AR = 'https://w3id.org/algoreg/ns#';

// Without personal data, so that no GDPR duty enters these cases.
const BASE: Record<string, string> = { ...ADMIN_SUPPORT, processesPersonalData: 'false' };
/** Annex III 4(a): high-risk. */
const CV_SCREENING = { domain: 'ar:Employment', purpose: 'ar:RecruitAndSelect', capability: 'ar:Prediction , ar:Profiling', affectedPersons: 'ar:JobApplicants' };
/** Art 50(1): a chatbot, transparency tier. */
const CHATBOT = { capability: 'ar:ConversationalInteraction', decisionsAboutNaturalPersons: 'false', lawEnforcementAuthorisedByLaw: 'false' };
/** Art 5(1)(f): emotion recognition in a workplace, prohibited. */
const EMOTIONS = { capability: 'ar:EmotionRecognition', locality: 'ar:Workplace', medicalOrSafetyReasons: 'false', affectedPersons: 'ar:Employees' };

function describeSystem(props: Record<string, string | null>, buyer: string[], vendor = true): string {
  const all = { ...BASE, ...props };
  const lines = [`ex:sys a ar:AISystem ; rdfs:label "System" ;`];
  lines.push(Object.entries(all).filter(([, v]) => v !== null).map(([p, v]) => `    ar:${p} ${v}`).join(' ;\n') + ' .');
  lines.push(`ex:sys ar:roleAssignment [ a ar:RoleAssignment ; ar:agent ex:city ; ${buyer.map((v) => `ar:valueChainFact ar:${v}`).join(' ; ')} ] .`);
  lines.push('ex:city a ar:Organisation ; rdfs:label "City" ; ar:organisationKind ar:PublicAuthority ; ar:establishedInEU true .');
  if (vendor) {
    lines.push('ex:sys ar:roleAssignment [ a ar:RoleAssignment ; ar:agent ex:vendor ; ar:valueChainFact ar:DevelopedInHouse , ar:PlacesOnMarket ] .');
    lines.push('ex:vendor a ar:Organisation ; rdfs:label "Vendor" ; ar:organisationKind ar:Company ; ar:establishedInEU true .');
  }
  return lines.join('\n');
}

const BOUGHT = ['Bought', 'UsesUnderOwnAuthority'];
const classify = (props: Record<string, string | null>, buyer = BOUGHT, vendor = true) => classifyTurtle(describeSystem(props, buyer, vendor));

const MIM5 = ['ProceduralTransparency', 'TechnicalTransparency', 'TechnicalExplainability', 'Fairness', 'Context', 'Accountability'];
const AREAS = [
  'ClauseRiskManagement', 'ClauseDataGovernance', 'ClauseTechnicalDocumentation', 'ClauseRecordKeeping',
  'ClauseTransparency', 'ClauseHumanOversight', 'ClauseAccuracyRobustnessCybersecurity', 'ClauseSupplierObligations',
];
const of = (r: SystemClassification, org = 'city') => r.requirements.filter((q) => q.organisation === EX + org);
const templates = (r: SystemClassification, org = 'city') => [...new Set(of(r, org).map((q) => q.template))];

describe('MCC-AI template selection', () => {
  it('a high-risk system bought by a city: the six MIM5 requirements and the eight clause areas of the High-Risk template', async () => {
    const r = await classify(CV_SCREENING);
    expect(r.riskTier).toBe('high-risk');
    const reqs = of(r);
    expect(reqs.filter((q) => q.template === null).map((q) => q.requirement)).toEqual(MIM5);
    expect(reqs.filter((q) => q.template !== null).map((q) => [q.template, q.clauseArea])).toEqual(AREAS.map((a) => ['MCCAIHighRisk', a]));
    expect(reqs.every((q) => q.requirementIri === AR + q.requirement)).toBe(true);
  });

  it.each([
    ['minimal', {}],
    ['transparency', CHATBOT],
    ['out-of-scope (an algorithmic system that is not AI)', { isAISystem: 'false', capability: 'ar:RuleExecution' }],
  ])('a %s system bought by a city: the Light template', async (tier, props) => {
    const r = await classify(props);
    expect(r.riskTier).toBe(tier.split(' ')[0]);
    expect(templates(r)).toEqual([null, 'MCCAILight']);
    expect(of(r).filter((q) => q.template === 'MCCAILight').map((q) => q.clauseArea)).toEqual(AREAS);
  });

  it('a system the city had developed (commissioned) gets the requirements too', async () => {
    const r = await classify(CV_SCREENING, ['Commissioned', 'UsesUnderOwnAuthority']);
    expect(templates(r)).toEqual([null, 'MCCAIHighRisk']);
  });

  it('a system developed in-house gets none', async () => {
    const r = await classify(CV_SCREENING, ['DevelopedInHouse', 'UsesUnderOwnAuthority'], false);
    expect(r.riskTier).toBe('high-risk');
    expect(r.requirements).toEqual([]);
  });

  it('the vendor that develops and sells the system gets none', async () => {
    expect(of(await classify(CV_SCREENING), 'vendor')).toEqual([]);
  });

  it('a prohibited practice: no template and no MIM5 requirement, with a note that no contract can make it lawful', async () => {
    const r = await classify(EMOTIONS);
    expect(r.riskTier).toBe('prohibited');
    expect(r.requirements).toEqual([]);
    expect(r.explanation.find((e) => e.rule === 'mcc-ai-prohibited')).toMatchObject({ outcome: 'note', provision: 'AI Act Art 5' });
  });

  it('while the tier is undetermined: MIM5 only, no template yet', async () => {
    const r = await classify({ capability: null });
    expect(r.riskTier).toBe('undetermined');
    expect(templates(r)).toEqual([null]);
    expect(of(r).map((q) => q.requirement)).toEqual(MIM5);
  });

  it('an organisation with several roles (provider, deployer, controller) gets each requirement once', async () => {
    const r = await classify(CV_SCREENING, ['Commissioned', 'UsesUnderOwnAuthority', 'DeterminesPurposesAndMeans'], false);
    expect(new Set(r.roles.filter((x) => x.organisation === `${EX}city`).map((x) => x.role))).toEqual(new Set(['provider', 'deployer', 'controller']));
    expect(of(r)).toHaveLength(14);
    expect(new Set(of(r).map((q) => q.iri)).size).toBe(14);
  });
});

describe('requirements as output', () => {
  it('carry their source: the MIM5 or MCC-AI concept, labelled by its notation, with the rule and its inputs', async () => {
    const r = await classify(CV_SCREENING);
    const mim5 = of(r).find((q) => q.requirement === 'ProceduralTransparency')!;
    expect(mim5).toMatchObject({ provision: 'MIM5-1', provisionIri: `${AR}ProceduralTransparency`, rule: 'mim5-1-procedural-transparency', template: null, clauseArea: null });
    expect(mim5.inputs).toEqual({ valueChain: ['Bought', 'UsesUnderOwnAuthority'], prohibited: false });
    const clause = of(r).find((q) => q.clauseArea === 'ClauseHumanOversight')!;
    expect(clause).toMatchObject({ provision: 'MCC-AI-High-Risk', provisionIri: `${AR}MCCAIHighRisk`, rule: 'mcc-ai-high-risk-human-oversight' });
    expect(clause.title).toMatch(/^MCC-AI High-Risk, human oversight: /);
    expect(clause.explanation).toMatch(/^The system is high-risk under the AI Act, so the MCC-AI High-Risk template applies/);
  });

  it('the derived graph has one ar:ContractRequirement per requirement, whose shared type holds template, clause area and label, with provenance', async () => {
    const quads = new Parser().parse(PREFIXES + describeSystem(CV_SCREENING, BOUGHT));
    const run = await classifyQuads(quads, { at: '2026-11-21' });
    const out = [...derivedQuads(run)];
    const objects = (s: string, p: string) => out.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
    const nodes = out.filter((q) => q.predicate.value.endsWith('#type') && q.object.value === `${AR}ContractRequirement`).map((q) => q.subject.value);
    expect(nodes).toHaveLength(14);
    const sys = run.systems[0];
    const hr = sys.requirements.find((q) => q.clauseArea === 'ClauseRiskManagement')!;
    expect(objects(hr.iri, `${AR}system`)).toEqual([`${EX}sys`]);
    expect(objects(hr.iri, `${AR}bearer`)).toEqual([`${EX}city`]);
    // what it asks is a node shared by every system and buyer it applies to
    const [type] = objects(hr.iri, `${AR}requirementType`);
    expect(objects(type, `${AR}requirement`)).toEqual([`${AR}ClauseRiskManagement`]);
    expect(objects(type, `${AR}template`)).toEqual([`${AR}MCCAIHighRisk`]);
    expect(objects(type, 'http://www.w3.org/2000/01/rdf-schema#label')).toEqual([hr.title]);
    const [step] = objects(hr.iri, `${AR}explanation`);
    expect(objects(step, `${AR}ruleName`)).toEqual(['mcc-ai-high-risk-risk-management']);
    expect(objects(step, `${AR}legalBasis`)).toEqual([`${AR}MCCAIHighRisk`]);
    expect(objects(step, 'http://www.w3.org/ns/prov#wasGeneratedBy')).toHaveLength(1);
    const mim5 = sys.requirements.find((q) => q.requirement === 'Fairness')!;
    expect(objects(objects(mim5.iri, `${AR}requirementType`)[0], `${AR}template`)).toEqual([]);
    // the classification lists the EDPB criteria met
    const classification = out.find((q) => q.predicate.value === `${AR}system` && q.object.value === `${EX}sys` && q.subject.value.includes('/classification/'))!.subject.value;
    expect(objects(classification, `${AR}dpiaCriterion`)).toEqual([]);
  });

  it('the text output lists the contract requirements; explain has a section for them', async () => {
    const quads = new Parser().parse(PREFIXES + describeSystem(CV_SCREENING, BOUGHT));
    const run = await classifyQuads(quads, { at: '2026-11-21' });
    const text = formatRunText(run);
    expect(text).toContain('  contract: City: MIM5-1 procedural transparency: ');
    expect(text).toMatch(/ {2}contract: City: MCC-AI High-Risk, risk management: .* \[MCC-AI-High-Risk\]/);
    const explain = formatExplain(run.systems[0], run);
    expect(explain).toContain('Contract requirements (OASC MIM5, MCC-AI):');
    expect(explain).toContain('MIM5-4; rule mim5-4-fairness');
  });
});
