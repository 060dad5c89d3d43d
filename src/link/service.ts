import { join } from 'node:path';
import { GRAPH } from '../store/graph-store.js';
import { toNTriples } from '../store/ntriples.js';
import { Mutex } from '../serve/mutex.js';
import type { Register } from '../serve/register.js';
import { PORTAL_CACHE_FILE, PortalCache } from './cache.js';
import { declaredLinks } from './declared.js';
import { PORTAL_DEFAULTS, type PortalOptions } from './fetch.js';
import { portalGraphQuads } from './portal-graph.js';
import { DEFAULT_DCAT_AP_DIR, loadDcatApShapes, type ShapesLoad } from './quality.js';
import { refreshLinks } from './refresh.js';
import { attachPortalCache, linkViews, type DatasetLinkView } from './view.js';

export interface LinkServiceOptions {
  portal?: Partial<PortalOptions>;
  /** DCAT-AP 3.0.1 shapes directory; default ../shared/standards/dcat-ap/3.0.1 next to the package. */
  shapesDir?: string;
  /** Register data directory: the cache is kept in {dataDir}/portal.json. */
  dataDir?: string;
  log?: (line: string) => void;
}

/**
 * Dataset links of a running register: the durable portal cache, refreshes on demand, and the
 * portal graph, rebuilt when a write changes the links or a refresh changes what is known.
 */
export class DatasetLinkService {
  private readonly lock = new Mutex();
  private pending = false;

  private constructor(
    readonly register: Register,
    readonly cache: PortalCache,
    readonly portal: PortalOptions,
    readonly shapes: ShapesLoad,
    private readonly log: (line: string) => void,
  ) {}

  static async open(register: Register, opts: LinkServiceOptions = {}): Promise<DatasetLinkService> {
    const log = opts.log ?? (() => undefined);
    const cache = await PortalCache.open(opts.dataDir ? join(opts.dataDir, PORTAL_CACHE_FILE) : undefined);
    const shapes = await loadDcatApShapes(opts.shapesDir ?? DEFAULT_DCAT_AP_DIR);
    if (!shapes.ok) log(`dataset links: ${shapes.message}`);
    const service = new DatasetLinkService(register, cache, { ...PORTAL_DEFAULTS, ...opts.portal }, shapes, log);
    attachPortalCache(register, cache);
    await service.publish();
    // A write may add, change or drop links: rebuild the graph after it (outside the write's lock).
    register.onCommit((ops) => {
      if (ops.every((o) => 'graph' in o && o.graph === GRAPH.portal)) return;
      if (service.pending) return;
      service.pending = true;
      setImmediate(() => {
        service.pending = false;
        void service.publish().catch((e: unknown) => log(`dataset links: rebuilding the portal graph failed: ${e instanceof Error ? e.message : String(e)}`));
      });
    });
    return service;
  }

  /** The links of one system (or all), with status and metadata. */
  views(system?: string): DatasetLinkView[] {
    return linkViews(declaredLinks(this.register.main, system), this.cache);
  }

  /** Looks up the links of one system (or all) on the portal; refreshes are serialised. */
  refresh(system?: string): Promise<DatasetLinkView[]> {
    return this.lock.run(async () => {
      const links = declaredLinks(this.register.main, system);
      await refreshLinks(links, this.cache, { portal: this.portal, shapes: this.shapes, prune: system === undefined });
      await this.publish();
      const counts = new Map<string, number>();
      for (const l of links) counts.set(this.cache.link(l.key)!.status, (counts.get(this.cache.link(l.key)!.status) ?? 0) + 1);
      this.log(`dataset links: refreshed ${links.length} links from ${this.portal.endpoint}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ') || 'none'}`);
      return this.views(system);
    });
  }

  /** Rebuilds the portal graph from the descriptions and the cache. */
  async publish(): Promise<void> {
    await this.register.deriveGraph(GRAPH.portal, (main) => toNTriples(portalGraphQuads(declaredLinks(main), this.cache, this.register.derivedBase)));
  }
}
