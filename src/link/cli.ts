import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../ingest/errors.js';
import { loadInputs } from '../cli/load-inputs.js';
import { EXIT } from '../cli/exit-codes.js';
import { toTurtle } from '../cli/commands.js';
import { ontologyQuads } from '../ontology/load.js';
import { DataDirError, DurableStore } from '../store/durable-store.js';
import { GRAPH, GraphStore } from '../store/graph-store.js';
import { loadGraph } from '../serve/store-ops.js';
import { PORTAL_CACHE_FILE, PortalCache, CacheError } from './cache.js';
import { declaredLinks, type DeclaredLink } from './declared.js';
import { PORTAL_DEFAULTS, type PortalOptions } from './fetch.js';
import { portalGraphQuads } from './portal-graph.js';
import { DEFAULT_DCAT_AP_DIR, loadDcatApShapes } from './quality.js';
import { refreshLinks } from './refresh.js';
import { linkViews, type DatasetLinkView } from './view.js';

export interface LinkCliOptions {
  data?: string;
  cache?: string;
  portal?: string;
  system?: string[];
  timeout?: string;
  retries?: string;
  backoff?: string;
  shapes?: string;
  offline?: boolean;
  format: 'text' | 'json' | 'turtle';
  base?: string;
}

type Output = (text: string) => void;

function duration(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/i.exec(text.trim());
  if (!m) throw new InputError(`${option} expects a duration such as 10s or 500ms, got "${text}"`, 'command line');
  return Math.round(Number(m[1]) * ((m[2] ?? 's').toLowerCase() === 'ms' ? 1 : 1000));
}

function portalOptions(o: LinkCliOptions): PortalOptions {
  const endpoint = o.portal ?? PORTAL_DEFAULTS.endpoint;
  if (!/^https?:\/\/[^/\s]+/.test(endpoint)) throw new InputError(`--portal expects the http(s) URL of a SPARQL endpoint, got "${endpoint}"`, 'command line');
  const retries = o.retries === undefined ? PORTAL_DEFAULTS.retries : Number(o.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw new InputError(`--retries expects a whole number from 0 to 10, got "${o.retries}"`, 'command line');
  return {
    endpoint,
    timeoutMs: o.timeout ? duration(o.timeout, '--timeout') : PORTAL_DEFAULTS.timeoutMs,
    retries,
    backoffMs: o.backoff ? duration(o.backoff, '--backoff') : PORTAL_DEFAULTS.backoffMs,
  };
}

/** The store to read links from, and where the cache lives: a register data directory or description files. */
async function openSource(inputs: string[], o: LinkCliOptions): Promise<{ store: GraphStore; cachePath: string | undefined; base: string | undefined }> {
  const store = new GraphStore();
  store.addToGraph(GRAPH.ontology, ontologyQuads());
  if (o.data) {
    if (inputs.length > 0) throw new InputError('give either --data DIR or description files, not both', 'command line');
    // Never create a register where there is none (a mistyped path).
    if (!existsSync(join(o.data, 'register.json'))) throw new InputError('not a register data directory (no register.json): start `algoreg serve --data DIR` on it first', o.data);
    let durable: DurableStore;
    try {
      durable = await DurableStore.open(o.data, { base: 'http://localhost/' });
    } catch (e) {
      if (e instanceof DataDirError) throw new InputError(`${e.message}; while a server runs on it, refresh through the server: POST /links/refresh`, o.data);
      throw e;
    }
    try {
      for (const r of durable.records.values()) loadGraph(store.oxi, { graph: `${durable.base}graph/system/${r.id}`, chunks: [r.ntriples] });
      return { store, cachePath: join(durable.dir!, PORTAL_CACHE_FILE), base: `${durable.base}derived/` };
    } finally {
      await durable.close();
    }
  }
  if (inputs.length === 0) throw new InputError('give description files or directories, or a register data directory with --data DIR', 'command line');
  const { quads } = await loadInputs(inputs);
  store.addToGraph('https://w3id.org/algoreg/graph/input', quads);
  return { store, cachePath: o.cache, base: undefined };
}

const short = (iri: string) => iri.replace(/^.*[/#]/, '');

function table(views: DatasetLinkView[]): string {
  const rows = views.map((v) => [
    short(v.system),
    v.role.name ?? short(v.role.iri),
    v.originalLink,
    v.status,
    v.canonical ?? '–',
    v.title ?? '–',
    v.quality?.checked ? `${v.quality.violations} violations, ${v.quality.warnings} warnings` : v.quality ? 'not checked' : '–',
    v.retrievedAt ? `retrieved ${v.retrievedAt}` : '',
    v.message ?? '',
  ]);
  const head = ['system', 'role', 'link', 'status', 'dataset', 'title', 'DCAT-AP quality', 'cached', 'message'];
  const widths = head.map((h, i) => Math.min(70, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** `algoreg link`: looks the dataset links up on the portal and prints a status per link. */
export async function linkCommand(inputs: string[], o: LinkCliOptions, out: Output, err: Output): Promise<number> {
  const portal = portalOptions(o);
  const source = await openSource(inputs, o);
  let cache: PortalCache;
  try {
    cache = await PortalCache.open(source.cachePath);
  } catch (e) {
    if (e instanceof CacheError) throw new InputError(e.message, source.cachePath ?? 'cache');
    throw e;
  }
  let links: DeclaredLink[] = declaredLinks(source.store);
  if (o.system?.length) links = links.filter((l) => o.system!.includes(l.system));
  if (!o.offline && links.length > 0) {
    const shapes = await loadDcatApShapes(o.shapes ?? DEFAULT_DCAT_AP_DIR);
    if (!shapes.ok) err(`algoreg: ${shapes.message}`);
    await refreshLinks(links, cache, { portal, shapes, prune: !o.system?.length });
  }
  const views = linkViews(links, cache);
  if (o.format === 'json') out(JSON.stringify({ endpoint: portal.endpoint, offline: !!o.offline, links: views }, null, 2));
  else if (o.format === 'turtle') out(await toTurtle(portalGraphQuads(links, cache, o.base ?? source.base ?? 'https://w3id.org/algoreg/derived/')));
  else out(views.length ? table(views) : 'no dataset links (dcat:qualifiedRelation) in the input');
  const unresolved = views.filter((v) => v.status !== 'resolved');
  if (unresolved.length > 0 && o.format === 'text') err(`algoreg: ${unresolved.length} of ${views.length} dataset links did not resolve${o.offline ? ' (offline: cached statuses)' : ''}`);
  return unresolved.length > 0 ? EXIT.violation : EXIT.ok;
}
