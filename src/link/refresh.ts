import { toNTriples } from '../store/ntriples.js';
import type { PortalCache, PortalCacheData } from './cache.js';
import type { DeclaredLink } from './declared.js';
import { fetchDataset, type FetchOutcome, type PortalOptions } from './fetch.js';
import { assessQuality, type ShapesLoad } from './quality.js';
import { resolveLink } from './resolve.js';
import { isTransient } from './status.js';

export interface RefreshOptions {
  portal: PortalOptions;
  shapes: ShapesLoad;
  /** Datasets asked at once. */
  concurrency?: number;
  /** Drop the state of links no description states any more (a full refresh). */
  prune?: boolean;
  now?: () => Date;
}

/**
 * Looks the links up on the portal (each distinct link once), stores what was found in the cache
 * and saves it. A portal that cannot be reached leaves the metadata retrieved earlier in place;
 * a portal that says the dataset is not there removes them.
 */
export async function refreshLinks(links: DeclaredLink[], cache: PortalCache, opts: RefreshOptions): Promise<void> {
  const now = () => (opts.now ?? (() => new Date()))().toISOString();
  const distinct = [...new Set(links.map((l) => l.link))];
  const outcomes = new Map<string, { outcome: FetchOutcome; at: string }>();
  let next = 0;
  const worker = async () => {
    while (next < distinct.length) {
      const original = distinct[next++];
      const outcome = await fetchDataset(resolveLink(original), opts.portal);
      outcomes.set(original, { outcome, at: now() });
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, distinct.length) }, worker));

  const draft: PortalCacheData = cache.draft();
  for (const [, { outcome, at }] of outcomes) {
    if (outcome.status === 'resolved') {
      draft.datasets[outcome.canonical] = {
        iri: outcome.canonical,
        retrievedAt: at,
        source: opts.portal.endpoint,
        ntriples: toNTriples(outcome.quads),
        quality: await assessQuality(outcome.canonical, outcome.quads, opts.shapes),
      };
    } else if (outcome.status === 'not-found' && outcome.canonical) {
      delete draft.datasets[outcome.canonical];
    }
  }
  for (const link of links) {
    const { outcome, at } = outcomes.get(link.link)!;
    const previous = draft.links[link.key];
    draft.links[link.key] = {
      key: link.key,
      system: link.system,
      role: link.role,
      original: link.link,
      // An unreachable portal does not undo what an earlier lookup resolved.
      canonical: outcome.canonical ?? (isTransient(outcome.status) ? (previous?.canonical ?? null) : null),
      status: outcome.status,
      message: outcome.message,
      checkedAt: at,
      attempts: outcome.attempts,
    };
  }
  if (opts.prune) {
    const keep = new Set(links.map((l) => l.key));
    for (const key of Object.keys(draft.links)) if (!keep.has(key)) delete draft.links[key];
    const used = new Set(Object.values(draft.links).map((l) => l.canonical).filter((c): c is string => !!c));
    for (const iri of Object.keys(draft.datasets)) if (!used.has(iri)) delete draft.datasets[iri];
  }
  await cache.commit(draft);
}
