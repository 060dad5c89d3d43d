/** HTTP content negotiation over the Accept header (RFC 9110 §12.5.1). */

interface Range {
  type: string;
  subtype: string;
  q: number;
}

export function parseAccept(header: string): Range[] {
  const out: Range[] = [];
  for (const part of header.split(',')) {
    const [range, ...params] = part.split(';').map((s) => s.trim());
    if (!range) continue;
    const [type, subtype] = range.toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const p of params) {
      const m = /^q=([0-9.]+)$/i.exec(p);
      if (m) q = Math.max(0, Math.min(1, Number(m[1]) || 0));
    }
    out.push({ type, subtype, q });
  }
  return out;
}

// The quality the client gives one media type: that of the most specific range that matches it.
function quality(ranges: Range[], offer: string): number {
  const [type, subtype] = offer.toLowerCase().split('/');
  let best = -1;
  let q = 0;
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
    if (specificity > best) {
      best = specificity;
      q = r.q;
    }
  }
  return best < 0 ? 0 : q;
}

/**
 * The offer the client prefers, offers being listed in the server's order of preference (which
 * breaks ties). No Accept header means anything goes: the first offer. Undefined: nothing fits (406).
 */
export function negotiate(accept: string | undefined, offers: readonly string[]): string | undefined {
  if (!accept || accept.trim() === '') return offers[0];
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return offers[0];
  let chosen: string | undefined;
  let bestQ = 0;
  for (const offer of offers) {
    const q = quality(ranges, offer);
    if (q > bestQ) {
      bestQ = q;
      chosen = offer;
    }
  }
  return chosen;
}

/** True when the client names HTML and prefers it to each of `others` (a browser, not curl's *\/*). */
export function prefersHtml(accept: string | undefined, others: readonly string[]): boolean {
  if (!accept || !/text\/html/i.test(accept)) return false;
  return negotiate(accept, ['text/html', ...others]) === 'text/html';
}
