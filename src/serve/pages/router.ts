/** Dispatch of the public web pages: /register/* here, the home page and the system page for server.ts and linked-data.ts. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../http.js';
import type { Register } from '../register.js';
import { notFoundPage, pageRequest } from './common.js';
import { homePage } from './home.js';
import { viewIndex } from './index.js';
import { listPage } from './list.js';
import { maintainerOverview, maintainerSystem } from './maintainer.js';
import { organisationPage, organisationsPage } from './organisation.js';
import { systemPage } from './system.js';
import { datasetLinksOf } from '../../link/view.js';
import { t } from './i18n.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isPagePath(path: string): boolean {
  return path === '/register' || path.startsWith('/register/');
}

function segment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, `malformed percent-encoding in ${s.slice(0, 140)}`);
  }
}

/** Answers GET/HEAD of /register/... (isPagePath(path) must hold). */
export async function handlePage(req: IncomingMessage, res: ServerResponse, url: URL, register: Register): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `method ${method} is not allowed here; allowed: GET, HEAD`, {}, { allow: 'GET, HEAD' });
  const p = pageRequest(req, res, url);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const view = viewIndex(register);
  if (path === '/register' || path === '/register/systems') return listPage(p, view);
  if (path === '/register/organisations') return organisationsPage(p, view);
  const org = /^\/register\/organisations\/([^/]+)$/.exec(path);
  if (org) return organisationPage(p, view, segment(org[1]));
  if (path === '/register/maintainer') return maintainerOverview(p, view);
  const maint = /^\/register\/maintainer\/([^/]+)$/.exec(path);
  if (maint) {
    const id = segment(maint[1]);
    if (!ID.test(id)) return notFoundPage(p, t('system.unknown', p.lang, { id }));
    return maintainerSystem(p, view, register, id);
  }
  return notFoundPage(p, t('notfound.path', p.lang, { path }));
}

/** The HTML home page. */
export function sendHomePage(req: IncomingMessage, res: ServerResponse, url: URL, register: Register): void {
  homePage(pageRequest(req, res, url), viewIndex(register));
}

/** The HTML page of system {id} (its IRI path), or a 404 page. */
export function sendSystemPage(req: IncomingMessage, res: ServerResponse, url: URL, register: Register, id: string): void {
  const p = pageRequest(req, res, url);
  const view = viewIndex(register);
  const iri = register.systemIri(id);
  const entry = view.byIri.get(iri);
  if (!entry && !register.durable.records.has(id)) return notFoundPage(p, t('system.unknown', p.lang, { id }));
  systemPage(p, view, entry, id, iri, new URL(iri).pathname, datasetLinksOf(register, iri));
}

/** A 404 page for a system IRI path that is not in the register (for clients that prefer HTML). */
export function sendNotFoundPage(req: IncomingMessage, res: ServerResponse, url: URL, message: string): void {
  notFoundPage(pageRequest(req, res, url), message);
}

/**
 * Builds the pages' view of the register (synchronously: it blocks the event loop), before the
 * server counts as started rather than on the first visitor's request.
 */
export function warmPages(register: Register, log: (line: string) => void = () => undefined): void {
  const t0 = performance.now();
  try {
    const view = viewIndex(register);
    log(`web pages: view of ${view.entries.length} systems built in ${Math.round(performance.now() - t0)} ms`);
  } catch (e) {
    log(`web pages: building the view failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
