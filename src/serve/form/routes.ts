// The add/edit form's routes: login and logout (a browser session over the API's tokens), and
// GET/POST /register/edit/new and /register/edit/{id}. A POST builds RDF from the fields and
// stores it through Register.put, i.e. through the same SHACL gate as PUT /systems/{id}.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Quad } from '@rdfjs/types';
import { parseNTriples } from '../../store/ntriples.js';
import { HttpError, decodeUtf8, mediaType, readBody, send } from '../http.js';
import { isSystemId, type ApiContext } from '../api-systems.js';
import { CeilingExceeded, GateRejected, NotDescribed, type Register } from '../register.js';
import { sparqlIri } from '../gate.js';
import { chooseLang, t, type Lang } from '../pages/i18n.js';
import { AR, RDF_TYPE, RDFS_LABEL, formModel, type FormModel } from './fields.js';
import { prefill, type Prefill } from './from-rdf.js';
import { buildDescription, type FocusTarget } from './to-rdf.js';
import { addMessage, emptyPlaced, placeResults } from './messages.js';
import { Sessions, clearedCookie, csrfMatches, isHttps, sameOrigin, safeReturnPath, sessionCookie, type Session } from './session.js';
import { renderForm, renderLogin, renderLogout, renderMessage, type FormPage, type OrganisationOption } from './render.js';
import { SPARE_ORG_ROWS, emptyOrgRow, isEmptyRow, parseForm, type FormValues } from './values.js';

const LOGIN = '/register/login';
const LOGOUT = '/register/logout';
const EDIT = '/register/edit/';
const NEW = 'new';
/** A login form is a few hundred bytes; it never needs the API's body limit. */
const LOGIN_BODY_LIMIT = 16 * 1024;

// Pages that carry a CSRF token or a session are never cached or framed.
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'; form-action 'self'",
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

/** One session store per register (i.e. per server), without widening the server's context. */
const sessionStores = new WeakMap<Register, Sessions>();
export function sessionsOf(register: Register): Sessions {
  let s = sessionStores.get(register);
  if (!s) sessionStores.set(register, (s = new Sessions()));
  return s;
}

export function isFormPath(path: string): boolean {
  return path === LOGIN || path === LOGOUT || path.startsWith(EDIT);
}

export function sendHtml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  send(res, status, body, 'text/html; charset=utf-8', { ...PAGE_HEADERS, ...headers });
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { location, 'content-length': '0', ...PAGE_HEADERS, ...headers });
  res.end();
}

/** ?lang= carried over to a local link, so a Dutch form leads to Dutch pages. */
export function keepLang(path: string, url: URL): string {
  const lang = url.searchParams.get('lang');
  return lang ? `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang)}` : path;
}

export async function readForm(req: IncomingMessage, limit: number): Promise<URLSearchParams> {
  const { type, charset } = mediaType(req);
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, `send the form as application/x-www-form-urlencoded${type ? `, not ${type}` : ''}`);
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new HttpError(400, `the form must be sent as UTF-8, not ${charset}`);
  return new URLSearchParams(decodeUtf8(await readBody(req, limit), 'the form'));
}

/** Runs a handler of the signed-in pages; an HttpError it throws becomes an HTML page in the page's language. */
export async function withHtmlErrors(req: IncomingMessage, res: ServerResponse, url: URL, handle: (lang: Lang) => Promise<void>): Promise<void> {
  const lang = chooseLang(url, req.headers['accept-language']);
  try {
    await handle(lang);
  } catch (e) {
    if (!(e instanceof HttpError) || res.headersSent) throw e;
    sendHtml(res, e.status, renderMessage(lang, url, t('form.problem.title', lang), e.message), e.headers);
  }
}

