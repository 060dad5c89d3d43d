/**
 * The in-memory view of the register behind the web pages: per system the facts the pages show,
 * and indexes per tier, organisation, domain, status and Annex III area, counts, upcoming
 * deadlines and search text. Built from `register.classifications` and the stored records once
 * per register change (marked by Register.onCommit) and on the first request after it, so a page
 * request never scans systems × obligations and never runs SPARQL.
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
  provisions: string[];
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

  private staticsRead = false;
  /** Nodes whose facts changed since the last sync, with the systems of changed uses. */
  private changed = new Set<string>();

  /** Re-reads changed records (and, the first time, the read-only graphs); returns the nodes that changed. */
  sync(register: Register): Set<string> {
    this.changed = new Set();
    const changed = this.changed;
    if (!this.staticsRead) {
      this.staticsRead = true;
      for (const g of register.statics) g.chunks.forEach((chunk, i) => this.add(`static ${i} ${g.graph}`, recordFacts(chunk, 0)));
    }
    const records = register.durable.records;
    for (const [id, old] of this.records) {
      if (!records.has(id) && !id.startsWith('static ')) {
        this.drop(id, old);
      }
    }
    for (const r of records.values()) {
      const old = this.records.get(r.id);
      if (old?.version === r.version) continue;
      if (old) this.drop(r.id, old);
      this.add(r.id, recordFacts(r.ntriples, r.version));
    }
    return changed;
  }

  private touch(node: string, facts: NodeFacts): void {
    this.changed.add(node);
    for (const v of facts.get(P.usesSystem) ?? []) this.changed.add(v.value);
  }

  private add(id: string, now: RecordFacts): void {
    this.records.set(id, now);
    for (const [node, facts] of now.nodes) {
      let per = this.byNode.get(node);
      if (!per) this.byNode.set(node, (per = new Map()));
      per.set(id, facts);
      this.merged.delete(node);
      this.touch(node, facts);
    }
  }

  private drop(id: string, old: RecordFacts): void {
    this.records.delete(id);
    for (const [node, facts] of old.nodes) {
      this.touch(node, facts);
      const per = this.byNode.get(node);
      per?.delete(id);
      if (per && per.size === 0) this.byNode.delete(node);
      this.merged.delete(node);
    }
  }

  get(node: string): NodeFacts | undefined {
    let m = this.merged.get(node);
    if (m) return m;
    const per = this.byNode.get(node);
    if (!per) return undefined;
    if (per.size === 1) m = per.values().next().value as NodeFacts;
    else {
      m = new Map();
      for (const facts of per.values()) for (const [p, vs] of facts) m.set(p, [...(m.get(p) ?? []), ...vs]);
    }
    this.merged.set(node, m);
    return m;
  }

  /** Every node with an ar:usesSystem statement (the uses of systems). */
  *uses(): Generator<[string, NodeFacts]> {
    for (const node of this.byNode.keys()) {
      const f = this.get(node);
      if (f?.has(P.usesSystem)) yield [node, f];
    }
  }
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
  dirty: boolean;
  view: ViewIndex | undefined;
}

const holders = new WeakMap<Register, Holder>();

/** The current view of a register: rebuilt on the first call after a write. */
export function viewIndex(register: Register): ViewIndex {
  let h = holders.get(register);
  if (!h) {
    const holder: Holder = { facts: new FactStore(), dirty: true, view: undefined };
    register.onCommit(() => {
      holder.dirty = true;
    });
    holders.set(register, holder);
    h = holder;
  }
  if (h.dirty || !h.view) {
    h.dirty = false;
    const changed = h.facts.sync(register);
    h.view = build(register, h.facts, changed, h.view);
  }
  return h.view;
}

function count<K>(m: Map<K, number>, k: K, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
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

// An entry can be kept when its classification object is the same (DerivedState keeps the
// objects of systems a write did not reclassify) and none of the nodes it reads changed.
function reusable(e: SystemEntry | undefined, sys: SystemClassification, changed: Set<string>, usedBy: string[]): e is SystemEntry {
  if (!e || e.sys !== sys || changed.has(e.iri)) return false;
  for (const o of e.organisations) if (changed.has(o)) return false;
  for (const d of e.datasetNodes) if (changed.has(d)) return false;
  for (const o of usedBy) if (!e.organisations.includes(o)) return false;
  return true;
}

const bySortKey = (a: SystemEntry, b: SystemEntry) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.iri < b.iri ? -1 : 1);

// After a write most entries are kept: merge the kept ones, still in order, with the few new ones sorted.
function sortEntries(entries: SystemEntry[], previous: ViewIndex | undefined): SystemEntry[] {
  if (!previous) return [...entries].sort(bySortKey);
  const current = new Set(entries);
  const kept = previous.entries.filter((e) => current.has(e));
  const keptSet = new Set(kept);
  const fresh = entries.filter((e) => !keptSet.has(e)).sort(bySortKey);
  const out: SystemEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < fresh.length) out.push(j >= fresh.length || (i < kept.length && bySortKey(kept[i], fresh[j]) <= 0) ? kept[i++] : fresh[j++]);
  return out;
}

