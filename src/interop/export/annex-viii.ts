// EU database registration data (AI Act Art 49, Annex VIII), prepared from a description and its
// classification. Which organisation registers which section is not decided here: it follows
// from the obligations the rules derived, through the provisions they rest on (an obligation
// whose provision cites Annex VIII section A, B or C, directly or through Art 49(1)-(3)).
import { createHash } from 'node:crypto';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { ontologyQuads } from '../../ontology/load.js';
import type { ObligationResult, SystemClassification } from '../../reason/index.js';
import { GraphView } from '../graph-view.js';
import type { JsonObject, JsonValue } from '../json.js';
import { AIA, AR, DCAT, DCT, ELI, RDF_TYPE, RDF_VALUE, RDFS_LABEL, SKOS } from '../vocab.js';
import { classificationsOf, graphOf, idFromIri, systemsOf, type ExportInput, type ExportedEntry } from './common.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

export type AnnexViiiSection = 'A' | 'B' | 'C';

export interface AnnexViiiItem {
  title: string;
  value: JsonValue;
  /** Nodes of the description the value was taken from. */
  refersTo?: string[];
  /** What the description does not say yet. */
  gap?: string;
}

export interface AnnexViiiRecord {
  section: AnnexViiiSection;
  sectionIri: string;
  /** The obligation that asks for the registration. */
  obligation: { title: string; provision: string; provisionIri: string; appliesFrom: string | null; dateNote: string | null };
  system: { iri: string; name: string | null };
  registrant: { iri: string; name: string | null; role: string };
  items: Record<string, AnnexViiiItem>;
}

export interface AnnexViiiOptions {
  systems?: readonly string[];
  section?: AnnexViiiSection;
}

const SECTION_IRI: Readonly<Record<AnnexViiiSection, string>> = {
  A: `${AIA}anx_VIII-sct_A`,
  B: `${AIA}anx_VIII-sct_B`,
  C: `${AIA}anx_VIII-sct_C`,
};

let provisionsView: GraphView | undefined;
const ontology = (): GraphView => (provisionsView ??= new GraphView(ontologyQuads()));

/** The Annex VIII section a provision cites, directly or through the provisions it cites (depth 3). */
export function sectionCitedBy(provision: string, depth = 3): AnnexViiiSection | undefined {
  const o = ontology();
  let frontier = [provision];
  const seen = new Set<string>();
  for (let d = 0; d <= depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const p of frontier) {
      if (seen.has(p)) continue;
      seen.add(p);
      const hit = (Object.keys(SECTION_IRI) as AnnexViiiSection[]).find((s) => SECTION_IRI[s] === p);
      if (hit) return hit;
      next.push(...o.nodes(p, `${ELI}cites`));
    }
    frontier = next;
  }
  return undefined;
}

const STATUS: Readonly<Record<string, string>> = {
  [`${AR}InUse`]: 'on the market or in service',
  [`${AR}Retired`]: 'no longer on the market or in service',
  [`${AR}Planned`]: 'not yet on the market or in service',
  [`${AR}InDevelopment`]: 'not yet on the market or in service',
};

interface Ctx {
  g: GraphView;
  sys: SystemClassification;
  system: string;
  prefer: readonly string[];
}

const label = (c: Ctx, iri: string | undefined): string | null =>
  iri ? c.g.label(iri, c.prefer) ?? ontology().label(iri, ['en', '']) ?? null : null;

function organisation(c: Ctx, org: string, contactFrom: string[]): AnnexViiiItem['value'] {
  const contact = contactFrom.map((s) => c.g.link(s, `${AR}contactEmail`)).find((x) => x !== undefined) ?? null;
  return { name: label(c, org), address: null, contact };
}

function orgGap(value: JsonValue): string {
  const v = value as JsonObject;
  const parts = ['no postal address (the ontology has no address property yet)'];
  if (v.contact === null) parts.push('no contact address for this organisation (ar:contactEmail on the system or the use)');
  return parts.join('; ');
}

