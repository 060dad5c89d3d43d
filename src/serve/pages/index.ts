/**
 * The in-memory view of the register behind the web pages: per system the facts the pages show,
 * and indexes per tier, organisation, domain, status and Annex III area, counts, upcoming
 * deadlines and search text. Built in full from `register.classifications` and the stored records
 * at start; after a write (marked by Register.onCommit) the first request updates it by the entries
 * the write changed, so a page request never scans systems × obligations and never runs SPARQL.
 *
 * Descriptive facts (labels in every language, description, domain, status, datasets, uses) are
 * read from each record's N-Triples and kept per record version, so after a write only the
 * changed records are parsed again.
 *
 * Organisation ids: `{slug}-{hash}` where slug is the IRI's local name (letters, digits, "-"),
 * and hash the first 10 hex digits of the SHA-256 of the IRI: stable for an IRI, unique in
 * practice, readable in a URL, and never needs %2F in a path segment.
 */
import { createHash } from 'node:crypto';
import { Parser } from 'n3';
import type { ObligationResult, SystemClassification } from '../../reason/index.js';
import type { HistoryEntry } from '../../store/durable-store.js';
import type { Register } from '../register.js';
import { localName } from './i18n.js';

const AR = 'https://w3id.org/algoreg/ns#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const DCT = 'http://purl.org/dc/terms/';
const DCAT = 'http://www.w3.org/ns/dcat#';
const FOAF_HOMEPAGE = 'http://xmlns.com/foaf/0.1/homepage';
const SKOS_PREF = 'http://www.w3.org/2004/02/skos/core#prefLabel';

export const P = {
  type: RDF_TYPE,
  label: RDFS_LABEL,
  prefLabel: SKOS_PREF,
  title: `${DCT}title`,
  description: `${DCT}description`,
  responsibleOrganisation: `${AR}responsibleOrganisation`,
  domain: `${AR}domain`,
  lifecycleStatus: `${AR}lifecycleStatus`,
  usesDataset: `${AR}usesDataset`,
  usesSystem: `${AR}usesSystem`,
  usedBy: `${AR}usedBy`,
  contactEmail: `${AR}contactEmail`,
  website: `${AR}website`,
  humanOversight: `${AR}humanOversight`,
  objectionProcedure: `${AR}objectionProcedure`,
  landingPage: `${DCAT}landingPage`,
  homepage: FOAF_HOMEPAGE,
} as const;

const KEPT = new Set<string>(Object.values(P));

export const TIERS = ['prohibited', 'high-risk', 'transparency', 'minimal', 'out-of-scope', 'undetermined'] as const;
export const ROLES = ['provider', 'deployer', 'importer', 'distributor', 'authorised-representative', 'product-manufacturer', 'controller', 'processor', 'joint-controller'] as const;

/** One value of a kept predicate: an IRI, a blank node (`_:x`) or a literal with its language. */
export interface Value {
  kind: 'iri' | 'blank' | 'literal';
  value: string;
  lang: string;
}

/** The kept statements about one node, merged over every record that makes them. */
export type NodeFacts = Map<string, Value[]>;

/** A dataset a system uses, as the system page lists it. Other sources (dcat:qualifiedRelation) can add entries. */
export interface DatasetEntry {
  iri: string | null;
  labels: Map<string, string>;
  href: string | null;
}

export interface SystemEntry {
  iri: string;
  /** The register id (path segment) of a system minted by this register, else null. */
  id: string | null;
  /** The path of the system's page: its IRI's path when the IRI is under the register base. */
  page: string | null;
  sys: SystemClassification;
  labels: Map<string, string>;
  descriptions: Map<string, string>;
  organisations: string[];
  responsible: string[];
  domains: string[];
  statuses: string[];
  annexAreas: string[];
  datasets: DatasetEntry[];
  /** The dataset nodes (their facts changing means the entry is rebuilt). */
  datasetNodes: string[];
  facts: NodeFacts;
  /** organisation → its roles in this system (distinct). */
  orgRoles: Map<string, string[]>;
  /** organisation → its number of obligations for this system. */
  orgObligations: Map<string, number>;
  /** Per calendar, per date: this system's obligations that apply from it. */
  dates: { amended: Map<string, DateShare>; adopted: Map<string, DateShare> };
  /** Lower-case, accent-free text for the search box. */
  search: string;
  /** Sort key (the English or first label). */
  sortKey: string;
  /** Sort keys per page language, made when first needed and kept with the entry. */
  langKeys: Map<string, string>;
}

