/** The list of systems: search and filters (tier, organisation, domain, status, Annex III area), 50 per page. */
import { escapeHtml as e } from './html.js';
import { label, t, type Lang } from './i18n.js';
import { href } from './layout.js';
import { AR, PAGE_SIZE, annexIIIIri, dateHtml, num, orgName, pageParam, pagination, sendPage, systemNameHtml, tierBadge, tierLabel, today, type PageRequest } from './common.js';
import { TIERS, searchText, type SystemEntry, type ViewIndex } from './index.js';

export interface ListFilters {
  q: string;
  tier: string;
  organisation: string;
  domain: string;
  status: string;
  annex: string;
}

export function listFilters(url: URL): ListFilters {
  const g = (k: string) => (url.searchParams.get(k) ?? '').trim();
  return { q: g('q'), tier: g('tier'), organisation: g('organisation'), domain: g('domain'), status: g('status'), annex: g('annex') };
}

/** Concept filters accept the full IRI or the ar: local name. */
function conceptIri(v: string): string {
  return /^https?:\/\//.test(v) ? v : `${AR}${v}`;
}

/** The systems that pass the filters, in the view's order. Starts from the smallest indexed set. */
export function filterSystems(view: ViewIndex, f: ListFilters): SystemEntry[] {
  const org = f.organisation ? (view.orgById.get(f.organisation) ?? view.orgByIri.get(f.organisation)) : undefined;
  let candidates: SystemEntry[] = view.entries;
  if (f.tier) candidates = view.byTier.get(f.tier) ?? [];
  if (f.organisation) {
    const byOrg = org ? org.systems : [];
    if (byOrg.length < candidates.length) candidates = byOrg;
  }
  const domain = f.domain ? conceptIri(f.domain) : '';
  const status = f.status ? conceptIri(f.status) : '';
  const words = searchText(f.q).split(/\s+/).filter(Boolean);
  return candidates.filter(
    (s) =>
      (!f.tier || s.sys.riskTier === f.tier) &&
      (!f.organisation || (org !== undefined && s.organisations.includes(org.iri))) &&
      (!domain || s.domains.includes(domain)) &&
      (!status || s.statuses.includes(status)) &&
      (!f.annex || s.annexAreas.includes(f.annex)) &&
      words.every((w) => s.search.includes(w)),
  );
}

function select(id: string, name: string, text: string, value: string, options: [string, string][], lang: Lang): string {
  const opts = [`<option value="">${e(t('filter.any', lang))}</option>`, ...options.map(([v, l]) => `<option value="${e(v)}"${v === value ? ' selected' : ''}>${e(l)}</option>`)];
  return `<div><label for="${id}">${e(text)}</label><select id="${id}" name="${name}">${opts.join('')}</select></div>`;
}

const localOf = (iri: string) => (iri.startsWith(AR) ? iri.slice(AR.length) : iri);