function conceptLabels(c: Ctx, subject: string, predicate: string): string[] {
  return c.g.nodes(subject, predicate).map((x) => label(c, x) ?? x);
}

function tradeName(c: Ctx): AnnexViiiItem {
  const ids = [...c.g.literals(c.system, `${DCT}identifier`), ...c.g.nodes(c.system, `${AR}sourceRecord`).flatMap((r) => c.g.literals(r, `${AR}sourceIdentifier`))];
  return {
    title: 'AI system trade name and any additional reference allowing its identification and traceability',
    value: { tradeName: label(c, c.system), reference: c.system, identifiers: ids },
    refersTo: [c.system],
  };
}

function intendedPurpose(c: Ctx, title: string): AnnexViiiItem {
  const text = c.g.text(c.system, `${AR}intendedPurposeDescription`, c.prefer) ?? c.g.text(c.system, `${DCT}description`, c.prefer) ?? null;
  const purposes = conceptLabels(c, c.system, `${AR}purpose`);
  return {
    title,
    value: { description: text, purposes },
    refersTo: [c.system],
    ...(text === null ? { gap: 'no description of the intended purpose (ar:intendedPurposeDescription or dct:description)' } : {}),
  };
}

function status(c: Ctx, title: string): AnnexViiiItem {
  const s = c.g.node(c.system, `${AR}lifecycleStatus`);
  const v = s ? STATUS[s] ?? null : null;
  return { title, value: v, ...(v === null ? { gap: 'no lifecycle status (ar:lifecycleStatus)' } : {}) };
}

const notDescribed = (title: string, what: string): AnnexViiiItem => ({ title, value: null, gap: `${what}: not in the description` });

function rolesOf(c: Ctx, role: string): string[] {
  return [...new Set(c.sys.roles.filter((r) => r.role === role).map((r) => r.organisation))].sort();
}

function providerItems(c: Ctx, provider: string, prefix: 'A' | 'B'): Record<string, AnnexViiiItem> {
  const responsible = c.g.node(c.system, `${AR}responsibleOrganisation`);
  const contactFrom = provider === responsible ? [c.system, provider] : [provider];
  const p = organisation(c, provider, contactFrom);
  const reps = rolesOf(c, 'authorised-representative');
  return {
    [`${prefix}.1`]: { title: 'Name, address and contact details of the provider', value: p, refersTo: [provider], gap: orgGap(p) },
    [`${prefix}.2`]: {
      title: 'Where submission is made by another person on behalf of the provider, that person\'s name, address and contact details',
      value: { submittedBy: 'the provider itself', name: label(c, provider) },
      refersTo: [provider],
    },
    [`${prefix}.3`]: reps.length > 0
      ? { title: 'Name, address and contact details of the authorised representative, where applicable', value: reps.map((r) => organisation(c, r, [r])), refersTo: reps }
      : { title: 'Name, address and contact details of the authorised representative, where applicable', value: null, gap: 'no authorised representative in the description' },
  };
}

