// Obligation tracking over the server API: statuses (with the token name in the history),
// evidence, the due/overdue/met view per system and organisation on both calendars, durability
// with --data, and statuses surviving a reclassification.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/serve/server.js';
import { AUTH, TOKEN_BOB, startTestServer } from './helpers/server.js';

const SYSTEM = await readFile(new URL('./fixtures/serve/system.ttl', import.meta.url), 'utf8');
const ORG = 'https://testville.example.org/org/city';
const BOB = { authorization: `Bearer ${TOKEN_BOB}` };

interface Obligation { obligation: string; obligationId: string; rule?: string; role: string; title: string; dueOn: string | null; status: string; state: string; reason: string | null; evidence: { type: string; url: string; title: string; addedBy: string }[] }
interface View { calendar: string; at: string; tally: { total: number; overdue: number; met: number }; obligations: Obligation[] }
interface History { history: { at: string; by: string; action: string; from?: string; to?: string; reason?: string }[] }

const putSystem = (base: string, id: string, body: string, headers: Record<string, string> = AUTH) =>
  fetch(`${base}systems/${id}`, { method: 'PUT', headers: { 'content-type': 'text/turtle', ...headers }, body });
const json = (method: string, url: string, body: unknown, headers: Record<string, string> = AUTH) =>
  fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const view = async (base: string, id: string, query = ''): Promise<View> => {
  const r = await fetch(`${base}systems/${id}/compliance${query}`);
  expect(r.status).toBe(200);
  return (await r.json()) as View;
};
/** The Art 26(1) deployer duty: applies from 2026-08-02 as adopted, 2027-12-02 as amended. */
const art26 = async (base: string, id: string): Promise<Obligation> => {
  const obligations = (await (await fetch(`${base}systems/${id}/obligations?role=deployer`)).json()) as { obligations: { iri: string; rule: string }[] };
  const o = obligations.obligations.find((x) => x.rule === 'art26-1-annex-iii')!;
  expect(o).toBeTruthy();
  return (await view(base, id)).obligations.find((x) => x.obligation === o.iri)!;
};

