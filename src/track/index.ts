export { ObligationTracker, TrackError, STATUSES, EVIDENCE_TYPES } from './tracker.js';
export type { ObligationStatus, EvidenceType, Evidence, HistoryEvent, TrackedObligation, TrackerData, Actor, ReconcileResult, ComplianceState, ObligationState, Tally, ComplianceView } from './tracker.js';
export { loadTracker, saveTracker, TrackerFiles } from './store.js';