export interface DateShare {
  obligations: number;
  provisions: string[];
}

export interface OrgEntry {
  iri: string;
  id: string;
  labels: Map<string, string>;
  /** The label the classification gives (organisationLabel), used when the record has none. */
  fallbackLabel: string | null;
  systems: SystemEntry[];
  /** role → number of systems in which the organisation has it. */
  roles: Map<string, number>;
  obligations: number;
  /** The organisation's own obligations per role, by date: made on first use (see obligationsOf). */
  obligationsByRole: Map<string, OrgObligation[]> | undefined;
}

export interface OrgObligation {
  system: SystemEntry;
  ob: ObligationResult;
}

/** An organisation's obligations per role, by date (unclear dates last). Made once per view, from its own systems only. */
export function obligationsOf(o: OrgEntry): Map<string, OrgObligation[]> {
  if (!o.obligationsByRole) {
    const m = new Map<string, OrgObligation[]>();
    for (const system of o.systems) {
      for (const ob of system.sys.obligations) {
        if (ob.organisation !== o.iri) continue;
        const list = m.get(ob.role);
        if (list) list.push({ system, ob });
        else m.set(ob.role, [{ system, ob }]);
      }
    }
    for (const list of m.values()) list.sort((a, b) => (a.ob.appliesFrom ?? '9999').localeCompare(b.ob.appliesFrom ?? '9999'));
    o.obligationsByRole = m;
  }
  return o.obligationsByRole;
}

export interface Deadline {
  date: string;
  obligations: number;
  systems: number;
  /** provision → how many systems have obligations under it from this date (see topProvisions). */
  provisions: Map<string, number>;
}

export interface ViewIndex {
  built: number;
  entries: SystemEntry[];
  byIri: Map<string, SystemEntry>;
  byId: Map<string, SystemEntry>;
  byTier: Map<string, SystemEntry[]>;
  byOrg: Map<string, SystemEntry[]>;
  orgs: OrgEntry[];
  orgByIri: Map<string, OrgEntry>;
  orgById: Map<string, OrgEntry>;
  domains: Map<string, number>;
  statuses: Map<string, number>;
  annexAreas: Map<string, number>;
  /** Dates of obligations per calendar, sorted; counted over every system. */
  deadlines: { amended: Deadline[]; adopted: Deadline[] };
  /** Systems with questions still open, most open questions first. */
  openQuestions: SystemEntry[];
  /** fact → how many systems still miss it, with its question. */
  missingFacts: Map<string, { question: string; property: string; systems: number }>;
  historyById: Map<string, HistoryEntry[]>;
  /** A node's merged kept facts (organisations, datasets, uses). */
  node(iri: string): NodeFacts | undefined;
  /** Each system's position when sorted by its name in `lang` (computed once per language). */
  rank(lang: string): Map<SystemEntry, number>;
}

