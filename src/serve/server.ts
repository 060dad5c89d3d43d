import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packagePath } from '../paths.js';
import { defaultClassifier } from '../reason/index.js';
import { loadShapes } from '../validate/index.js';
import { DataDirError, DurableStore } from '../store/durable-store.js';
import { TokenAuth } from './auth.js';
import { HttpError, allowCors, preflight, send, sendJson } from './http.js';
import { prefersHtml } from './negotiate.js';
import { Register } from './register.js';
import { WorkerPool } from './worker-pool.js';
import { handleSparql } from './sparql-protocol.js';
import { serviceDescription } from './service-description.js';
import { yasguiAsset, yasguiPage } from './yasgui.js';
import { exampleQueries } from './example-queries.js';
import { openApiDocument } from './openapi.js';
import { dereferenceSystem } from './linked-data.js';
import { handlePage, isPagePath, sendHomePage, warmPages } from './pages/router.js';
import { catalogOptions, sendCatalog } from './catalog.js';
import { sendDump } from './dump.js';
import { loadStaticGraphs, seedRecords } from './seed.js';
import * as api from './api-systems.js';
import { Tracking, handleTrack, isTrackPath } from './api-track.js';
import { DatasetLinkService } from '../link/service.js';
import { handleLinks, isLinkPath } from '../link/routes.js';
import { ConfigError, DEFAULTS, SAMPLE_BASE, type ServerConfig } from './config.js';
import { federationOf } from './federation/allow-list.js';
import { handleForm, isFormPath } from './form/routes.js';
import { handleTrackForm, isTrackFormPath } from './track-form/routes.js';

export interface RunningServer {
  url: string;
  register: Register;
  pool: WorkerPool;
  http: Server;
  close(): Promise<void>;
}

/** The compiled worker: tests run the server from src/, the worker always runs from dist/. */
function workerUrl(): URL {
  const here = fileURLToPath(import.meta.url);
  const url = here.endsWith('.ts') ? pathToFileURL(packagePath('dist', 'serve', 'query-worker.js')) : new URL('./query-worker.js', import.meta.url);
  if (!existsSync(url)) throw new Error(`the query worker ${fileURLToPath(url)} is not built: run npm run build`);
  return url;
}

