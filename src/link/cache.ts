import { readFile } from 'node:fs/promises';
import type { Quad } from '@rdfjs/types';
import { writeSmallFileAtomic } from '../store/fsync.js';
import { parseNTriples } from '../store/ntriples.js';
import type { DatasetQuality } from './quality.js';
import { LINK_STATUSES, type LinkStatus } from './status.js';

/** The cache file in a register data directory. */
export const PORTAL_CACHE_FILE = 'portal.json';

/** What the register knows about one link: the last lookup's outcome. */
export interface LinkState {
  key: string;
  system: string;
  role: string;
  original: string;
  canonical: string | null;
  status: LinkStatus;
  message: string | null;
  /** When the link was last looked up (null: never). */
  checkedAt: string | null;
  /** Attempts made in the last lookup (retries included). */
  attempts: number;
}

/** One dataset's metadata as last retrieved from the portal, with its quality. */
export interface DatasetRecord {
  iri: string;
  retrievedAt: string;
  /** The SPARQL endpoint it came from. */
  source: string;
  ntriples: string;
  quality: DatasetQuality;
}

export interface PortalCacheData {
  format: 1;
  links: Record<string, LinkState>;
  datasets: Record<string, DatasetRecord>;
}

export class CacheError extends Error {}

/**
 * The portal cache: link states and dataset metadata. With a file it is durable (written to a
 * temporary file, fsync'ed, renamed), so the register works offline from what it retrieved before.
 */
export class PortalCache {
  private parsed = new Map<string, Quad[]>();

  private constructor(
    readonly path: string | undefined,
    private data: PortalCacheData,
  ) {}

  static empty(): PortalCache {
    return new PortalCache(undefined, { format: 1, links: {}, datasets: {} });
  }

  static async open(path: string | undefined): Promise<PortalCache> {
    if (!path) return PortalCache.empty();
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new PortalCache(path, { format: 1, links: {}, datasets: {} });
      throw new CacheError(`cannot read the portal cache ${path}: ${(e as Error).message}`);
    }
    let data: PortalCacheData;
    try {
      data = JSON.parse(text) as PortalCacheData;
    } catch {
      throw new CacheError(`the portal cache ${path} is not valid JSON; delete it to start afresh (the next refresh fills it again)`);
    }
    if (data?.format !== 1 || typeof data.links !== 'object' || typeof data.datasets !== 'object') throw new CacheError(`the portal cache ${path} has an unknown format`);
    for (const l of Object.values(data.links)) if (!LINK_STATUSES.includes(l.status)) throw new CacheError(`the portal cache ${path} holds an unknown link status "${l.status}"`);
    return new PortalCache(path, data);
  }

  get links(): LinkState[] {
    return Object.values(this.data.links);
  }

  link(key: string): LinkState | undefined {
    return this.data.links[key];
  }

  dataset(iri: string): DatasetRecord | undefined {
    return this.data.datasets[iri];
  }

  get datasets(): DatasetRecord[] {
    return Object.values(this.data.datasets);
  }

  /** The metadata of a dataset as quads (parsed once). */
  quads(iri: string): Quad[] {
    const record = this.data.datasets[iri];
    if (!record) return [];
    let quads = this.parsed.get(iri);
    if (!quads) {
      quads = parseNTriples(record.ntriples);
      this.parsed.set(iri, quads);
    }
    return quads;
  }

  /** A copy to change; `adopt` it once saved. */
  draft(): PortalCacheData {
    return structuredClone(this.data);
  }

  /** Saves a changed copy (with a file) and makes it the current state. */
  async commit(next: PortalCacheData): Promise<void> {
    if (this.path) await writeSmallFileAtomic(this.path, `${JSON.stringify(next)}\n`);
    for (const [iri, r] of Object.entries(next.datasets)) if (this.data.datasets[iri]?.ntriples !== r.ntriples) this.parsed.delete(iri);
    this.data = next;
  }
}
