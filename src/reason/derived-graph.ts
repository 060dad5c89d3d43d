import { createHash } from 'node:crypto';
import { DataFactory } from 'n3';
import type { Quad, Quad_Object } from '@rdfjs/types';
import type { ClassificationRun, SystemClassification, ExplanationStep } from './classify.js';

const { namedNode, literal, quad, blankNode } = DataFactory;
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
 * The derived graph of a classification run: one ar:Classification per system, its obligations
 * and role assignments, each tied by PROV to the run (time, rule-set version) and to the rule and
 * input facts that produced it.
 */
export function derivedQuads(run: ClassificationRun, base = 'https://w3id.org/algoreg/derived/'): Quad[] {
  const out: Quad[] = [];
  const activity = namedNode(`${base}run/${id(`${run.startedAt}|${run.rulesetVersion}`)}`);
  const add = (s: Quad['subject'], p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));
  add(activity, `${RDF}type`, namedNode(`${PROV}Activity`));
  add(activity, `${PROV}startedAtTime`, literal(run.startedAt, namedNode(`${XSD}dateTime`)));
  add(activity, `${AR}rulesetVersion`, literal(run.rulesetVersion));
  add(activity, `${RDFS}comment`, literal(`Classified under the ${run.calendar} calendar as of ${run.at}`));
  add(activity, `${PROV}wasAssociatedWith`, namedNode('https://w3id.org/algoreg/software'));
  for (const sys of run.systems) writeSystem(sys, base, activity, add);
  return out;
}

type Add = (s: Quad['subject'], p: string, o: Quad_Object) => void;

function writeSystem(sys: SystemClassification, base: string, activity: ReturnType<typeof namedNode>, add: Add): void {
  const system = namedNode(sys.iri);
  const c = namedNode(`${base}classification/${id(sys.iri)}`);
  add(c, `${RDF}type`, ar('Classification'));
  add(c, `${AR}system`, system);
  add(system, `${AR}classification`, c);
  add(c, `${AR}riskTier`, ar(TIER_CONCEPT[sys.riskTier]));
  if (sys.highRiskRoute) add(c, `${AR}highRiskRoute`, ar(ROUTE_CONCEPT[sys.highRiskRoute]));
  add(c, `${PROV}wasGeneratedBy`, activity);
  add(c, `${PROV}wasDerivedFrom`, system);
  for (const m of sys.missing) add(c, `${AR}missingDeterminant`, namedNode(m.property));
  for (const s of sys.explanation.filter((e) => e.certain && e.note === undefined)) add(c, `${AR}matchedProvision`, namedNode(s.provisionIri));
  sys.explanation.forEach((s, i) => add(c, `${AR}explanation`, writeStep(s, `${base}classification/${id(sys.iri)}/step/${i + 1}`, add)));
  for (const r of sys.roles) {
    const ra = namedNode(`${base}role/${id(`${sys.iri}|${r.organisation}|${r.role}`)}`);
    add(ra, `${RDF}type`, ar('RoleAssignment'));
    add(ra, `${AR}system`, system);
    add(ra, `${AR}agent`, namedNode(r.organisation));
    add(ra, `${AR}role`, ar(ROLE_CONCEPT[r.role] ?? r.role));
    add(ra, `${AR}legalBasis`, namedNode(r.provisionIri));
    add(ra, `${AR}ruleName`, literal(r.rule));
    add(ra, `${PROV}wasGeneratedBy`, activity);
  }
  for (const o of sys.obligations) {
    const ob = namedNode(o.iri);
    add(ob, `${RDF}type`, ar('Obligation'));
    add(ob, `${RDFS}label`, literal(o.title, 'en'));
    add(ob, `${AR}system`, system);
    add(system, `${AR}obligation`, ob);
    add(ob, `${AR}bearer`, namedNode(o.organisation));
    add(ob, `${AR}inRole`, ar(ROLE_CONCEPT[o.role] ?? o.role));
    add(ob, `${AR}legalBasis`, namedNode(o.provisionIri));
    if (o.appliesFromAdopted) add(ob, `${AR}appliesFromAdopted`, literal(o.appliesFromAdopted, namedNode(`${XSD}date`)));
    if (o.appliesFromAmended) add(ob, `${AR}appliesFromAmended`, literal(o.appliesFromAmended, namedNode(`${XSD}date`)));
    if (o.dateNote) add(ob, `${AR}dateNote`, literal(o.dateNote, 'en'));
    add(ob, `${AR}ruleName`, literal(o.rule));
    for (const [k, v] of Object.entries(o.inputs)) add(ob, `${AR}inputFact`, literal(`${k} = ${JSON.stringify(v)}`));
    add(ob, `${PROV}wasGeneratedBy`, activity);
    add(ob, `${PROV}wasDerivedFrom`, system);
  }
}

function writeStep(s: ExplanationStep, iri: string, add: Add): Quad_Object {
  const node = iri ? namedNode(iri) : blankNode();
  add(node, `${RDF}type`, ar('Explanation'));
  add(node, `${AR}ruleName`, literal(s.rule));
  add(node, `${AR}legalBasis`, namedNode(s.provisionIri));
  add(node, `${RDFS}comment`, literal(s.note ? `${s.text} (${s.note})` : s.text, 'en'));
  for (const [k, v] of Object.entries(s.inputs)) add(node, `${AR}inputFact`, literal(`${k} = ${JSON.stringify(v)}`));
  return node;
}
