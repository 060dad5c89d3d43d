// The form's field model, generated from the ontology and the shapes: every ar:Determinant a
// system can state becomes a field (concept lists from the scheme that shapes/values.ttl ties
// the property to, yes/no/unknown for xsd:boolean, a date for xsd:date); the publication
// recommendations (shapes/publication.ttl) give the descriptive text fields. Nothing here is
// written per field, so a determinant added to the ontology appears in the form by itself.
import type { Quad } from '@rdfjs/types';
import { ontologyQuads } from '../../ontology/load.js';
import { loadShapes } from '../../validate/index.js';

export const AR = 'https://w3id.org/algoreg/ns#';
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
export const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
export const DCT_DESCRIPTION = 'http://purl.org/dc/terms/description';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDFS_RANGE = 'http://www.w3.org/2000/01/rdf-schema#range';
const RDFS_DOMAIN = 'http://www.w3.org/2000/01/rdf-schema#domain';
const OWL_OBJECT_PROPERTY = 'http://www.w3.org/2002/07/owl#ObjectProperty';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const SH = 'http://www.w3.org/ns/shacl#';
const GDPR_LAW = 'https://w3id.org/algoreg/law/gdpr/';

/** Where a field sits on the form. */
export type Section = 'description' | 'aiact' | 'gdpr' | 'organisation';

export interface Choice {
  iri: string;
  /** Depth under skos:broader within its scheme (0: top concept), for indentation. */
  depth: number;
}

interface FieldBase {
  /** The form control name (the property's local name, or label-en / label-nl). */
  name: string;
  property: string;
  section: Section;
}

export interface ConceptField extends FieldBase {
  kind: 'concepts';
  scheme: string;
  choices: Choice[];
}
export interface BooleanField extends FieldBase {
  kind: 'boolean';
}
export interface DateField extends FieldBase {
  kind: 'date';
}
export interface TextField extends FieldBase {
  kind: 'text';
  /** Language tag the value is written with; undefined: the form's language; null: none (an address). */
  lang?: string | null;
  multiline: boolean;
}

export type Field = ConceptField | BooleanField | DateField | TextField;

export interface FormModel {
  /** Fields about the system itself, in form order. */
  system: Field[];
  /** Determinants of an organisation (for a new organisation given on the form). */
  organisation: Field[];
  /** The value-chain facts of a role assignment. */
  valueChain: ConceptField;
  byName: Map<string, Field>;
}

export function localName(iri: string): string {
  return iri.replace(/^.*[#/]/, '');
}

class Index {
  private readonly bySubject = new Map<string, Quad[]>();
  readonly subjectsInOrder: string[] = [];
  constructor(quads: Quad[]) {
    for (const q of quads) {
      let list = this.bySubject.get(q.subject.value);
      if (!list) {
        list = [];
        this.bySubject.set(q.subject.value, list);
        this.subjectsInOrder.push(q.subject.value);
      }
      list.push(q);
    }
  }
  objects(s: string, p: string): string[] {
    return (this.bySubject.get(s) ?? []).filter((q) => q.predicate.value === p).map((q) => q.object.value);
  }
  has(s: string, p: string, o: string): boolean {
    return this.objects(s, p).includes(o);
  }
}

/** property → scheme, read from value shapes of the form `sh:path P ; sh:node [ sh:property [ sh:path skos:inScheme ; sh:hasValue S ] ]`. */
function schemesFromShapes(shapes: Index): Map<string, string> {
  const out = new Map<string, string>();
  for (const shape of shapes.subjectsInOrder) {
    const [path] = shapes.objects(shape, `${SH}path`);
    if (!path) continue;
    for (const node of shapes.objects(shape, `${SH}node`)) {
      for (const prop of shapes.objects(node, `${SH}property`)) {
        if (!shapes.has(prop, `${SH}path`, `${SKOS}inScheme`)) continue;
        const [scheme] = shapes.objects(prop, `${SH}hasValue`);
        if (scheme && !out.has(path)) out.set(path, scheme);
      }
    }
  }
  return out;
}

/** The concepts of a scheme in ontology order, each followed by its narrower concepts. */
function schemeChoices(onto: Index, scheme: string): Choice[] {
  const members = onto.subjectsInOrder.filter((s) => onto.has(s, `${SKOS}inScheme`, scheme));
  const inScheme = new Set(members);
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const m of members) {
    const parent = onto.objects(m, `${SKOS}broader`).find((b) => inScheme.has(b) && b !== m);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), m]);
    else roots.push(m);
  }
  const out: Choice[] = [];
  const seen = new Set<string>();
  const walk = (iri: string, depth: number) => {
    if (seen.has(iri)) return;
    seen.add(iri);
    out.push({ iri, depth });
    for (const c of children.get(iri) ?? []) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}

function determinantField(onto: Index, schemes: Map<string, string>, property: string, section: Section): Field | undefined {
  const name = localName(property);
  const scheme = schemes.get(property);
  if (scheme) return { kind: 'concepts', name, property, section, scheme, choices: schemeChoices(onto, scheme) };
  const range = onto.objects(property, RDFS_RANGE);
  if (range.includes(`${XSD}boolean`)) return { kind: 'boolean', name, property, section };
  if (range.includes(`${XSD}date`)) return { kind: 'date', name, property, section };
  return undefined; // numbers, structured values: not on the form (kept as they are on edit)
}

