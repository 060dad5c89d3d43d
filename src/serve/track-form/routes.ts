// The obligation-tracking form (issue #8 item 3): GET /register/track/{systemId} shows a signed-in
// maintainer the system's obligations with a status and an evidence form each; POST
// /register/track/{systemId}/{obligationId} changes one through Tracking.mutate — the same tracker
// methods as the JSON API — so the history names the session's user. Sessions, CSRF and the Origin
// check are the editing form's (src/serve/form/).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CalendarName } from '../../reason/calendar.js';
import type { ObligationResult, SystemClassification } from '../../reason/index.js';
import { TrackError } from '../../track/index.js';
import { ensureTracked, lastSegment, type Tracking } from '../api-track.js';
import { isSystemId } from '../api-systems.js';
import { HttpError } from '../http.js';
import type { Register } from '../register.js';
import { readForm, redirect, refuse, sendHtml, sessionsOf, withHtmlErrors } from '../form/routes.js';
import { csrfMatches, sameOrigin, type Session } from '../form/session.js';
import { orgName, pick, pickLang, systemName, today } from '../pages/common.js';
import { t, type Lang } from '../pages/i18n.js';
import { viewIndex } from '../pages/index.js';
import { systemObligations } from './model.js';
import { anchor, renderTrackPage, type Failed, type TrackPage } from './render.js';
import { actionOf, checkSubmission, type Action, type Change } from './submission.js';

const PREFIX = '/register/track/';
const PATH = /^\/register\/track\/([^/]+)(?:\/([^/]+))?\/?$/;
const LOGIN = '/register/login';
/** One obligation's form: a few kilobytes at most, whatever the API's body limit. */
const BODY_LIMIT = 64 * 1024;

export interface TrackFormContext {
  register: Register;
  tracking: Tracking;
  maxBodyBytes: number;
  /** The calendar when the page names none (the server's, amended by default). */
  calendar: CalendarName;
}

export function isTrackFormPath(path: string): boolean {
  return path.startsWith(PREFIX);
}

/** Answers every /register/track/... request; errors become HTML pages. */
export function handleTrackForm(req: IncomingMessage, res: ServerResponse, url: URL, ctx: TrackFormContext): Promise<void> {
  return withHtmlErrors(req, res, url, (lang) => route(req, res, url, ctx, lang));
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `malformed percent-encoding in ${segment.slice(0, 140)}`);
  }
}

