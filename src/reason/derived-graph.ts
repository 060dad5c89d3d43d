import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { shortHash } from './short-hash.js';
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

const id = shortHash;

/** An object term: an IRI, or a literal with a language tag or datatype (plain string if neither). */
export type DerivedObject = string | DerivedLiteral;
export interface DerivedLiteral {
  value: string;
  lang?: string;
  datatype?: string;
}

/** Receives the derived triples: subject and predicate are IRIs. */
export type DerivedEmit = (s: string, p: string, o: DerivedObject) => void;

const lit = (value: string, lang?: string, datatype?: string): DerivedLiteral => ({ value, lang, datatype });

/**
 * The derived graph of a classification run: one ar:Classification per system, its role
 * assignments and obligations, each tied by PROV to the run (time, rule-set version) and, through
 * an explanation step, to the rule and input facts that produced it. What is the same for many
 * systems (an explanation step with the same rule and inputs, an obligation's provision, label and
 * dates) is one shared node, which keeps the graph small for large registers.
 *
 * Triples go to `emit` as plain strings: the server serialises hundreds of thousands of them and
 * needs no term objects for that (see derivedQuads for RDF/JS quads).
 */
export function emitDerived(run: ClassificationRun, emit: DerivedEmit, base = 'https://w3id.org/algoreg/derived/', shared = new Set<string>()): void {
  const activity = runNode(run, emit, base, shared);
  for (const sys of run.systems) emitSystem(sys, base, activity, shared, emit);
}

/** The derived graph of a run as RDF/JS quads, system by system. */
export function* derivedQuads(run: ClassificationRun, base = 'https://w3id.org/algoreg/derived/', shared = new Set<string>()): Generator<Quad> {
  let batch: Quad[] = [];
  const emit: DerivedEmit = (s, p, o) => batch.push(quad(namedNode(s), namedNode(p), typeof o === 'string' ? namedNode(o) : literal(o.value, o.lang ?? (o.datatype ? namedNode(o.datatype) : undefined))));
  const activity = runNode(run, emit, base, shared);
  for (const sys of run.systems) {
    emitSystem(sys, base, activity, shared, emit);
    yield* batch;
    batch = [];
  }
  yield* batch;
}

