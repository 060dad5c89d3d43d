import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenAuth } from '../serve/auth.js';
import { HttpError, allowCors, sendJson } from '../serve/http.js';
import type { DatasetLinkService } from './service.js';
import type { DatasetLinkView } from './view.js';

export interface LinkRouteContext {
  links: DatasetLinkService;
  auth: TokenAuth;
  /** The IRI of system {id} if the register has it, else null. */
  systemIri: (id: string) => string | null;
}

const LINKS = /^\/links(\/refresh)?\/?$/;
const SYSTEM_REFRESH = /^\/systems\/([^/]+)\/links\/refresh\/?$/;

export function isLinkPath(path: string): boolean {
  return LINKS.test(path) || SYSTEM_REFRESH.test(path);
}

function summary(views: DatasetLinkView[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of views) out[v.status] = (out[v.status] ?? 0) + 1;
  return out;
}

const methodNotAllowed = (method: string, allow: string) => new HttpError(405, `method ${method} is not allowed here; allowed: ${allow}`, {}, { allow });

/**
 * GET /links: every link with its status. POST /links/refresh and POST /systems/{id}/links/refresh:
 * look links up on the portal (authenticated, like every request that changes the register).
 */
export async function handleLinks(path: string, req: IncomingMessage, res: ServerResponse, ctx: LinkRouteContext, decodeId: (segment: string) => string): Promise<void> {
  const method = req.method ?? 'GET';
  allowCors(res);
  const sys = SYSTEM_REFRESH.exec(path);
  const links = LINKS.exec(path);
  if (links && !links[1]) {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, 'GET, HEAD');
    const views = ctx.links.views();
    return sendJson(res, 200, { endpoint: ctx.links.portal.endpoint, total: views.length, statuses: summary(views), links: views });
  }
  if (method !== 'POST') throw methodNotAllowed(method, 'POST');
  ctx.auth.authenticate(req.headers.authorization);
  let system: string | undefined;
  if (sys) {
    const id = decodeId(sys[1]);
    const iri = ctx.systemIri(id);
    if (!iri) throw new HttpError(404, `no system "${id}" in this register`);
    system = iri;
  }
  const views = await ctx.links.refresh(system);
  sendJson(res, 200, { endpoint: ctx.links.portal.endpoint, total: views.length, statuses: summary(views), links: views });
}
