// What every exporter shares: the systems and uses of a description, the view of one of them,
// and the field engine that turns a format's field table back into an entry.
import { createHash } from 'node:crypto';
import type { Quad } from '@rdfjs/types';
import type { ClassificationRun, SystemClassification } from '../../reason/index.js';
import { GraphView } from '../graph-view.js';
import { codePoints, digestOf, type JsonObject, type JsonValue } from '../json.js';
import { deriveField, type SystemView } from '../derive-field.js';
import { readSourceRecord, type SourceRecord } from '../source-record.js';
import type { FormatSpec } from '../spec.js';
import { AR, RDFS_LABEL } from '../vocab.js';

export const SYSTEM_CLASSES = [`${AR}AlgorithmicSystem`, `${AR}AISystem`, `${AR}GeneralPurposeAISystem`];

/** The description to export from: quads (or a view over them) and, optionally, their classification. */
export interface ExportInput {
  quads?: Iterable<Quad>;
  view?: GraphView;
  classification?: ClassificationRun | readonly SystemClassification[];
}

export interface ExportOptions {
  /** Only these systems (IRIs); uses of them are included. Default: every system and use. */
  systems?: readonly string[];
  /** Language of the texts to export (ISO 639-1); default: the entry's own, else English. */
  lang?: string;
  /** Include uses (ar:SystemUse) as entries of their own (Dutch and Eurocities formats). Default true. */
  uses?: boolean;
}

export interface ExportedEntry {
  /** The system (or use) the entry is about. */
  subject: string;
  /** The product system (for a use: the system it uses). */
  system: string;
  /** A file name stem for the entry. */
  id: string;
  json: JsonObject;
  /** What the export could not carry or had to change, in words. */
  notes: string[];
}

export function graphOf(input: ExportInput): GraphView {
  return input.view ?? new GraphView(input.quads ?? []);
}

export function classificationsOf(input: ExportInput): Map<string, SystemClassification> {
  const list = !input.classification ? [] : Array.isArray(input.classification) ? input.classification : (input.classification as ClassificationRun).systems;
  return new Map(list.map((s: SystemClassification) => [s.iri, s]));
}

/** Systems in the description (not general-purpose AI models), sorted. */
export function systemsOf(g: GraphView, only?: readonly string[]): string[] {
  const all = g.instancesOf(...SYSTEM_CLASSES).filter((s) => !s.startsWith('_:'));
  return only ? all.filter((s) => only.includes(s)) : all;
}

/** Uses of the given systems, sorted. */
export function usesOf(g: GraphView, systems: readonly string[]): { use: string; system: string }[] {
  const set = new Set(systems);
  return g.instancesOf(`${AR}SystemUse`)
    .map((use) => ({ use, system: g.node(use, `${AR}usesSystem`) ?? '' }))
    .filter((u) => set.has(u.system) && !u.use.startsWith('_:'));
}

/** The language of a subject's name: `prefer` if it has one in it, else English, else the first tag. */
export function languageOf(g: GraphView, subject: string, prefer?: string): string {
  const langs = g.objects(subject, RDFS_LABEL).flatMap((o) => (o.termType === 'Literal' && o.language ? [o.language.toLowerCase().split('-')[0]!] : []));
  if (prefer) return prefer;
  if (langs.includes('en') || langs.length === 0) return 'en';
  return [...langs].sort()[0]!;
}

export interface ViewOptions {
  lang: string;
  classification?: SystemClassification;
  record?: SourceRecord;
}

/** The view of a system, with the provider from the classification when the description names no supplier. */
export function systemView(g: GraphView, system: string, o: ViewOptions): SystemView {
  const organisation = g.node(system, `${AR}responsibleOrganisation`);
  // The supplier: as stated; else (for a description made in algoreg) the provider the rules
  // derived, the responsible organisation first when it is one (in-house, or the vendor's own product).
  const providers = (o.classification?.roles ?? []).filter((r) => r.role === 'provider').map((r) => r.organisation).sort();
  const derived = organisation && providers.includes(organisation) ? organisation : providers[0];
  const supplier = g.node(system, `${AR}supplier`) ?? (o.record ? undefined : derived);
  return {
    g, subject: system, fallbacks: [], organisation, supplier,
    prefer: [o.lang, '', 'en', 'nl'], tier: o.classification?.riskTier, sourceIdentifier: o.record?.identifier,
  };
}

