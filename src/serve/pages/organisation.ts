/** Organisations: the list (paginated, searchable) and one organisation's systems, roles and obligations. */
import { escapeHtml as e } from './html.js';
import { t } from './i18n.js';
import { href } from './layout.js';
import { PAGE_SIZE, dateHtml, inLang, notFoundPage, num, orgName, pageParam, pagination, provisionLink, roleLabel, sendPage, systemNameHtml, tierBadge, today, type PageRequest } from './common.js';
import { systemsTable } from './list.js';
import { ROLES, obligationsOf, searchText, type OrgEntry, type ViewIndex } from './index.js';

export function organisationsPage(p: PageRequest, view: ViewIndex): void {
  const { lang, url } = p;
  const q = (url.searchParams.get('q') ?? '').trim();
  const words = searchText(q).split(/\s+/).filter(Boolean);
  const all = words.length ? view.orgs.filter((o) => words.every((w) => searchText([...o.labels.values(), o.fallbackLabel ?? '', o.iri].join(' ')).includes(w))) : view.orgs;
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const page = Math.min(pageParam(url), pages);
  const rows = all
    .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    .map((o) => `<tr><th scope="row"><a href="${e(href(`/register/organisations/${o.id}`, url))}">${e(orgName(o, o.iri, lang))}</a></th><td class="num">${num(o.systems.length, lang)}</td><td>${rolesText(o, lang)}</td><td class="num">${num(o.obligations, lang)}</td></tr>`)
    .join('\n');
  const keep = url.searchParams.get('lang');
  const body = `<h1>${e(t('orgs.title', lang))}</h1>
<form class="filters" role="search" action="/register/organisations" method="get"><div><label for="o-q">${e(t('orgs.search', lang))}</label><input id="o-q" type="search" name="q" value="${e(q)}"></div>${keep ? `<input type="hidden" name="lang" value="${e(keep)}">` : ''}<div><button type="submit">${e(t('search.button', lang))}</button></div></form>
<p role="status">${e(t('orgs.found', lang, { total: num(all.length, lang) }))}</p>
<table><caption>${e(t('orgs.caption', lang))}</caption><thead><tr><th scope="col">${e(t('col.organisation', lang))}</th><th scope="col" class="num">${e(t('col.systems', lang))}</th><th scope="col">${e(t('col.roles', lang))}</th><th scope="col" class="num">${e(t('col.obligations', lang))}</th></tr></thead><tbody>
${rows}
</tbody></table>
${pagination(url, page, all.length, lang)}`;
  sendPage(p, 200, t('orgs.title', lang), body);
}

function rolesText(o: OrgEntry, lang: string): string {
  return [...o.roles]
    .sort((a, b) => ROLES.indexOf(a[0] as (typeof ROLES)[number]) - ROLES.indexOf(b[0] as (typeof ROLES)[number]))
    .map(([role, n]) => `${e(roleLabel(role, lang))} (${n})`)
    .join(', ');
}

export function organisationPage(p: PageRequest, view: ViewIndex, id: string): void {
  const { lang, url } = p;
  const o = view.orgById.get(id);
  if (!o) return notFoundPage(p, t('orgs.unknown', lang, { id }));
  const name = orgName(o, o.iri, lang);
  const pages = Math.max(1, Math.ceil(o.systems.length / PAGE_SIZE));
  const page = Math.min(pageParam(url), pages);
  const systems = systemsTable(p, view, o.systems.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), t('org.systems.caption', lang, { n: o.systems.length }));
  const now = today();
  const MAX = 200;
  const roleSections = [...obligationsOf(o)]
    .sort((a, b) => ROLES.indexOf(a[0] as (typeof ROLES)[number]) - ROLES.indexOf(b[0] as (typeof ROLES)[number]))
    .map(([role, list]) => {
      const rows = list
        .slice(0, MAX)
        .map(({ system, ob }) => `<tr><td>${system.page ? `<a href="${e(href(system.page, url))}">${systemNameHtml(system, lang)}</a>` : systemNameHtml(system, lang)}</td><td>${inLang(ob.title, 'en', lang)}</td><td>${provisionLink(ob.provisionIri, ob.provision, ob.eurLex, lang)}</td><td>${dateHtml(ob.appliesFrom, lang) || e(t('system.date.unclear', lang))}${ob.appliesFrom && ob.appliesFrom < now ? ` <span class="muted">(${e(t('org.inForce', lang))})</span>` : ''}</td></tr>`)
        .join('\n');
      return `<section aria-labelledby="r-${e(role)}"><h3 id="r-${e(role)}">${e(roleLabel(role, lang))} (${list.length})</h3>
<table><caption>${e(t('org.obligations.caption', lang, { role: roleLabel(role, lang), n: list.length }))}${list.length > MAX ? ` ${e(t('org.obligations.capped', lang, { n: MAX }))}` : ''}</caption><thead><tr><th scope="col">${e(t('col.system', lang))}</th><th scope="col">${e(t('col.obligation', lang))}</th><th scope="col">${e(t('col.provision', lang))}</th><th scope="col">${e(t('org.appliesFrom', lang))}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
    });
  const tierCounts = new Map<string, number>();
  for (const s of o.systems) tierCounts.set(s.sys.riskTier, (tierCounts.get(s.sys.riskTier) ?? 0) + 1);
  const body = `<h1>${e(name)}</h1>
<p><code>${e(o.iri)}</code></p>
<p>${e(t('org.summary', lang, { systems: num(o.systems.length, lang), obligations: num(o.obligations, lang) }))}</p>
<ul>${[...tierCounts].map(([tier, n]) => `<li>${tierBadge(tier, lang)}: <a href="${e(href('/register/systems', url, { organisation: o.id, tier }))}">${num(n, lang)}</a></li>`).join('')}</ul>
<section aria-labelledby="o-roles"><h2 id="o-roles">${e(t('col.roles', lang))}</h2><p>${rolesText(o, lang) || e(t('system.noRole', lang))}</p></section>
<section aria-labelledby="o-systems"><h2 id="o-systems">${e(t('org.systems', lang))}</h2>${systems}${pagination(url, page, o.systems.length, lang)}</section>
<section aria-labelledby="o-obligations"><h2 id="o-obligations">${e(t('org.obligations', lang))}</h2>${roleSections.join('\n') || `<p>${e(t('system.obligations.none', lang))}</p>`}</section>`;
  sendPage(p, 200, name, body);
}