/** Answers every /register/login, /register/logout and /register/edit/... request. */
export function handleForm(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext): Promise<void> {
  return withHtmlErrors(req, res, url, (lang) => route(req, res, url, ctx, lang));
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext, lang: Lang): Promise<void> {
  const method = req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';
  const sessions = sessionsOf(ctx.register);
  const secure = isHttps(req);
  if (!read && method !== 'POST') throw new HttpError(405, `method ${method} is not allowed here; allowed: GET, HEAD, POST`, {}, { allow: 'GET, HEAD, POST' });
  if (!read && !sameOrigin(req)) return refuse(res, url, lang, t('form.refused.origin', lang));

  if (url.pathname === LOGIN) {
    const returnPath = safeReturnPath(url.searchParams.get('return'), keepLang(`${EDIT}${NEW}`, url));
    if (read) return sendHtml(res, 200, renderLogin({ lang, url, returnPath, user: sessions.get(req)?.user }));
    const form = await readForm(req, Math.min(ctx.maxBodyBytes, LOGIN_BODY_LIMIT));
    const back = safeReturnPath(form.get('return'), returnPath);
    let user: string;
    try {
      user = ctx.auth.authenticate(`Bearer ${(form.get('token') ?? '').trim()}`);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      const error = ctx.auth.size === 0 ? t('form.login.disabled', lang) : t('form.login.wrong', lang);
      return sendHtml(res, 401, renderLogin({ lang, url, returnPath: back, error }));
    }
    const old = sessions.get(req);
    if (old) sessions.destroy(old.id); // a fresh id at every login (no session fixation)
    const session = sessions.create(user);
    return redirect(res, back, { 'set-cookie': sessionCookie(session.id, secure) });
  }

  if (url.pathname === LOGOUT) {
    const session = sessions.get(req);
    if (read) {
      if (!session) return redirect(res, keepLang(LOGIN, url));
      return sendHtml(res, 200, renderLogout(lang, url, session.user, session.csrf));
    }
    const form = await readForm(req, LOGIN_BODY_LIMIT);
    if (session && !csrfMatches(session, form.get('csrf'))) return refuse(res, url, lang, t('form.refused.csrf', lang));
    if (session) sessions.destroy(session.id);
    return redirect(res, keepLang(LOGIN, url), { 'set-cookie': clearedCookie(secure) });
  }

  // /register/edit/{new | id}
  const segment = url.pathname.slice(EDIT.length).replace(/\/$/, '');
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `malformed percent-encoding in ${segment.slice(0, 140)}`);
  }
  if (id !== NEW && !isSystemId(id)) throw new HttpError(404, t('form.notFound', lang, { id: id.slice(0, 140) }));
  const session = sessions.get(req);
  if (!session) {
    if (read) return redirect(res, `${keepLang(LOGIN, url)}${url.searchParams.has('lang') ? '&' : '?'}return=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
    return refuse(res, url, lang, t('form.refused.session', lang), { href: keepLang(`${LOGIN}?return=${encodeURIComponent(url.pathname)}`, url), text: t('form.login.title', lang) });
  }
  const model = await formModel();
  if (read) return showForm(res, url, ctx, lang, model, session, id);
  return submitForm(req, res, url, ctx, lang, model, session, id);
}

export function refuse(res: ServerResponse, url: URL, lang: Lang, text: string, link?: { href: string; text: string }): void {
  sendHtml(res, 403, renderMessage(lang, url, t('form.refused.title', lang), text, link));
}

interface Stored {
  quads: Quad[];
  version: string;
  prefill: Prefill;
}

/** The stored description of system {id}, if record {id} describes it. */
function loadStored(ctx: ApiContext, id: string, model: FormModel, lang: Lang): Stored | undefined {
  const record = ctx.register.durable.records.get(id);
  if (!record) return undefined;
  const quads = parseNTriples(record.ntriples);
  const iri = ctx.register.systemIri(id);
  if (!quads.some((q) => q.subject.value === iri && q.predicate.value === RDF_TYPE)) return undefined;
  return { quads, version: String(record.version), prefill: prefill(quads, iri, id, String(record.version), model, lang) };
}

/** Organisations a row can choose: every ar:Organisation in the register, by its name in `lang`. */
function organisations(register: Register, lang: Lang, extra: Iterable<string>): OrganisationOption[] {
  const rows = register.main.select(`SELECT ?o ?l WHERE { ?o a <${AR}Organisation> FILTER(isIRI(?o)) OPTIONAL { ?o <${RDFS_LABEL}> ?l } }`);
  const labels = new Map<string, Map<string, string>>();
  for (const b of rows) {
    const o = b.get('o')?.value;
    if (!o) continue;
    const per = labels.get(o) ?? new Map<string, string>();
    const l = b.get('l');
    if (l && !per.has(l.language ?? '')) per.set(l.language ?? '', l.value);
    labels.set(o, per);
  }
  for (const iri of extra) if (iri && !labels.has(iri)) labels.set(iri, new Map());
  return [...labels]
    .map(([iri, per]) => ({ iri, label: per.get(lang) ?? per.get('en') ?? per.get('') ?? per.values().next().value ?? iri }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
}

function taken(register: Register, iri: string): boolean {
  const ref = sparqlIri(iri);
  if (!ref) return true;
  return register.main.oxi.query(`ASK { { ${ref} ?p ?o } UNION { ?s ?p ${ref} } }`, { use_default_graph_as_union: true }) === true;
}

/** Empty rows to add one more organisation without a script. */
function withSpareRows(values: FormValues, min: number): FormValues {
  const orgs = values.orgs.filter((r, i) => !isEmptyRow(r) || i < min);
  const filled = orgs.filter((r) => !isEmptyRow(r)).length;
  while (orgs.length < Math.max(min, filled + SPARE_ORG_ROWS)) orgs.push(emptyOrgRow());
  return { ...values, orgs };
}

function action(url: URL): string {
  return keepLang(url.pathname, url);
}

function systemPage(register: Register, id: string, url: URL): string {
  return keepLang(`${new URL(register.base).pathname}system/${encodeURIComponent(id)}`, url);
}

function systemName(stored: Stored | undefined, lang: Lang): string | undefined {
  if (!stored) return undefined;
  const f = stored.prefill.values.fields;
  return f.get(lang === 'nl' ? 'label-nl' : 'label-en')?.[0] ?? f.get('label-en')?.[0] ?? f.get('label-nl')?.[0];
}

function pageFor(base: Omit<FormPage, 'organisations'>, ctx: ApiContext, lang: Lang): FormPage {
  return { ...base, organisations: organisations(ctx.register, lang, base.values.orgs.map((r) => r.agent).filter((a) => a.includes(':'))) };
}

async function showForm(res: ServerResponse, url: URL, ctx: ApiContext, lang: Lang, model: FormModel, session: Session, id: string): Promise<void> {
  if (id === NEW) {
    const values: FormValues = withSpareRows({ id: '', version: '', fields: new Map(), orgs: [] }, 2);
    const page = pageFor({ lang, url, mode: 'new', values, placed: emptyPlaced(), otherLanguages: new Map(), csrf: session.csrf, user: session.user, action: action(url), submitted: false }, ctx, lang);
    return sendHtml(res, 200, renderForm(model, page));
  }
  const stored = loadStored(ctx, id, model, lang);
  if (!stored) throw new HttpError(404, t('form.notFound', lang, { id }));
  // The open questions of the stored description, shown next to their fields (not blocking).
  const report = await ctx.register.validate(stored.quads, id);
  const focus = new Map<string, FocusTarget>();
  stored.prefill.values.orgs.forEach((r, i) => r.node && focus.set(r.node, { row: i, kind: 'role' }));
  const placed = placeResults(report.results, ctx.register.systemIri(id), model, focus);
  const values = withSpareRows(stored.prefill.values, 1);
  const page = pageFor({ lang, url, mode: 'edit', values, placed, otherLanguages: stored.prefill.otherLanguages, csrf: session.csrf, user: session.user, action: action(url), systemPage: systemPage(ctx.register, id, url), systemName: systemName(stored, lang), submitted: false }, ctx, lang);
  sendHtml(res, 200, renderForm(model, page));
}

async function submitForm(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext, lang: Lang, model: FormModel, session: Session, pathId: string): Promise<void> {
  const form = await readForm(req, ctx.maxBodyBytes);
  if (!csrfMatches(session, form.get('csrf'))) return refuse(res, url, lang, t('form.refused.csrf', lang));
  const isNew = pathId === NEW;
  const values = parseForm(form, model, isNew ? '' : pathId);
  if (!isNew) values.id = pathId; // the path names the system being edited
  const placed = emptyPlaced();
  let stored: Stored | undefined;
  let status = 422;

  if (isNew) {
    if (!values.id) addMessage(placed, 'field-id', { level: 'error', text: t('form.id.missing', lang) });
    else if (!isSystemId(values.id)) addMessage(placed, 'field-id', { level: 'error', text: t('form.id.invalid', lang) });
    else if (values.id === NEW) addMessage(placed, 'field-id', { level: 'error', text: t('form.id.reserved', lang, { id: NEW }) }); // /register/edit/new is this form
    else if (ctx.register.durable.records.has(values.id) || ctx.register.classifications.has(ctx.register.systemIri(values.id))) addMessage(placed, 'field-id', { level: 'error', text: t('form.id.taken', lang, { id: values.id }) });
  } else {
    stored = loadStored(ctx, pathId, model, lang);
    if (!stored) throw new HttpError(404, t('form.notFound', lang, { id: pathId }));
    if (values.version !== stored.version) {
      // Someone saved in between: show this submission again, and let a second save overwrite.
      addMessage(placed, undefined, { level: 'error', text: t('form.conflict', lang) });
      values.version = stored.version;
      status = 409;
    }
  }
  const idOk = !placed.byField.has('field-id');
  // An unusable id still gets the rest of the form checked, under a placeholder IRI.
  const systemIri = ctx.register.systemIri(idOk ? values.id : 'form-new-system');
  const agents = new Set(organisations(ctx.register, lang, stored?.prefill.values.orgs.map((r) => r.agent).filter((a) => a.includes(':')) ?? []).map((o) => o.iri));
  const built = buildDescription(values, model, {
    systemIri,
    base: ctx.register.base,
    lang,
    organisations: agents,
    taken: (iri) => taken(ctx.register, iri),
    stored: stored ? { quads: stored.quads, shown: stored.prefill.shown, untagged: stored.prefill.untagged } : undefined,
  });

  const rerender = async (code: number) => {
    const page = pageFor({ lang, url, mode: isNew ? 'new' : 'edit', values: withSpareRows(values, isNew ? 2 : 1), placed, otherLanguages: stored?.prefill.otherLanguages ?? new Map(), csrf: session.csrf, user: session.user, action: action(url), systemPage: isNew ? undefined : systemPage(ctx.register, pathId, url), systemName: systemName(stored, lang), submitted: true }, ctx, lang);
    sendHtml(res, code, renderForm(model, page));
  };

  if (!idOk || status === 409) {
    const report = await ctx.register.validate(built.quads, isNew ? undefined : pathId);
    placeResults(report.results, systemIri, model, built.focus, placed);
    return rerender(status);
  }
  try {
    const out = await ctx.register.put(values.id, built.quads, session.user, { requireSystem: true });
    await ctx.tracking?.afterWrite(out.reclassified, session.user);
  } catch (e) {
    if (e instanceof GateRejected) placeResults(e.report.results, systemIri, model, built.focus, placed);
    else if (e instanceof NotDescribed || e instanceof CeilingExceeded) addMessage(placed, undefined, { level: 'error', text: e.message });
    else throw e;
    return rerender(e instanceof CeilingExceeded ? 507 : 422);
  }
  redirect(res, systemPage(ctx.register, values.id, url));
}

