// One register entry → the triples of one system description, with its source record.
import type { Quad } from '@rdfjs/types';
import type { Tier } from '../reason/decide.js';
import { EntryBuilder } from './builder.js';
import { checkEntry } from './check.js';
import { claimedTier } from './claims.js';
import { GraphView } from './graph-view.js';
import { sanitizeHtml } from './html-text.js';
import { isJsonObject, sameJson, type JsonObject, type JsonValue } from './json.js';
import { applyField } from './apply-field.js';
import { deriveField, type SystemView } from './derive-field.js';
import { languageTag } from './field-values.js';
import { slug, type OrganisationRegistry } from './organisations.js';
import { keptField, sourceRecordQuads, type KeptField } from './source-record.js';
import { fieldIndex, type FormatSpec } from './spec.js';
import { AR, RDFS_LABEL } from './vocab.js';

export interface ImportOptions {
  /** Base IRI: systems are <base>system/<prefix>-<id>, organisations <base>org/<name>. */
  base: string;
  orgs: OrganisationRegistry;
  /** The organisation for entries that name none (e.g. vendor templates imported by the city that uses them). */
  organisation?: string;
  /** Prefix of blank node labels, unique per entry in an import. */
  bnodePrefix: string;
}

export interface ImportedEntry {
  ok: true;
  source: string;
  id: string;
  iri: string;
  name: string;
  /** The description: system, organisations, nodes. */
  description: Quad[];
  /** The source record (format, identifier, fields kept verbatim). */
  record: Quad[];
  warnings: string[];
  claim?: { value: string; tier: Tier | null };
}

export interface RefusedEntry {
  ok: false;
  source: string;
  id?: string;
  name?: string;
  reasons: string[];
}

export type EntryResult = ImportedEntry | RefusedEntry;

/** Everything an imported entry adds: its description and its source record. */
export const entryQuads = (e: ImportedEntry): Quad[] => [...e.description, ...e.record];

