import { NS } from './terms.js';

/**
 * The outcome of looking a link up on a portal. A timeout is its own status (not "unreachable"):
 * a slow portal and a dead one call for different action. Both keep metadata retrieved earlier.
 */
export const LINK_STATUSES = ['resolved', 'not-found', 'unreachable', 'timeout', 'invalid-metadata', 'unchecked'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** The ar:LinkStatusScheme concept of each status. */
export const STATUS_CONCEPT: Record<LinkStatus, string> = {
  resolved: `${NS.ar}LinkResolved`,
  'not-found': `${NS.ar}LinkNotFound`,
  unreachable: `${NS.ar}LinkUnreachable`,
  timeout: `${NS.ar}LinkTimeout`,
  'invalid-metadata': `${NS.ar}LinkInvalidMetadata`,
  unchecked: `${NS.ar}LinkUnchecked`,
};

/** The portal could not be asked: retried, and earlier metadata kept. */
export function isTransient(status: LinkStatus): boolean {
  return status === 'unreachable' || status === 'timeout';
}
