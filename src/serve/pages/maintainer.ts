/**
 * The maintainer view: register-wide, the systems with questions still open (from the
 * classifications, indexed); per system, the SHACL Violations and Warnings of its record, with
 * the property, the value and what to do. A record is validated on request and the report kept
 * until the next write to the register.
 */
import { parseNTriples } from '../../store/ntriples.js';
import type { ValidationResult } from '../../validate/index.js';
import type { Register } from '../register.js';
import { escapeHtml as e } from './html.js';
import { hasLabel, label, localName, t } from './i18n.js';
import { href } from './layout.js';
import { PAGE_SIZE, inLang, questionHtml, notFoundPage, num, pageParam, pagination, sendPage, systemNameHtml, tierBadge, type PageRequest } from './common.js';
import type { SystemEntry, ViewIndex } from './index.js';

export function maintainerOverview(p: PageRequest, view: ViewIndex): void {
  const { lang, url } = p;
  const all = view.openQuestions;
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const page = Math.min(pageParam(url), pages);
  const rows = all
    .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    .map((s) => {
      const link = s.id ? `<a href="${e(href(`/register/maintainer/${s.id}`, url))}">${systemNameHtml(s, lang)}</a>` : systemNameHtml(s, lang);
      const qs = s.sys.missing.slice(0, 3).map((m) => `<li>${questionHtml(m.property, m.question, lang)}</li>`).join('');
      return `<tr><th scope="row">${link}</th><td>${tierBadge(s.sys.riskTier, lang)}</td><td class="num">${s.sys.missing.length}</td><td><ul>${qs}</ul>${s.sys.missing.length > 3 ? `<span class="muted">${e(t('maint.more', lang, { n: s.sys.missing.length - 3 }))}</span>` : ''}</td></tr>`;
    })
    .join('\n');
  const facts = [...view.missingFacts].sort((a, b) => b[1].systems - a[1].systems);
  const factRows = facts
    .slice(0, 30)
    .map(([fact, f]) => `<tr><th scope="row">${e(hasLabel(f.property) ? label(f.property, lang) : fact)}</th><td>${questionHtml(f.property, f.question, lang)}</td><td class="num">${num(f.systems, lang)}</td></tr>`)
    .join('\n');
  const body = `<h1>${e(t('maint.title', lang))}</h1>
<p>${e(t('maint.intro', lang))}</p>
<p><a href="${e(href('/register/edit/new', url))}">${e(t('maint.add', lang))}</a></p>
<p role="status">${e(t('maint.count', lang, { n: num(all.length, lang), all: num(view.entries.length, lang) }))}</p>
${facts.length ? `<section aria-labelledby="m-facts"><h2 id="m-facts">${e(t('maint.facts', lang))}</h2><table><caption>${e(t('maint.facts.caption', lang))}</caption><thead><tr><th scope="col">${e(t('maint.property', lang))}</th><th scope="col">${e(t('maint.question', lang))}</th><th scope="col" class="num">${e(t('col.systems', lang))}</th></tr></thead><tbody>${factRows}</tbody></table></section>` : ''}
<section aria-labelledby="m-systems"><h2 id="m-systems">${e(t('maint.systems', lang))}</h2>
${all.length ? `<table><caption>${e(t('maint.systems.caption', lang))}</caption><thead><tr><th scope="col">${e(t('col.system', lang))}</th><th scope="col">${e(t('col.tier', lang))}</th><th scope="col" class="num">${e(t('maint.open', lang))}</th><th scope="col">${e(t('maint.questions', lang))}</th></tr></thead><tbody>${rows}</tbody></table>` : `<p>${e(t('maint.none', lang))}</p>`}
${pagination(url, page, all.length, lang)}</section>`;
  sendPage(p, 200, t('maint.title', lang), body);
}

interface CachedReport {
  key: string;
  results: ValidationResult[];
}
const reports = new WeakMap<Register, Map<string, CachedReport>>();

/** The SHACL results of record {id} with its register context; cached until the register changes. */
async function recordReport(register: Register, id: string): Promise<ValidationResult[] | undefined> {
  const record = register.durable.records.get(id);
  if (!record) return undefined;
  const key = `${record.version}@${register.durable.lastSeq}`;
  let cache = reports.get(register);
  if (!cache) reports.set(register, (cache = new Map()));
  const hit = cache.get(id);
  if (hit?.key === key) return hit.results;
  const report = await register.validate(parseNTriples(record.ntriples), id);
  if (cache.size > 1000) cache.clear();
  cache.set(id, { key, results: report.results });
  return report.results;
}