describe('obligation tracking over the API (in memory)', () => {
  let server: RunningServer;
  let base: string;
  let ob: Obligation;
  let path: string;
  beforeAll(async () => {
    server = await startTestServer({ workers: 1, base: 'https://r.example/' });
    base = server.url;
    expect((await putSystem(base, 'benefit-check', SYSTEM)).status).toBe(201);
    ob = await art26(base, 'benefit-check');
    path = `${base}systems/benefit-check/obligations/${ob.obligationId}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists every obligation of a system open, with the obligation id from its IRI', async () => {
    const v = await view(base, 'benefit-check');
    expect(v.obligations.length).toBeGreaterThan(10);
    expect(v.tally.total).toBe(v.obligations.length);
    for (const o of v.obligations) {
      expect(o.obligation.endsWith(`/${o.obligationId}`)).toBe(true);
      expect(o.status).toBe('open');
      expect(o.evidence).toEqual([]);
    }
  });

  it('sets a status only with a token, and records who, when, before and after', async () => {
    const denied = await json('PUT', `${path}/status`, { status: 'in-progress' }, {});
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await json('PUT', `${path}/status`, { status: 'in-progress' }, { authorization: 'Bearer wrong' })).status).toBe(401);

    const before = new Date().toISOString();
    const set = await json('PUT', `${path}/status`, { status: 'in-progress' });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { status: string }).status).toBe('in-progress');
    expect((await json('PUT', `${path}/status`, { status: 'not-applicable', reason: 'the system is not yet in use' }, BOB)).status).toBe(200);

    const h = (await (await fetch(`${path}/history`)).json()) as History;
    const changes = h.history.filter((e) => e.action === 'status');
    expect(changes.map((e) => [e.by, e.from, e.to])).toEqual([['alice', 'open', 'in-progress'], ['bob', 'in-progress', 'not-applicable']]);
    expect(changes[1].reason).toBe('the system is not yet in use');
    for (const e of changes) expect(e.at >= before && e.at <= new Date().toISOString()).toBe(true);
    expect(h.history[0]).toMatchObject({ action: 'derived', to: 'open' });
    const o = (await view(base, 'benefit-check')).obligations.find((x) => x.obligationId === ob.obligationId)!;
    expect(o).toMatchObject({ status: 'not-applicable', state: 'not-applicable', reason: 'the system is not yet in use' });
  });

  it('rejects a bad status, a missing reason and unknown systems or obligations', async () => {
    const bad = await json('PUT', `${path}/status`, { status: 'done' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/"status"/);
    const noReason = await json('PUT', `${path}/status`, { status: 'not-applicable' });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: string }).error).toMatch(/"reason"/);
    expect((await json('PUT', `${base}systems/benefit-check/obligations/0000000000000000/status`, { status: 'met' })).status).toBe(404);
    expect((await json('PUT', `${base}systems/no-such-system/obligations/${ob.obligationId}/status`, { status: 'met' })).status).toBe(404);
    expect((await fetch(`${base}systems/no-such-system/compliance`)).status).toBe(404);
    expect((await fetch(`${base}systems/benefit-check/obligations/0000000000000000/history`)).status).toBe(404);
    expect((await fetch(`${path}/status`)).status).toBe(405);
  });

  it('adds evidence with a type and a link, in the view and the history', async () => {
    const denied = await json('POST', `${path}/evidence`, { type: 'fria', link: 'https://docs.example.org/fria.pdf' }, {});
    expect(denied.status).toBe(401);
    const bad = await json('POST', `${path}/evidence`, { type: 'essay', link: 'https://docs.example.org/fria.pdf' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/"type"/);
    const badLink = await json('POST', `${path}/evidence`, { type: 'fria', link: 'not a link' });
    expect(badLink.status).toBe(400);
    expect(((await badLink.json()) as { error: string }).error).toMatch(/"link"/);

    const added = await json('POST', `${path}/evidence`, { type: 'instructions-for-use', link: 'https://docs.example.org/ifu.pdf', title: 'Instructions for use v2' }, BOB);
    expect(added.status).toBe(201);
    const o = (await view(base, 'benefit-check')).obligations.find((x) => x.obligationId === ob.obligationId)!;
    expect(o.evidence).toHaveLength(1);
    expect(o.evidence[0]).toMatchObject({ type: 'instructions-for-use', url: 'https://docs.example.org/ifu.pdf', title: 'Instructions for use v2', addedBy: 'bob' });
    const h = (await (await fetch(`${path}/history`)).json()) as History;
    expect(h.history.at(-1)).toMatchObject({ action: 'evidence', by: 'bob' });
  });

  it('computes overdue for a date on each calendar', async () => {
    // Open again, so the dates decide.
    expect((await json('PUT', `${path}/status`, { status: 'open' })).status).toBe(200);
    const adopted = await view(base, 'benefit-check', '?calendar=adopted&at=2027-01-01');
    const amended = await view(base, 'benefit-check', '?calendar=amended&at=2027-01-01');
    const a = adopted.obligations.find((x) => x.obligationId === ob.obligationId)!;
    const m = amended.obligations.find((x) => x.obligationId === ob.obligationId)!;
    expect(a).toMatchObject({ dueOn: '2026-08-02', state: 'overdue' });
    expect(m).toMatchObject({ dueOn: '2027-12-02', state: 'due' });
    expect(adopted.tally.overdue).toBeGreaterThan(amended.tally.overdue);
    expect((await view(base, 'benefit-check', '?calendar=amended&at=2028-01-01')).obligations.find((x) => x.obligationId === ob.obligationId)!.state).toBe('overdue');
    expect((await fetch(`${base}systems/benefit-check/compliance?calendar=lunar`)).status).toBe(400);
    expect((await fetch(`${base}systems/benefit-check/compliance?at=next-year`)).status).toBe(400);
  });

  it('gives the view per organisation', async () => {
    expect((await json('PUT', `${path}/status`, { status: 'met' })).status).toBe(200);
    const r = await fetch(`${base}organisations/compliance?organisation=${encodeURIComponent(ORG)}&calendar=adopted&at=2027-01-01`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { byOrganisation: { organisation: string; tally: { met: number; overdue: number } }[]; obligations: Obligation[] };
    expect(body.byOrganisation).toHaveLength(1);
    expect(body.byOrganisation[0].organisation).toBe(ORG);
    expect(body.byOrganisation[0].tally.met).toBeGreaterThanOrEqual(1);
    expect(body.byOrganisation[0].tally.overdue).toBeGreaterThan(0);
    expect(body.obligations.find((x) => x.obligationId === ob.obligationId)!.state).toBe('met');
    const bySegment = (await (await fetch(`${base}organisations/compliance?organisation=city&calendar=adopted&at=2027-01-01`)).json()) as typeof body;
    expect(bySegment.obligations.length).toBe(body.obligations.length);
    expect((await fetch(`${base}organisations/compliance?organisation=nobody`)).status).toBe(404);
  });

  it('keeps statuses through a reclassification that changes the obligations', async () => {
    // Without personal data, the GDPR obligations go; the Art 26 duty remains.
    const before = await view(base, 'benefit-check');
    const changed = SYSTEM.replace('ar:processesPersonalData true', 'ar:processesPersonalData false');
    expect(changed).not.toBe(SYSTEM);
    expect((await putSystem(base, 'benefit-check', changed, BOB)).status).toBe(200);
    const after = await view(base, 'benefit-check');
    expect(after.obligations.length).toBeLessThan(before.obligations.length);
    const o = after.obligations.find((x) => x.obligationId === ob.obligationId)!;
    expect(o.status).toBe('met');
    expect(o.evidence).toHaveLength(1);
    // Put back: the withdrawn GDPR obligations are derived again.
    expect((await putSystem(base, 'benefit-check', SYSTEM)).status).toBe(200);
    expect((await view(base, 'benefit-check')).obligations.length).toBe(before.obligations.length);
  });

  it('is in openapi.json', async () => {
    const doc = (await (await fetch(`${base}openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/systems/{id}/compliance'].get).toBeTruthy();
    expect(doc.paths['/organisations/compliance'].get).toBeTruthy();
    expect(doc.paths['/systems/{id}/obligations/{obligationId}/status'].put).toBeTruthy();
    expect(doc.paths['/systems/{id}/obligations/{obligationId}/evidence'].post).toBeTruthy();
    expect(doc.paths['/systems/{id}/obligations/{obligationId}/history'].get).toBeTruthy();
  });
});

