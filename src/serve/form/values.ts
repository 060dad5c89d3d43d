// What a form submission holds, independent of HTML and RDF: parsed from the request body,
// prefilled from a stored description, turned into quads by to-rdf.ts.
import type { Field, FormModel } from './fields.js';

/** One organisation involved with the system: a role assignment and/or the responsible organisation. */
export interface OrgRow {
  /** The stored role-assignment node this row edits (`_:label` or an IRI); '' for a new one. */
  node: string;
  /** An organisation IRI from the register, NEW_ORG, or '' (row left empty). */
  agent: string;
  /** For NEW_ORG: the new organisation's name and its determinants (by field name). */
  newName: string;
  newFields: Map<string, string[]>;
  responsible: boolean;
  /** Value-chain fact IRIs. */
  facts: string[];
}

export const NEW_ORG = 'new';

export interface FormValues {
  /** The system id (slug); for an existing system, the id in the path. */
  id: string;
  /** The record version the form was opened on ('' for a new system). */
  version: string;
  /** Values by field name: texts as one string, concepts as IRIs, booleans 'true'/'false', dates. */
  fields: Map<string, string[]>;
  orgs: OrgRow[];
}

export const MAX_ORG_ROWS = 40;
/** Empty organisation rows a form offers beyond the filled ones (no script needed to add one). */
export const SPARE_ORG_ROWS = 1;

export function emptyOrgRow(): OrgRow {
  return { node: '', agent: '', newName: '', newFields: new Map(), responsible: false, facts: [] };
}

export function isEmptyRow(r: OrgRow): boolean {
  return r.agent === '' && r.newName.trim() === '' && r.facts.length === 0 && !r.responsible && r.node === '';
}

// Only values the form could have offered are taken: anything else in a body is ignored.
function fieldValues(field: Field, raw: string[]): string[] {
  switch (field.kind) {
    case 'concepts': {
      const allowed = new Set(field.choices.map((c) => c.iri));
      return [...new Set(raw.filter((v) => allowed.has(v)))];
    }
    case 'boolean':
      return raw.filter((v) => v === 'true' || v === 'false').slice(0, 1);
    case 'date':
    case 'text': {
      const v = (raw[0] ?? '').replace(/\r\n?/g, '\n').trim();
      return v ? [v] : [];
    }
  }
}

/** Reads form values from an application/x-www-form-urlencoded body. */
export function parseForm(params: URLSearchParams, model: FormModel, id: string): FormValues {
  const fields = new Map<string, string[]>();
  for (const f of model.system) fields.set(f.name, fieldValues(f, params.getAll(f.name)));
  const count = Math.min(MAX_ORG_ROWS, Math.max(0, Number.parseInt(params.get('orgs') ?? '0', 10) || 0));
  const orgs: OrgRow[] = [];
  for (let i = 0; i < count; i++) {
    const p = (k: string) => `org-${i}-${k}`;
    const newFields = new Map<string, string[]>();
    for (const f of model.organisation) newFields.set(f.name, fieldValues(f, params.getAll(p(f.name))));
    orgs.push({
      node: (params.get(p('node')) ?? '').slice(0, 300),
      agent: (params.get(p('agent')) ?? '').trim().slice(0, 1000),
      newName: (params.get(p('name')) ?? '').trim(),
      newFields,
      responsible: params.get(p('responsible')) === 'yes',
      facts: fieldValues(model.valueChain, params.getAll(p('facts'))),
    });
  }
  return { id: (params.get('id') ?? id).trim(), version: params.get('version') ?? '', fields, orgs };
}