/** Normalises text for search: lower case, accents removed. */
export function searchText(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function orgId(iri: string): string {
  const slug = localName(iri).replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'org';
  return `${slug}-${createHash('sha256').update(iri).digest('hex').slice(0, 10)}`;
}

/** "5(a)" → "5": the Annex III area of a point. */
export function annexArea(point: string): string {
  return point.split('(')[0];
}

// ---------------------------------------------------------------- descriptive facts per record

interface RecordFacts {
  version: number;
  nodes: Map<string, NodeFacts>;
}

// Blank node labels are kept: records are relabelled register-unique when stored.
const parser = () => new Parser({ format: 'N-Triples', blankNodePrefix: '' });

// Keeps only lines with a kept predicate: a record's other lines (determinants, roles) are not parsed.
function recordFacts(ntriples: string, version: number): RecordFacts {
  const kept: string[] = [];
  for (const line of ntriples.split('\n')) {
    const s1 = line.indexOf(' ');
    if (s1 < 0) continue;
    const s2 = line.indexOf(' ', s1 + 1);
    if (s2 < 0) continue;
    const p = line.slice(s1 + 2, s2 - 1);
    if (KEPT.has(p)) kept.push(line);
  }
  const nodes = new Map<string, NodeFacts>();
  if (kept.length === 0) return { version, nodes };
  for (const q of parser().parse(kept.join('\n'))) {
    const s = q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value;
    let facts = nodes.get(s);
    if (!facts) nodes.set(s, (facts = new Map()));
    const o = q.object;
    const v: Value = o.termType === 'Literal' ? { kind: 'literal', value: o.value, lang: o.language } : o.termType === 'BlankNode' ? { kind: 'blank', value: `_:${o.value}`, lang: '' } : { kind: 'iri', value: o.value, lang: '' };
    const list = facts.get(q.predicate.value);
    if (list) list.push(v);
    else facts.set(q.predicate.value, [v]);
  }
  return { version, nodes };
}

/** Kept facts of every record, updated per record version; merged per node. */
class FactStore {
  private readonly records = new Map<string, RecordFacts>();
  /** node → record id → that record's facts about the node. */
  private readonly byNode = new Map<string, Map<string, NodeFacts>>();
  private readonly merged = new Map<string, NodeFacts>();
  /** system → the use nodes stating ar:usesSystem it, with how many records state it. */
  private readonly usesOf = new Map<string, Map<string, number>>();

  /** How much of the register's (append-only) history the last sync saw; undefined before the first sync. */
  private historySeen: number | undefined;
  /** Per node touched in this sync: its merged facts before. */
  private before = new Map<string, NodeFacts | undefined>();

  /**
   * Re-reads changed records (and, the first time, every record and the read-only graphs).
   * Returns the nodes whose merged facts changed, with the systems of changed uses; after the
   * first sync only the records named by new history entries are looked at.
   */
  sync(register: Register): Set<string> {
    const { records, history } = register.durable;
    const first = this.historySeen === undefined;
    let ids: Iterable<string>;
    if (first) {
      for (const g of register.statics) g.chunks.forEach((chunk, i) => this.add(`static ${i} ${g.graph}`, recordFacts(chunk, 0)));
      ids = records.keys();
    } else ids = new Set(history.slice(this.historySeen).map((h) => h.id));
    this.historySeen = history.length;
    this.before = new Map();
    for (const id of ids) {
      const r = records.get(id);
      const old = this.records.get(id);
      if (old && old.version === r?.version) continue;
      if (old) this.drop(id, old);
      if (r) this.add(id, recordFacts(r.ntriples, r.version));
    }
    const changed = new Set<string>();
    // A record stored again with the same facts about a node (an organisation it describes) changes nothing.
    for (const [node, was] of this.before) {
      const now = this.get(node);
      if (sameFacts(was, now)) continue;
      changed.add(node);
      for (const f of [was, now]) for (const v of f?.get(P.usesSystem) ?? []) changed.add(v.value);
    }
    this.before = new Map();
    return changed;
  }

  /** The organisations using a system through its uses (ar:usedBy of the nodes that ar:usesSystem it). */
  usedBy(system: string): string[] {
    const out: string[] = [];
    for (const use of [...(this.usesOf.get(system)?.keys() ?? [])].sort()) out.push(...iris(this.get(use), P.usedBy));
    return out;
  }

  // Called before a node's facts change: keeps what they were (not at the first sync: nothing is compared then).
  private touch(node: string): void {
    if (this.historySeen !== undefined && !this.before.has(node)) this.before.set(node, this.get(node));
  }

  private countUses(node: string, facts: NodeFacts, n: 1 | -1): void {
    for (const system of iris(facts, P.usesSystem)) {
      let m = this.usesOf.get(system);
      if (!m) this.usesOf.set(system, (m = new Map()));
      const c = (m.get(node) ?? 0) + n;
      if (c > 0) m.set(node, c);
      else m.delete(node);
      if (m.size === 0) this.usesOf.delete(system);
    }
  }

  private add(id: string, now: RecordFacts): void {
    this.records.set(id, now);
    for (const [node, facts] of now.nodes) {
      this.touch(node);
      let per = this.byNode.get(node);
      if (!per) this.byNode.set(node, (per = new Map()));
      per.set(id, facts);
      this.merged.delete(node);
      this.countUses(node, facts, 1);
    }
  }

  private drop(id: string, old: RecordFacts): void {
    this.records.delete(id);
    for (const [node, facts] of old.nodes) {
      this.touch(node);
      const per = this.byNode.get(node);
      per?.delete(id);
      if (per && per.size === 0) this.byNode.delete(node);
      this.merged.delete(node);
      this.countUses(node, facts, -1);
    }
  }

  get(node: string): NodeFacts | undefined {
    let m = this.merged.get(node);
    if (m) return m;
    const per = this.byNode.get(node);
    if (!per) return undefined;
    if (per.size === 1) m = per.values().next().value as NodeFacts;
    else {
      // In a fixed order of records (read-only graphs first, then by id), not the order they were
      // last written in: the first label per language wins, and should not depend on the writes' history.
      m = new Map();
      for (const id of [...per.keys()].sort(byRecordId)) for (const [p, vs] of per.get(id)!) m.set(p, [...(m.get(p) ?? []), ...vs]);
    }
    this.merged.set(node, m);
    return m;
  }
}

const isStatic = (id: string): boolean => id.startsWith('static ');
const byRecordId = (a: string, b: string): number => (isStatic(a) !== isStatic(b) ? (isStatic(a) ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0);

// Same predicates with the same values in the same order (the first label per language wins, so order counts).
function sameFacts(a: NodeFacts | undefined, b: NodeFacts | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const [p, as] of a) {
    const bs = b.get(p);
    if (!bs || bs.length !== as.length) return false;
    for (let i = 0; i < as.length; i++) if (as[i].kind !== bs[i].kind || as[i].value !== bs[i].value || as[i].lang !== bs[i].lang) return false;
  }
  return true;
}

// ---------------------------------------------------------------- building the view

/** Literal values of `p` by language (untagged counts as English); the first per language wins. */
export function byLang(facts: NodeFacts | undefined, ...preds: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of preds) for (const v of facts?.get(p) ?? []) if (v.kind === 'literal' && !out.has(v.lang || 'en')) out.set(v.lang || 'en', v.value);
  return out;
}

