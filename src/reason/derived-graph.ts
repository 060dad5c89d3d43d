import { createHash } from 'node:crypto';
import { DataFactory } from 'n3';
import type { Quad, Quad_Object } from '@rdfjs/types';
import type { ClassificationRun, SystemClassification, ExplanationStep, ObligationResult, RequirementResult } from './classify.js';

const { namedNode, literal, quad } = DataFactory;
const AR = 'https://w3id.org/algoreg/ns#';
const PROV = 'http://www.w3.org/ns/prov#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

const TIER_CONCEPT: Record<string, string> = {
  prohibited: 'TierProhibited',
  'high-risk': 'TierHighRisk',
  transparency: 'TierTransparency',
  minimal: 'TierMinimal',
  'out-of-scope': 'TierOutOfScope',
  undetermined: 'TierUndetermined',
};
const ROLE_CONCEPT: Record<string, string> = {
  provider: 'Provider',
  deployer: 'Deployer',
  importer: 'Importer',
  distributor: 'Distributor',
  'authorised-representative': 'AuthorisedRepresentative',
  'product-manufacturer': 'ProductManufacturer',
  controller: 'Controller',
  processor: 'Processor',
  'joint-controller': 'JointController',
};
const ROUTE_CONCEPT: Record<string, string> = { '6(1)': 'RouteAnnexI', '6(2)': 'RouteAnnexIII' };

const ar = (l: string) => namedNode(AR + l);
const id = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 16);

/**
 * The derived graph of a classification run: one ar:Classification per system, its role
 * assignments and obligations, each tied by PROV to the run (time, rule-set version) and, through
 * an explanation step, to the rule and input facts that produced it. What is the same for many
 * systems (an explanation step with the same rule and inputs, an obligation's provision, label and
 * dates) is one shared node, which keeps the graph small for large registers.
 */
export function* derivedQuads(run: ClassificationRun, base = 'https://w3id.org/algoreg/derived/', shared = new Set<string>()): Generator<Quad> {
  const activity = namedNode(`${base}run/${id(`${run.startedAt}|${run.rulesetVersion}`)}`);
  const q = (s: Quad['subject'], p: string, o: Quad_Object) => quad(s, namedNode(p), o);
  if (!shared.has(activity.value)) {
    shared.add(activity.value);
    yield q(activity, `${RDF}type`, namedNode(`${PROV}Activity`));
    yield q(activity, `${PROV}startedAtTime`, literal(run.startedAt, namedNode(`${XSD}dateTime`)));
    yield q(activity, `${AR}rulesetVersion`, literal(run.rulesetVersion));
    yield q(activity, `${RDFS}comment`, literal(`Classified under the ${run.calendar} calendar as of ${run.at}`));
    yield q(activity, `${PROV}wasAssociatedWith`, namedNode('https://w3id.org/algoreg/software'));
  }
  for (const sys of run.systems) yield* systemQuads(sys, base, activity, shared, q);
}

/**
 * Whether a derived node is shared between systems (a run, an explanation step, an obligation or
 * requirement type). A shared node's triples are fixed by its IRI; every other derived triple
 * belongs to exactly one system.
 */
export function isSharedNode(iri: string, base: string): boolean {
  if (!iri.startsWith(base)) return false;
  const kind = iri.slice(base.length, iri.indexOf('/', base.length));
  return kind === 'run' || kind === 'step' || kind === 'obligation-type' || kind === 'requirement-type';
}

type Q = (s: Quad['subject'], p: string, o: Quad_Object) => Quad;