describe('obligation tracking with --data', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'algoreg-track-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps statuses, evidence and history across a restart', async () => {
    const a = await startTestServer({ dataDir: dir, base: 'https://r.example/', workers: 1 });
    let id: string;
    try {
      expect((await putSystem(a.url, 'benefit-check', SYSTEM)).status).toBe(201);
      id = (await art26(a.url, 'benefit-check')).obligationId;
      const path = `${a.url}systems/benefit-check/obligations/${id}`;
      expect((await json('PUT', `${path}/status`, { status: 'in-progress' }, BOB)).status).toBe(200);
      expect((await json('POST', `${path}/evidence`, { type: 'policy', link: 'https://docs.example.org/oversight.pdf' })).status).toBe(201);
    } finally {
      await a.close();
    }
    const saved = JSON.parse(await readFile(join(dir, 'tracking.json'), 'utf8')) as { obligations: { obligation: string; status: string }[] };
    expect(saved.obligations.find((o) => o.obligation.endsWith(`/${id}`))!.status).toBe('in-progress');

    const b = await startTestServer({ dataDir: dir, workers: 1 });
    try {
      const o = (await view(b.url, 'benefit-check')).obligations.find((x) => x.obligationId === id)!;
      expect(o.status).toBe('in-progress');
      expect(o.evidence.map((e) => e.url)).toEqual(['https://docs.example.org/oversight.pdf']);
      const h = (await (await fetch(`${b.url}systems/benefit-check/obligations/${id}/history`)).json()) as History;
      expect(h.history.map((e) => [e.action, e.by])).toEqual([['derived', 'alice'], ['status', 'bob'], ['evidence', 'alice']]);
      // A re-PUT that keeps the obligation keeps its status, durably.
      expect((await putSystem(b.url, 'benefit-check', SYSTEM.replace('Housing benefit pre-check', 'Housing benefit check'))).status).toBe(200);
      expect((await view(b.url, 'benefit-check')).obligations.find((x) => x.obligationId === id)!.status).toBe('in-progress');
      // Deleting the system withdraws its obligations from the view.
      expect((await fetch(`${b.url}systems/benefit-check`, { method: 'DELETE', headers: AUTH })).status).toBe(200);
      expect((await fetch(`${b.url}systems/benefit-check/compliance`)).status).toBe(404);
    } finally {
      await b.close();
    }
    const after = JSON.parse(await readFile(join(dir, 'tracking.json'), 'utf8')) as { obligations: { obligation: string; status: string; current: boolean }[] };
    const kept = after.obligations.find((o) => o.obligation.endsWith(`/${id}`))!;
    expect(kept).toMatchObject({ status: 'in-progress', current: false });
  });
});