// The run: its time, rule-set version and calendar, emitted once.
function runNode(run: ClassificationRun, emit: DerivedEmit, base: string, shared: Set<string>): string {
  const activity = `${base}run/${id(`${run.startedAt}|${run.rulesetVersion}`)}`;
  if (!shared.has(activity)) {
    shared.add(activity);
    emit(activity, `${RDF}type`, `${PROV}Activity`);
    emit(activity, `${PROV}startedAtTime`, lit(run.startedAt, undefined, `${XSD}dateTime`));
    emit(activity, `${AR}rulesetVersion`, lit(run.rulesetVersion));
    emit(activity, `${RDFS}comment`, lit(`Classified under the ${run.calendar} calendar as of ${run.at}`));
    emit(activity, `${PROV}wasAssociatedWith`, 'https://w3id.org/algoreg/software');
  }
  return activity;
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

const TYPE = `${RDF}type`;

function emitSystem(sys: SystemClassification, base: string, activity: string, shared: Set<string>, emit: DerivedEmit): void {
  const system = sys.iri;
  const c = `${base}classification/${id(sys.iri)}`;
  emit(c, TYPE, `${AR}Classification`);
  emit(c, `${AR}system`, system);
  emit(system, `${AR}classification`, c);
  emit(c, `${AR}riskTier`, AR + TIER_CONCEPT[sys.riskTier]);
  if (sys.highRiskRoute) emit(c, `${AR}highRiskRoute`, AR + ROUTE_CONCEPT[sys.highRiskRoute]);
  emit(c, `${PROV}wasGeneratedBy`, activity);
  emit(c, `${PROV}wasDerivedFrom`, system);
  // Several findings can share a step or name the same determinant: each triple is stated once.
  const stated = new Set<string>();
  const once = (p: string, o: string) => {
    const key = `${p} ${o}`;
    if (stated.has(key)) return;
    stated.add(key);
    emit(c, p, o);
  };
  for (const m of sys.missing) once(`${AR}missingDeterminant`, m.property);
  for (const e of sys.explanation) if (e.certain && e.note === undefined) once(`${AR}matchedProvision`, e.provisionIri);
  for (const s of sys.explanation) once(`${AR}explanation`, step(s, base, activity, shared, emit));
  for (const r of sys.roles) {
    const ra = `${base}role/${id(`${sys.iri}|${r.organisation}|${r.role}`)}`;
    emit(ra, TYPE, `${AR}RoleAssignment`);
    emit(ra, `${AR}system`, system);
    emit(ra, `${AR}agent`, r.organisation);
    emit(ra, `${AR}role`, AR + (ROLE_CONCEPT[r.role] ?? r.role));
    emit(ra, `${AR}legalBasis`, r.provisionIri);
    emit(ra, `${AR}ruleName`, lit(r.rule));
    emit(ra, `${PROV}wasGeneratedBy`, activity);
  }
  for (const o of sys.obligations) {
    emit(o.iri, TYPE, `${AR}Obligation`);
    emit(o.iri, `${AR}system`, system);
    emit(o.iri, `${AR}bearer`, o.organisation);
    emit(o.iri, `${AR}obligationType`, obligationType(o, base, shared, emit));
    // provenance through the shared step: rule, input facts, and the run (time, rule-set version)
    emit(o.iri, `${AR}explanation`, step({ rule: o.rule, provisionIri: o.provisionIri, text: o.title, inputs: o.inputs }, base, activity, shared, emit));
  }
  for (const d of sys.dpiaCriteria.met) once(`${AR}dpiaCriterion`, AR + d);
  for (const r of sys.requirements) {
    emit(r.iri, TYPE, `${AR}ContractRequirement`);
    emit(r.iri, `${AR}system`, system);
    emit(r.iri, `${AR}bearer`, r.organisation);
    emit(r.iri, `${AR}requirementType`, requirementType(r, base, shared, emit));
    // provenance through the shared step, as for obligations
    emit(r.iri, `${AR}explanation`, step({ rule: r.rule, provisionIri: r.provisionIri, text: r.explanation, inputs: r.inputs }, base, activity, shared, emit));
  }
}

// What a contract requirement asks (concept, template, label) is the same for every system.
function requirementType(r: RequirementResult, base: string, shared: Set<string>, emit: DerivedEmit): string {
  const node = `${base}requirement-type/${r.rule}/${r.requirement}`;
  if (shared.has(node)) return node;
  shared.add(node);
  emit(node, TYPE, `${AR}RequirementType`);
  // the requirement concept is the MIM5 requirement or the MCC-AI clause area itself
  emit(node, `${AR}requirement`, r.requirementIri);
  if (r.template) emit(node, `${AR}template`, AR + r.template);
  emit(node, `${RDFS}label`, lit(r.title, 'en'));
  emit(node, `${AR}ruleName`, lit(r.rule));
  return node;
}

// What an obligation is (provision, label, dates) is the same for every system it applies to.
function obligationType(o: ObligationResult, base: string, shared: Set<string>, emit: DerivedEmit): string {
  const node = `${base}obligation-type/${o.rule}/${o.calendarEntry}/${o.role}`;
  if (shared.has(node)) return node;
  shared.add(node);
  emit(node, TYPE, `${AR}ObligationType`);
  emit(node, `${RDFS}label`, lit(o.title, 'en'));
  emit(node, `${AR}inRole`, AR + (ROLE_CONCEPT[o.role] ?? o.role));
  emit(node, `${AR}legalBasis`, o.provisionIri);
  emit(node, `${AR}ruleName`, lit(o.rule));
  if (o.appliesFromAdopted) emit(node, `${AR}appliesFromAdopted`, lit(o.appliesFromAdopted, undefined, `${XSD}date`));
  if (o.appliesFromAmended) emit(node, `${AR}appliesFromAmended`, lit(o.appliesFromAmended, undefined, `${XSD}date`));
  if (o.dateNote) emit(node, `${AR}dateNote`, lit(o.dateNote, 'en'));
  return node;
}

const stepIds = new Map<string, string>();

type StepData = Pick<ExplanationStep, 'rule' | 'provisionIri' | 'text' | 'inputs'> & { note?: string };

// One node per distinct (rule, input facts, note) in a run: systems with identical facts share it.
// The run is part of its identity, so that what a step node states never changes.
function step(s: StepData, base: string, activity: string, shared: Set<string>, emit: DerivedEmit): string {
  const inputs = Object.entries(s.inputs).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  const key = `${s.rule}|${inputs.join(';')}|${s.note ?? ''}|${activity}`;
  // Most steps recur for every system of a kind: hash each key once (a bounded cache).
  let hashed = stepIds.get(key);
  if (!hashed) {
    if (stepIds.size > 200_000) stepIds.clear();
    hashed = id(key);
    stepIds.set(key, hashed);
  }
  const node = `${base}step/${hashed}`;
  if (shared.has(node)) return node;
  shared.add(node);
  emit(node, TYPE, `${AR}Explanation`);
  emit(node, `${PROV}wasGeneratedBy`, activity);
  emit(node, `${AR}ruleName`, lit(s.rule));
  emit(node, `${AR}legalBasis`, s.provisionIri);
  emit(node, `${RDFS}comment`, lit(s.note ? `${s.text} (${s.note})` : s.text, 'en'));
  for (const f of inputs) emit(node, `${AR}inputFact`, lit(f));
  return node;
}