function resultRow(r: ValidationResult, entry: SystemEntry | undefined, lang: string): string {
  const prop = r.path ? (hasLabel(r.path) ? label(r.path, lang) : localName(r.path)) : '';
  const missing = entry?.sys.missing.find((m) => m.property === r.path);
  const fix = r.severity === 'Violation' ? t('maint.fix.violation', lang) : r.severity === 'Warning' ? t('maint.fix.warning', lang) : t('maint.fix.info', lang);
  return `<tr class="sev-row"><td class="sev-${e(r.severity)}">${e(t(`sev.${r.severity}`, lang))}</td><td>${e(prop)}${r.path ? `<br><code>${e(r.path)}</code>` : ''}</td><td>${r.value ? `<code>${e(r.value)}</code>` : ''}</td><td>${inLang(r.message, 'en', lang)}${missing && missing.question !== r.message ? `<br>${questionHtml(missing.property, missing.question, lang)}` : ''}</td><td>${e(fix)}</td></tr>`;
}

export async function maintainerSystem(p: PageRequest, view: ViewIndex, register: Register, id: string): Promise<void> {
  const { lang, url } = p;
  const entry = view.byId.get(id);
  const results = await recordReport(register, id);
  if (!entry && !results) return notFoundPage(p, t('system.unknown', lang, { id }));
  const order = { Violation: 0, Warning: 1, Info: 2 } as const;
  const sorted = [...(results ?? [])].sort((a, b) => order[a.severity] - order[b.severity]);
  const violations = sorted.filter((r) => r.severity === 'Violation').length;
  const warnings = sorted.filter((r) => r.severity === 'Warning').length;
  const infos = sorted.length - violations - warnings;
  const title = entry ? systemNameHtml(entry, lang) : e(id);
  const page = entry?.page ? href(entry.page, url) : undefined;
  const table = sorted.length
    ? `<table><caption>${e(t('maint.results.caption', lang, { v: violations, w: warnings, i: infos }))}</caption><thead><tr><th scope="col">${e(t('maint.severity', lang))}</th><th scope="col">${e(t('maint.property', lang))}</th><th scope="col">${e(t('maint.value', lang))}</th><th scope="col">${e(t('maint.message', lang))}</th><th scope="col">${e(t('maint.todo', lang))}</th></tr></thead><tbody>${sorted.map((r) => resultRow(r, entry, lang)).join('\n')}</tbody></table>`
    : `<p>${e(t(results ? 'maint.conforms' : 'maint.noRecord', lang))}</p>`;
  const missing = entry?.sys.missing ?? [];
  const body = `<h1>${e(t('maint.system.title', lang))}: ${title}</h1>
${entry ? `<p>${tierBadge(entry.sys.riskTier, lang)}${page ? ` <a href="${e(page)}">${e(t('maint.public', lang))}</a>` : ''}</p>` : ''}
${entry?.id ? `<ul class="actions"><li><a href="${e(href(`/register/edit/${entry.id}`, url))}">${e(t('system.edit', lang))}</a></li><li><a href="${e(href(`/register/track/${entry.id}`, url))}">${e(t('system.track', lang))}</a></li></ul>` : ''}
<ul id="maint-summary"><li>${e(t('maint.violations', lang, { n: violations }))}</li><li>${e(t('maint.warnings', lang, { n: warnings }))}</li><li>${e(t('maint.infos', lang, { n: infos }))}</li></ul>
<section aria-labelledby="m-results"><h2 id="m-results">${e(t('maint.results', lang))}</h2>${table}</section>
<section aria-labelledby="m-missing"><h2 id="m-missing">${e(t('maint.missing', lang))}</h2>
${missing.length ? `<ul>${missing.map((m) => `<li><strong>${e(hasLabel(m.property) ? label(m.property, lang) : m.fact)}</strong>: ${questionHtml(m.property, m.question, lang)}</li>`).join('')}</ul>` : `<p>${e(t('maint.missing.none', lang))}</p>`}
</section>
<p><a href="${e(href('/register/maintainer', url))}">${e(t('maint.back', lang))}</a></p>`;
  sendPage(p, 200, t('maint.system.title', lang), body);
}