/** The page's query parameters worth keeping in links, forms and redirects. */
function kept(url: URL, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const k of ['lang', 'calendar']) {
    const v = url.searchParams.get(k);
    if (v) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

const pagePath = (id: string) => `${PREFIX}${encodeURIComponent(id)}`;

/** The login page, returning to `back` (the login form accepts local paths only). */
function loginPath(url: URL, back: string): string {
  const q = new URLSearchParams();
  const l = url.searchParams.get('lang');
  if (l) q.set('lang', l);
  q.set('return', back);
  return `${LOGIN}?${q.toString()}`;
}

function calendarOf(url: URL, ctx: TrackFormContext): CalendarName {
  const c = url.searchParams.get('calendar');
  return c === 'adopted' || c === 'amended' ? c : ctx.calendar;
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL, ctx: TrackFormContext, lang: Lang): Promise<void> {
  const method = req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';
  if (!read && method !== 'POST') throw new HttpError(405, `method ${method} is not allowed here; allowed: GET, HEAD, POST`, {}, { allow: 'GET, HEAD, POST' });
  if (!read && !sameOrigin(req)) return refuse(res, url, lang, t('form.refused.origin', lang));
  const m = PATH.exec(url.pathname);
  if (!m) throw new HttpError(404, t('notfound.path', lang, { path: url.pathname }));
  const id = decode(m[1]);
  const obligationId = m[2] === undefined ? undefined : decode(m[2]);
  if (!isSystemId(id)) throw new HttpError(404, t('track.notFound', lang, { id: id.slice(0, 140) }));

  const session = sessionsOf(ctx.register).get(req);
  if (!session) {
    if (read) return redirect(res, loginPath(url, `${url.pathname}${url.search}`));
    return refuse(res, url, lang, t('form.refused.session', lang), { href: loginPath(url, `${pagePath(id)}${kept(url)}`), text: t('form.login.title', lang) });
  }
  const sys = ctx.register.classifications.get(ctx.register.systemIri(id));
  if (!sys) throw new HttpError(404, t('track.notFound', lang, { id }));

  if (obligationId === undefined) {
    if (!read) throw new HttpError(405, `method ${method} is not allowed here; allowed: GET, HEAD (a change is posted to ${pagePath(id)}/{obligationId})`, {}, { allow: 'GET, HEAD' });
    const saved = savedParam(url, sys);
    return sendHtml(res, 200, renderTrackPage(pageModel(url, ctx, lang, session, id, sys, { saved })));
  }
  const obligation = findObligation(sys, obligationId, lang);
  // An obligation's own address leads to its place on the page.
  if (read) return redirect(res, `${pagePath(id)}${kept(url)}#${anchor(obligationId)}`);
  return submit(req, res, url, ctx, lang, session, id, sys, obligation);
}

function findObligation(sys: SystemClassification, obligationId: string, lang: Lang): ObligationResult {
  const o = sys.obligations.find((x) => lastSegment(x.iri) === obligationId);
  if (!o) throw new HttpError(404, t('track.obligationNotFound', lang, { obligation: obligationId.slice(0, 140) }));
  return o;
}

function savedParam(url: URL, sys: SystemClassification): TrackPage['saved'] {
  const action = url.searchParams.get('saved');
  const ob = url.searchParams.get('ob');
  if ((action !== 'status' && action !== 'evidence') || !ob || !sys.obligations.some((o) => lastSegment(o.iri) === ob)) return undefined;
  return { obligation: ob, action };
}

function pageModel(url: URL, ctx: TrackFormContext, lang: Lang, session: Session, id: string, sys: SystemClassification, extra: Pick<TrackPage, 'saved' | 'failed'>): TrackPage {
  // Names in the page's language come from the pages' view index (kept up to date incrementally).
  const view = viewIndex(ctx.register);
  const entry = view.byIri.get(sys.iri);
  const name = entry && entry.labels.size ? { text: systemName(entry, lang), lang: pickLang(entry.labels, lang) } : { text: sys.label ?? id, lang };
  const calendar = calendarOf(url, ctx);
  const other = calendar === 'amended' ? 'adopted' : 'amended';
  const otherQuery = new URLSearchParams(kept(url));
  otherQuery.set('calendar', other);
  return {
    lang,
    url,
    systemId: id,
    systemName: name,
    orgName: (iri) => {
      const o = view.orgByIri.get(iri);
      if (o && o.labels.size) return { text: pick(o.labels, lang) ?? iri, lang: pickLang(o.labels, lang) };
      return { text: orgName(o, iri, lang), lang };
    },
    obligations: systemObligations(sys, ctx.tracking.current, calendar, today()),
    csrf: session.csrf,
    user: session.user,
    paths: {
      post: (obligation) => `${pagePath(id)}/${encodeURIComponent(obligation)}${kept(url)}`,
      other: `${pagePath(id)}?${otherQuery.toString()}`,
      system: `${entry?.page ?? new URL(sys.iri).pathname}${kept(url)}`,
      edit: `/register/edit/${encodeURIComponent(id)}${url.searchParams.get('lang') ? `?lang=${encodeURIComponent(url.searchParams.get('lang') ?? '')}` : ''}`,
    },
    ...extra,
  };
}

async function submit(req: IncomingMessage, res: ServerResponse, url: URL, ctx: TrackFormContext, lang: Lang, session: Session, id: string, sys: SystemClassification, obligation: ObligationResult): Promise<void> {
  const form = await readForm(req, Math.min(ctx.maxBodyBytes, BODY_LIMIT));
  if (!csrfMatches(session, form.get('csrf'))) return refuse(res, url, lang, t('form.refused.csrf', lang));
  const action = actionOf(form);
  if (!action) throw new HttpError(400, t('track.error.kind', lang));
  const obligationId = lastSegment(obligation.iri);
  const checked = checkSubmission(action, form);
  const again = (status: number, failed: Failed) => sendHtml(res, status, renderTrackPage(pageModel(url, ctx, lang, session, id, sys, { failed })));
  if (!checked.ok) return again(422, { obligation: obligationId, action, values: checked.values, errors: checked.errors });
  try {
    await apply(ctx, sys, obligation, checked.change, session.user);
  } catch (e) {
    // E.g. a reclassification withdrew the obligation meanwhile: the tracker refused, nothing changed.
    if (!(e instanceof TrackError)) throw e;
    return again(409, { obligation: obligationId, action, values: checked.values, errors: new Map(), problem: t('track.error.refused', lang, { message: e.message }) });
  }
  redirect(res, `${pagePath(id)}${kept(url, { saved: action, ob: obligationId })}#${anchor(obligationId)}`);
}

/** The change, made as PUT .../status and POST .../evidence make it (api-track.ts). */
function apply(ctx: TrackFormContext, sys: SystemClassification, obligation: ObligationResult, change: Change, by: string): Promise<Action> {
  return ctx.tracking.mutate((tr) => {
    ensureTracked(tr, sys, by, ctx);
    if (change.action === 'status') tr.setStatus(obligation.iri, change.status, { by, reason: change.reason, note: change.note });
    else tr.addEvidence(obligation.iri, { type: change.type, title: change.title, url: change.link, date: change.date }, { by });
    return change.action;
  });
}