function sectionA(c: Ctx, provider: string): Record<string, AnnexViiiItem> {
  const data = c.g.text(c.system, `${AR}dataDescription`, c.prefer) ?? null;
  const logic = c.g.text(c.system, `${AR}technicalDescription`, c.prefer) ?? null;
  const datasets = c.g.nodes(c.system, `${AR}usesDataset`).map((d) => ({ name: c.g.label(d, c.prefer) ?? null, link: c.g.link(d, `${DCAT}landingPage`) ?? (d.startsWith('_:') ? null : d) }));
  const gaps = [data === null && datasets.length === 0 ? 'no data description (ar:dataDescription, ar:usesDataset)' : '', logic === null ? 'no description of the operating logic (ar:technicalDescription)' : ''].filter(Boolean);
  const website = c.g.link(c.system, `${AR}website`) ?? null;
  return {
    ...providerItems(c, provider, 'A'),
    'A.4': tradeName(c),
    'A.5': intendedPurpose(c, 'Description of the intended purpose of the AI system and of the components and functions supported through it'),
    'A.6': {
      title: 'Basic and concise description of the information used by the system (data, inputs) and its operating logic',
      value: { data, datasets, operatingLogic: logic, capabilities: conceptLabels(c, c.system, `${AR}capability`) },
      refersTo: [c.system],
      ...(gaps.length > 0 ? { gap: gaps.join('; ') } : {}),
    },
    'A.7': status(c, 'Status of the AI system (on the market or in service; no longer on the market or in service; recalled)'),
    'A.8': notDescribed('Type, number and expiry date of the certificate issued by the notified body, and that body\'s name or identification number, where applicable', 'notified-body certificate'),
    'A.9': notDescribed('A scanned copy of that certificate, where applicable', 'certificate copy'),
    'A.10': notDescribed('Member States in which the AI system has been placed on the market, put into service or made available in the Union', 'Member States'),
    'A.11': notDescribed('A copy of the EU declaration of conformity (Art 47)', 'EU declaration of conformity'),
    'A.12': notDescribed('Electronic instructions for use', 'instructions for use'),
    'A.13': { title: 'A URL for additional information (optional)', value: website, ...(website ? { refersTo: [c.system] } : {}) },
  };
}

function sectionB(c: Ctx, provider: string): Record<string, AnnexViiiItem> {
  const conditions = c.g.nodes(c.system, `${AR}derogationCondition`).map((cond) => {
    const provision = ontology().node(cond, `${AR}fallsUnder`);
    return { condition: label(c, cond), provision: provision ? ontology().literals(provision, `${SKOS}notation`)[0] ?? provision : null, provisionIri: provision ?? null };
  });
  const grounds = c.sys.explanation.filter((e) => e.certain && e.outcome.startsWith('derogation')).map((e) => e.text);
  return {
    ...providerItems(c, provider, 'B'),
    'B.4': tradeName(c),
    'B.5': intendedPurpose(c, 'Description of the intended purpose of the AI system'),
    'B.6': {
      title: 'The condition or conditions under Art 6(3) on the basis of which the AI system is considered not high-risk',
      value: conditions,
      refersTo: [c.system],
      ...(conditions.length === 0 ? { gap: 'no Art 6(3) condition (ar:derogationCondition)' } : {}),
    },
    'B.7': {
      title: 'A short summary of the grounds on which the AI system is considered not high-risk in application of the procedure under Art 6(3)',
      value: grounds.length > 0 ? grounds.join(' ') : null,
      ...(grounds.length === 0 ? { gap: 'no grounds in the classification' } : {}),
    },
    'B.8': status(c, 'Status of the AI system (on the market or in service; no longer on the market or in service; recalled)'),
    'B.9': notDescribed('Member States in which the AI system has been placed on the market, put into service or made available in the Union', 'Member States'),
  };
}

/** The use of the system by (or on behalf of) the deployer; the system itself when the deployer is its responsible organisation. */
function useOf(c: Ctx, deployer: string): string {
  const uses = c.g.subjects(`${AR}usesSystem`, c.system).filter((u) => c.g.nodes(u, `${AR}usedBy`).includes(deployer) || c.g.nodes(u, `${AR}onBehalfOf`).includes(deployer)).sort();
  return uses[0] ?? c.system;
}

function assessments(c: Ctx, subject: string, type: string): { title: string | null; summary: string | null; link: string | null; node: string }[] {
  return c.g.nodes(subject, `${AR}impactAssessment`)
    .filter((a) => c.g.nodes(a, `${AR}assessmentType`).includes(type))
    .map((a) => ({
      title: c.g.label(a, c.prefer) ?? null,
      summary: c.g.text(a, `${DCT}abstract`, c.prefer) ?? c.g.text(a, `${DCT}description`, c.prefer) ?? null,
      link: c.g.link(a, `${AR}documentLink`) ?? null,
      node: a,
    }));
}

