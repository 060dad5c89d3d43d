import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CalendarName } from '../reason/calendar.js';
import type { ClassificationRun, ObligationResult, SystemClassification } from '../reason/index.js';
import { EVIDENCE_TYPES, STATUSES, ObligationTracker, TrackError, TrackerFiles, type EvidenceType, type ObligationStatus, type TrackedObligation } from '../track/index.js';
import type { TokenAuth } from './auth.js';
import { HttpError, allowCors, decodeUtf8, mediaType, readBody, sendJson } from './http.js';
import { Mutex } from './mutex.js';
import type { Register } from './register.js';

/** The tracking files in a data directory: `tracking.json` and its log `tracking.log`. */
export const TRACKING_FILES = 'tracking';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Obligation tracking for the register server: statuses, evidence and history of the obligations
 * the register's classifications derive. Every change is made on a fork of the state, made durable
 * (with --data: the records it touched are appended to a log and fsync'ed) and only then becomes
 * the current state, so an answer is sent only for what is on disk. Changes are serialised.
 */
export class Tracking {
  private readonly lock = new Mutex();

  private constructor(
    private tracker: ObligationTracker,
    private readonly register: Register,
    private readonly files: TrackerFiles | undefined,
    private readonly log: (line: string) => void,
  ) {}

  /** Loads the tracking state (from dataDir, if any) and reconciles it with every classification. */
  static async open(register: Register, dataDir: string | undefined, log: (line: string) => void = () => undefined): Promise<Tracking> {
    const opened = dataDir ? await TrackerFiles.open(dataDir, TRACKING_FILES) : undefined;
    const tracking = new Tracking(opened?.tracker ?? new ObligationTracker(), register, opened?.files, log);
    await tracking.reconcile(undefined, 'register');
    return tracking;
  }

  /** Folds the log into the snapshot and closes it. */
  close(): Promise<void> {
    return this.lock.run(async () => {
      await this.files?.close(this.tracker);
    });
  }

  get current(): ObligationTracker {
    return this.tracker;
  }

  /**
   * Brings tracking in line with the register's classifications: of the given systems (those a
   * write reclassified), or of all. Statuses of obligations that remain are kept.
   */
  async reconcile(systems: Iterable<string> | undefined, by: string): Promise<void> {
    await this.mutate((t) => {
      const scope = systems ? new Set(systems) : undefined;
      const r = t.reconcile(this.run(scope), { by }, scope);
      return r.added.length + r.withdrawn.length + r.restored.length > 0;
    });
  }

  /** After a write of the register: reconciles, and logs rather than fails (the next start reconciles again). */
  async afterWrite(systems: Iterable<string>, by: string): Promise<void> {
    try {
      await this.reconcile(systems, by);
    } catch (e) {
      this.log(`tracking: reconciliation after a write by ${by} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** A classification run made of the register's current classifications (of `systems`, if given). */
  run(systems?: Set<string>, keep: (o: ObligationResult) => boolean = () => true): ClassificationRun {
    const list: SystemClassification[] = [];
    // A few systems are looked up; only a run of the whole register goes through all of them.
    const of = systems ? [...systems].map((iri) => this.register.classifications.get(iri)).filter((s) => s !== undefined) : this.register.classifications.values();
    for (const s of of) list.push({ ...s, obligations: s.obligations.filter(keep) });
    list.sort((a, b) => (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0));
    return { calendar: 'amended', at: new Date().toISOString().slice(0, 10), rulesetVersion: '', startedAt: new Date().toISOString(), systems: list };
  }

  /** Runs a change on a copy of the state, saves it, then adopts it; a change that returns false changed nothing. */
  mutate<T>(change: (t: ObligationTracker) => T | false): Promise<T> {
    return this.lock.run(async () => {
      const next = this.tracker.fork();
      const result = change(next);
      if (result === false) return result as T;
      await this.files?.commit(next);
      this.tracker = next.settle();
      return result;
    });
  }
}

export interface TrackContext {
  register: Register;
  auth: TokenAuth;
  tracking: Tracking;
  maxBodyBytes: number;
  /** The calendar used when a request names none. */
  calendar: CalendarName;
}

const SYSTEM_COMPLIANCE = /^\/systems\/([^/]+)\/compliance\/?$/;
const OBLIGATION = /^\/systems\/([^/]+)\/obligations\/([^/]+)\/(status|evidence|history)\/?$/;
const ORG_COMPLIANCE = /^\/organisations\/compliance\/?$/;

/** Whether a path is one of the tracking routes. */
export function isTrackPath(path: string): boolean {
  return SYSTEM_COMPLIANCE.test(path) || OBLIGATION.test(path) || ORG_COMPLIANCE.test(path);
}

const methodNotAllowed = (method: string, allow: string) => new HttpError(405, `method ${method} is not allowed here; allowed: ${allow}`, {}, { allow });

function segment(text: string, what: string): string {
  let s: string;
  try {
    s = decodeURIComponent(text);
  } catch {
    throw new HttpError(400, `malformed percent-encoding in ${text.slice(0, 140)}`);
  }
  if (!ID.test(s)) throw new HttpError(400, `"${s.slice(0, 140)}" is not a valid ${what}`);
  return s;
}

/** Answers a tracking route (isTrackPath(path) must hold). */
export async function handleTrack(path: string, url: URL, req: IncomingMessage, res: ServerResponse, ctx: TrackContext): Promise<void> {
  const method = req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';
  let m = SYSTEM_COMPLIANCE.exec(path);
  if (m) {
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    return systemCompliance(segment(m[1], 'system id'), url, res, ctx);
  }
  if (ORG_COMPLIANCE.test(path)) {
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    return organisationCompliance(url, res, ctx);
  }
  m = OBLIGATION.exec(path)!;
  const { sys, obligation } = findObligation(segment(m[1], 'system id'), segment(m[2], 'obligation id'), ctx);
  if (m[3] === 'history') {
    if (!read) throw methodNotAllowed(method, 'GET, HEAD');
    allowCors(res);
    const t = tracked(obligation.iri, ctx);
    return sendJson(res, 200, { obligation: obligation.iri, system: sys.iri, status: t.status, reason: t.reason, total: t.history.length, history: t.history });
  }
  if (m[3] === 'status') {
    if (method !== 'PUT') throw methodNotAllowed(method, 'PUT');
    const by = ctx.auth.authenticate(req.headers.authorization);
    const body = await jsonBody(req, ctx);
    const status = body.status;
    if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) throw new HttpError(400, `"status" must be one of ${STATUSES.join(', ')}`);
    const reason = optionalString(body, 'reason');
    const note = optionalString(body, 'note');
    if (status === 'not-applicable' && !reason?.trim()) throw new HttpError(400, '"reason" is required for the status not-applicable');
    const t = await ctx.tracking.mutate((tr) => {
      ensureTracked(tr, sys, by, ctx);
      return trackErrors(() => ({ ...tr.setStatus(obligation.iri, status as ObligationStatus, { by, reason, note }) }));
    });
    return sendJson(res, 200, trackedView(t));
  }
  if (method !== 'POST') throw methodNotAllowed(method, 'POST');
  const by = ctx.auth.authenticate(req.headers.authorization);
  const body = await jsonBody(req, ctx);
  const type = body.type;
  if (typeof type !== 'string' || !(EVIDENCE_TYPES as readonly string[]).includes(type)) throw new HttpError(400, `"type" must be one of ${EVIDENCE_TYPES.join(', ')}`);
  const link = body.link;
  if (typeof link !== 'string' || !isHttpUrl(link)) throw new HttpError(400, '"link" must be an http(s) URL of the document');
  const title = optionalString(body, 'title')?.trim() || link;
  const date = optionalString(body, 'date');
  if (date !== undefined && !DATE.test(date)) throw new HttpError(400, '"date" must be YYYY-MM-DD');
  const evidence = await ctx.tracking.mutate((tr) => {
    ensureTracked(tr, sys, by, ctx);
    return trackErrors(() => tr.addEvidence(obligation.iri, { type: type as EvidenceType, title, url: link, date: date ?? null }, { by }));
  });
  const location = `/systems/${m[1]}/obligations/${m[2]}/history`;
  return sendJson(res, 201, { obligation: obligation.iri, evidence, link: evidence.url }, { location });
}

// A write that reclassified the system may not have reached tracking yet: reconcile it first.
export function ensureTracked(tr: ObligationTracker, sys: SystemClassification, by: string, ctx: Pick<TrackContext, 'tracking'>): void {
  const scope = new Set([sys.iri]);
  if (sys.obligations.some((o) => !tr.get(o.iri)?.current)) tr.reconcile(ctx.tracking.run(scope), { by }, scope);
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new HttpError(400, `"${field}" must be a string`);
  return v;
}

function trackErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TrackError) throw new HttpError(409, e.message);
    throw e;
  }
}

async function jsonBody(req: IncomingMessage, ctx: TrackContext): Promise<Record<string, unknown>> {
  const { type } = mediaType(req);
  if (type !== 'application/json') throw new HttpError(415, `send a JSON object as application/json${type ? `, not ${type}` : ' (Content-Type is missing)'}`);
  const text = decodeUtf8(await readBody(req, ctx.maxBodyBytes), 'the request body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `the body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

function findSystem(id: string, ctx: TrackContext): SystemClassification {
  const sys = ctx.register.classifications.get(ctx.register.systemIri(id));
  if (!sys) throw new HttpError(404, `no classified system "${id}" in this register`);
  return sys;
}

export const lastSegment = (iri: string) => iri.replace(/\/+$/, '').split(/[/#]/).pop() ?? iri;

function findObligation(id: string, obligationId: string, ctx: TrackContext): { sys: SystemClassification; obligation: ObligationResult } {
  const sys = findSystem(id, ctx);
  const obligation = sys.obligations.find((o) => lastSegment(o.iri) === obligationId);
  if (!obligation) throw new HttpError(404, `system "${id}" has no obligation "${obligationId}"; see /systems/${id}/compliance`);
  return { sys, obligation };
}

function tracked(iri: string, ctx: TrackContext): TrackedObligation {
  const t = ctx.tracking.current.get(iri);
  if (!t) throw new HttpError(404, `the obligation <${iri}> is not tracked yet; try again in a moment`);
  return t;
}

function trackedView(t: TrackedObligation) {
  return { obligationId: lastSegment(t.obligation), ...t };
}

function viewParams(url: URL, ctx: TrackContext): { calendar: CalendarName; at: string } {
  const calendar = url.searchParams.get('calendar') ?? ctx.calendar;
  if (calendar !== 'amended' && calendar !== 'adopted') throw new HttpError(400, '"calendar" must be amended or adopted');
  const at = url.searchParams.get('at') ?? new Date().toISOString().slice(0, 10);
  if (!DATE.test(at) || Number.isNaN(Date.parse(at))) throw new HttpError(400, '"at" must be a date, YYYY-MM-DD');
  return { calendar, at };
}

function obligationsView(run: ClassificationRun, params: { calendar: CalendarName; at: string }, ctx: TrackContext) {
  const tracker = ctx.tracking.current;
  const view = tracker.compliance(run, params);
  const ids = new Map<string, string | null>();
  for (const s of run.systems) {
    const prefix = `${ctx.register.base}system/`;
    ids.set(s.iri, s.iri.startsWith(prefix) ? s.iri.slice(prefix.length) : null);
  }
  const obligations = view.obligations.map((o) => {
    const t = tracker.get(o.obligation);
    const id = ids.get(o.system);
    const obligationId = lastSegment(o.obligation);
    return {
      ...o,
      obligationId,
      reason: t?.reason ?? null,
      evidence: t?.evidence ?? [],
      href: id ? `/systems/${id}/obligations/${obligationId}/history` : null,
    };
  });
  return { ...view, obligations };
}

function systemCompliance(id: string, url: URL, res: ServerResponse, ctx: TrackContext): void {
  allowCors(res);
  const params = viewParams(url, ctx);
  const sys = findSystem(id, ctx);
  const view = obligationsView(ctx.tracking.run(new Set([sys.iri])), params, ctx);
  sendJson(res, 200, { id, iri: sys.iri, label: sys.label, calendar: view.calendar, at: view.at, tally: view.bySystem[0]?.tally ?? null, byOrganisation: view.byOrganisation, obligations: view.obligations });
}

function organisationCompliance(url: URL, res: ServerResponse, ctx: TrackContext): void {
  allowCors(res);
  const params = viewParams(url, ctx);
  const organisation = url.searchParams.get('organisation');
  const matches = (iri: string) => !organisation || iri === organisation || lastSegment(iri) === organisation;
  const run = ctx.tracking.run(undefined, (o) => matches(o.organisation));
  run.systems = run.systems.filter((s) => s.obligations.length > 0);
  if (organisation && run.systems.length === 0) throw new HttpError(404, `no obligations of organisation "${organisation.slice(0, 200)}" in this register`);
  const view = obligationsView(run, params, ctx);
  sendJson(res, 200, { organisation, calendar: view.calendar, at: view.at, byOrganisation: view.byOrganisation, bySystem: view.bySystem, obligations: view.obligations });
}
