/**
 * Languages of the web pages: UI strings from the message catalogues locales/{lang}.json, concept
 * labels and definitions from the ontology. Adding a language needs a catalogue and labels only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { packagePath } from '../../paths.js';
import { ontologyQuads } from '../../ontology/load.js';

export type Lang = string;

const LOCALES = packagePath('locales');

/** The languages with a message catalogue (locales/*.json), English first. */
export const LANGS: readonly string[] = readdirSync(LOCALES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));

const catalogues = new Map<string, Record<string, string>>();
function catalogue(lang: Lang): Record<string, string> {
  let c = catalogues.get(lang);
  if (!c) {
    c = LANGS.includes(lang) ? (JSON.parse(readFileSync(`${LOCALES}/${lang}.json`, 'utf8')) as Record<string, string>) : {};
    catalogues.set(lang, c);
  }
  return c;
}

function primary(tag: string): string {
  return tag.trim().toLowerCase().split('-')[0];
}

/** ?lang= wins, then the Accept-Language header by q-value, then English. */
export function chooseLang(url: URL, acceptLanguage: string | undefined): Lang {
  const asked = url.searchParams.get('lang');
  if (asked && LANGS.includes(primary(asked))) return primary(asked);
  if (acceptLanguage) {
    const ranges = acceptLanguage
      .split(',')
      .map((part, i) => {
        const [tag, ...params] = part.split(';').map((s) => s.trim());
        const q = params.map((p) => /^q=([0-9.]+)$/i.exec(p)?.[1]).find((v) => v !== undefined);
        return { tag: primary(tag ?? ''), q: q === undefined ? 1 : Number(q) || 0, i };
      })
      .filter((r) => r.tag && r.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i);
    for (const r of ranges) if (LANGS.includes(r.tag)) return r.tag;
  }
  return 'en';
}

/** A UI string from the catalogue of `lang` (else English, else the key), with {name} placeholders filled. */
export function t(key: string, lang: Lang, params?: Record<string, string | number>): string {
  const text = catalogue(lang)[key] ?? catalogue('en')[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const PREF_LABEL = 'http://www.w3.org/2004/02/skos/core#prefLabel';
const DEFINITION = 'http://www.w3.org/2004/02/skos/core#definition';
const NOTATION = 'http://www.w3.org/2004/02/skos/core#notation';
const QUESTION = 'https://w3id.org/algoreg/ns#question';
const IN_SCHEME = 'http://www.w3.org/2004/02/skos/core#inScheme';

interface Texts {
  labels: Map<string, Map<string, string>>;
  definitions: Map<string, Map<string, string>>;
  questions: Map<string, Map<string, string>>;
  byNotation: Map<string, string>;
}

let texts: Texts | undefined;

// Built once from the ontology: iri → language → text. rdfs:label wins over skos:prefLabel.
function ontologyTexts(): Texts {
  if (texts) return texts;
  const labels = new Map<string, Map<string, string>>();
  const prefs = new Map<string, Map<string, string>>();
  const definitions = new Map<string, Map<string, string>>();
  const questions = new Map<string, Map<string, string>>();
  const notations = new Map<string, string>();
  const schemes = new Map<string, string>();
  const put = (m: Map<string, Map<string, string>>, s: string, lang: string, v: string) => {
    let per = m.get(s);
    if (!per) m.set(s, (per = new Map()));
    if (!per.has(lang)) per.set(lang, v);
  };
  for (const q of ontologyQuads()) {
    if (q.subject.termType !== 'NamedNode') continue;
    const p = q.predicate.value;
    if (q.object.termType === 'Literal') {
      const lang = q.object.language || 'en';
      if (p === RDFS_LABEL) put(labels, q.subject.value, lang, q.object.value);
      else if (p === PREF_LABEL) put(prefs, q.subject.value, lang, q.object.value);
      else if (p === DEFINITION) put(definitions, q.subject.value, lang, q.object.value);
      else if (p === QUESTION) put(questions, q.subject.value, lang, q.object.value);
      else if (p === NOTATION) notations.set(q.subject.value, q.object.value);
    } else if (p === IN_SCHEME) schemes.set(q.subject.value, q.object.value);
  }
  for (const [s, per] of prefs) for (const [lang, v] of per) put(labels, s, lang, v);
  const byNotation = new Map<string, string>();
  for (const [s, n] of notations) {
    const scheme = schemes.get(s);
    if (scheme) byNotation.set(`${scheme}|${n}`, s);
  }
  texts = { labels, definitions, questions, byNotation };
  return texts;
}

/** The local name of an IRI (after the last #, / or :). */
export function localName(iri: string): string {
  return iri.replace(/[/#]+$/, '').split(/[/#]/).pop() ?? iri;
}

/** The ontology label of `iri` in `lang`, else in English, else the IRI's local name. */
export function label(iri: string, lang: Lang): string {
  const per = ontologyTexts().labels.get(iri);
  return per?.get(lang) ?? per?.get('en') ?? localName(iri);
}

/** Whether the ontology has a label for `iri` (in any language). */
export function hasLabel(iri: string): boolean {
  return ontologyTexts().labels.has(iri);
}

/** The skos:definition of `iri` in `lang`, else in English. */
export function definition(iri: string, lang: Lang): string | undefined {
  const per = ontologyTexts().definitions.get(iri);
  return per?.get(lang) ?? per?.get('en');
}

/** The concept of `scheme` whose skos:notation is `notation` (e.g. RiskTierScheme, "high-risk"). */
export function conceptByNotation(scheme: string, notation: string): string | undefined {
  return ontologyTexts().byNotation.get(`${scheme}|${notation}`);
}

/** The skos:definition of `iri` with the language it is in (`lang`, else English). */
export function definitionIn(iri: string, lang: Lang): { text: string; lang: string } | undefined {
  const per = ontologyTexts().definitions.get(iri);
  const text = per?.get(lang);
  if (text !== undefined) return { text, lang };
  const en = per?.get('en');
  return en === undefined ? undefined : { text: en, lang: 'en' };
}

/** The ar:question of a determinant property in `lang`, if the ontology has it in that language. */
export function questionIn(property: string, lang: Lang): string | undefined {
  return ontologyTexts().questions.get(property)?.get(lang);
}
