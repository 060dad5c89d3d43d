// Form values → the quads of a system description. On edit, the stored description minus the
// triples the form showed is kept as is, so nothing the form does not model is lost.
import { DataFactory } from 'n3';
import type { NamedNode, Quad, Quad_Object, Quad_Subject } from '@rdfjs/types';
import { AR, RDF_TYPE, RDFS_LABEL, XSD, type Field, type FormModel } from './fields.js';
import { nodeKey, quadKey } from './from-rdf.js';
import { NEW_ORG, type FormValues } from './values.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

/** What a node of the built description stands for on the form (to place SHACL messages). */
export interface FocusTarget {
  row: number;
  kind: 'role' | 'newOrg';
}

export interface BuildContext {
  systemIri: string;
  /** Register base IRI (new organisations are minted under {base}org/). */
  base: string;
  /** Language of the form's free texts. */
  lang: string;
  /** Organisations the register describes: the ones a row may choose. */
  organisations: ReadonlySet<string>;
  /** Whether an IRI is already used in the register (new organisations get a fresh one). */
  taken: (iri: string) => boolean;
  /** The stored description, the keys of the triples the form showed of it, and the text fields it stated without a language. */
  stored?: { quads: Quad[]; shown: ReadonlySet<string>; untagged: ReadonlySet<string> };
}

export interface Built {
  quads: Quad[];
  focus: Map<string, FocusTarget>;
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

function objects(field: Field, values: string[], lang: string, untagged = false): Quad_Object[] {
  switch (field.kind) {
    case 'concepts':
      return values.map((v) => namedNode(v));
    case 'boolean':
      return values.map((v) => literal(v, namedNode(`${XSD}boolean`)));
    case 'date':
      return values.map((v) => literal(v, namedNode(`${XSD}date`)));
    case 'text':
      // No language for addresses, nor for a text the stored description gave without one.
      return values.map((v) => (field.lang === null || untagged ? literal(v) : literal(v, field.lang ?? lang)));
  }
}

export function buildDescription(values: FormValues, model: FormModel, ctx: BuildContext): Built {
  const out: Quad[] = [];
  const focus = new Map<string, FocusTarget>();
  const sys = namedNode(ctx.systemIri);
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));

  // Kept: every stored triple the form did not show, less the role assignments a row cleared.
  const stored = ctx.stored?.quads ?? [];
  const storedRoles = new Map<string, Quad_Object>();
  for (const q of stored) if (q.subject.equals(sys) && q.predicate.value === `${AR}roleAssignment` && q.object.termType !== 'Literal') storedRoles.set(nodeKey(q.object), q.object);
  const cleared = new Set(values.orgs.filter((r) => r.node && storedRoles.has(r.node) && !r.agent && !r.newName).map((r) => r.node));
  for (const q of stored) {
    if (ctx.stored?.shown.has(quadKey(q))) continue;
    if (cleared.has(nodeKey(q.subject)) || (q.subject.equals(sys) && cleared.has(nodeKey(q.object)))) continue;
    out.push(q);
  }

  const isAI = values.fields.get('isAISystem')?.[0] === 'true';
  add(sys, RDF_TYPE, namedNode(isAI ? `${AR}AISystem` : `${AR}AlgorithmicSystem`));
  for (const f of model.system) for (const o of objects(f, values.fields.get(f.name) ?? [], ctx.lang, ctx.stored?.untagged.has(f.name))) add(sys, f.property, o);

  const minted = new Set<string>();
  const mint = (name: string, row: number): NamedNode => {
    const stem = slug(name) || `${slug(values.id) || 'system'}-organisation-${row + 1}`;
    let iri = `${ctx.base}org/${stem}`;
    for (let n = 2; ctx.taken(iri) || ctx.organisations.has(iri) || minted.has(iri); n++) iri = `${ctx.base}org/${stem}-${n}`;
    minted.add(iri);
    return namedNode(iri);
  };

  values.orgs.forEach((row, i) => {
    let agent: NamedNode | undefined;
    if (row.agent === NEW_ORG || (row.agent === '' && row.newName)) {
      agent = mint(row.newName, i);
      focus.set(agent.value, { row: i, kind: 'newOrg' });
      add(agent, RDF_TYPE, namedNode(`${AR}Organisation`));
      if (row.newName) add(agent, RDFS_LABEL, literal(row.newName, ctx.lang));
      for (const f of model.organisation) for (const o of objects(f, row.newFields.get(f.name) ?? [], ctx.lang)) add(agent, f.property, o);
    } else if (ctx.organisations.has(row.agent)) {
      agent = namedNode(row.agent);
    }
    if (!agent) return;
    if (row.responsible) add(sys, `${AR}responsibleOrganisation`, agent);
    const storedNode = row.node ? storedRoles.get(row.node) : undefined;
    if (!storedNode && row.facts.length === 0) return; // only named as responsible: no role assignment
    const node = (storedNode as Quad_Subject | undefined) ?? blankNode(`form${i}`);
    focus.set(nodeKey(node), { row: i, kind: 'role' });
    add(sys, `${AR}roleAssignment`, node);
    add(node, RDF_TYPE, namedNode(`${AR}RoleAssignment`));
    add(node, `${AR}agent`, agent);
    for (const f of row.facts) add(node, `${AR}valueChainFact`, namedNode(f));
  });

  const seen = new Set<string>();
  return { quads: out.filter((q) => !seen.has(quadKey(q)) && !!seen.add(quadKey(q))), focus };
}