function assessmentItem(c: Ctx, subject: string, type: string, title: string, what: string, related?: string): AnnexViiiItem {
  const found = assessments(c, subject, type);
  const rel = related ? assessments(c, subject, related) : [];
  const value: JsonObject = { assessments: found.map(({ node: _n, ...a }) => a) };
  if (rel.length > 0) value.related = rel.map(({ node: _n, ...a }) => ({ ...a, note: 'an IAMA/FRAIA: may serve as, but is not typed as, the fundamental rights impact assessment' }));
  const gaps: string[] = [];
  if (found.length === 0) gaps.push(`no ${what} in the description (ar:impactAssessment with ar:assessmentType ar:${type.slice(AR.length)})`);
  else if (found.some((a) => a.summary === null)) gaps.push(`no summary of the ${what}'s findings (dct:abstract or dct:description on the assessment)`);
  return { title, value, refersTo: [...found, ...rel].map((a) => a.node).filter((n) => !n.startsWith('_:')).concat(subject), ...(gaps.length > 0 ? { gap: gaps.join('; ') } : {}) };
}

function sectionC(c: Ctx, deployer: string): Record<string, AnnexViiiItem> {
  const use = useOf(c, deployer);
  const d = organisation(c, deployer, [use]);
  const user = use === c.system ? deployer : c.g.node(use, `${AR}usedBy`) ?? deployer;
  const providers = rolesOf(c, 'provider');
  const euEntry = c.g.link(c.system, `${AR}euDatabaseEntry`) ?? null;
  return {
    'C.1': { title: 'The name, address and contact details of the deployer', value: d, refersTo: [deployer], gap: orgGap(d) },
    'C.2': {
      title: 'The name, address and contact details of the person submitting information on behalf of the deployer',
      value: user === deployer ? { submittedBy: 'the deployer itself', name: label(c, deployer) } : { submittedBy: 'the organisation using the system on the deployer\'s behalf', name: label(c, user) },
      refersTo: [user],
    },
    'C.3': {
      title: 'The URL of the entry of the AI system in the EU database by its provider',
      value: { euDatabaseEntry: euEntry, system: c.system, tradeName: label(c, c.system), providers: providers.map((p) => label(c, p) ?? p) },
      refersTo: [c.system, ...providers],
      ...(euEntry === null ? { gap: 'the provider\'s EU database entry is not in the description (ar:euDatabaseEntry on the system)' } : {}),
    },
    'C.4': assessmentItem(c, use, `${AR}FRIA`, 'A summary of the findings of the fundamental rights impact assessment conducted in accordance with Art 27', 'fundamental rights impact assessment', `${AR}IAMA`),
    'C.5': assessmentItem(c, use, `${AR}DPIA`, 'A summary of the data protection impact assessment carried out in accordance with Art 35 of Regulation (EU) 2016/679 or Art 27 of Directive (EU) 2016/680, where applicable', 'data protection impact assessment'),
  };
}

