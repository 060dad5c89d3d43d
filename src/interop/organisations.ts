// Organisations named by register entries: one IRI per organisation, by identifier where the entry
// gives one (a TOOI code or IRI for Dutch government organisations), else by normalised name.
import { AR } from './vocab.js';

const TOOI = 'https://identifier.overheid.nl/tooi/id/';

/** TOOI organisation codes by prefix (the TOOI register's own code forms) and the TOOI type. */
const TOOI_CODES: readonly { pattern: RegExp; type: string }[] = [
  { pattern: /^gm\d{4}$/, type: 'gemeente' },
  { pattern: /^pv\d{2}$/, type: 'provincie' },
  { pattern: /^ws\d{4}$/, type: 'waterschap' },
  { pattern: /^mnre\d{4}$/, type: 'ministerie' },
  { pattern: /^zb\d{6}$/, type: 'zbo' },
  { pattern: /^oorg\d{5}$/, type: 'oorg' },
];

/** Organisation kinds that follow from a TOOI type (data, not law: a municipality is a public authority). */
const KIND_BY_TOOI_TYPE: Readonly<Record<string, string>> = {
  gemeente: 'PublicAuthority',
  provincie: 'PublicAuthority',
  waterschap: 'PublicAuthority',
  ministerie: 'PublicAuthority',
};

/** Organisation kinds that follow from how a name starts or ends. */
const KIND_BY_NAME: readonly { pattern: RegExp; kind: string }[] = [
  { pattern: /^(politie|nationale politie)\b/i, kind: 'LawEnforcementAuthority' },
  { pattern: /^(gemeente|provincie|waterschap|hoogheemraadschap|ministerie( van)?|rijkswaterstaat|belastingdienst)\b/i, kind: 'PublicAuthority' },
  { pattern: /^(city|municipality|county|borough|district) (of|council)\b|\b(city|county|borough|district|town|parish) council$/i, kind: 'PublicAuthority' },
  { pattern: /\b(B\.?V\.?|N\.?V\.?|GmbH|AG|Ltd\.?|Limited|LLC|Inc\.?|S\.?A\.?S?\.?|S\.?r\.?l\.?|S\.?p\.?A\.?|AB|Oy|ApS|A\/S|plc)$/, kind: 'Company' },
];

/** The TOOI IRI for an identifier, if it is one (an IRI under identifier.overheid.nl/tooi/id or a TOOI code). */
export function tooiIri(id: string): string | undefined {
  const v = id.trim();
  if (v.startsWith(TOOI)) return v;
  const code = v.toLowerCase();
  const hit = TOOI_CODES.find((c) => c.pattern.test(code));
  return hit ? `${TOOI}${hit.type}/${code}` : undefined;
}

/** The code at the end of a TOOI IRI (gm0363), for export. */
export function tooiCode(iri: string): string | undefined {
  return iri.startsWith(TOOI) ? iri.slice(iri.lastIndexOf('/') + 1) : undefined;
}

/** Lower case, no diacritics, single spaces, no punctuation: "Gemeente  Den Haag." → "gemeente den haag". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' en ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A path segment from any text: "Gemeente 's-Hertogenbosch" → "gemeente-s-hertogenbosch". */
export function slug(text: string, max = 100): string {
  const s = normaliseName(text).replace(/ /g, '-');
  return s.slice(0, max).replace(/-+$/, '');
}

/** The organisation kind (ar: local name) a TOOI IRI or a name shows, if any. */
export function kindOf(iri: string, name: string): string | undefined {
  if (iri.startsWith(TOOI)) {
    const type = iri.slice(TOOI.length).split('/')[0] ?? '';
    const k = KIND_BY_TOOI_TYPE[type];
    if (k) return k;
  }
  return KIND_BY_NAME.find((k) => k.pattern.test(name.trim()))?.kind;
}

export interface OrganisationRecord {
  iri: string;
  name: string;
  kind?: string;
  establishedInEU?: boolean;
}

/**
 * One IRI per organisation across an import: by identifier when known, else by normalised name.
 * `learn` first (a pass over all entries) lets an entry that only names an organisation find the
 * identifier another entry gave for the same name.
 */
export class OrganisationRegistry {
  private readonly byName = new Map<string, string>();
  private readonly records = new Map<string, OrganisationRecord>();

  constructor(private readonly base: string) {}

  learn(name: string | undefined, id: string | undefined): void {
    const iri = id ? tooiIri(id) : undefined;
    if (!name || !iri) return;
    const key = normaliseName(name);
    if (key && !this.byName.has(key)) this.byName.set(key, iri);
  }

  /** The organisation for a name (and identifier); undefined when there is no name to label it with. */
  resolve(name: string | undefined, id: string | undefined, defaults: { establishedInEU?: boolean; kind?: string } = {}): OrganisationRecord | undefined {
    const clean = name?.trim() ?? '';
    const key = normaliseName(clean);
    const fromId = id ? tooiIri(id) : undefined;
    const iri = fromId ?? (key ? this.byName.get(key) ?? `${this.base}org/${slug(clean)}` : undefined);
    if (!iri) return undefined;
    let rec = this.records.get(iri);
    if (!rec) {
      if (!clean) return undefined;
      rec = { iri, name: clean, kind: kindOf(iri, clean) ?? defaults.kind, establishedInEU: defaults.establishedInEU };
      this.records.set(iri, rec);
      if (!this.byName.has(key)) this.byName.set(key, iri);
    }
    return rec;
  }
}

export const ORG_CLASS = `${AR}Organisation`;
