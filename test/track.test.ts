// Obligation tracking (src/track): status with reasons, evidence documents, history, the compliance
// view (due, overdue, met) per system and organisation on either calendar, persistence, and
// reclassification that keeps the statuses of the obligations that remain.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { PREFIXES } from './helpers/classify.js';
import { classifyQuads, type ClassificationRun, type ObligationResult } from '../src/reason/index.js';
import { ObligationTracker, TrackError, TrackerFiles, loadTracker, saveTracker } from '../src/track/index.js';

const AT = '2026-11-21';
const CITY = 'https://example.org/city';
const SYS = 'https://example.org/sys';

/** A city's own benefit-eligibility model: high-risk (Annex III 5(a)), and a DPIA under Art 35(3)(a) while it has legal effects. */
function describe_(legalEffect: boolean): string {
  return `ex:sys a ar:AISystem ; rdfs:label "Eligibility model" ;
    ar:isAISystem true ; ar:scopeExclusion ar:NoScopeExclusion ; ar:freeOpenSourceLicence false ;
    ar:domain ar:SocialSecurity ; ar:purpose ar:EvaluateBenefitEligibility ; ar:capability ar:Profiling , ar:Prediction ;
    ar:affectedPersons ar:BenefitApplicants ; ar:locality ar:Online ; ar:annexILegislation ar:NoAnnexILegislation ;
    ar:isSafetyComponent false ; ar:derogationCondition ar:NoDerogationCondition ; ar:decisionsAboutNaturalPersons true ;
    ar:processesPersonalData true ; ar:legalOrSimilarEffect ${legalEffect} ; ar:solelyAutomatedDecision false ;
    ar:roleAssignment [ a ar:RoleAssignment ; ar:agent ex:city ;
      ar:valueChainFact ar:DevelopedInHouse , ar:UsesUnderOwnAuthority , ar:DeterminesPurposesAndMeans ] .
  ex:city a ar:Organisation ; rdfs:label "City" ; ar:organisationKind ar:PublicAuthority ; ar:establishedInEU true .`;
}
const classify = (legalEffect = true, calendar: 'amended' | 'adopted' = 'amended'): Promise<ClassificationRun> =>
  classifyQuads(new Parser().parse(PREFIXES + describe_(legalEffect)), { at: AT, calendar });
const find = (run: ClassificationRun, rule: string, role?: string): ObligationResult =>
  run.systems[0].obligations.find((o) => o.rule === rule && (!role || o.role === role))!;
const ALICE = { by: 'alice', at: '2026-11-01T10:00:00Z' };