/** Registration records for every system, organisation and section the obligations call for. */
export function annexViiiRecords(input: ExportInput, opts: AnnexViiiOptions = {}): AnnexViiiRecord[] {
  const g = graphOf(input);
  const classes = classificationsOf(input);
  const out: AnnexViiiRecord[] = [];
  for (const system of systemsOf(g, opts.systems)) {
    const sys = classes.get(system);
    if (!sys) continue;
    const c: Ctx = { g, sys, system, prefer: ['en', '', 'nl'] };
    const due = new Map<string, { section: AnnexViiiSection; ob: ObligationResult }>();
    for (const ob of sys.obligations) {
      const section = sectionCitedBy(ob.provisionIri);
      if (!section || (opts.section && section !== opts.section)) continue;
      const key = `${section} ${ob.organisation}`;
      if (!due.has(key)) due.set(key, { section, ob });
    }
    for (const { section, ob } of [...due.values()].sort((a, b) => `${a.section}${a.ob.organisation}`.localeCompare(`${b.section}${b.ob.organisation}`))) {
      const items = section === 'A' ? sectionA(c, ob.organisation) : section === 'B' ? sectionB(c, ob.organisation) : sectionC(c, ob.organisation);
      out.push({
        section,
        sectionIri: SECTION_IRI[section],
        obligation: { title: ob.title, provision: ob.provision, provisionIri: ob.provisionIri, appliesFrom: ob.appliesFrom, dateNote: ob.dateNote },
        system: { iri: system, name: label(c, system) },
        registrant: { iri: ob.organisation, name: label(c, ob.organisation), role: ob.role },
        items,
      });
    }
  }
  return out;
}

/** The records as export entries (one file each). */
export function exportAnnexViii(input: ExportInput, opts: AnnexViiiOptions = {}): ExportedEntry[] {
  return annexViiiRecords(input, opts).map((r) => ({
    subject: r.system.iri,
    system: r.system.iri,
    id: `${idFromIri(r.system.iri)}-${r.section}-${idFromIri(r.registrant.iri)}`,
    json: r as unknown as JsonObject,
    notes: Object.entries(r.items).filter(([, i]) => i.gap).map(([k, i]) => `${k}: ${i.gap}`),
  }));
}

/** A plain-text rendering of an item value, for rdf:value. */
function valueText(v: JsonValue): string {
  if (v === null) return '';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return v.map(valueText).filter(Boolean).join('; ');
  return Object.entries(v).filter(([, x]) => x !== null && !(Array.isArray(x) && x.length === 0)).map(([k, x]) => `${k}: ${valueText(x)}`).join('; ');
}

/** The records as RDF (ar:RegistrationData with numbered ar:RegistrationItem nodes). */
export function annexViiiQuads(records: readonly AnnexViiiRecord[], base = 'https://w3id.org/algoreg/derived/'): Quad[] {
  const out: Quad[] = [];
  const p = (x: string) => namedNode(x);
  for (const r of records) {
    const hash = createHash('sha256').update(`${r.section} ${r.system.iri} ${r.registrant.iri}`).digest('hex').slice(0, 16);
    const node = namedNode(`${base}registration/${r.section}/${hash}`);
    out.push(
      quad(node, p(RDF_TYPE), p(`${AR}RegistrationData`)),
      quad(node, p(`${AR}annexVIIISection`), p(r.sectionIri)),
      quad(node, p(`${AR}legalBasis`), p(r.obligation.provisionIri)),
      quad(node, p(`${AR}system`), p(r.system.iri)),
      quad(node, p(`${AR}registrant`), p(r.registrant.iri)),
      quad(node, p(RDFS_LABEL), literal(`EU database registration, Annex VIII section ${r.section}: ${r.system.name ?? r.system.iri} (${r.registrant.name ?? r.registrant.iri})`, 'en')),
    );
    let n = 0;
    for (const [num, item] of Object.entries(r.items)) {
      const it = blankNode(`reg${hash}_${++n}`);
      out.push(
        quad(node, p(`${AR}registrationItem`), it),
        quad(it, p(RDF_TYPE), p(`${AR}RegistrationItem`)),
        quad(it, p(`${SKOS}notation`), literal(num)),
        quad(it, p(RDFS_LABEL), literal(item.title, 'en')),
      );
      const text = valueText(item.value);
      if (text !== '') out.push(quad(it, p(RDF_VALUE), literal(text)));
      for (const ref of item.refersTo ?? []) if (!ref.startsWith('_:')) out.push(quad(it, p(`${AR}refersTo`), p(ref)));
      if (item.gap) out.push(quad(it, p(`${AR}gapNote`), literal(item.gap, 'en')));
    }
  }
  return out;
}