const ID_MAX = 120;
const SAFE_ID = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${ID_MAX - 1}}$`);

/** Removes markup the standard does not allow from every text in a value; says what was removed. */
function sanitizeValue(v: JsonValue, removed: Set<string>): JsonValue {
  if (typeof v === 'string') {
    if (!v.includes('<')) return v;
    const s = sanitizeHtml(v);
    for (const r of s.removed) removed.add(r);
    return s.html;
  }
  if (Array.isArray(v)) return v.map((x) => sanitizeValue(x, removed));
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = sanitizeValue(x, removed);
    return out;
  }
  return v;
}

export function importEntry(spec: FormatSpec, raw: unknown, source: string, opts: ImportOptions): EntryResult {
  if (!isJsonObject(raw as JsonValue)) {
    return { ok: false, source, reasons: [`not an entry: expected an object with the ${spec.name} fields, found ${Array.isArray(raw) ? 'a list' : raw === null ? 'null' : typeof raw}`] };
  }
  const input = raw as JsonObject;
  const fields = fieldIndex(spec);
  const keys = Object.keys(input);
  const name = typeof input.name === 'string' ? input.name : typeof input.tool_name === 'string' ? input.tool_name : undefined;
  if (!keys.some((k) => fields.has(k))) {
    return { ok: false, source, name, reasons: [`no ${spec.name} field among its keys (${keys.slice(0, 8).join(', ') || 'none'}): is --from right?`] };
  }

  // Markup the standard does not allow is removed first: what is kept is what is mapped.
  const entry: JsonObject = {};
  const warnings: string[] = [];
  for (const k of keys) {
    const removed = new Set<string>();
    entry[k] = sanitizeValue(input[k]!, removed);
    if (removed.size > 0) warnings.push(`${k}: removed ${[...removed].join(', ')} (not allowed in the standard's HTML)`);
  }
  warnings.push(...checkEntry(spec, entry));

  const ident = spec.identify(entry);
  // The register's id as is when it can be a path segment of the register server's ids, else made one.
  let local = ident.local === undefined ? undefined : SAFE_ID.test(ident.local) ? ident.local : slug(ident.local, ID_MAX) || undefined;
  if (!local) {
    const fallback = slug(name ?? '', ID_MAX);
    if (!fallback) return { ok: false, source, name, reasons: ['no identifier and no name to mint a stable system IRI from'] };
    local = fallback;
    warnings.push(`no register identifier: the system id is made from the name (${spec.idPrefix}-${local}), which changes if the name does`);
  }
  const id = `${spec.idPrefix}-${local}`;
  const iri = `${opts.base}system/${id}`;

  const langField = spec.fields.find((f) => f.map?.kind === 'language');
  const langValue = langField ? entry[langField.key] : undefined;
  const lang = (typeof langValue === 'string' ? languageTag(langValue) : undefined) ?? spec.defaultLanguage;

  const b = new EntryBuilder(iri, lang, opts.bnodePrefix, opts.orgs, spec);
  const orgIdField = spec.fields.find((f) => f.map?.kind === 'organisationId' && typeof entry[f.key] === 'string' && (entry[f.key] as string).trim() !== '');
  const organisationId = orgIdField ? (entry[orgIdField.key] as string) : undefined;
  for (const k of keys) {
    const field = fields.get(k);
    if (field) applyField(entry[k]!, { b, field, entry, fields: spec.fields, organisationId });
  }

  if (!b.responsible && opts.organisation) {
    b.responsible = opts.orgs.resolve(opts.organisation, undefined, { establishedInEU: spec.establishedInEU });
    b.responsibleFrom = 'option';
  }
  if (!b.responsible && b.supplier) {
    b.responsible = b.supplier;
    b.responsibleFrom = 'supplier';
    b.warn(`no organisation named: the supplier (${b.supplier.name}) is recorded as the responsible organisation; import with --organisation to name the organisation that uses it`);
  }
  if (!b.responsible) {
    return { ok: false, source, id, name, reasons: [`no organisation: the entry names none and there is no supplier or --organisation to fall back on`, ...b.warnings] };
  }
  if (!b.quads.some((q) => q.predicate.value === RDFS_LABEL && q.subject.value === iri)) {
    return { ok: false, source, id, name, reasons: ['no name: a system needs one', ...b.warnings] };
  }
  b.finish();

  // Keep verbatim every field the description cannot give back exactly.
  const graph = new GraphView(b.quads);
  const sv: SystemView = {
    g: graph,
    subject: iri,
    fallbacks: [],
    organisation: b.responsible.iri,
    supplier: b.supplier?.iri,
    prefer: [lang, '', 'en', 'nl'],
    sourceIdentifier: ident.register,
  };
  const kept = new Map<string, KeptField>();
  for (const k of keys) {
    const field = fields.get(k);
    const derived = field ? deriveField(field, sv) : undefined;
    if (!sameJson(entry[k]!, derived)) kept.set(k, keptField(k, entry[k]!, derived));
  }
  // A standard key the entry did not have, but that the description gives a value for (e.g. a
  // 1.0 grouping filled from a legacy key): remembered as absent, so that an export leaves it out
  // until the description changes.
  for (const field of spec.exported ? spec.fields : []) {
    if (field.legacy || field.key in entry) continue;
    const derived = deriveField(field, sv);
    if (derived !== undefined) kept.set(field.key, keptField(field.key, undefined, derived));
  }
  const record = sourceRecordQuads(iri, { format: spec.name, identifier: ident.register, fieldOrder: keys, kept }, `${opts.bnodePrefix}s`);

  const claimValue = graph.literals(iri, `${AR}claimedRiskCategory`)[0];
  const claimField = spec.fields.find((f) => f.map?.kind === 'claim');
  const claim = claimValue !== undefined && claimField?.map?.kind === 'claim' ? { value: claimValue, tier: claimedTier(claimField.map.table, claimValue) ?? null } : undefined;
  return { ok: true, source, id, iri, name: graph.label(iri, [lang, '']) ?? id, description: b.quads, record, warnings: [...warnings, ...b.warnings], claim };
}
