import type { GraphStore, BoundTerm } from '../store/graph-store.js';
import type { Facts, FactValue, SetFact } from './facts.js';

const AR = 'https://w3id.org/algoreg/ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const PREFIXES = `PREFIX ar: <${AR}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
`;

/** One organisation's involvement with one system, as the description states it. */
export interface Involvement {
  organisation: string;
  label: string | null;
  valueChain: string[];
  statedRoles: string[];
  kinds: SetFact;
  establishedInEU: boolean | null;
  usesSystem: boolean;
  modelProvider: boolean;
}

export interface SystemFacts {
  iri: string;
  label: string | null;
  facts: Facts;
  /** The facts each derived set was built from, so a missing derived fact names its question. */
  involvements: Involvement[];
  models: string[];
}

/** Derived facts and the determinants they are computed from (for "missing" questions). */
export const DERIVED_FROM: Record<string, string[]> = {
  fallsUnder: ['purpose', 'capability'],
  excludedFrom: ['purpose', 'capability'],
  annexISection: ['annexILegislation'],
  deployerKinds: ['organisationKind'],
};

const local = (iri: string): string => (iri.startsWith(AR) ? iri.slice(AR.length) : iri);

interface Vocabulary {
  setProperties: Set<string>;
  scalarRange: Map<string, string>;
  broader: Map<string, string[]>;
  fallsUnder: Map<string, string[]>;
  excludedFrom: Map<string, string[]>;
  annexISection: Map<string, string>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const arr = m.get(k);
  if (arr) arr.push(v);
  else m.set(k, [v]);
}

// The ?x → ?y pairs of a simple pattern. Terms are keyed by value alone: a blank node label has no
// ':' so it cannot be mistaken for an IRI.
function pairs(store: GraphStore, where: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const b of store.select(`${PREFIXES} SELECT ?x ?y WHERE { ${where} }`)) push(out, b.get('x')!.value, b.get('y')!.value);
  return out;
}

function readVocabulary(store: GraphStore): Vocabulary {
  const v: Vocabulary = { setProperties: new Set(), scalarRange: new Map(), broader: new Map(), fallsUnder: new Map(), excludedFrom: new Map(), annexISection: new Map() };
  for (const b of store.select(`${PREFIXES} SELECT ?p ?type ?range WHERE { ?p a ar:Determinant ; a ?type . FILTER(?type IN (owl:ObjectProperty, owl:DatatypeProperty)) OPTIONAL { ?p rdfs:range ?range } }`)) {
    const p = b.get('p')!.value;
    if (b.get('type')!.value.endsWith('ObjectProperty')) v.setProperties.add(p);
    else v.scalarRange.set(p, b.get('range')?.value ?? `${XSD}string`);
  }
  for (const b of store.select(`${PREFIXES} SELECT ?c ?b WHERE { ?c skos:broader+ ?b }`)) push(v.broader, b.get('c')!.value, local(b.get('b')!.value));
  for (const b of store.select(`${PREFIXES} SELECT ?c ?p WHERE { ?c ar:fallsUnder ?p }`)) push(v.fallsUnder, b.get('c')!.value, lawLocal(b.get('p')!.value));
  for (const b of store.select(`${PREFIXES} SELECT ?c ?p WHERE { ?c ar:excludedFrom ?p }`)) push(v.excludedFrom, b.get('c')!.value, lawLocal(b.get('p')!.value));
  for (const b of store.select(`${PREFIXES} SELECT ?c ?s WHERE { ?c ar:annexISection ?s }`)) v.annexISection.set(b.get('c')!.value, b.get('s')!.value);
  return v;
}

// Provisions are referred to in facts by their local name (e.g. "anx_III-pnt_5-pnt_a").
function lawLocal(iri: string): string {
  return iri.replace(/^https:\/\/w3id\.org\/algoreg\/law\/(aiact|gdpr)\//, (_m, act: string) => (act === 'gdpr' ? 'gdpr:' : ''));
}

function withBroader(vocab: Vocabulary, conceptIri: string): string[] {
  return [local(conceptIri), ...(vocab.broader.get(conceptIri) ?? [])];
}

const NUMERIC = new Set([`${XSD}double`, `${XSD}decimal`, `${XSD}integer`, `${XSD}float`]);

function scalarValue(term: { value: string; datatype?: { value: string } }, range: string): FactValue {
  const dt = term.datatype?.value ?? range;
  if (dt === `${XSD}boolean`) return term.value === 'true' || term.value === '1';
  if (NUMERIC.has(dt)) return Number(term.value);
  return term.value;
}

/**
 * Reads every algorithmic system's determinants from the store with SPARQL and turns them
 * into flat facts. Determinants may be stated on the system, on its uses or on its model.
 *
 * The queries are single patterns and the joins are done here with maps: Oxigraph plans joined
 * queries badly (on 20,000 systems the determinants took 3 s as one joined query, 1 s this way).
 */
export function extractFacts(store: GraphStore, only?: Set<string>): SystemFacts[] {
  const vocab = readVocabulary(store);
  const systems = readSystems(store, only);
  // valueChainFact is read once, both as a determinant and for the involvements.
  const statements = readStatements(store, new Set([...vocab.setProperties, ...vocab.scalarRange.keys(), VALUE_CHAIN_FACT]));
  const links: Links = {
    uses: pairs(store, '?y ar:usesSystem ?x'),
    models: pairs(store, '?x ar:basedOnModel ?y'),
    modelProperties: new Set(store.select(`${PREFIXES} SELECT ?p WHERE { ?p rdfs:domain ar:GeneralPurposeAIModel }`).map((b) => b.get('p')!.value)),
  };
  const toFacts = factBuilder(vocab);
  for (const sys of systems.values()) sys.facts = toFacts(determinants(sys.iri, statements, links));

  addModels(store, systems);
  addInvolvements(store, systems, vocab, statements, links);
  for (const sys of systems.values()) {
    sys.facts.gpaiModel = sys.models.length > 0 || sys.facts.gpaiSystem === true;
    sys.facts.deployerKinds = deployerKinds(sys.involvements);
  }
  return [...systems.values()];
}

const VALUE_CHAIN_FACT = `${AR}valueChainFact`;

type Statements = Map<string, Map<string, BoundTerm[]>>;

/** The statements a system's facts are gathered from besides its own (system → subjects). */
interface Links {
  uses: Map<string, string[]>;
  models: Map<string, string[]>;
  /** Properties of models, the only ones a system takes from its model. */
  modelProperties: Set<string>;
}

// This query comes first: its order is the order of the systems returned.
function readSystems(store: GraphStore, only?: Set<string>): Map<string, SystemFacts> {
  const systems = new Map<string, SystemFacts>();
  const labels = new Map<string, BoundTerm>();
  for (const b of store.select(`${PREFIXES} SELECT ?s ?label WHERE { ?s a/rdfs:subClassOf* ar:AlgorithmicSystem . OPTIONAL { ?s rdfs:label ?label } }`)) {
    const iri = b.get('s')!.value;
    if (b.get('s')!.termType !== 'NamedNode' || (only && !only.has(iri))) continue;
    if (!systems.has(iri)) systems.set(iri, { iri, label: null, facts: {}, involvements: [], models: [] });
    const label = b.get('label');
    if (label && preferLabel(label, labels.get(iri))) labels.set(iri, label);
  }
  for (const [iri, label] of labels) systems.get(iri)!.label = label.value;
  return systems;
}

/**
 * Every subject's values of the given properties (subject → property → values). One query per
 * property: ?p is then not a column of the results, and properties no fact is made of are not read.
 */
function readStatements(store: GraphStore, properties: Iterable<string>): Statements {
  const statements: Statements = new Map();
  for (const p of properties) {
    for (const b of store.select(`SELECT ?x ?v WHERE { ?x <${p}> ?v }`)) {
      const x = b.get('x')!.value;
      let values = statements.get(x);
      if (!values) statements.set(x, (values = new Map()));
      push(values, p, b.get('v')!);
    }
  }
  return statements;
}

/** A system's determinant values (property → values): its own, its uses' and its models'. */
function determinants(iri: string, statements: Statements, links: Links): Map<string, BoundTerm[]> {
  const values = new Map(statements.get(iri));
  const add = (subject: string, keep: (p: string) => boolean) => {
    for (const [p, terms] of statements.get(subject) ?? []) if (keep(p)) values.set(p, [...(values.get(p) ?? []), ...terms]);
  };
  for (const u of links.uses.get(iri) ?? []) add(u, () => true);
  for (const m of links.models.get(iri) ?? []) add(m, (p) => links.modelProperties.has(p));
  return values;
}

// Turns a system's determinant values into its facts. Property names are worked out once, not per
// system (a million string operations on a large register).
function factBuilder(vocab: Vocabulary): (values: Map<string, BoundTerm[]>) => Facts {
  const setProperties = [...vocab.setProperties].map((p) => [p, local(p)] as const);
  const scalarProperties = [...vocab.scalarRange].map(([p, range]) => [p, local(p), range] as const);
  return (values) => {
    const facts: Facts = {};
    const concepts = new Map<string, string[]>();
    for (const [p, name] of setProperties) {
      const terms = values.get(p);
      if (!terms) {
        facts[name] = null;
        continue;
      }
      const members = new Set<string>();
      for (const t of terms) for (const c of withBroader(vocab, t.value)) members.add(c);
      facts[name] = [...members].sort();
      concepts.set(name, terms.map((t) => t.value));
    }
    for (const [p, name, range] of scalarProperties) {
      const terms = values.get(p);
      facts[name] = terms ? combineScalars(terms.map((t) => scalarValue(t, range))) : null;
    }
    deriveConceptFacts(facts, concepts, vocab);
    return facts;
  };
}

// Several statements of one scalar (e.g. from the system and a use): dates take the earliest,
// numbers the largest; contradicting booleans leave the determinant unanswered.
function combineScalars(vals: FactValue[]): FactValue {
  if (vals.length === 1) return vals[0];
  if (vals.every((v) => typeof v === 'boolean')) return vals.every((v) => v === vals[0]) ? vals[0] : null;
  if (vals.every((v) => typeof v === 'number')) return Math.max(...(vals as number[]));
  return [...(vals as string[])].sort()[0];
}

function deriveConceptFacts(facts: Facts, stated: Map<string, string[]>, vocab: Vocabulary): void {
  const collect = (names: string[], map: Map<string, string[]>): SetFact => {
    const out = new Set<string>();
    let complete = true;
    for (const n of names) {
      const iris = stated.get(n);
      if (!iris) {
        complete = false;
        continue;
      }
      for (const iri of iris) {
        for (const c of [iri, ...(vocab.broader.get(iri) ?? []).map((l) => AR + l)]) for (const x of map.get(c) ?? []) out.add(x);
      }
    }
    const known = [...out].sort();
    return complete ? known : { known };
  };
  facts.fallsUnder = collect(DERIVED_FROM.fallsUnder, vocab.fallsUnder);
  facts.excludedFrom = collect(DERIVED_FROM.excludedFrom, vocab.excludedFrom);
  const legislation = stated.get('annexILegislation');
  facts.annexISection = legislation ? [...new Set(legislation.map((c) => vocab.annexISection.get(c)).filter((s): s is string => !!s))].sort() : null;
}

// A model's own facts (compute, designation, open weights: properties with domain
// ar:GeneralPurposeAIModel) count for the system built on it; its date of placing on the market
// is the model's, not the system's, so it is the separate fact modelPlacedOnMarketOn (Art 111(3)).
function addModels(store: GraphStore, systems: Map<string, SystemFacts>): void {
  for (const b of store.select(`${PREFIXES} SELECT ?s ?m ?gs ?d WHERE { { ?s ar:basedOnModel ?m OPTIONAL { ?m ar:placedOnMarketOn ?d } } UNION { ?s a ar:GeneralPurposeAISystem BIND(true AS ?gs) } }`)) {
    const sys = systems.get(b.get('s')!.value);
    if (!sys) continue;
    if (b.get('m') && !sys.models.includes(b.get('m')!.value)) sys.models.push(b.get('m')!.value);
    if (b.get('gs')) sys.facts.gpaiSystem = true;
    const d = b.get('d')?.value;
    if (d && (typeof sys.facts.modelPlacedOnMarketOn !== 'string' || d < sys.facts.modelPlacedOnMarketOn)) sys.facts.modelPlacedOnMarketOn = d;
  }
  for (const sys of systems.values()) {
    sys.facts.gpaiSystem ??= false;
    sys.facts.modelPlacedOnMarketOn ??= null;
  }
}

// Who is involved with each system: the agents of its role assignments, the organisations that use
// it (or on whose behalf it is used) and the providers of its models.
function addInvolvements(store: GraphStore, systems: Map<string, SystemFacts>, vocab: Vocabulary, statements: Statements, links: Links): void {
  const assignments = pairs(store, '{ ?x ar:roleAssignment ?y } UNION { ?y ar:system ?x }');
  const agents = pairs(store, '?x ar:agent ?y');
  const roles = pairs(store, '?x ar:role ?y');
  const users = pairs(store, '?x ar:usedBy ?y');
  const principals = pairs(store, '?x ar:onBehalfOf ?y');
  const providers = pairs(store, '?x ar:modelProvider ?y');

  const byKey = new Map<string, Involvement>();
  const orgs = new Set<string>();
  for (const sys of systems.values()) {
    const involve = (org: string): Involvement => {
      const key = `${sys.iri} ${org}`;
      let inv = byKey.get(key);
      if (!inv) {
        inv = { organisation: org, label: null, valueChain: [], statedRoles: [], kinds: null, establishedInEU: null, usesSystem: false, modelProvider: false };
        byKey.set(key, inv);
        sys.involvements.push(inv);
        orgs.add(org);
      }
      return inv;
    };
    for (const ra of assignments.get(sys.iri) ?? []) {
      for (const org of agents.get(ra) ?? []) {
        const inv = involve(org);
        for (const vc of statements.get(ra)?.get(VALUE_CHAIN_FACT) ?? []) inv.valueChain.push(local(vc.value));
        for (const role of roles.get(ra) ?? []) inv.statedRoles.push(local(role));
      }
    }
    for (const u of links.uses.get(sys.iri) ?? []) {
      for (const org of users.get(u) ?? []) involve(org).usesSystem = true;
      for (const org of principals.get(u) ?? []) involve(org).valueChain.push('UseOnItsBehalf');
    }
    for (const m of links.models.get(sys.iri) ?? []) for (const org of providers.get(m) ?? []) involve(org).modelProvider = true;
  }

  const orgFacts = new Map<string, { label: BoundTerm | null; kinds: string[] | null; eu: boolean | null }>();
  if (orgs.size > 0) {
    const values = [...orgs].map((o) => `<${o}>`).join(' ');
    for (const b of store.select(`${PREFIXES} SELECT ?org ?kind ?eu ?label WHERE { VALUES ?org { ${values} } OPTIONAL { ?org ar:organisationKind ?kind } OPTIONAL { ?org ar:establishedInEU ?eu } OPTIONAL { ?org rdfs:label ?label } }`)) {
      const org = b.get('org')!.value;
      const f = orgFacts.get(org) ?? { label: null, kinds: null, eu: null };
      const label = b.get('label');
      if (label && preferLabel(label, f.label ?? undefined)) f.label = label;
      if (b.get('kind')) f.kinds = [...new Set([...(f.kinds ?? []), ...withBroader(vocab, b.get('kind')!.value)])].sort();
      if (b.get('eu')) f.eu = b.get('eu')!.value === 'true';
      orgFacts.set(org, f);
    }
  }
  for (const inv of byKey.values()) {
    const f = orgFacts.get(inv.organisation);
    inv.label = f?.label?.value ?? null;
    inv.kinds = f?.kinds ?? null;
    inv.establishedInEU = f?.eu ?? null;
    inv.valueChain = [...new Set(inv.valueChain)].sort();
    inv.statedRoles = [...new Set(inv.statedRoles)].sort();
  }
  // In IRI order, not the store's: results and explanations must not depend on it.
  for (const sys of systems.values()) sys.involvements.sort((a, b) => (a.organisation < b.organisation ? -1 : a.organisation > b.organisation ? 1 : 0));
}

// The kinds of organisation that use the system (or on whose behalf it is used).
function deployerKinds(invs: Involvement[]): SetFact {
  const users = invs.filter((i) => i.usesSystem || i.valueChain.includes('UsesUnderOwnAuthority') || i.valueChain.includes('UseOnItsBehalf') || i.statedRoles.includes('Deployer'));
  if (users.length === 0) return null;
  const kinds = new Set<string>();
  let complete = true;
  for (const u of users) {
    if (u.kinds === null) complete = false;
    else if (Array.isArray(u.kinds)) for (const k of u.kinds) kinds.add(k);
  }
  const known = [...kinds].sort();
  return complete ? known : { known };
}

// Which of several labels names a system or organisation in the results: English first, then one
// without a language, then any; among equals the first in code-point order, so that the choice does
// not depend on the order in which the store returns them.
function preferLabel(candidate: BoundTerm, current: BoundTerm | undefined): boolean {
  if (!current) return true;
  const rank = (t: BoundTerm) => {
    const lang = (t.language ?? '').toLowerCase();
    return lang === 'en' || lang.startsWith('en-') ? 0 : lang === '' ? 1 : 2;
  };
  return rank(candidate) - rank(current) < 0 || (rank(candidate) === rank(current) && candidate.value < current.value);
}
