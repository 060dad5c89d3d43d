// What importing and exporting a field share: node types of grouping arrays, language codes,
// and how raw values are read.
import { hasMarkup, htmlToText } from './html-text.js';
import type { JsonValue } from './json.js';
import type { GroupTarget } from './spec.js';
import { AR, DCAT, XSD } from './vocab.js';

export const GROUP: Readonly<Record<GroupTarget, { link: string; property: string; type: string }>> = {
  lawfulBasis: { property: `${AR}lawfulBasis`, type: `${AR}LegalBasisReference`, link: `${AR}lawLink` },
  impactAssessment: { property: `${AR}impactAssessment`, type: `${AR}ImpactAssessment`, link: `${AR}documentLink` },
  dataset: { property: `${AR}usesDataset`, type: `${AR}Dataset`, link: `${DCAT}landingPage` },
};

const LANG_639_3: Readonly<Record<string, string>> = { nld: 'nl', eng: 'en', fry: 'fy', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', swe: 'sv', fin: 'fi', dan: 'da', pol: 'pl', por: 'pt' };

/** ISO 639-1 from a 639-1 or 639-3 code ("NLD" → "nl"); undefined if unknown. */
export function languageTag(code: string): string | undefined {
  const c = code.trim().toLowerCase();
  if (/^[a-z]{2}$/.test(c)) return c;
  return LANG_639_3[c];
}

export function languageCode(tag: string, form: '639-1' | '639-3'): string {
  if (form === '639-1') return tag;
  return Object.keys(LANG_639_3).find((k) => LANG_639_3[k] === tag) ?? tag;
}

const HTTP_URL = /^https?:\/\/[^\s]+$/i;
export const CONTACT = /^((mailto:)?[^@\s/:]+@[^@\s]+\.[^@\s.]+|https:\/\/[^\s]+)$/;

export function isHttpUrl(v: string): boolean {
  if (!HTTP_URL.test(v)) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

/** The xsd datatype a date-like text has, or undefined. */
export function dateType(v: string): string | undefined {
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) return `${XSD}gYearMonth`;
  if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(v)) return `${XSD}date`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v)) return `${XSD}dateTime`;
  return undefined;
}

/** A text as a reader sees it: HTML becomes clean text, other text is trimmed. */
export function cleanText(v: string): string {
  return hasMarkup(v) ? htmlToText(v) : v.trim();
}

export const asText = (v: JsonValue): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/** A list from JSON (an array) or text (CSV cells): a JSON array written as text, or items split at `split`. */
export function asList(v: JsonValue, split?: RegExp): JsonValue[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return [];
    if (t.startsWith('[')) {
      try {
        const parsed = JSON.parse(t) as unknown;
        if (Array.isArray(parsed)) return parsed as JsonValue[];
      } catch {
        // not JSON: fall through to splitting
      }
    }
    return split ? t.split(split).map((x) => x.trim()).filter((x) => x !== '') : [t];
  }
  return undefined;
}

