import { createHash } from 'node:crypto';

/** A value as JSON.parse returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with object keys sorted, so that equal values give equal text. `undefined` is "∅". */
export function canonicalJson(v: JsonValue | undefined): string {
  if (v === undefined) return '∅';
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x)).join(',')}]`;
  if (isJsonObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

/** A short stable hash of a value (22 characters of base64url SHA-256). */
export function digestOf(v: JsonValue | undefined): string {
  return createHash('sha256').update(canonicalJson(v)).digest('base64url').slice(0, 22);
}

/** Length in Unicode code points, as the Dutch register (Python) counts it. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