function* systemQuads(sys: SystemClassification, base: string, activity: ReturnType<typeof namedNode>, shared: Set<string>, q: Q): Generator<Quad> {
  const system = namedNode(sys.iri);
  const c = namedNode(`${base}classification/${id(sys.iri)}`);
  yield q(c, `${RDF}type`, ar('Classification'));
  yield q(c, `${AR}system`, system);
  yield q(system, `${AR}classification`, c);
  yield q(c, `${AR}riskTier`, ar(TIER_CONCEPT[sys.riskTier]));
  if (sys.highRiskRoute) yield q(c, `${AR}highRiskRoute`, ar(ROUTE_CONCEPT[sys.highRiskRoute]));
  yield q(c, `${PROV}wasGeneratedBy`, activity);
  yield q(c, `${PROV}wasDerivedFrom`, system);
  for (const m of sys.missing) yield q(c, `${AR}missingDeterminant`, namedNode(m.property));
  for (const iri of new Set(sys.explanation.filter((e) => e.certain && e.note === undefined).map((e) => e.provisionIri))) yield q(c, `${AR}matchedProvision`, namedNode(iri));
  for (const s of sys.explanation) yield q(c, `${AR}explanation`, yield* step(s, base, activity, shared, q));
  for (const r of sys.roles) {
    const ra = namedNode(`${base}role/${id(`${sys.iri}|${r.organisation}|${r.role}`)}`);
    yield q(ra, `${RDF}type`, ar('RoleAssignment'));
    yield q(ra, `${AR}system`, system);
    yield q(ra, `${AR}agent`, namedNode(r.organisation));
    yield q(ra, `${AR}role`, ar(ROLE_CONCEPT[r.role] ?? r.role));
    yield q(ra, `${AR}legalBasis`, namedNode(r.provisionIri));
    yield q(ra, `${AR}ruleName`, literal(r.rule));
    yield q(ra, `${PROV}wasGeneratedBy`, activity);
  }
  for (const o of sys.obligations) {
    const ob = namedNode(o.iri);
    yield q(ob, `${RDF}type`, ar('Obligation'));
    yield q(ob, `${AR}system`, system);
    yield q(ob, `${AR}bearer`, namedNode(o.organisation));
    yield q(ob, `${AR}obligationType`, yield* obligationType(o, base, shared, q));
    // provenance through the shared step: rule, input facts, and the run (time, rule-set version)
    yield q(ob, `${AR}explanation`, yield* step({ rule: o.rule, provisionIri: o.provisionIri, text: o.title, inputs: o.inputs }, base, activity, shared, q));
  }
  for (const c of sys.dpiaCriteria.met) yield q(namedNode(`${base}classification/${id(sys.iri)}`), `${AR}dpiaCriterion`, ar(c));
  for (const r of sys.requirements) {
    const rq = namedNode(r.iri);
    yield q(rq, `${RDF}type`, ar('ContractRequirement'));
    yield q(rq, `${AR}system`, system);
    yield q(rq, `${AR}bearer`, namedNode(r.organisation));
    yield q(rq, `${AR}requirementType`, yield* requirementType(r, base, shared, q));
    // provenance through the shared step, as for obligations
    yield q(rq, `${AR}explanation`, yield* step({ rule: r.rule, provisionIri: r.provisionIri, text: r.explanation, inputs: r.inputs }, base, activity, shared, q));
  }
}

// What a contract requirement asks (concept, template, label) is the same for every system.
function* requirementType(r: RequirementResult, base: string, shared: Set<string>, q: Q): Generator<Quad, Quad_Object> {
  const iri = `${base}requirement-type/${r.rule}/${r.requirement}`;
  const node = namedNode(iri);
  if (shared.has(iri)) return node;
  shared.add(iri);
  yield q(node, `${RDF}type`, ar('RequirementType'));
  // the requirement concept is the MIM5 requirement or the MCC-AI clause area itself
  yield q(node, `${AR}requirement`, namedNode(r.requirementIri));
  if (r.template) yield q(node, `${AR}template`, ar(r.template));
  yield q(node, `${RDFS}label`, literal(r.title, 'en'));
  yield q(node, `${AR}ruleName`, literal(r.rule));
  return node;
}

// What an obligation is (provision, label, dates) is the same for every system it applies to.
function* obligationType(o: ObligationResult, base: string, shared: Set<string>, q: Q): Generator<Quad, Quad_Object> {
  const iri = `${base}obligation-type/${o.rule}/${o.calendarEntry}/${o.role}`;
  const node = namedNode(iri);
  if (shared.has(iri)) return node;
  shared.add(iri);
  yield q(node, `${RDF}type`, ar('ObligationType'));
  yield q(node, `${RDFS}label`, literal(o.title, 'en'));
  yield q(node, `${AR}inRole`, ar(ROLE_CONCEPT[o.role] ?? o.role));
  yield q(node, `${AR}legalBasis`, namedNode(o.provisionIri));
  yield q(node, `${AR}ruleName`, literal(o.rule));
  if (o.appliesFromAdopted) yield q(node, `${AR}appliesFromAdopted`, literal(o.appliesFromAdopted, namedNode(`${XSD}date`)));
  if (o.appliesFromAmended) yield q(node, `${AR}appliesFromAmended`, literal(o.appliesFromAmended, namedNode(`${XSD}date`)));
  if (o.dateNote) yield q(node, `${AR}dateNote`, literal(o.dateNote, 'en'));
  return node;
}

type StepData = Pick<ExplanationStep, 'rule' | 'provisionIri' | 'text' | 'inputs'> & { note?: string };

// One node per distinct (rule, input facts, note) in a run: systems with identical facts share it.
// The run is part of its identity, so that what a step node states never changes.
function* step(s: StepData, base: string, activity: Quad_Object, shared: Set<string>, q: Q): Generator<Quad, Quad_Object> {
  const inputs = Object.entries(s.inputs).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  const iri = `${base}step/${id(`${s.rule}|${inputs.join(';')}|${s.note ?? ''}|${activity.value}`)}`;
  const node = namedNode(iri);
  if (shared.has(iri)) return node;
  shared.add(iri);
  yield q(node, `${RDF}type`, ar('Explanation'));
  yield q(node, `${PROV}wasGeneratedBy`, activity);
  yield q(node, `${AR}ruleName`, literal(s.rule));
  yield q(node, `${AR}legalBasis`, namedNode(s.provisionIri));
  yield q(node, `${RDFS}comment`, literal(s.note ? `${s.text} (${s.note})` : s.text, 'en'));
  for (const f of inputs) yield q(node, `${AR}inputFact`, literal(f));
  return node;
}