function iris(facts: NodeFacts | undefined, p: string): string[] {
  return (facts?.get(p) ?? []).filter((v) => v.kind !== 'literal').map((v) => v.value);
}

function firstHref(facts: NodeFacts | undefined): string | null {
  for (const p of [P.landingPage, P.homepage, P.website]) for (const v of facts?.get(p) ?? []) if (/^https?:\/\//.test(v.value)) return v.value;
  return null;
}

interface Holder {
  facts: FactStore;
  view: View | undefined;
  dirty: boolean;
  /** Systems reclassified by the writes since the last update. */
  reclassified: Set<string>;
}

const holders = new WeakMap<Register, Holder>();

/**
 * The current view of a register: built in full the first time, then brought up to date on the
 * first call after a write, at a cost that follows what the writes changed.
 */
export function viewIndex(register: Register): ViewIndex {
  let h = holders.get(register);
  if (!h) {
    const holder: Holder = { facts: new FactStore(), view: undefined, dirty: true, reclassified: new Set() };
    register.onCommit((_ops, reclassified) => {
      holder.dirty = true;
      for (const iri of reclassified) holder.reclassified.add(iri);
    });
    holders.set(register, holder);
    h = holder;
  }
  if (!h.view || h.dirty) {
    const reclassified = h.reclassified;
    h.dirty = false;
    h.reclassified = new Set();
    try {
      const changed = h.facts.sync(register);
      if (h.view) h.view.update(register, changed, reclassified);
      else h.view = View.build(register, h.facts);
    } catch (e) {
      // A view that may be half updated is dropped: the next call builds it in full.
      h.facts = new FactStore();
      h.view = undefined;
      throw e;
    }
  }
  return h.view;
}

/** A view built in full from the register, shared with nothing (for tests of the updates). */
export function buildFromScratch(register: Register): ViewIndex {
  const facts = new FactStore();
  facts.sync(register);
  return View.build(register, facts);
}

/** Adds n to a count; a count that reaches 0 is removed. */
function count<K>(m: Map<K, number>, k: K, n = 1): void {
  const c = (m.get(k) ?? 0) + n;
  if (c > 0) m.set(k, c);
  else m.delete(k);
}

const SYSTEM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

// One system's entry: its facts, labels, search text and its shares of the register-wide counts.
function makeEntry(register: Register, sys: SystemClassification, facts: FactStore, usedBy: string[]): SystemEntry {
  const prefix = `${register.base}system/`;
  const basePath = new URL(register.base).pathname;
  const f = facts.get(sys.iri);
  const rest = sys.iri.startsWith(prefix) ? sys.iri.slice(prefix.length) : '';
  const id = SYSTEM_ID.test(rest) ? rest : null;
  const labels = byLang(f, P.label, P.prefLabel, P.title);
  if (labels.size === 0 && sys.label) labels.set('en', sys.label);
  const descriptions = byLang(f, P.description);
  const responsible = iris(f, P.responsibleOrganisation);
  const orgSet = new Set<string>([...responsible, ...usedBy]);
  const orgRoles = new Map<string, string[]>();
  const orgLabel = new Map<string, string>();
  for (const r of sys.roles) {
    orgSet.add(r.organisation);
    const roles = orgRoles.get(r.organisation);
    if (!roles) orgRoles.set(r.organisation, [r.role]);
    else if (!roles.includes(r.role)) roles.push(r.role);
    if (r.organisationLabel) orgLabel.set(r.organisation, r.organisationLabel);
  }
  const orgObligations = new Map<string, number>();
  const dates = { amended: new Map<string, DateShare>(), adopted: new Map<string, DateShare>() };
  for (const ob of sys.obligations) {
    orgSet.add(ob.organisation);
    count(orgObligations, ob.organisation);
    if (ob.organisationLabel) orgLabel.set(ob.organisation, ob.organisationLabel);
    for (const cal of ['amended', 'adopted'] as const) {
      const date = cal === 'amended' ? ob.appliesFromAmended : ob.appliesFromAdopted;
      if (!date) continue;
      const d = dates[cal].get(date);
      if (!d) dates[cal].set(date, { obligations: 1, provisions: [ob.provision] });
      else {
        d.obligations++;
        if (!d.provisions.includes(ob.provision)) d.provisions.push(ob.provision);
      }
    }
  }
  const datasetNodes = iris(f, P.usesDataset);
  const datasets: DatasetEntry[] = datasetNodes.map((d) => {
    const df = facts.get(d);
    const isIri = !d.startsWith('_:');
    return { iri: isIri ? d : null, labels: byLang(df, P.label, P.title, P.prefLabel), href: firstHref(df) ?? (isIri && /^https?:\/\//.test(d) ? d : null) };
  });
  const organisations = [...orgSet];
  const orgNames = organisations.flatMap((o) => [...byLang(facts.get(o), P.label, P.prefLabel).values(), orgLabel.get(o) ?? '']);
  return {
    iri: sys.iri,
    id,
    page: id ? `${basePath}system/${id}` : null,
    sys,
    labels,
    descriptions,
    organisations,
    responsible,
    domains: iris(f, P.domain),
    statuses: iris(f, P.lifecycleStatus),
    annexAreas: [...new Set(sys.annexIII.map(annexArea))],
    datasets,
    datasetNodes,
    facts: f ?? new Map(),
    orgRoles,
    orgObligations,
    dates,
    search: searchText([...labels.values(), ...descriptions.values(), ...orgNames, id ?? sys.iri, sys.riskTier, ...sys.annexIII.map((p) => `annex iii ${p}`)].join(' \u0001 ')),
    sortKey: searchText(labels.get('en') ?? labels.values().next().value ?? id ?? sys.iri),
    langKeys: new Map(),
  };
}

const CALENDARS = ['amended', 'adopted'] as const;

// A total order on entries (name, then IRI): sorted lists are kept so by binary search on it.
const bySortKey = (a: SystemEntry, b: SystemEntry): number => (a === b ? 0 : a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0);
// The same by the name in a page language (kept with the entry once made).
function langKey(e: SystemEntry, lang: string): string {
  let k = e.langKeys.get(lang);
  if (k === undefined) e.langKeys.set(lang, (k = e.labels.has(lang) ? searchText(e.labels.get(lang)!) : e.sortKey));
  return k;
}
const byLangKey = (lang: string) => (a: SystemEntry, b: SystemEntry): number => {
  if (a === b) return 0;
  const ka = langKey(a, lang);
  const kb = langKey(b, lang);
  return ka < kb ? -1 : ka > kb ? 1 : a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0;
};
const byOpenQuestions = (a: SystemEntry, b: SystemEntry): number => b.sys.missing.length - a.sys.missing.length || bySortKey(a, b);
const bySystems = (a: OrgEntry, b: OrgEntry): number => b.systems.length - a.systems.length || (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0);
const isOpen = (e: SystemEntry): boolean => e.sys.missing.length > 0 || e.sys.riskTier === 'undetermined';

function lowerBound<T>(list: T[], x: T, cmp: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(list[mid], x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function removeSorted<T>(list: T[], x: T, cmp: (a: T, b: T) => number): void {
  let i = lowerBound(list, x, cmp);
  if (list[i] !== x) i = list.indexOf(x);
  if (i >= 0) list.splice(i, 1);
}

/** The label the classification gives an organisation in a system, if any. */
function classifiedLabel(sys: SystemClassification, org: string): string | null {
  return sys.roles.find((r) => r.organisation === org)?.organisationLabel ?? sys.obligations.find((x) => x.organisation === org)?.organisationLabel ?? null;
}

/** The most frequent provisions of a date, most frequent first (ties by provision). */
export function topProvisions(d: Deadline, n: number): string[] {
  return [...d.provisions]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([p]) => p);
}

/**
 * The view and its register-wide aggregates, each kept as a sum of the entries' shares: an entry
 * is added or removed with its share, so an update after a write costs what the write changed.
 * Updates run without awaiting, so a page never sees a view half updated.
 */
class View implements ViewIndex {
  built = Date.now();
  readonly entries: SystemEntry[] = [];
  readonly byIri = new Map<string, SystemEntry>();
  readonly byId = new Map<string, SystemEntry>();
  readonly byTier = new Map<string, SystemEntry[]>();
  readonly byOrg = new Map<string, SystemEntry[]>();
  orgs: OrgEntry[] = [];
  readonly orgByIri = new Map<string, OrgEntry>();
  readonly orgById = new Map<string, OrgEntry>();
  readonly domains = new Map<string, number>();
  readonly statuses = new Map<string, number>();
  readonly annexAreas = new Map<string, number>();
  readonly deadlines: { amended: Deadline[]; adopted: Deadline[] } = { amended: [], adopted: [] };
  readonly openQuestions: SystemEntry[] = [];
  readonly missingFacts = new Map<string, { question: string; property: string; systems: number }>();
  readonly historyById = new Map<string, HistoryEntry[]>();

  private readonly dates = { amended: new Map<string, Deadline>(), adopted: new Map<string, Deadline>() };
  /** dataset node → the entries that show it (rebuilt when its facts change). */
  private readonly byDataset = new Map<string, Set<SystemEntry>>();
  /** organisation → the labels the classifications give it, with how many systems give each. */
  private readonly classifiedLabels = new Map<string, Map<string, number>>();
  /** Per page language asked for: the entries in order of their name in it, and their positions (made when asked for). */
  private readonly byName = new Map<string, { cmp: (a: SystemEntry, b: SystemEntry) => number; order: SystemEntry[]; rank: Map<SystemEntry, number> | undefined }>();
  private historySeen = 0;
  /** A full build sorts its lists once at the end; after that each entry is put in its place. */
  private sorted = false;
  // What the changes since the last `finish` touched.
  private touchedOrgs = new Set<OrgEntry>();
  private datesChanged = false;

  private constructor(private readonly facts: FactStore) {}

  static build(register: Register, facts: FactStore): View {
    const v = new View(facts);
    for (const sys of register.classifications.values()) v.add(makeEntry(register, sys, facts, facts.usedBy(sys.iri)));
    v.finish(register);
    return v;
  }

  /** Brings the view up to date after writes: the nodes whose facts changed and the systems reclassified. */
  update(register: Register, changed: Set<string>, reclassified: Set<string>): void {
    const affected = new Set(reclassified);
    for (const node of changed) {
      if (this.byIri.has(node) || register.classifications.has(node)) affected.add(node);
      // Entries show the names of their organisations and datasets.
      for (const e of this.byOrg.get(node) ?? []) affected.add(e.iri);
      for (const e of this.byDataset.get(node) ?? []) affected.add(e.iri);
    }
    // The new entries are made before anything changes.
    const swaps = [...affected].map((iri) => {
      const sys = register.classifications.get(iri);
      return { old: this.byIri.get(iri), now: sys && makeEntry(register, sys, this.facts, this.facts.usedBy(iri)) };
    });
    for (const { old } of swaps) if (old) this.remove(old);
    for (const { now } of swaps) if (now) this.add(now);
    for (const node of changed) {
      const o = this.orgByIri.get(node);
      if (o) o.labels = byLang(this.facts.get(node), P.label, P.prefLabel);
    }
    this.finish(register);
  }

  node(iri: string): NodeFacts | undefined {
    return this.facts.get(iri);
  }

  rank(lang: string): Map<SystemEntry, number> {
    let n = this.byName.get(lang);
    if (!n) {
      const cmp = byLangKey(lang);
      this.byName.set(lang, (n = { cmp, order: [...this.entries].sort(cmp), rank: undefined }));
    }
    // After a write the order is kept up to date by binary search; only the positions are made again.
    return (n.rank ??= new Map(n.order.map((e, i) => [e, i])));
  }

  private place(list: SystemEntry[], e: SystemEntry, cmp: (a: SystemEntry, b: SystemEntry) => number): void {
    if (this.sorted) list.splice(lowerBound(list, e, cmp), 0, e);
    else list.push(e);
  }

  private add(e: SystemEntry): void {
    this.byIri.set(e.iri, e);
    if (e.id) this.byId.set(e.id, e);
    this.place(this.entries, e, bySortKey);
    for (const n of this.byName.values()) {
      n.order.splice(lowerBound(n.order, e, n.cmp), 0, e);
      n.rank = undefined;
    }
    let tier = this.byTier.get(e.sys.riskTier);
    if (!tier) this.byTier.set(e.sys.riskTier, (tier = []));
    this.place(tier, e, bySortKey);
    if (isOpen(e)) this.place(this.openQuestions, e, byOpenQuestions);
    for (const d of e.datasetNodes) {
      const s = this.byDataset.get(d);
      if (s) s.add(e);
      else this.byDataset.set(d, new Set([e]));
    }
    for (const iri of e.organisations) this.place((this.orgByIri.get(iri) ?? this.newOrg(iri)).systems, e, bySortKey);
    this.share(e, 1);
  }

  private remove(e: SystemEntry): void {
    this.byIri.delete(e.iri);
    if (e.id && this.byId.get(e.id) === e) this.byId.delete(e.id);
    removeSorted(this.entries, e, bySortKey);
    for (const n of this.byName.values()) {
      removeSorted(n.order, e, n.cmp);
      n.rank = undefined;
    }
    const tier = this.byTier.get(e.sys.riskTier) ?? [];
    removeSorted(tier, e, bySortKey);
    if (tier.length === 0) this.byTier.delete(e.sys.riskTier);
    if (isOpen(e)) removeSorted(this.openQuestions, e, byOpenQuestions);
    for (const d of e.datasetNodes) {
      const s = this.byDataset.get(d);
      s?.delete(e);
      if (s?.size === 0) this.byDataset.delete(d);
    }
    for (const iri of e.organisations) removeSorted(this.orgByIri.get(iri)?.systems ?? [], e, bySortKey);
    this.share(e, -1);
  }

  // Adds (n = 1) or subtracts (n = -1) an entry's share of the counts.
  private share(e: SystemEntry, n: 1 | -1): void {
    for (const d of e.domains) count(this.domains, d, n);
    for (const s of e.statuses) count(this.statuses, s, n);
    for (const a of e.annexAreas) count(this.annexAreas, a, n);
    for (const m of e.sys.missing) {
      const x = this.missingFacts.get(m.fact);
      if (x && (x.systems += n) <= 0) this.missingFacts.delete(m.fact);
      else if (!x && n > 0) this.missingFacts.set(m.fact, { question: m.question, property: m.property, systems: 1 });
    }
    for (const cal of CALENDARS) {
      for (const [date, s] of e.dates[cal]) {
        let d = this.dates[cal].get(date);
        if (!d) this.dates[cal].set(date, (d = { date, obligations: 0, systems: 0, provisions: new Map() }));
        d.obligations += n * s.obligations;
        d.systems += n;
        for (const p of s.provisions) count(d.provisions, p, n);
        if (d.systems <= 0) this.dates[cal].delete(date);
        this.datesChanged = true;
      }
    }
    for (const iri of e.organisations) {
      const o = this.orgByIri.get(iri);
      if (!o) continue;
      for (const role of e.orgRoles.get(iri) ?? []) count(o.roles, role, n);
      o.obligations += n * (e.orgObligations.get(iri) ?? 0);
      const label = classifiedLabel(e.sys, iri);
      if (label) {
        let labels = this.classifiedLabels.get(iri);
        if (!labels) this.classifiedLabels.set(iri, (labels = new Map()));
        count(labels, label, n);
      }
      this.touchedOrgs.add(o);
    }
  }

  private newOrg(iri: string): OrgEntry {
    const o: OrgEntry = { iri, id: orgId(iri), labels: byLang(this.facts.get(iri), P.label, P.prefLabel), fallbackLabel: null, systems: [], roles: new Map(), obligations: 0, obligationsByRole: undefined };
    this.orgByIri.set(iri, o);
    this.orgById.set(o.id, o);
    this.byOrg.set(iri, o.systems);
    return o;
  }

  // Derives what follows from the counts: organisations without systems go, lists are ordered, caches dropped.
  private finish(register: Register): void {
    if (!this.sorted) {
      this.sorted = true;
      this.entries.sort(bySortKey);
      for (const list of this.byTier.values()) list.sort(bySortKey);
      for (const list of this.byOrg.values()) list.sort(bySortKey);
      this.openQuestions.sort(byOpenQuestions);
    }
    for (const o of this.touchedOrgs) {
      o.obligationsByRole = undefined;
      const labels = [...(this.classifiedLabels.get(o.iri) ?? [])];
      // The label most systems give, so it does not depend on the order systems were added in.
      o.fallbackLabel = labels.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
      if (o.systems.length > 0) continue;
      this.orgByIri.delete(o.iri);
      this.orgById.delete(o.id);
      this.byOrg.delete(o.iri);
      this.classifiedLabels.delete(o.iri);
    }
    if (this.touchedOrgs.size > 0) this.orgs = [...this.orgByIri.values()].sort(bySystems);
    this.touchedOrgs = new Set();
    if (this.datesChanged) for (const cal of CALENDARS) this.deadlines[cal] = [...this.dates[cal].values()].sort((a, b) => (a.date < b.date ? -1 : 1));
    this.datesChanged = false;
    // History is append-only: only the entries added since the last time are read.
    const history = register.durable.history;
    for (let i = this.historySeen; i < history.length; i++) {
      const h = history[i];
      const l = this.historyById.get(h.id);
      if (l) l.push(h);
      else this.historyById.set(h.id, [h]);
    }
    this.historySeen = history.length;
    this.built = Date.now();
  }
}