describe('obligation tracking', () => {
  it('starts every derived obligation open, with a history entry', async () => {
    const run = await classify();
    const tracker = new ObligationTracker();
    const r = tracker.reconcile(run, ALICE);
    expect(r.added).toHaveLength(run.systems[0].obligations.length);
    const dpo = tracker.get(find(run, 'gdpr-art37-1-a-dpo').iri)!;
    expect(dpo).toMatchObject({ status: 'open', reason: null, current: true, organisation: CITY, role: 'controller', system: SYS });
    expect(dpo.history).toEqual([{ at: ALICE.at, by: 'alice', action: 'derived', to: 'open' }]);
  });

  it('records status changes, evidence with its type, and the history of both', async () => {
    const run = await classify();
    const tracker = new ObligationTracker();
    tracker.reconcile(run, ALICE);
    const dpia = find(run, 'gdpr-art35-3-a').iri;
    tracker.setStatus(dpia, 'in-progress', { by: 'bob', at: '2026-11-02T09:00:00Z', note: 'drafting with the DPO' });
    const doc = tracker.addEvidence(dpia, { type: 'dpia', title: 'DPIA eligibility model 2026', url: 'https://docs.example.org/dpia.pdf', date: '2026-11-10' }, { by: 'bob', at: '2026-11-10T12:00:00Z' });
    tracker.setStatus(dpia, 'met', { by: 'carol', at: '2026-11-11T08:00:00Z' });
    const t = tracker.get(dpia)!;
    expect(t.status).toBe('met');
    expect(t.evidence).toEqual([{ id: doc.id, type: 'dpia', title: 'DPIA eligibility model 2026', url: 'https://docs.example.org/dpia.pdf', date: '2026-11-10', addedAt: '2026-11-10T12:00:00Z', addedBy: 'bob' }]);
    expect(t.history.map((h) => [h.action, h.by, h.from ?? null, h.to ?? null])).toEqual([
      ['derived', 'alice', null, 'open'], ['status', 'bob', 'open', 'in-progress'], ['evidence', 'bob', null, null], ['status', 'carol', 'in-progress', 'met'],
    ]);
    expect(t.history[1].note).toBe('drafting with the DPO');
  });

  it('not applicable needs a reason, which is kept with the status and in the history', async () => {
    const run = await classify();
    const tracker = new ObligationTracker();
    tracker.reconcile(run, ALICE);
    const literacy = find(run, 'art4-ai-literacy-deployer').iri;
    expect(() => tracker.setStatus(literacy, 'not-applicable', { by: 'bob' })).toThrow(TrackError);
    expect(() => tracker.setStatus(literacy, 'not-applicable', { by: 'bob', reason: '  ' })).toThrow(/with a reason/);
    tracker.setStatus(literacy, 'not-applicable', { by: 'bob', reason: 'covered by the city-wide AI literacy programme' });
    expect(tracker.get(literacy)).toMatchObject({ status: 'not-applicable', reason: 'covered by the city-wide AI literacy programme' });
    tracker.setStatus(literacy, 'open', { by: 'bob' });
    expect(tracker.get(literacy)?.reason).toBeNull();
  });

  it('refuses unknown obligations, statuses and evidence types', async () => {
    const run = await classify();
    const tracker = new ObligationTracker();
    tracker.reconcile(run, ALICE);
    const dpo = find(run, 'gdpr-art37-1-a-dpo').iri;
    expect(() => tracker.setStatus('https://example.org/nope', 'met', { by: 'bob' })).toThrow(/reconcile/);
    expect(() => tracker.setStatus(dpo, 'done' as never, { by: 'bob' })).toThrow(/status must be one of/);
    expect(() => tracker.addEvidence(dpo, { type: 'email' as never, title: 'x' }, { by: 'bob' })).toThrow(/evidence type/);
    expect(() => tracker.addEvidence(dpo, { type: 'policy', title: 'x', date: '1 Nov' }, { by: 'bob' })).toThrow(/YYYY-MM-DD/);
  });

  it('reclassification keeps the statuses of the remaining obligations, withdraws the others, and restores them with their status', async () => {
    const before = await classify(true);
    const tracker = new ObligationTracker();
    tracker.reconcile(before, ALICE);
    const dpia = find(before, 'gdpr-art35-3-a').iri;
    const dpo = find(before, 'gdpr-art37-1-a-dpo').iri;
    tracker.setStatus(dpia, 'met', { by: 'bob' });
    tracker.setStatus(dpo, 'met', { by: 'bob' });

    // the decisions no longer have legal effects: Art 35(3)(a) no longer applies
    const after = await classify(false);
    expect(after.systems[0].obligations.some((o) => o.iri === dpia)).toBe(false);
    const r = tracker.reconcile(after, { by: 'register' });
    expect(r.withdrawn).toEqual([dpia]);
    expect(r.added).toEqual([]);
    expect(tracker.get(dpo)?.status).toBe('met');
    expect(tracker.get(dpia)).toMatchObject({ current: false, status: 'met' });
    expect(tracker.list().some((o) => o.obligation === dpia)).toBe(false);
    expect(tracker.list({ includeWithdrawn: true }).some((o) => o.obligation === dpia)).toBe(true);
    expect(() => tracker.setStatus(dpia, 'open', { by: 'bob' })).toThrow(/no longer derived/);

    const again = tracker.reconcile(await classify(true), { by: 'register' });
    expect(again.restored).toEqual([dpia]);
    expect(tracker.get(dpia)).toMatchObject({ current: true, status: 'met' });
    expect(tracker.get(dpia)!.history.map((h) => h.action)).toEqual(['derived', 'status', 'withdrawn', 'restored']);
  });

  it('reconciling part of the register leaves the other systems alone', async () => {
    const run = await classify();
    const tracker = new ObligationTracker();
    tracker.reconcile(run, ALICE);
    const r = tracker.reconcile({ ...run, systems: [] }, { by: 'register' }, new Set(['https://example.org/other']));
    expect(r).toEqual({ added: [], kept: [], withdrawn: [], restored: [] });
    expect(tracker.list()).toHaveLength(run.systems[0].obligations.length);
  });
});

