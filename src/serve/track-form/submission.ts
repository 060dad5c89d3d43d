// A tracking form's POST → a change for the tracker, or messages per field. Pure: the checks are
// those of the JSON API (api-track.ts) plus what a person typing needs (a real date, lengths), so
// a change the form accepts is one the tracker accepts.
import { EVIDENCE_TYPES, STATUSES, type EvidenceType, type ObligationStatus } from '../../track/index.js';
import { isHttpUrl } from '../api-track.js';

export type Action = 'status' | 'evidence';
export const STATUS_FIELDS = ['status', 'reason', 'note'] as const;
export const EVIDENCE_FIELDS = ['type', 'title', 'link', 'date'] as const;
export type FieldName = (typeof STATUS_FIELDS)[number] | (typeof EVIDENCE_FIELDS)[number];

/** What was typed, kept to show the form again. */
export type Values = Partial<Record<FieldName, string>>;

/** A message for a field: a catalogue key (track.error.*) and its parameters. */
export interface FieldError {
  key: string;
  params?: Record<string, string | number>;
}

export type Change =
  | { action: 'status'; status: ObligationStatus; reason?: string; note?: string }
  | { action: 'evidence'; type: EvidenceType; title: string; link: string; date: string | null };

export type Checked = { ok: true; change: Change; values: Values } | { ok: false; action: Action; values: Values; errors: Map<FieldName, FieldError> };

export const MAX = { reason: 2000, note: 2000, title: 300, link: 2000 } as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a YYYY-MM-DD date that exists (not 2025-02-30). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** The form's kind (hidden field "kind": not "action", which would shadow form.action in the DOM), or undefined. */
export function actionOf(form: URLSearchParams): Action | undefined {
  const a = form.get('kind');
  return a === 'status' || a === 'evidence' ? a : undefined;
}

function tooLong(errors: Map<FieldName, FieldError>, field: FieldName, value: string, max: number): void {
  if (value.length > max) errors.set(field, { key: 'track.error.tooLong', params: { max } });
}

/** Checks one submission of an obligation's status or evidence form. */
export function checkSubmission(action: Action, form: URLSearchParams): Checked {
  const errors = new Map<FieldName, FieldError>();
  const fields = action === 'status' ? STATUS_FIELDS : EVIDENCE_FIELDS;
  const values: Values = {};
  for (const f of fields) values[f] = form.get(f) ?? '';
  const v = (f: FieldName) => values[f] ?? '';

  if (action === 'status') {
    const status = v('status');
    const reason = v('reason').trim();
    const note = v('note').trim();
    if (!(STATUSES as readonly string[]).includes(status)) errors.set('status', { key: 'track.error.status' });
    if (status === 'not-applicable' && !reason) errors.set('reason', { key: 'track.error.reason' });
    tooLong(errors, 'reason', reason, MAX.reason);
    tooLong(errors, 'note', note, MAX.note);
    if (errors.size) return { ok: false, action, values, errors };
    // A reason only belongs to not-applicable: with another status it is not recorded (as in the tracker).
    return { ok: true, values, change: { action, status: status as ObligationStatus, reason: status === 'not-applicable' ? reason : undefined, note: note || undefined } };
  }

  const type = v('type');
  const title = v('title').trim();
  const link = v('link').trim();
  const date = v('date').trim();
  if (!(EVIDENCE_TYPES as readonly string[]).includes(type)) errors.set('type', { key: 'track.error.type' });
  tooLong(errors, 'title', title, MAX.title);
  if (!link) errors.set('link', { key: 'track.error.linkMissing' });
  else if (link.length > MAX.link) errors.set('link', { key: 'track.error.tooLong', params: { max: MAX.link } });
  else if (!isHttpUrl(link)) errors.set('link', { key: 'track.error.link' });
  if (date && !isCalendarDate(date)) errors.set('date', { key: 'track.error.date' });
  if (errors.size) return { ok: false, action, values, errors };
  // As the API: an untitled document is named by its link.
  return { ok: true, values, change: { action, type: type as EvidenceType, title: title || link, link, date: date || null } };
}
