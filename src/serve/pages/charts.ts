/**
 * Inline SVG charts. Each is role="img" with <title> and <desc>, and comes with a table of the
 * same numbers, so nothing is told by the picture (or by colour) alone.
 */
import { escapeHtml as e } from './html.js';

export interface Bar {
  label: string;
  value: number;
  href?: string;
  /** A CSS class for the bar (e.g. a tier colour); the label always names it too. */
  cls?: string;
}

let uid = 0;
const nextId = (p: string) => `${p}${++uid}`;

/** A horizontal bar chart with a table of the same numbers. */
export function barChart(opts: { title: string; desc: string; bars: Bar[]; labelHeader: string; valueHeader: string }): string {
  const { bars } = opts;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 26;
  const labelW = 220;
  const barW = 230;
  const h = bars.length * row + 8;
  const w = labelW + barW + 60;
  const id = nextId('chart');
  const clip = (s: string) => (s.length > 26 ? `${s.slice(0, 25)}…` : s);
  const rects = bars
    .map((b, i) => {
      const y = 4 + i * row;
      const bw = Math.max(1, Math.round((b.value / max) * barW));
      return `<text x="${labelW - 6}" y="${y + 16}" text-anchor="end" font-size="13" fill="#1b1b1b">${e(clip(b.label))}</text>
<rect x="${labelW}" y="${y + 3}" width="${bw}" height="${row - 8}" class="bar ${e(b.cls ?? '')}" fill="#0b4f9c"/>
<text x="${labelW + bw + 6}" y="${y + 16}" font-size="13" fill="#1b1b1b">${b.value}</text>`;
    })
    .join('\n');
  const table = `<table><caption>${e(opts.title)}</caption><thead><tr><th scope="col">${e(opts.labelHeader)}</th><th scope="col" class="num">${e(opts.valueHeader)}</th></tr></thead><tbody>
${bars.map((b) => `<tr><th scope="row">${b.href ? `<a href="${e(b.href)}">${e(b.label)}</a>` : e(b.label)}</th><td class="num">${b.value}</td></tr>`).join('\n')}
</tbody></table>`;
  return `<figure>
<figcaption id="${id}-cap">${e(opts.title)}</figcaption>
<svg role="img" aria-labelledby="${id}-t ${id}-d" width="100%" viewBox="0 0 ${w} ${h}" style="max-width:${w}px">
<title id="${id}-t">${e(opts.title)}</title>
<desc id="${id}-d">${e(opts.desc)} ${e(bars.map((b) => `${b.label}: ${b.value}`).join('; '))}.</desc>
${rects}
</svg>
${table}
</figure>`;
}

export interface TimelineRow {
  label: string;
  /** date → how many obligations apply from it. */
  points: { date: string; count: number }[];
}

const DAY = 86_400_000;
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);

/**
 * A timeline: one row per group (e.g. role), a marker per date with the number of obligations
 * that apply from it. Dates before `start` are drawn at the left edge, marked "earlier".
 */
export function timeline(opts: { title: string; desc: string; rows: TimelineRow[]; today: string; start?: string; earlierLabel: string; todayLabel: string }): string {
  const all = opts.rows.flatMap((r) => r.points.map((p) => p.date));
  if (all.length === 0) return '';
  const startD = opts.start ?? all.reduce((a, b) => (a < b ? a : b));
  const min = ms(startD);
  const latest = Math.max(ms(opts.today), ...all.map(ms));
  const max = latest + 120 * DAY;
  const labelW = 240;
  const plotW = 520;
  const rowH = 44;
  const top = 28;
  const h = top + opts.rows.length * rowH + 10;
  const w = labelW + plotW + 30;
  const x = (d: string) => labelW + 14 + Math.max(0, ((ms(d) - min) / (max - min)) * (plotW - 14));
  const id = nextId('tl');
  const years: string[] = [];
  for (let y = new Date(min).getUTCFullYear() + 1; ms(`${y}-01-01`) <= max; y++) years.push(`${y}-01-01`);
  const axis = years.map((y) => `<line x1="${x(y)}" y1="${top - 6}" x2="${x(y)}" y2="${h - 6}" stroke="#8a8a8a" stroke-dasharray="2 3"/><text x="${x(y)}" y="${top - 10}" font-size="12" text-anchor="middle" fill="#1b1b1b">${y.slice(0, 4)}</text>`).join('');
  const todayX = x(opts.today);
  const rows = opts.rows
    .map((r, i) => {
      const y = top + i * rowH + rowH / 2;
      const marks = r.points
        .map((p, j) => {
          const earlier = p.date < startD;
          const cx = earlier ? labelW + 4 : x(p.date);
          const ty = j % 2 === 0 ? y - 10 : y + 20;
          return `<g><rect x="${cx - 6}" y="${y - 6}" width="12" height="12" transform="rotate(45 ${cx} ${y})" fill="#0b4f9c"/><text x="${cx}" y="${ty}" font-size="11" text-anchor="middle" fill="#1b1b1b">${earlier ? '≤' : ''}${p.count}</text></g>`;
        })
        .join('');
      return `<text x="${labelW - 6}" y="${y + 4}" font-size="13" text-anchor="end" fill="#1b1b1b">${e(r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label)}</text><line x1="${labelW}" y1="${y}" x2="${labelW + plotW}" y2="${y}" stroke="#595959"/>${marks}`;
    })
    .join('\n');
  const alt = opts.rows
    .map((r) => `${r.label}: ${r.points.map((p) => `${p.count} × ${p.date < startD ? `${opts.earlierLabel} ` : ''}${p.date}`).join(', ')}`)
    .join('; ');
  return `<svg role="img" aria-labelledby="${id}-t ${id}-d" width="100%" viewBox="0 0 ${w} ${h}" style="max-width:${w}px">
<title id="${id}-t">${e(opts.title)}</title>
<desc id="${id}-d">${e(opts.desc)} ${e(alt)}.</desc>
${axis}
<line x1="${todayX}" y1="${top - 4}" x2="${todayX}" y2="${h - 6}" stroke="#8b0000" stroke-width="2"/><text x="${todayX + 4}" y="${h - 10}" font-size="11" fill="#8b0000">${e(opts.todayLabel)}</text>
${rows}
</svg>`;
}
