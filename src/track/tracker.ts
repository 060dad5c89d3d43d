import { randomUUID } from 'node:crypto';
import type { CalendarName } from '../reason/calendar.js';
import type { ClassificationRun, ObligationResult } from '../reason/classify.js';

/**
 * Obligation tracking: what an organisation has done about each obligation the rules derive.
 *
 * An obligation is identified by its IRI, which the classifier mints from system, organisation,
 * role and rule, so it stays the same across reclassifications as long as the same rule still
 * applies to the same organisation. Reconciling with a new classification therefore keeps the
 * status, evidence and history of every obligation that remains; an obligation that is no longer
 * derived is kept as withdrawn (with its history) and comes back with its status if it is derived
 * again. No legal logic lives here: which obligations exist and from when is the classifier's.
 */

export const STATUSES = ['open', 'in-progress', 'met', 'not-applicable'] as const;
export type ObligationStatus = (typeof STATUSES)[number];

/** Kinds of evidence document. */
export const EVIDENCE_TYPES = [
  'dpia', 'fria', 'contract', 'processing-agreement', 'record-of-processing', 'policy', 'technical-documentation',
  'instructions-for-use', 'log', 'registration', 'assessment', 'other',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export interface Evidence {
  id: string;
  type: EvidenceType;
  title: string;
  /** Where the document is kept, if it has an address. */
  url: string | null;
  /** The document's own date (ISO), if known. */
  date: string | null;
  addedAt: string;
  addedBy: string;
}

export interface HistoryEvent {
  at: string;
  by: string;
  action: 'derived' | 'status' | 'evidence' | 'withdrawn' | 'restored';
  from?: ObligationStatus;
  to?: ObligationStatus;
  reason?: string;
  note?: string;
  evidence?: string;
}

export interface TrackedObligation {
  obligation: string;
  system: string;
  organisation: string;
  role: string;
  rule: string;
  title: string;
  status: ObligationStatus;
  /** Why an obligation is not applicable (required for that status). */
  reason: string | null;
  evidence: Evidence[];
  history: HistoryEvent[];
  /** Whether the latest classification still derives it. */
  current: boolean;
}

export interface TrackerData {
  version: 1;
  obligations: TrackedObligation[];
}

export interface Actor {
  /** Who acts (a token name, a user). */
  by: string;
  /** When (ISO date-time); defaults to now. */
  at?: string;
}

export class TrackError extends Error {}

export interface ReconcileResult { added: string[]; kept: string[]; withdrawn: string[]; restored: string[] }

/** The state of one obligation on a calendar and date. */
export type ComplianceState = 'met' | 'not-applicable' | 'overdue' | 'due' | 'unclear';

export interface ObligationState {
  obligation: string;
  system: string;
  systemLabel: string | null;
  organisation: string;
  organisationLabel: string | null;
  role: string;
  title: string;
  provision: string;
  /** The date it applies from on the chosen calendar; null where that calendar gives none. */
  dueOn: string | null;
  status: ObligationStatus;
  state: ComplianceState;
  evidence: number;
}

export interface Tally { total: number; met: number; notApplicable: number; overdue: number; due: number; unclear: number; inProgress: number }

export interface ComplianceView {
  calendar: CalendarName;
  at: string;
  obligations: ObligationState[];
  bySystem: { system: string; label: string | null; tally: Tally }[];
  byOrganisation: { organisation: string; label: string | null; tally: Tally }[];
}

const now = (a: Actor) => a.at ?? new Date().toISOString();
const emptyTally = (): Tally => ({ total: 0, met: 0, notApplicable: 0, overdue: 0, due: 0, unclear: 0, inProgress: 0 });

/** Tracking of obligation statuses, evidence and history; serialisable with toJSON/fromJSON. */
export class ObligationTracker {
  private byIri = new Map<string, TrackedObligation>();
  // In a fork: the parent's records, read-only; byIri then holds only what the fork changed.
  private parent: Map<string, TrackedObligation> | undefined;
  // The obligations tracked per system. Records are never removed, so forks share one index that
  // only grows (an entry of a fork that was dropped finds no record and is skipped).
  private bySystem = new Map<string, Set<string>>();

  constructor(data?: TrackerData) {
    if (data) {
      if (data.version !== 1 || !Array.isArray(data.obligations)) throw new TrackError('unknown tracking data format');
      for (const o of data.obligations) this.create(o);
    }
  }

  /**
   * A copy to change: it reads through to this tracker's records and keeps its own copies of those
   * it changes, so a change costs what it touches and this tracker stays as it was until the fork
   * is settled.
   */
  fork(): ObligationTracker {
    const copy = new ObligationTracker();
    copy.parent = this.parent ? new Map([...this.parent, ...this.byIri]) : this.byIri;
    copy.bySystem = this.bySystem;
    return copy;
  }

  /** How many obligations are tracked (withdrawn ones included). */
  get size(): number {
    if (!this.parent) return this.byIri.size;
    let fresh = 0;
    for (const iri of this.byIri.keys()) if (!this.parent.has(iri)) fresh++;
    return this.parent.size + fresh;
  }

  /** The records changed in this fork (to be saved). */
  changedRecords(): TrackedObligation[] {
    return this.parent ? [...this.byIri.values()] : [];
  }

  /** The fork as the one state: its changes written into the parent's records, which it takes over. */
  settle(): ObligationTracker {
    if (!this.parent) return this;
    for (const [iri, t] of this.byIri) this.parent.set(iri, t);
    this.byIri = this.parent;
    this.parent = undefined;
    return this;
  }

  /** Replaces records with saved versions (replaying a log). */
  restore(records: TrackedObligation[]): void {
    for (const r of records) this.create(r);
  }

  private find(obligation: string): TrackedObligation | undefined {
    return this.byIri.get(obligation) ?? this.parent?.get(obligation);
  }

  private *all(): Generator<TrackedObligation> {
    if (this.parent) for (const [iri, t] of this.parent) if (!this.byIri.has(iri)) yield t;
    yield* this.byIri.values();
  }

  // The record to change: in a fork, copied once so that the parent's stays as it was.
  private edit(obligation: string): TrackedObligation {
    const own = this.byIri.get(obligation);
    if (own || !this.parent) return own!;
    const copy = structuredClone(this.parent.get(obligation)!);
    this.byIri.set(obligation, copy);
    return copy;
  }

  private create(t: TrackedObligation): void {
    this.byIri.set(t.obligation, t);
    const of = this.bySystem.get(t.system);
    if (of) of.add(t.obligation);
    else this.bySystem.set(t.system, new Set([t.obligation]));
  }

  static fromJSON(data: TrackerData): ObligationTracker {
    return new ObligationTracker(data);
  }

  toJSON(): TrackerData {
    return { version: 1, obligations: [...this.all()].sort((a, b) => (a.obligation < b.obligation ? -1 : a.obligation > b.obligation ? 1 : 0)) };
  }

  get(obligation: string): TrackedObligation | undefined {
    return this.find(obligation);
  }

  /** Tracked obligations, by default only those the latest classification derives. */
  list(filter: { system?: string; organisation?: string; includeWithdrawn?: boolean } = {}): TrackedObligation[] {
    return this.toJSON().obligations.filter((o) =>
      (filter.includeWithdrawn || o.current) && (!filter.system || o.system === filter.system) && (!filter.organisation || o.organisation === filter.organisation));
  }

  /**
   * Brings tracking in line with a classification: new obligations start open; remaining ones keep
   * status, evidence and history; those no longer derived are withdrawn. With `systems`, only the
   * obligations of those systems are reconciled (a reclassification of part of the register).
   */
  reconcile(run: ClassificationRun, actor: Actor, systems?: Set<string>): ReconcileResult {
    const at = now(actor);
    const result: ReconcileResult = { added: [], kept: [], withdrawn: [], restored: [] };
    const derived = new Set<string>();
    for (const sys of run.systems) {
      if (systems && !systems.has(sys.iri)) continue;
      for (const o of sys.obligations) {
        derived.add(o.iri);
        const found = this.find(o.iri);
        if (!found) {
          this.create({
            obligation: o.iri, system: sys.iri, organisation: o.organisation, role: o.role, rule: o.rule, title: o.title,
            status: 'open', reason: null, evidence: [], history: [{ at, by: actor.by, action: 'derived', to: 'open' }], current: true,
          });
          result.added.push(o.iri);
        } else if (!found.current) {
          const t = this.edit(o.iri);
          t.current = true;
          t.title = o.title;
          t.history.push({ at, by: actor.by, action: 'restored', note: `derived again; status ${t.status} kept` });
          result.restored.push(o.iri);
        } else {
          if (found.title !== o.title) this.edit(o.iri).title = o.title;
          result.kept.push(o.iri);
        }
      }
    }
    const scope = systems ?? new Set(run.systems.map((s) => s.iri));
    for (const system of scope) for (const iri of this.bySystem.get(system) ?? []) {
      const found = this.find(iri);
      if (!found || !found.current || derived.has(found.obligation)) continue;
      const t = this.edit(found.obligation);
      t.current = false;
      t.history.push({ at, by: actor.by, action: 'withdrawn', note: 'no longer derived by the classification' });
      result.withdrawn.push(t.obligation);
    }
    return result;
  }

  /** Sets the status of an obligation; not-applicable needs a reason. */
  setStatus(obligation: string, status: ObligationStatus, actor: Actor & { reason?: string; note?: string }): TrackedObligation {
    const t = this.edit(this.current(obligation).obligation);
    if (!(STATUSES as readonly string[]).includes(status)) throw new TrackError(`status must be one of ${STATUSES.join(', ')}, not "${status}"`);
    const reason = actor.reason?.trim() || null;
    if (status === 'not-applicable' && !reason) throw new TrackError('an obligation can only be set to not-applicable with a reason');
    const event: HistoryEvent = { at: now(actor), by: actor.by, action: 'status', from: t.status, to: status };
    if (reason) event.reason = reason;
    if (actor.note) event.note = actor.note;
    t.history.push(event);
    t.status = status;
    t.reason = status === 'not-applicable' ? reason : null;
    return t;
  }

  /** Records an evidence document for an obligation. */
  addEvidence(obligation: string, doc: { type: EvidenceType; title: string; url?: string | null; date?: string | null }, actor: Actor): Evidence {
    const t = this.edit(this.current(obligation).obligation);
    if (!(EVIDENCE_TYPES as readonly string[]).includes(doc.type)) throw new TrackError(`evidence type must be one of ${EVIDENCE_TYPES.join(', ')}, not "${doc.type}"`);
    if (!doc.title?.trim()) throw new TrackError('evidence needs a title');
    if (doc.date && !/^\d{4}-\d{2}-\d{2}$/.test(doc.date)) throw new TrackError(`evidence date must be YYYY-MM-DD, not "${doc.date}"`);
    const at = now(actor);
    const e: Evidence = { id: randomUUID(), type: doc.type, title: doc.title.trim(), url: doc.url ?? null, date: doc.date ?? null, addedAt: at, addedBy: actor.by };
    t.evidence.push(e);
    t.history.push({ at, by: actor.by, action: 'evidence', evidence: e.id, note: `${e.type}: ${e.title}` });
    return e;
  }

  /**
   * Due, overdue and met per obligation, system and organisation, on a calendar and date. An
   * obligation not met (nor not applicable) is overdue once its date on that calendar has come,
   * due before; where the calendar gives no date (unclear in the amended text, or absent from the
   * text as adopted) it is unclear.
   */
  compliance(run: ClassificationRun, opts: { calendar?: CalendarName; at: string }): ComplianceView {
    const calendar = opts.calendar ?? run.calendar;
    const obligations: ObligationState[] = [];
    const bySystem = new Map<string, { system: string; label: string | null; tally: Tally }>();
    const byOrg = new Map<string, { organisation: string; label: string | null; tally: Tally }>();
    for (const sys of run.systems) {
      for (const o of sys.obligations) {
        const t = this.find(o.iri);
        const status = t?.status ?? 'open';
        const dueOn = dateOn(o, calendar);
        const state: ComplianceState = status === 'met' ? 'met' : status === 'not-applicable' ? 'not-applicable' : dueOn === null ? 'unclear' : dueOn <= opts.at ? 'overdue' : 'due';
        obligations.push({
          obligation: o.iri, system: sys.iri, systemLabel: sys.label, organisation: o.organisation, organisationLabel: o.organisationLabel,
          role: o.role, title: o.title, provision: o.provision, dueOn, status, state, evidence: t?.evidence.length ?? 0,
        });
        const s = bySystem.get(sys.iri) ?? { system: sys.iri, label: sys.label, tally: emptyTally() };
        const g = byOrg.get(o.organisation) ?? { organisation: o.organisation, label: o.organisationLabel, tally: emptyTally() };
        for (const tally of [s.tally, g.tally]) count(tally, state, status);
        bySystem.set(sys.iri, s);
        byOrg.set(o.organisation, g);
      }
    }
    const sorted = <T extends { tally: Tally }>(xs: T[], key: (x: T) => string) => xs.sort((a, b) => b.tally.overdue - a.tally.overdue || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return {
      calendar,
      at: opts.at,
      obligations,
      bySystem: sorted([...bySystem.values()], (x) => x.system),
      byOrganisation: sorted([...byOrg.values()], (x) => x.organisation),
    };
  }

  private current(obligation: string): TrackedObligation {
    const t = this.find(obligation);
    if (!t) throw new TrackError(`no obligation <${obligation}> is tracked: reconcile with a classification first`);
    if (!t.current) throw new TrackError(`the obligation <${obligation}> is no longer derived by the classification`);
    return t;
  }
}

function dateOn(o: ObligationResult, calendar: CalendarName): string | null {
  return calendar === 'adopted' ? o.appliesFromAdopted : o.appliesFromAmended;
}

function count(t: Tally, state: ComplianceState, status: ObligationStatus): void {
  t.total++;
  if (state === 'met') t.met++;
  else if (state === 'not-applicable') t.notApplicable++;
  else if (state === 'overdue') t.overdue++;
  else if (state === 'due') t.due++;
  else t.unclear++;
  if (status === 'in-progress') t.inProgress++;
}
