import type { Quad } from '@rdfjs/types';
import type { Register } from '../serve/register.js';
import { PortalCache } from './cache.js';
import { declaredLinks, type DeclaredLink } from './declared.js';
import type { DatasetQuality } from './quality.js';
import { landingPageOf, resolveLink } from './resolve.js';
import type { LinkStatus } from './status.js';
import { NS, roleName, type RoleName } from './terms.js';

export const ROLE_LABELS: Record<RoleName, { en: string; nl: string }> = {
  training: { en: 'Training data', nl: 'Trainingsdata' },
  validation: { en: 'Validation data', nl: 'Validatiedata' },
  testing: { en: 'Testing data', nl: 'Testdata' },
  input: { en: 'Input data', nl: 'Invoerdata' },
  output: { en: 'Output data', nl: 'Uitvoerdata' },
  reference: { en: 'Reference data', nl: 'Referentiedata' },
};

/** One dataset link of a system, as a page or a client shows it. */
export interface DatasetLinkView {
  key: string;
  system: string;
  role: { iri: string; name: RoleName | null; label: { en: string; nl: string } | null };
  /** The link exactly as the description gives it. */
  originalLink: string;
  /** The canonical dataset IRI (http://data.europa.eu/88u/dataset/{id}), when known. */
  canonical: string | null;
  /** A page for people: the data.europa.eu landing page, or the original link. */
  landingPage: string | null;
  status: LinkStatus;
  message: string | null;
  checkedAt: string | null;
  /** Metadata as last retrieved (kept when a later lookup could not reach the portal). */
  title: string | null;
  titleLanguage: string | null;
  description: string | null;
  publisher: { iri: string | null; name: string | null } | null;
  licence: string[];
  accessRights: string | null;
  themes: string[];
  distributions: number;
  measurements: { metric: string; value: string }[];
  retrievedAt: string | null;
  source: string | null;
  quality: DatasetQuality | null;
}

const LANGS = ['en', 'nl', ''];

function pick(quads: Quad[], s: string, p: string): { value: string; language: string } | null {
  const lits = quads.filter((q) => q.subject.value === s && q.predicate.value === p && q.object.termType === 'Literal').map((q) => ({ value: q.object.value, language: q.object.termType === 'Literal' ? q.object.language : '' }));
  for (const l of LANGS) {
    const hit = lits.find((x) => x.language === l);
    if (hit) return hit;
  }
  return lits.sort((a, b) => a.language.localeCompare(b.language))[0] ?? null;
}

function objects(quads: Quad[], s: string, p: string): string[] {
  return [...new Set(quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value))].sort();
}

/** The views of some declared links, from the cache. Pure: used by the server and the CLI. */
export function linkViews(links: DeclaredLink[], cache: PortalCache): DatasetLinkView[] {
  return links.map((link) => {
    const state = cache.link(link.key);
    const canonical = state?.canonical ?? resolveLink(link.link).canonical;
    const record = canonical ? cache.dataset(canonical) : undefined;
    const quads = record && canonical ? cache.quads(canonical) : [];
    const ds = canonical ?? '';
    const title = record ? pick(quads, ds, `${NS.dct}title`) : null;
    const publisher = record ? quads.find((q) => q.subject.value === ds && q.predicate.value === `${NS.dct}publisher`)?.object : undefined;
    const distributions = record ? objects(quads, ds, `${NS.dcat}distribution`) : [];
    const name = roleName(link.role);
    return {
      key: link.key,
      system: link.system,
      role: { iri: link.role, name, label: name ? ROLE_LABELS[name] : null },
      originalLink: link.link,
      canonical,
      landingPage: (canonical && landingPageOf(canonical)) ?? (/^https?:\/\//.test(link.link) ? link.link : null),
      status: state?.status ?? 'unchecked',
      message: state?.message ?? null,
      checkedAt: state?.checkedAt ?? null,
      title: title?.value ?? null,
      titleLanguage: title ? title.language || null : null,
      description: record ? (pick(quads, ds, `${NS.dct}description`)?.value ?? null) : null,
      publisher: publisher ? { iri: publisher.termType === 'NamedNode' ? publisher.value : null, name: pick(quads, publisher.value, `${NS.foaf}name`)?.value ?? null } : null,
      licence: [...new Set([...objects(quads, ds, `${NS.dct}license`), ...distributions.flatMap((d) => objects(quads, d, `${NS.dct}license`))])].sort(),
      accessRights: record ? (objects(quads, ds, `${NS.dct}accessRights`)[0] ?? null) : null,
      themes: record ? objects(quads, ds, `${NS.dcat}theme`) : [],
      distributions: distributions.length,
      measurements: record
        ? objects(quads, ds, `${NS.dqv}hasQualityMeasurement`)
            .map((m) => ({ metric: objects(quads, m, `${NS.dqv}isMeasurementOf`)[0] ?? '', value: objects(quads, m, `${NS.dqv}value`)[0] ?? '' }))
            .filter((m) => m.metric !== '')
            .sort((a, b) => a.metric.localeCompare(b.metric))
        : [],
      retrievedAt: record?.retrievedAt ?? null,
      source: record?.source ?? null,
      quality: record?.quality ?? null,
    };
  });
}

const emptyCache = PortalCache.empty();

// The cache of each running register, set when the server starts (see service.ts).
const caches = new WeakMap<Register, PortalCache>();

export function attachPortalCache(register: Register, cache: PortalCache): void {
  caches.set(register, cache);
}

export function portalCacheOf(register: Register): PortalCache | undefined {
  return caches.get(register);
}

/**
 * The dataset links of one system with what the register knows about each dataset: for the
 * system page and GET /systems/{id}. Links never looked up have status "unchecked".
 */
export function datasetLinksOf(register: Register, systemIri: string): DatasetLinkView[] {
  const links = declaredLinks(register.main, systemIri);
  if (links.length === 0) return [];
  return linkViews(links, caches.get(register) ?? emptyCache);
}
