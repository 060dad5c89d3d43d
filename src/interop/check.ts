// What a format's own rules say about an entry: required fields, lengths, permitted values.
// Problems are warnings: the entry is imported as it is (nothing is cut), and the summary says
// what the register would refuse.
import { codePoints, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { FormatSpec } from './spec.js';

const empty = (v: JsonValue | undefined): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

const fmt = (n: number) => n.toLocaleString('en');

export function checkEntry(spec: FormatSpec, entry: JsonObject): string[] {
  const out: string[] = [];
  for (const f of spec.fields) {
    const v = entry[f.key];
    if (empty(v)) {
      if (f.required) out.push(`${f.key}: required by the ${spec.name} standard but ${v === undefined ? 'missing' : 'empty'}`);
      continue;
    }
    if (f.maxLength !== undefined && typeof v === 'string') {
      const n = codePoints(v);
      if (n > f.maxLength) out.push(`${f.key}: ${fmt(n)} characters, the standard allows ${fmt(f.maxLength)}`);
    }
    if (f.permitted) {
      // a list: each item; a list written in one CSV cell: each part
      const split = f.map?.kind === 'texts' ? f.map.split : undefined;
      const values = Array.isArray(v) ? v : typeof v === 'string' && split ? v.split(split).map((x) => x.trim()).filter((x) => x !== '') : [v];
      const lower = f.permitted.map((p) => p.toLowerCase());
      for (const x of values) {
        if (typeof x === 'string' && lower.includes(x.trim().toLowerCase())) continue; // "NLD" for "nld"
        out.push(`${f.key}: ${JSON.stringify(x)} is not one of the permitted values`);
      }
    }
    if (f.items && Array.isArray(v)) {
      v.forEach((item, k) => {
        if (!isJsonObject(item)) return; // reported on mapping
        for (const [key, rule] of Object.entries(f.items ?? {})) {
          const x = item[key];
          if (rule.required && empty(x)) out.push(`${f.key}[${k}].${key}: required but ${x === undefined ? 'missing' : 'empty'}`);
          if (rule.maxLength !== undefined && typeof x === 'string' && codePoints(x) > rule.maxLength) {
            out.push(`${f.key}[${k}].${key}: ${fmt(codePoints(x))} characters, the standard allows ${fmt(rule.maxLength)}`);
          }
        }
      });
    }
  }
  return out;
}
