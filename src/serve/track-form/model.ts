// What the tracking page shows of one system: its current obligations with their state on a
// calendar, grouped by organisation and role. Only this system's classification and its tracked
// records are read (a Map lookup each), so the page costs the same in a register of 20,000.
import type { CalendarName } from '../../reason/calendar.js';
import type { ObligationResult, SystemClassification } from '../../reason/index.js';
import type { ObligationState, ObligationTracker, TrackedObligation } from '../../track/index.js';
import { lastSegment } from '../api-track.js';
import { ROLES } from '../pages/index.js';

export interface ObligationItem {
  /** The last segment of the obligation's IRI, as in /systems/{id}/obligations/{obligationId}. */
  id: string;
  result: ObligationResult;
  state: ObligationState;
  /** Absent while a reclassification has not reached tracking yet. */
  tracked: TrackedObligation | undefined;
}

export interface ObligationGroup {
  organisation: string;
  role: string;
  items: ObligationItem[];
}

export interface SystemObligations {
  calendar: CalendarName;
  at: string;
  /** By organisation (in the classification's order), then role (in the register's role order). */
  groups: ObligationGroup[];
  count: number;
}

const roleRank = (role: string) => {
  const i = (ROLES as readonly string[]).indexOf(role);
  return i < 0 ? ROLES.length : i;
};

export function systemObligations(sys: SystemClassification, tracker: ObligationTracker, calendar: CalendarName, at: string): SystemObligations {
  // The tracker's view of this one system (the same computation as GET /systems/{id}/compliance).
  const view = tracker.compliance({ calendar, at, rulesetVersion: '', startedAt: at, systems: [sys] }, { calendar, at });
  const groups = new Map<string, ObligationGroup>();
  sys.obligations.forEach((result, i) => {
    const key = `${result.organisation}\n${result.role}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { organisation: result.organisation, role: result.role, items: [] }));
    g.items.push({ id: lastSegment(result.iri), result, state: view.obligations[i], tracked: tracker.get(result.iri) });
  });
  const orgOrder = [...new Set(sys.obligations.map((o) => o.organisation))];
  const sorted = [...groups.values()].sort((a, b) => orgOrder.indexOf(a.organisation) - orgOrder.indexOf(b.organisation) || roleRank(a.role) - roleRank(b.role) || a.role.localeCompare(b.role));
  return { calendar, at, groups: sorted, count: sys.obligations.length };
}