/** Builds the field model from ontology and shape quads. */
export function buildModel(ontology: Quad[], shapeQuads: Quad[]): FormModel {
  const onto = new Index(ontology);
  const shapes = new Index(shapeQuads);
  const schemes = schemesFromShapes(shapes);
  const determinants = onto.subjectsInOrder.filter((s) => onto.has(s, RDF_TYPE, `${AR}Determinant`) && onto.objects(s, `${AR}question`).length > 0);
  const domainOf = (p: string) => onto.objects(p, RDFS_DOMAIN);
  const lawSection = (p: string): Section => (onto.objects(p, `${AR}decides`).some((d) => d.startsWith(GDPR_LAW)) ? 'gdpr' : 'aiact');

  const system: Field[] = [
    { kind: 'text', name: 'label-en', property: RDFS_LABEL, section: 'description', lang: 'en', multiline: false },
    { kind: 'text', name: 'label-nl', property: RDFS_LABEL, section: 'description', lang: 'nl', multiline: false },
  ];
  // Descriptive fields: what shapes/publication.ttl recommends (sh:Info) and a text or a concept can hold.
  const recommended = shapes.subjectsInOrder.filter((s) => shapes.has(s, `${SH}severity`, `${SH}Info`) && shapes.has(s, `${SH}targetClass`, `${AR}AlgorithmicSystem`));
  for (const shape of recommended) {
    const [path] = shapes.objects(shape, `${SH}path`);
    if (!path || system.some((f) => f.property === path)) continue;
    if (schemes.has(path)) system.push({ kind: 'concepts', name: localName(path), property: path, section: 'description', scheme: schemes.get(path)!, choices: schemeChoices(onto, schemes.get(path)!) });
    else if (!onto.has(path, RDF_TYPE, OWL_OBJECT_PROPERTY)) system.push({ kind: 'text', name: localName(path), property: path, section: 'description', multiline: !ADDRESSES.has(path), ...(ADDRESSES.has(path) ? { lang: null } : {}) });
  }
  const systemDeterminants: Field[] = [];
  const organisation: Field[] = [];
  for (const p of determinants) {
    const domains = domainOf(p);
    if (domains.includes(`${AR}Organisation`)) {
      const f = determinantField(onto, schemes, p, 'organisation');
      if (f) organisation.push(f);
      continue;
    }
    if (domains.length > 0 && !domains.some((d) => d === `${AR}AlgorithmicSystem` || d === `${AR}AISystem`)) continue;
    const f = determinantField(onto, schemes, p, lawSection(p));
    if (f) systemDeterminants.push(f);
  }
  // Dates (market and service dates) after the yes/no and list questions they qualify.
  system.push(...systemDeterminants.filter((f) => f.kind !== 'date'), ...systemDeterminants.filter((f) => f.kind === 'date'));
  const vc = `${AR}valueChainFact`;
  const valueChain: ConceptField = { kind: 'concepts', name: 'facts', property: vc, section: 'organisation', scheme: schemes.get(vc) ?? `${AR}ValueChainScheme`, choices: schemeChoices(onto, schemes.get(vc) ?? `${AR}ValueChainScheme`) };
  const byName = new Map<string, Field>(system.map((f) => [f.name, f]));
  return { system, organisation, valueChain, byName };
}

// Addresses are one line and have no language; every other recommended text is prose.
const ADDRESSES = new Set([`${AR}contactEmail`, `${AR}website`]);

let cached: Promise<FormModel> | undefined;

/** The field model of the packaged ontology and shapes (built once). */
export function formModel(): Promise<FormModel> {
  cached ??= loadShapes().then((shapes) => buildModel(ontologyQuads(), shapes));
  return cached;
}

/** An annotation of an ontology term in a language, falling back to English, then to any. */
let annotations: Map<string, Quad[]> | undefined;
export function annotation(iri: string, property: string, lang: string): string | undefined {
  if (!annotations) {
    annotations = new Map();
    for (const q of ontologyQuads()) if (q.object.termType === 'Literal') annotations.set(q.subject.value, [...(annotations.get(q.subject.value) ?? []), q]);
  }
  const quads = (annotations.get(iri) ?? []).filter((q) => q.predicate.value === property);
  const pick = (l: string) => quads.find((q) => q.object.termType === 'Literal' && q.object.language === l)?.object.value;
  return pick(lang) ?? pick('en') ?? quads[0]?.object.value;
}

/** The plain-language question of a determinant (ar:question), only if the ontology has it in `lang`. */
export function question(property: string, lang: string): string | undefined {
  return annotationIn(property, `${AR}question`, lang);
}

/** An explanatory note (skos:scopeNote), only in `lang`. */
export function scopeNote(property: string, lang: string): string | undefined {
  return annotationIn(property, `${SKOS}scopeNote`, lang);
}

function annotationIn(iri: string, property: string, lang: string): string | undefined {
  const v = annotation(iri, property, lang);
  const quads = annotations?.get(iri) ?? [];
  return quads.some((q) => q.predicate.value === property && q.object.termType === 'Literal' && q.object.language === lang && q.object.value === v) ? v : undefined;
}

/** The language tag of the ontology's `property` text of `iri` that reads `text` (to mark fallbacks with lang=). */
export function languageOf(iri: string, property: string, text: string): string | undefined {
  annotation(iri, property, 'en'); // builds the index
  const q = (annotations?.get(iri) ?? []).find((x) => x.predicate.value === property && x.object.value === text);
  return q?.object.termType === 'Literal' ? q.object.language || undefined : undefined;
}

export const SKOS_DEFINITION = `${SKOS}definition`;
export const SKOS_SCOPE_NOTE = `${SKOS}scopeNote`;