describe('compliance view', () => {
  it('per obligation, system and organisation: GDPR duties are overdue since 2018, the AI Act ones due in December 2027 (amended calendar)', async () => {
    const run = await classify();
    const tracker = new ObligationTracker();
    tracker.reconcile(run, ALICE);
    tracker.setStatus(find(run, 'gdpr-art37-1-a-dpo').iri, 'met', { by: 'bob' });
    tracker.setStatus(find(run, 'gdpr-art30-1-records-controller').iri, 'in-progress', { by: 'bob' });
    const view = tracker.compliance(run, { at: AT });
    expect(view.calendar).toBe('amended');
    const state = (rule: string, role?: string) => view.obligations.find((o) => o.obligation === find(run, rule, role).iri)!;
    expect(state('gdpr-art37-1-a-dpo')).toMatchObject({ state: 'met', dueOn: '2018-05-25', status: 'met' });
    expect(state('gdpr-art30-1-records-controller')).toMatchObject({ state: 'overdue', status: 'in-progress' });
    expect(state('gdpr-art35-3-a')).toMatchObject({ state: 'overdue', dueOn: '2018-05-25' });
    expect(state('art26-1-annex-iii')).toMatchObject({ state: 'due', dueOn: '2027-12-02' });
    expect(state('art4-ai-literacy-deployer', 'deployer')).toMatchObject({ state: 'overdue', dueOn: '2025-02-02' });
    const tally = view.bySystem[0].tally;
    expect(tally.total).toBe(run.systems[0].obligations.length);
    expect(tally.met + tally.notApplicable + tally.overdue + tally.due + tally.unclear).toBe(tally.total);
    expect(tally).toMatchObject({ met: 1, inProgress: 1 });
    expect(view.byOrganisation).toEqual([{ organisation: CITY, label: 'City', tally }]);
    // Art 49 and 72-73 dates are unclear in the amended text
    expect(view.obligations.filter((o) => o.state === 'unclear').length).toBe(tally.unclear);
    expect(tally.unclear).toBeGreaterThan(0);
  });

  it('on the adopted calendar the Chapter III duties were due on 2 August 2026, so they are overdue', async () => {
    const run = await classify();
    const tracker = new ObligationTracker();
    tracker.reconcile(run, ALICE);
    const view = tracker.compliance(run, { at: AT, calendar: 'adopted' });
    expect(view.obligations.find((o) => o.obligation === find(run, 'art26-1-annex-iii').iri)).toMatchObject({ state: 'overdue', dueOn: '2026-08-02' });
    expect(view.bySystem[0].tally.unclear).toBe(0);
    expect(view.bySystem[0].tally.overdue).toBeGreaterThan(tracker.compliance(run, { at: AT }).bySystem[0].tally.overdue);
  });
});

describe('tracking data on disk', () => {
  it('saves and loads the same state; a missing file is an empty tracker; a damaged one is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algoreg-track-'));
    const path = join(dir, 'tracking.json');
    expect((await loadTracker(path)).list()).toEqual([]);
    const run = await classify();
    const tracker = new ObligationTracker();
    tracker.reconcile(run, ALICE);
    const dpia = find(run, 'gdpr-art35-3-a').iri;
    tracker.addEvidence(dpia, { type: 'dpia', title: 'DPIA' }, { by: 'bob' });
    tracker.setStatus(dpia, 'met', { by: 'bob' });
    await saveTracker(tracker, path);
    const loaded = await loadTracker(path);
    expect(loaded.toJSON()).toEqual(tracker.toJSON());
    expect(JSON.parse(readFileSync(path, 'utf8')).version).toBe(1);
    writeFileSync(path, '{"version": 1, "obligations": [');
    await expect(loadTracker(path)).rejects.toThrow(TrackError);
  });
});

describe('tracking files: snapshot and log', () => {
  it('writes a change that touches most of the state as the snapshot, a small one to the log; both are read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algoreg-track-files-'));
    const run = await classify();
    const opened = await TrackerFiles.open(dir);
    // the first reconciliation adds every obligation: one snapshot, nothing logged
    const first = opened.tracker.fork();
    first.reconcile(run, ALICE);
    await opened.files.commit(first);
    const state = first.settle();
    expect(statSync(join(dir, 'tracking.log')).size).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'tracking.json'), 'utf8')).obligations).toHaveLength(state.size);
    // one status change: logged, the snapshot left as it was
    const snapshot = readFileSync(join(dir, 'tracking.json'), 'utf8');
    const next = state.fork();
    const dpia = find(run, 'gdpr-art35-3-a').iri;
    next.setStatus(dpia, 'in-progress', { by: 'bob' });
    await opened.files.commit(next);
    const after = next.settle();
    expect(statSync(join(dir, 'tracking.log')).size).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'tracking.json'), 'utf8')).toBe(snapshot);
    await opened.files.close(after);
    const reopened = await TrackerFiles.open(dir);
    expect(reopened.tracker.toJSON()).toEqual(after.toJSON());
    expect(reopened.tracker.get(dpia)?.status).toBe('in-progress');
    await reopened.files.close(reopened.tracker);
  });
});