/** The view of a use: its own statements first, then the system's; the user's organisation; the system's as supplier. */
export function useView(g: GraphView, use: string, system: string, o: ViewOptions): SystemView {
  return {
    g, subject: use, fallbacks: [system],
    organisation: g.node(use, `${AR}onBehalfOf`) ?? g.node(use, `${AR}usedBy`),
    supplier: g.node(system, `${AR}responsibleOrganisation`),
    prefer: [o.lang, '', 'en', 'nl'], tier: o.classification?.riskTier, sourceIdentifier: o.record?.identifier,
  };
}

export function recordOf(g: GraphView, subject: string, format: string): SourceRecord | undefined {
  return readSourceRecord(g, subject, format);
}

/** A text cut to `max` code points at a sentence or word boundary, with "…". */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  const sentenceEnd = head.lastIndexOf('. ');
  if (sentenceEnd >= max / 2) return head.slice(0, sentenceEnd + 1);
  const words = head.replace(/\s+\S*$/, '');
  return `${words.length >= max / 2 ? words : head}…`;
}

export interface FieldExportOptions {
  /** Keys to give even when the description has no value (as null): the format's required keys, or all. */
  alwaysKeys: (key: string) => boolean;
}

/**
 * An entry from a format's field table. With a source record of the format, its keys come in
 * their original order and each kept original is given while the description still gives the
 * value it had on import (then the original is the faithful form: HTML, null, order); otherwise
 * the value comes from the description. Values from the description longer than the format
 * allows are shortened, with a note.
 */
export function exportFields(spec: FormatSpec, view: SystemView, record: SourceRecord | undefined, o: FieldExportOptions, notes: string[]): JsonObject {
  const fields = new Map(spec.fields.map((f) => [f.key, f]));
  const standard = spec.fields.filter((f) => !f.legacy).map((f) => f.key);
  const keys = record ? [...record.fieldOrder, ...standard.filter((k) => !record.fieldOrder.includes(k))] : standard;
  const out: JsonObject = {};
  for (const key of keys) {
    const field = fields.get(key);
    const derived = field ? deriveField(field, view) : undefined;
    const kept = record?.kept.get(key);
    const inSource = record?.fieldOrder.includes(key) ?? false;
    let value: JsonValue | undefined;
    if (kept && kept.digest === digestOf(derived)) {
      value = kept.value;
    } else {
      value = derived;
      if (typeof value === 'string' && field?.maxLength !== undefined && codePoints(value) > field.maxLength) {
        notes.push(`${key}: shortened to ${field.maxLength} characters (the description has ${codePoints(value)})`);
        value = shorten(value, field.maxLength);
      }
    }
    if (value !== undefined) out[key] = value;
    else if (inSource || (!record && o.alwaysKeys(key))) out[key] = null;
  }
  return out;
}

/** A name-based UUID (version 5, URL namespace) for an IRI: stable across exports. */
export function uuidFor(iri: string): string {
  const ns = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const h = createHash('sha1').update(ns).update(iri).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The ar:domain concepts (local names) of a subject and its fallbacks. */
export function domainsOf(view: SystemView): string[] {
  return [view.subject, ...view.fallbacks].flatMap((x) => view.g.nodes(x, `${AR}domain`)).filter((c) => c.startsWith(AR)).map((c) => c.slice(AR.length));
}

/** A file name stem from an IRI's last segment. */
export function idFromIri(iri: string): string {
  const last = iri.replace(/[#/]+$/, '').split(/[#/]/).pop() ?? 'system';
  return last.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120) || 'system';
}