/** Starts the register server: loads and classifies the register, starts the query workers, listens. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = config.log ?? (() => undefined);
  const defaultBase = config.seed?.length && !config.dataDir ? SAMPLE_BASE : `http://localhost:${config.port || DEFAULTS.port}/`;
  const base = config.base ?? defaultBase;
  if (!/^https?:\/\/[^/]+\/(.*\/)?$/.test(base)) throw new ConfigError(`--base must be an http(s) IRI ending in "/", got ${base}`);
  federationOf(config); // validates --federate before anything starts
  const durable = config.dataDir ? await DurableStore.open(config.dataDir, { base }) : DurableStore.inMemory(base);
  if (config.base && durable.base !== config.base) {
    await durable.close();
    throw new DataDirError(`the data directory ${config.dataDir} was created with base ${durable.base}; its IRIs cannot change (start without --base, or use another directory)`);
  }
  // Listen first: a port in use fails at once, and clients are told the register is starting.
  let ctx: Ctx | undefined;
  const http = createServer((req, res) => {
    if (ctx) void route(req, res, ctx).catch(() => res.destroy());
    else sendJson(res, 503, { error: 'the register is starting; try again in a moment' }, { 'retry-after': '5' });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, resolve);
    });
  } catch (e) {
    await durable.close();
    throw e;
  }
  let pool: WorkerPool | undefined;
  try {
    if (config.seed && config.seed.length > 0 && durable.records.size === 0) await seedRecords(durable, config.seed, log);
    const statics = await loadStaticGraphs(config.graphs ?? []);
    const register = new Register({
      base: durable.base,
      durable,
      classifier: defaultClassifier(),
      shapes: await loadShapes(),
      calendar: config.calendar,
      at: config.at,
      maxTriples: config.maxTriples,
      statics,
      log,
    });
    pool = new WorkerPool({ size: config.workers, timeoutMs: config.timeoutMs, maxResultBytes: config.maxResultBytes, workerUrl: workerUrl(), snapshot: (spawn) => register.snapshot(spawn), log });
    const p = pool;
    register.onCommit((ops) => p.write(ops));
    // The query workers load the stored graphs while this thread classifies them; then the derived graph.
    let workersReady: Promise<void> = Promise.resolve();
    await register.init(
      (graphs) => {
        workersReady = p.start(graphs);
        workersReady.catch(() => undefined);
      },
      (ops) => p.write(ops),
    );
    const tracking = await Tracking.open(register, durable.dir, log);
    const links = await DatasetLinkService.open(register, { ...config.links, dataDir: durable.dir, log });
    await workersReady;
    // Started means answering at once: the workers have loaded the derived graph too.
    await p.applied();
    const auth = config.auth ?? (await TokenAuth.load({}));
    // Before ctx: the server counts as started once the pages' view is built (the build blocks the event loop).
    warmPages(register, log);
    ctx = { register, pool: p, auth, config, tracking, links };
    const { port } = http.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    const url = `http://${host}:${port}/`;
    return {
      url,
      register,
      pool,
      http,
      close: async () => {
        http.closeAllConnections();
        await new Promise<void>((r) => http.close(() => r()));
        await p.close();
        await tracking.close();
        await durable.close();
      },
    };
  } catch (e) {
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
    await pool?.close();
    await durable.close();
    throw e;
  }
}

interface Ctx {
  register: Register;
  pool: WorkerPool;
  auth: TokenAuth;
  config: ServerConfig;
  tracking: Tracking;
  links: DatasetLinkService;
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    throw new HttpError(400, 'malformed request target or Host header');
  }
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: Ctx): Promise<void> {
  try {
    await dispatch(req, res, ctx);
  } catch (e) {
    respondError(req, res, e, ctx);
  }
}

function respondError(req: IncomingMessage, res: ServerResponse, e: unknown, ctx: Ctx): void {
  const err = e instanceof HttpError ? e : new HttpError(500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
  if (err.status === 500) ctx.config.log?.(`500 on ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const path = (req.url ?? '/').split('?')[0];
  // SPARQL clients show plain text; the API answers JSON.
  if (path === '/sparql' || path === '/sparql/') send(res, err.status, `${err.message}\n`, 'text/plain; charset=utf-8', err.headers);
  else sendJson(res, err.status, { error: err.message, ...err.extra }, err.headers);
}

function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `malformed percent-encoding in ${segment.slice(0, 140)}`);
  }
}

const methodNotAllowed = (method: string | undefined, allow: string) => new HttpError(405, `method ${method} is not allowed here; allowed: ${allow}`, {}, { allow });

async function dispatch(req: IncomingMessage, res: ServerResponse, ctx: Ctx): Promise<void> {
  const url = requestUrl(req);
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';
  const apiCtx: api.ApiContext = { register: ctx.register, auth: ctx.auth, maxBodyBytes: ctx.config.maxBodyBytes, tracking: ctx.tracking };

  if (path === '/sparql' || path === '/sparql/') {
    return handleSparql(req, res, {
      pool: ctx.pool,
      maxBodyBytes: ctx.config.maxBodyBytes,
      requestUrl,
      serviceDescription: (endpoint, mediaType) => serviceDescription(endpoint, mediaType, { triples: ctx.register.size(), base: ctx.register.base, federation: federationOf(ctx.config).endpoints }),
      federation: federationOf(ctx.config),
      queryUi: () => yasguiPage({ endpoint: '/sparql', assets: '/yasgui/', examples: exampleQueries(ctx.register), title: 'algoreg register: SPARQL' }),
    });
  }
  if (method === 'OPTIONS') return preflight(res, 'GET, HEAD, POST, OPTIONS');

  const yasgui = /^\/yasgui\/([^/]+)$/.exec(path);
  if (yasgui) {
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    const asset = await yasguiAsset(yasgui[1]);
    if (!asset) throw new HttpError(404, `no such file: ${path}`);
    return send(res, 200, asset.body, asset.contentType, { 'cache-control': 'public, max-age=86400' });
  }
  if (path === '/openapi.json') {
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    allowCors(res);
    return sendJson(res, 200, openApiDocument(`${url.origin}/`));
  }
  if (path === '/context.jsonld' || path === '/schemas/classification.schema.json') {
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    allowCors(res);
    if (path === '/context.jsonld') return send(res, 200, await readFile(packagePath('ontology', 'context.jsonld')), 'application/ld+json; charset=utf-8');
    return send(res, 200, await readFile(packagePath('schemas', 'classification.schema.json')), 'application/schema+json; charset=utf-8');
  }
  if (isFormPath(path)) return handleForm(req, res, url, apiCtx);
  if (isTrackFormPath(path)) return handleTrackForm(req, res, url, { register: ctx.register, tracking: ctx.tracking, maxBodyBytes: ctx.config.maxBodyBytes, calendar: ctx.config.calendar ?? 'amended' });
  if (isTrackPath(path)) return handleTrack(path, url, req, res, { ...apiCtx, tracking: ctx.tracking, calendar: ctx.config.calendar ?? 'amended' });
  if (path === '/catalog' || path === '/dump') {
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    if (path === '/catalog') return sendCatalog(req, res, ctx.register, catalogOptions(ctx.config.catalog));
    return sendDump(req, res, ctx.register, url.searchParams.get('format'));
  }
  if (isLinkPath(path)) {
    const systemIri = (id: string) => {
      const iri = ctx.register.systemIri(api.checkId(id));
      return ctx.register.classifications.has(iri) || ctx.register.durable.records.has(id) ? iri : null;
    };
    return handleLinks(path, req, res, { links: ctx.links, auth: ctx.auth, systemIri }, decodePath);
  }
  if (path === '/systems' || path === '/systems/') {
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    return api.listSystems(url, res, apiCtx);
  }
  const sys = /^\/systems\/([^/]+)(\/obligations|\/history)?\/?$/.exec(path);
  if (sys) {
    const id = api.checkId(decodePath(sys[1]));
    if (sys[2] === '/obligations') {
      if (!read) throw methodNotAllowed(method, 'GET, HEAD');
      return api.getObligations(id, url, res, apiCtx);
    }
    if (sys[2] === '/history') {
      if (!read) throw methodNotAllowed(method, 'GET, HEAD');
      return api.getHistory(id, res, apiCtx);
    }
    if (read) return api.getSystem(id, res, apiCtx);
    if (method === 'PUT') return api.putSystem(id, req, res, apiCtx);
    if (method === 'DELETE') return api.deleteSystem(id, req, res, apiCtx);
    throw methodNotAllowed(method, 'GET, HEAD, PUT, DELETE');
  }
  if (path === '/validate' || path === '/classify') {
    if (method !== 'POST') throw methodNotAllowed(method, 'POST');
    return path === '/validate' ? api.validateDescription(url, req, res, apiCtx) : api.classifyDescription(url, req, res, apiCtx);
  }
  const basePath = new URL(ctx.register.base).pathname;
  if (path.startsWith(`${basePath}system/`)) {
    const id = path.slice(basePath.length + 'system/'.length);
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    return dereferenceSystem(api.checkId(decodePath(id)), req, res, ctx.register, ctx.pool);
  }
  // The public web pages (after the system IRIs: a base path of /register/ keeps them its own).
  if (isPagePath(path)) return handlePage(req, res, url, ctx.register);
  if (path === '/') {
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    return home(req, res, ctx, url);
  }
  throw new HttpError(404, `nothing at ${path}; see /openapi.json`);
}

function home(req: IncomingMessage, res: ServerResponse, ctx: Ctx, url: URL): void {
  allowCors(res);
  // Browsers get the HTML home page (src/serve/pages); JSON clients the index below.
  if (prefersHtml(req.headers.accept, ['application/json'])) return sendHomePage(req, res, url, ctx.register);
  const counts = new Map<string, number>();
  for (const s of ctx.register.classifications.values()) counts.set(s.riskTier, (counts.get(s.riskTier) ?? 0) + 1);
  const index = {
    name: 'algoreg register',
    base: ctx.register.base,
    systems: ctx.register.classifications.size,
    records: ctx.register.durable.records.size,
    triples: ctx.register.size(),
    tiers: Object.fromEntries([...counts].sort()),
    links: { sparql: '/sparql', systems: '/systems', openapi: '/openapi.json', context: '/context.jsonld', catalog: '/catalog', dump: '/dump' },
  };
  sendJson(res, 200, index);
}
