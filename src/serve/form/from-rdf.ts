// A stored description → form values, and the exact triples the form shows. Saving replaces
// only those triples (to-rdf.ts), so whatever the form does not model is kept as it was.
import type { Quad, Term } from '@rdfjs/types';
import { AR, RDF_TYPE, XSD, type Field, type FormModel } from './fields.js';
import { emptyOrgRow, type FormValues, type OrgRow } from './values.js';

/** Node key as in SHACL results: an IRI, or `_:label` for a blank node. */
export function nodeKey(t: Term): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
}

/** A key that tells quads apart (graph ignored). */
export function quadKey(q: Quad): string {
  const o = q.object;
  const obj = o.termType === 'Literal' ? `"${o.value}"@${o.language}^^${o.datatype.value}` : `${o.termType}:${o.value}`;
  return `${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${obj}`;
}

/** System classes the form writes itself (the rest of a system's types are kept). */
export const FORM_TYPES = new Set([`${AR}AlgorithmicSystem`, `${AR}AISystem`]);

export interface Prefill {
  values: FormValues;
  /** quadKey of every stored triple the form shows (and so rewrites on save). */
  shown: Set<string>;
  /** Text fields whose stored value has no language tag (saved again without one). */
  untagged: Set<string>;
  /** Texts stated in other languages than the form's, by field name: shown read-only, kept. */
  otherLanguages: Map<string, { lang: string; value: string }[]>;
}

function readField(field: Field, quads: Quad[], lang: string, shown: Quad[], others: { lang: string; value: string }[], untaggedOut: Set<string>): string[] {
  const own = quads.filter((q) => q.predicate.value === field.property);
  switch (field.kind) {
    case 'concepts': {
      const allowed = new Set(field.choices.map((c) => c.iri));
      const hit = own.filter((q) => q.object.termType === 'NamedNode' && allowed.has(q.object.value));
      shown.push(...hit);
      return [...new Set(hit.map((q) => q.object.value))];
    }
    case 'boolean': {
      const hit = own.find((q) => q.object.termType === 'Literal' && q.object.datatype.value === `${XSD}boolean` && ['true', 'false', '1', '0'].includes(q.object.value));
      if (!hit) return [];
      shown.push(hit);
      return [hit.object.value === 'true' || hit.object.value === '1' ? 'true' : 'false'];
    }
    case 'date': {
      const hit = own.find((q) => q.object.termType === 'Literal' && q.object.datatype.value === `${XSD}date`);
      if (!hit) return [];
      shown.push(hit);
      return [hit.object.value];
    }
    case 'text': {
      const literals = own.filter((q) => q.object.termType === 'Literal' && (q.object.language !== '' || q.object.datatype.value === `${XSD}string`));
      const untagged = literals.find((q) => q.object.termType === 'Literal' && q.object.language === '');
      // One value per field is shown: in the field's (or form's) language, else an untagged one.
      const want = field.lang === null ? undefined : (field.lang ?? lang);
      const tagged = want ? literals.find((q) => q.object.termType === 'Literal' && q.object.language === want) : undefined;
      const hit = tagged ?? (field.lang === undefined || field.lang === null || field.lang === 'en' ? untagged : undefined);
      if (hit && hit === untagged) untaggedOut.add(field.name);
      if (field.lang !== 'en' && field.lang !== 'nl') for (const q of literals) if (q !== hit && q.object.termType === 'Literal') others.push({ lang: q.object.language, value: q.object.value });
      if (!hit) return [];
      shown.push(hit);
      return [hit.object.value];
    }
  }
}

/** Form values of system `systemIri` from its stored description. */
export function prefill(quads: Quad[], systemIri: string, id: string, version: string, model: FormModel, lang: string): Prefill {
  const shownQuads: Quad[] = [];
  const otherLanguages = new Map<string, { lang: string; value: string }[]>();
  const about = quads.filter((q) => q.subject.termType === 'NamedNode' && q.subject.value === systemIri);
  const fields = new Map<string, string[]>();
  const untagged = new Set<string>();
  for (const f of model.system) {
    const others: { lang: string; value: string }[] = [];
    fields.set(f.name, readField(f, about, lang, shownQuads, others, untagged));
    if (others.length) otherLanguages.set(f.name, others);
  }
  shownQuads.push(...about.filter((q) => q.predicate.value === RDF_TYPE && FORM_TYPES.has(q.object.value)));

  const rows: OrgRow[] = [];
  const bySubject = (t: Term) => quads.filter((q) => q.subject.termType === t.termType && q.subject.value === t.value);
  const factChoices = new Set(model.valueChain.choices.map((c) => c.iri));
  for (const link of about.filter((q) => q.predicate.value === `${AR}roleAssignment` && q.object.termType !== 'Literal')) {
    const node = bySubject(link.object);
    const agent = node.find((q) => q.predicate.value === `${AR}agent` && q.object.termType === 'NamedNode');
    const facts = node.filter((q) => q.predicate.value === `${AR}valueChainFact` && factChoices.has(q.object.value));
    shownQuads.push(link, ...facts, ...node.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${AR}RoleAssignment`));
    if (agent) shownQuads.push(agent);
    rows.push({ ...emptyOrgRow(), node: nodeKey(link.object), agent: agent?.object.value ?? '', facts: facts.map((q) => q.object.value) });
  }
  const responsible = about.filter((q) => q.predicate.value === `${AR}responsibleOrganisation` && q.object.termType === 'NamedNode');
  for (const r of responsible) {
    shownQuads.push(r);
    const matching = rows.filter((row) => row.agent === r.object.value);
    if (matching.length) for (const row of matching) row.responsible = true;
    else rows.push({ ...emptyOrgRow(), agent: r.object.value, responsible: true });
  }
  return { values: { id, version, fields, orgs: rows }, shown: new Set(shownQuads.map(quadKey)), untagged, otherLanguages };
}
