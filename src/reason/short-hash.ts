import crypto from 'node:crypto';

// crypto.hash (Node 20.12+) hashes a string in one call, about 2.5x faster than createHash.
const sha1Hex: (s: string) => string =
  typeof crypto.hash === 'function' ? (s) => crypto.hash('sha1', s) : (s) => crypto.createHash('sha1').update(s).digest('hex');

/**
 * The first 16 hex digits of a string's SHA-1: the last segment of derived IRIs (obligations,
 * classifications, steps). Tracking keys on these IRIs, so the function must never change.
 */
export function shortHash(s: string): string {
  return sha1Hex(s).slice(0, 16);
}