function build(register: Register, facts: FactStore, changed: Set<string>, previous: ViewIndex | undefined): ViewIndex {
  // Uses of a system (ar:SystemUse): their ar:usedBy organisations are among the system's organisations.
  const usedBy = new Map<string, string[]>();
  for (const [, f] of facts.uses()) {
    const by = iris(f, P.usedBy);
    for (const s of iris(f, P.usesSystem)) usedBy.set(s, [...(usedBy.get(s) ?? []), ...by]);
  }
  const entries: SystemEntry[] = [];
  const orgByIri = new Map<string, OrgEntry>();
  const domains = new Map<string, number>();
  const statuses = new Map<string, number>();
  const annexAreas = new Map<string, number>();
  const dl = { amended: new Map<string, Deadline>(), adopted: new Map<string, Deadline>() };
  const missingFacts = new Map<string, { question: string; property: string; systems: number }>();

  for (const sys of register.classifications.values()) {
    const uses = usedBy.get(sys.iri) ?? [];
    const old = previous?.byIri.get(sys.iri);
    const e = reusable(old, sys, changed, uses) ? old : makeEntry(register, sys, facts, uses);
    entries.push(e);
    for (const d of e.domains) count(domains, d);
    for (const st of e.statuses) count(statuses, st);
    for (const a of e.annexAreas) count(annexAreas, a);
    for (const iri of e.organisations) {
      let o = orgByIri.get(iri);
      if (!o) {
        orgByIri.set(iri, (o = { iri, id: orgId(iri), labels: byLang(facts.get(iri), P.label, P.prefLabel), fallbackLabel: null, systems: [], roles: new Map(), obligations: 0, obligationsByRole: undefined }));
      }
      if (!o.fallbackLabel) o.fallbackLabel = sys.roles.find((r) => r.organisation === iri)?.organisationLabel ?? sys.obligations.find((x) => x.organisation === iri)?.organisationLabel ?? null;
      for (const role of e.orgRoles.get(iri) ?? []) count(o.roles, role);
      o.obligations += e.orgObligations.get(iri) ?? 0;
    }
    for (const cal of ['amended', 'adopted'] as const) {
      for (const [date, share] of e.dates[cal]) {
        const d = dl[cal].get(date);
        if (!d) dl[cal].set(date, { date, obligations: share.obligations, systems: 1, provisions: share.provisions.slice(0, 50) });
        else {
          d.obligations += share.obligations;
          d.systems++;
          if (d.provisions.length < 50) for (const p of share.provisions) if (!d.provisions.includes(p)) d.provisions.push(p);
        }
      }
    }
    for (const m of sys.missing) {
      const x = missingFacts.get(m.fact);
      if (x) x.systems++;
      else missingFacts.set(m.fact, { question: m.question, property: m.property, systems: 1 });
    }
  }
  const ordered = sortEntries(entries, previous);
  const byTier = new Map<string, SystemEntry[]>();
  const byOrg = new Map<string, SystemEntry[]>();
  for (const e of ordered) {
    const t = byTier.get(e.sys.riskTier);
    if (t) t.push(e);
    else byTier.set(e.sys.riskTier, [e]);
    for (const o of e.organisations) {
      const l = byOrg.get(o);
      if (l) l.push(e);
      else byOrg.set(o, [e]);
    }
  }
  const orgs = [...orgByIri.values()];
  for (const o of orgs) o.systems = byOrg.get(o.iri) ?? [];
  orgs.sort((a, b) => b.systems.length - a.systems.length || (a.iri < b.iri ? -1 : 1));
  const historyById = new Map<string, HistoryEntry[]>();
  for (const h of register.durable.history) {
    const l = historyById.get(h.id);
    if (l) l.push(h);
    else historyById.set(h.id, [h]);
  }
  const ranks = new Map<string, Map<SystemEntry, number>>();
  const sorted = (m: Map<string, Deadline>): Deadline[] => [...m.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  return {
    built: Date.now(),
    entries: ordered,
    byIri: new Map(ordered.map((e) => [e.iri, e])),
    byId: new Map(ordered.filter((e) => e.id).map((e) => [e.id!, e])),
    byTier,
    byOrg,
    orgs,
    orgByIri,
    orgById: new Map(orgs.map((o) => [o.id, o])),
    domains,
    statuses,
    annexAreas,
    deadlines: { amended: sorted(dl.amended), adopted: sorted(dl.adopted) },
    openQuestions: ordered.filter((e) => e.sys.missing.length > 0 || e.sys.riskTier === 'undetermined').sort((a, b) => b.sys.missing.length - a.sys.missing.length || (a.sortKey < b.sortKey ? -1 : 1)),
    missingFacts,
    historyById,
    node: (iri) => facts.get(iri),
    rank: (lang) => {
      let r = ranks.get(lang);
      if (!r) {
        const keyed = ordered.map((e) => {
          let k = e.langKeys.get(lang);
          if (k === undefined) e.langKeys.set(lang, (k = e.labels.has(lang) ? searchText(e.labels.get(lang)!) : e.sortKey));
          return { e, k };
        });
        keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.e.iri < b.e.iri ? -1 : 1));
        r = new Map(keyed.map((x, i) => [x.e, i]));
        ranks.set(lang, r);
      }
      return r;
    },
  };
}
