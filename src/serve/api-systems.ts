import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Quad } from '@rdfjs/types';
import { parseRdf } from '../ingest/parse.js';
import { InputError } from '../ingest/errors.js';
import { formatFromMediaType, type RdfFormat } from '../ingest/formats.js';
import type { SystemClassification } from '../reason/index.js';
import type { StoredRecord } from '../store/durable-store.js';
import type { TokenAuth } from './auth.js';
import type { Tracking } from './api-track.js';
import { HttpError, allowCors, decodeUtf8, mediaType, readBody, sendJson } from './http.js';
import { datasetLinksOf } from '../link/view.js';
import { CeilingExceeded, GateRejected, NotDescribed, UnknownRecord, type Register, type WriteOutcome } from './register.js';

export interface ApiContext {
  register: Register;
  auth: TokenAuth;
  maxBodyBytes: number;
  /** Obligation tracking, reconciled after every write. */
  tracking?: Tracking;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const TIERS = ['prohibited', 'high-risk', 'transparency', 'minimal', 'out-of-scope', 'undetermined'];
const ROLES = ['provider', 'deployer', 'importer', 'distributor', 'authorised-representative', 'product-manufacturer', 'controller', 'processor', 'joint-controller'];
const BODY_FORMATS: RdfFormat[] = ['turtle', 'jsonld', 'ntriples', 'rdfxml'];

/** Whether a string can be a system id. */
export function isSystemId(id: string): boolean {
  return ID.test(id);
}

export function checkId(id: string): string {
  if (!ID.test(id)) throw new HttpError(400, `"${id.slice(0, 140)}" is not a valid system id: use 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  return id;
}

/** The id of a system IRI minted by this register, or null. */
export function idOf(register: Register, iri: string): string | null {
  const prefix = `${register.base}system/`;
  if (!iri.startsWith(prefix)) return null;
  const id = iri.slice(prefix.length);
  return ID.test(id) ? id : null;
}

/** Reads an RDF description from a request body (Turtle, JSON-LD, N-Triples, RDF/XML). */
export async function readDescription(req: IncomingMessage, ctx: ApiContext, baseIRI: string): Promise<Quad[]> {
  const { type, charset } = mediaType(req);
  const format = type ? formatFromMediaType(type) : undefined;
  if (!format || !BODY_FORMATS.includes(format)) {
    throw new HttpError(415, `send the description as text/turtle, application/ld+json, application/n-triples or application/rdf+xml${type ? `, not ${type}` : ' (Content-Type is missing)'}`);
  }
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new HttpError(400, `the body must be UTF-8, not ${charset}`);
  const text = decodeUtf8(await readBody(req, ctx.maxBodyBytes), 'the request body');
  let quads: Quad[];
  try {
    quads = await parseRdf(text, { format, baseIRI, source: 'request body' });
  } catch (e) {
    if (e instanceof InputError) throw new HttpError(400, e.message);
    throw e;
  }
  if (quads.length === 0) throw new HttpError(422, 'the description is empty');
  return quads;
}

function recordView(r: StoredRecord | undefined, ctx: ApiContext) {
  if (!r) return null;
  return { graph: ctx.register.recordGraph(r.id), version: r.version, updatedAt: r.updatedAt, by: r.by, triples: r.triples, sha256: r.sha256 };
}

function summary(sys: SystemClassification, ctx: ApiContext) {
  const id = idOf(ctx.register, sys.iri);
  const organisations = new Map<string, { iri: string; label: string | null; roles: string[] }>();
  for (const r of sys.roles) {
    const o = organisations.get(r.organisation) ?? { iri: r.organisation, label: r.organisationLabel, roles: [] };
    o.roles.push(r.role);
    organisations.set(r.organisation, o);
  }
  const deadlines = sys.obligations.map((o) => o.appliesFrom).filter((d): d is string => !!d).sort();
  return {
    id,
    iri: sys.iri,
    label: sys.label,
    riskTier: sys.riskTier,
    highRiskRoute: sys.highRiskRoute,
    annexIII: sys.annexIII,
    annexI: sys.annexI,
    prohibitedPractices: sys.prohibitedPractices,
    transparency: sys.transparency,
    organisations: [...organisations.values()],
    obligations: sys.obligations.length,
    nextDeadline: deadlines.find((d) => d >= new Date().toISOString().slice(0, 10)) ?? null,
    missing: sys.missing.map((m) => m.fact),
    href: id ? `/systems/${id}` : null,
  };
}

function matchesOrganisation(iri: string, wanted: string): boolean {
  return iri === wanted || iri.replace(/\/+$/, '').split(/[/#]/).pop() === wanted;
}

function intParam(url: URL, name: string, dflt: number, min: number, max: number): number {
  const v = url.searchParams.get(name);
  if (v === null) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/** GET /systems: classified systems, filtered and paginated. */
export function listSystems(url: URL, res: ServerResponse, ctx: ApiContext): void {
  allowCors(res);
  const tier = url.searchParams.get('tier');
  const organisation = url.searchParams.get('organisation');
  const role = url.searchParams.get('role');
  const annexIII = url.searchParams.get('annexIII');
  const limit = intParam(url, 'limit', 50, 1, 1000);
  const offset = intParam(url, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const tiers = tier ? tier.split(',') : undefined;
  for (const t of tiers ?? []) if (!TIERS.includes(t)) throw new HttpError(400, `unknown tier "${t}"; tiers: ${TIERS.join(', ')}`);
  if (role && !ROLES.includes(role)) throw new HttpError(400, `unknown role "${role}"; roles: ${ROLES.join(', ')}`);

  const all = [...ctx.register.classifications.values()]
    .filter((s) => !tiers || tiers.includes(s.riskTier))
    .filter((s) => !annexIII || s.annexIII.some((p) => p === annexIII || p.startsWith(`${annexIII}(`)))
    .filter((s) => {
      if (!organisation && !role) return true;
      const orgs = [...s.roles.map((r) => ({ org: r.organisation, role: r.role })), ...s.obligations.map((o) => ({ org: o.organisation, role: o.role }))];
      return orgs.some((x) => (!organisation || matchesOrganisation(x.org, organisation)) && (!role || x.role === role));
    })
    .sort((a, b) => a.iri.localeCompare(b.iri));
  const page = all.slice(offset, offset + limit).map((s) => summary(s, ctx));
  const link = (o: number) => {
    const u = new URL(url);
    u.searchParams.set('offset', String(o));
    u.searchParams.set('limit', String(limit));
    return `${u.pathname}${u.search}`;
  };
  const next = offset + limit < all.length ? link(offset + limit) : null;
  const prev = offset > 0 ? link(Math.max(0, offset - limit)) : null;
  const links = [next && `<${next}>; rel="next"`, prev && `<${prev}>; rel="prev"`].filter(Boolean).join(', ');
  sendJson(res, 200, { total: all.length, offset, limit, next, prev, items: page }, links ? { link: links } : {});
}

function systemOrRecord(id: string, ctx: ApiContext): { iri: string; sys: SystemClassification | undefined; record: StoredRecord | undefined } {
  const iri = ctx.register.systemIri(id);
  const sys = ctx.register.classifications.get(iri);
  const record = ctx.register.durable.records.get(id);
  if (!sys && !record) throw new HttpError(404, `no system or record "${id}" in this register`);
  return { iri, sys, record };
}

/** GET /systems/{id}: the record and the classification of system {id}. */
export function getSystem(id: string, res: ServerResponse, ctx: ApiContext): void {
  allowCors(res);
  const { iri, sys, record } = systemOrRecord(id, ctx);
  sendJson(res, 200, {
    id,
    iri,
    record: recordView(record, ctx),
    classification: sys ?? null,
    datasets: datasetLinksOf(ctx.register, iri),
    links: { self: `/systems/${id}`, obligations: `/systems/${id}/obligations`, history: `/systems/${id}/history`, linkedData: new URL(iri).pathname },
  });
}

/** GET /systems/{id}/obligations (optionally ?organisation=, ?role=, ?inForce=true|false). */
export function getObligations(id: string, url: URL, res: ServerResponse, ctx: ApiContext): void {
  allowCors(res);
  const { iri, sys } = systemOrRecord(id, ctx);
  if (!sys) throw new HttpError(404, `record "${id}" does not describe the system <${iri}>, so it has no obligations`);
  const organisation = url.searchParams.get('organisation');
  const role = url.searchParams.get('role');
  const inForce = url.searchParams.get('inForce');
  const obligations = sys.obligations
    .filter((o) => !organisation || matchesOrganisation(o.organisation, organisation))
    .filter((o) => !role || o.role === role)
    .filter((o) => inForce === null || String(o.inForceOn) === inForce);
  sendJson(res, 200, { id, iri, label: sys.label, riskTier: sys.riskTier, total: obligations.length, obligations });
}

/** GET /systems/{id}/history: every write of record {id}, oldest first. */
export function getHistory(id: string, res: ServerResponse, ctx: ApiContext): void {
  allowCors(res);
  const entries = ctx.register.durable.history.filter((h) => h.id === id);
  if (entries.length === 0 && !ctx.register.classifications.has(ctx.register.systemIri(id))) throw new HttpError(404, `no history for "${id}"`);
  sendJson(res, 200, { id, total: entries.length, entries });
}

function writeResponse(out: WriteOutcome, ctx: ApiContext) {
  return {
    id: out.id,
    iri: ctx.register.systemIri(out.id),
    status: out.status,
    version: out.seq,
    record: recordView(out.record, ctx),
    classification: out.classification ?? null,
    reclassified: out.reclassified,
    ...(out.validation ? { validation: out.validation } : {}),
  };
}

export function writeErrorToHttp(e: unknown): unknown {
  if (e instanceof GateRejected) return new HttpError(422, e.message, { report: e.report });
  if (e instanceof NotDescribed) return new HttpError(422, e.message);
  if (e instanceof CeilingExceeded) return new HttpError(507, e.message);
  if (e instanceof UnknownRecord) return new HttpError(404, e.message);
  return e;
}

/** PUT /systems/{id}: SHACL gate → classify → store; 201 or 200 with the classification. */
export async function putSystem(id: string, req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const by = ctx.auth.authenticate(req.headers.authorization);
  const quads = await readDescription(req, ctx, ctx.register.systemIri(id));
  let out: WriteOutcome;
  try {
    out = await ctx.register.put(id, quads, by, { requireSystem: true });
  } catch (e) {
    throw writeErrorToHttp(e);
  }
  await ctx.tracking?.afterWrite(out.reclassified, by);
  sendJson(res, out.status === 'created' ? 201 : 200, writeResponse(out, ctx), { location: `/systems/${id}` });
}

/** DELETE /systems/{id}. */
export async function deleteSystem(id: string, req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const by = ctx.auth.authenticate(req.headers.authorization);
  let out: WriteOutcome;
  try {
    out = await ctx.register.remove(id, by);
  } catch (e) {
    throw writeErrorToHttp(e);
  }
  await ctx.tracking?.afterWrite(out.reclassified, by);
  sendJson(res, 200, writeResponse(out, ctx));
}

function replacesParam(url: URL): string | undefined {
  const r = url.searchParams.get('replaces');
  return r === null ? undefined : checkId(r);
}

/** POST /validate: the SHACL gate as a dry run (nothing is stored). */
export async function validateDescription(url: URL, req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  allowCors(res);
  const replaces = replacesParam(url);
  const quads = await readDescription(req, ctx, replaces ? ctx.register.systemIri(replaces) : `${ctx.register.base}system/`);
  sendJson(res, 200, await ctx.register.validate(quads, replaces));
}

/** POST /classify: classification as a dry run, in the context of the register (nothing is stored). */
export async function classifyDescription(url: URL, req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  allowCors(res);
  const replaces = replacesParam(url);
  const quads = await readDescription(req, ctx, replaces ? ctx.register.systemIri(replaces) : `${ctx.register.base}system/`);
  const run = await ctx.register.dryRunClassify(quads, replaces);
  sendJson(res, 200, { calendar: run.calendar, at: run.at, rulesetVersion: run.rulesetVersion, systems: run.systems });
}
