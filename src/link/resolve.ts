/** data.europa.eu dataset IRIs are http, not https (see the portal's SPARQL data). */
export const EU_DATASET_PREFIX = 'http://data.europa.eu/88u/dataset/';

export type LinkKind = 'dataset-iri' | 'landing-page' | 'other';

export interface ResolvedLink {
  /** The link exactly as the description gives it. */
  original: string;
  /** The canonical dataset IRI, when the link's form tells it; otherwise the portal is asked. */
  canonical: string | null;
  kind: LinkKind;
}

// A dataset IRI (either scheme), a landing page of the portal's web site (old and new host, with or
// without a language segment, ?locale= or a fragment), or the registry's RDF download of a dataset.
const DATASET_IRI = /^https?:\/\/data\.europa\.eu\/88u\/dataset\/([^/?#]+)\/?$/;
const LANDING_PAGE = /^https?:\/\/(?:www\.)?(?:data\.europa\.eu|europeandataportal\.eu)(?:\/[a-z]{2})?\/data\/datasets\/([^/?#]+)\/?(?:[?#].*)?$/;
const REGISTRY = /^https?:\/\/data\.europa\.eu\/api\/hub\/repo\/datasets\/([^/?#]+?)(?:\.(?:ttl|rdf|jsonld|nt|n3|trig|nq))?(?:[?#].*)?$/;

/** The id as it appears in a dataset IRI: percent-escapes of safe characters undone (%7E%7E1 → ~~1). */
function normaliseId(raw: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (id === '' || id === '.' || id === '..') return null;
  // Re-escape only what an IRI path segment cannot hold.
  return id.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@\u00A0-\uFFFF]/g, (c) => encodeURIComponent(c));
}

/** Resolves a link to the canonical data.europa.eu dataset IRI where its form allows. */
export function resolveLink(link: string): ResolvedLink {
  const original = link;
  const trimmed = link.trim();
  for (const [re, kind] of [[DATASET_IRI, 'dataset-iri'], [LANDING_PAGE, 'landing-page'], [REGISTRY, 'landing-page']] as const) {
    const m = re.exec(trimmed);
    if (!m) continue;
    const id = normaliseId(m[1]);
    if (id) return { original, canonical: `${EU_DATASET_PREFIX}${id}`, kind };
  }
  return { original, canonical: null, kind: 'other' };
}

/** The data.europa.eu landing page of a canonical dataset IRI, for people. */
export function landingPageOf(canonical: string): string | null {
  return canonical.startsWith(EU_DATASET_PREFIX) ? `https://data.europa.eu/data/datasets/${canonical.slice(EU_DATASET_PREFIX.length)}` : null;
}
