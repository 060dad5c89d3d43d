/** HTML helpers for the server-rendered pages: escaping, and a tagged template that escapes. */
export { escapeHtml } from '../http.js';
import { escapeHtml } from '../http.js';

/** Marks a string as already-safe HTML (so `html` does not escape it again). */
export class Safe {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const raw = (s: string): Safe => new Safe(s);

type Part = string | number | Safe | null | undefined | false | readonly Part[];

function render(v: Part): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Safe) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Tagged template: interpolated strings and numbers are escaped, Safe values and arrays of them are not. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Safe {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Safe(out);
}

/** An attribute-safe query string built from params, skipping empty ones. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