export function filterForm(p: PageRequest, view: ViewIndex, f: ListFilters, action = '/register/systems'): string {
  const { lang, url } = p;
  const byLabel = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1], lang);
  const concepts = (m: Map<string, number>) => [...m.keys()].map((iri): [string, string] => [localOf(iri), label(iri, lang)]).sort(byLabel);
  const keep = url.searchParams.get('lang');
  // Many organisations make the list long: those with systems first, by name, capped for page size.
  const orgOptions = view.orgs.slice(0, 500).map((o): [string, string] => [o.id, orgName(o, o.iri, lang)]).sort(byLabel);
  const selectedOrg = view.orgById.get(f.organisation);
  if (selectedOrg && !orgOptions.some(([id]) => id === selectedOrg.id)) orgOptions.unshift([selectedOrg.id, orgName(selectedOrg, selectedOrg.iri, lang)]);
  const annex = [...view.annexAreas.keys()].sort((a, b) => Number(a) - Number(b)).map((a): [string, string] => [a, label(annexIIIIri(a), lang)]);
  return `<form class="filters" action="${e(action)}" method="get" role="search" aria-label="${e(t('filter.label', lang))}">
<div><label for="f-q">${e(t('search.label', lang))}</label><input id="f-q" type="search" name="q" value="${e(f.q)}"></div>
${select('f-tier', 'tier', t('col.tier', lang), f.tier, TIERS.map((x) => [x, tierLabel(x, lang)]), lang)}
${select('f-org', 'organisation', t('col.organisation', lang), f.organisation, orgOptions, lang)}
${select('f-domain', 'domain', t('col.domain', lang), f.domain, concepts(view.domains), lang)}
${select('f-status', 'status', t('col.status', lang), f.status, concepts(view.statuses), lang)}
${select('f-annex', 'annex', t('col.annex', lang), f.annex, annex, lang)}
${keep ? `<input type="hidden" name="lang" value="${e(keep)}">` : ''}
<div><button type="submit">${e(t('filter.apply', lang))}</button></div>
</form>`;
}

/** A table of systems (one page of them). */
export function systemsTable(p: PageRequest, view: ViewIndex, rows: SystemEntry[], caption: string): string {
  const { lang } = p;
  const now = today();
  const body = rows
    .map((s) => {
      const name = s.page ? `<a href="${e(href(s.page, p.url))}">${systemNameHtml(s, lang)}</a>` : systemNameHtml(s, lang);
      const orgs = s.organisations.slice(0, 4).map((iri) => {
        const o = view.orgByIri.get(iri);
        return o ? `<a href="${e(href(`/register/organisations/${o.id}`, p.url))}">${e(orgName(o, iri, lang))}</a>` : e(orgName(undefined, iri, lang));
      });
      const next = s.sys.obligations.map((o) => o.appliesFrom).filter((d): d is string => !!d && d >= now).sort()[0] ?? null;
      return `<tr><th scope="row">${name}</th><td>${tierBadge(s.sys.riskTier, lang)}</td><td>${orgs.join(', ')}${s.organisations.length > 4 ? ', …' : ''}</td><td>${e(s.sys.annexIII.join(', '))}</td><td class="num">${s.sys.obligations.length}</td><td>${dateHtml(next, lang)}</td></tr>`;
    })
    .join('\n');
  return `<table><caption>${e(caption)}</caption>
<thead><tr><th scope="col">${e(t('col.system', lang))}</th><th scope="col">${e(t('col.tier', lang))}</th><th scope="col">${e(t('col.organisations', lang))}</th><th scope="col">${e(t('col.annex', lang))}</th><th scope="col" class="num">${e(t('col.obligations', lang))}</th><th scope="col">${e(t('col.next', lang))}</th></tr></thead>
<tbody>
${body}
</tbody></table>`;
}

export function listPage(p: PageRequest, view: ViewIndex): void {
  const { lang, url } = p;
  const f = listFilters(url);
  const rank = view.rank(lang);
  const all = filterSystems(view, f).sort((a, b) => rank.get(a)! - rank.get(b)!);
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const page = Math.min(pageParam(url), pages);
  const rows = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const from = all.length ? (page - 1) * PAGE_SIZE + 1 : 0;
  const caption = t('list.caption', lang, { total: num(all.length, lang), from: num(from, lang), to: num((page - 1) * PAGE_SIZE + rows.length, lang) });
  const body = `<h1>${e(t('list.title', lang))}</h1>
${filterForm(p, view, f)}
<p role="status" id="result-count" data-total="${all.length}">${e(t('list.found', lang, { total: num(all.length, lang), all: num(view.entries.length, lang) }))}</p>
${all.length ? systemsTable(p, view, rows, caption) : `<p>${e(t('list.none', lang))}</p>`}
${pagination(url, page, all.length, lang)}`;
  sendPage(p, 200, t('list.title', lang), body);
}
