/** The home page: systems per tier and per organisation, upcoming obligation dates, a search box. */
import { barChart } from './charts.js';
import { escapeHtml as e } from './html.js';
import { t } from './i18n.js';
import { href } from './layout.js';
import { dateHtml, num, orgName, sendPage, tierLabel, today, type PageRequest } from './common.js';
import { TIERS, topProvisions, type ViewIndex } from './index.js';

const TOP_ORGS = 10;
const NEXT_DATES = 8;

export function searchForm(p: PageRequest, value = ''): string {
  const { lang, url } = p;
  const keep = url.searchParams.get('lang');
  return `<form role="search" action="/register/systems" method="get">
<label for="q-home">${e(t('search.label', lang))}</label>
<input id="q-home" type="search" name="q" value="${e(value)}">
${keep ? `<input type="hidden" name="lang" value="${e(keep)}">` : ''}
<button type="submit">${e(t('search.button', lang))}</button>
</form>`;
}

export function homePage(p: PageRequest, view: ViewIndex): void {
  const { lang, url } = p;
  const total = view.entries.length;
  const calendar = url.searchParams.get('calendar') === 'adopted' ? 'adopted' : 'amended';
  const tiers = barChart({
    title: t('home.tiers.title', lang),
    desc: t('home.tiers.desc', lang, { total }),
    labelHeader: t('col.tier', lang),
    valueHeader: t('col.systems', lang),
    bars: TIERS.map((tier) => ({ label: tierLabel(tier, lang), value: view.byTier.get(tier)?.length ?? 0, href: href('/register/systems', url, { tier }), cls: `tier-${tier}` })),
  });
  const orgs = barChart({
    title: t('home.orgs.title', lang, { n: Math.min(TOP_ORGS, view.orgs.length) }),
    desc: t('home.orgs.desc', lang, { n: view.orgs.length }),
    labelHeader: t('col.organisation', lang),
    valueHeader: t('col.systems', lang),
    bars: view.orgs.slice(0, TOP_ORGS).map((o) => ({ label: orgName(o, o.iri, lang), value: o.systems.length, href: href(`/register/organisations/${o.id}`, url) })),
  });
  const now = today();
  const upcoming = view.deadlines[calendar].filter((d) => d.date >= now).slice(0, NEXT_DATES);
  const deadlineChart = upcoming.length
    ? barChart({
        title: t('home.deadlines.title', lang, { calendar: t(`calendar.${calendar}`, lang) }),
        desc: t('home.deadlines.desc', lang),
        labelHeader: t('col.date', lang),
        valueHeader: t('col.obligations', lang),
        bars: upcoming.map((d) => ({ label: d.date, value: d.obligations })),
      })
    : `<p>${e(t('home.deadlines.none', lang))}</p>`;
  const other = calendar === 'amended' ? 'adopted' : 'amended';
  const deadlineList = upcoming.length
    ? `<ul>${upcoming.map((d) => `<li>${dateHtml(d.date, lang)}: ${e(t('home.deadlines.item', lang, { obligations: num(d.obligations, lang), systems: num(d.systems, lang) }))} <span class="muted">(${e(topProvisions(d, 4).join(', '))}${d.provisions.size > 4 ? ', …' : ''})</span></li>`).join('')}</ul>`
    : '';
  const body = `<h1>${e(t('home.title', lang))}</h1>
<p>${e(t('home.intro', lang, { systems: num(total, lang), orgs: num(view.orgs.length, lang) }))}</p>
${searchForm(p)}
<div class="charts">
<section aria-labelledby="h-tiers"><h2 id="h-tiers">${e(t('home.tiers.heading', lang))}</h2>${tiers}</section>
<section aria-labelledby="h-orgs"><h2 id="h-orgs">${e(t('home.orgs.heading', lang))}</h2>${orgs}<p><a href="${e(href('/register/organisations', url))}">${e(t('home.orgs.all', lang))}</a></p></section>
</div>
<section aria-labelledby="h-deadlines"><h2 id="h-deadlines">${e(t('home.deadlines.heading', lang))}</h2>
<p>${e(t(`calendar.${calendar}.explain`, lang))} <a href="${e(href('/', url, { calendar: other }))}">${e(t(`calendar.switch.${other}`, lang))}</a></p>
${deadlineChart}
${deadlineList}
</section>`;
  sendPage(p, 200, t('home.title', lang), body);
}
