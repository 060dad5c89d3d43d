/**
 * The page of one system: what it does, who is responsible in which role, the tier with the
 * chain of reasons and EUR-Lex links, the obligations per role on a timeline (either calendar),
 * GDPR and MIM5, datasets, downloads and history.
 */
import type { ObligationResult, SystemClassification } from '../../reason/index.js';
import type { HistoryEntry } from '../../store/durable-store.js';
import { timeline } from './charts.js';
import { escapeHtml as e } from './html.js';
import { definitionIn, hasLabel, label, localName, t, type Lang } from './i18n.js';
import { href } from './layout.js';
import {
  AR,
  GDPR,
  annexIIIIri,
  art5Iri,
  articleIri,
  dateHtml,
  inLang,
  orgName,
  pick,
  pickLang,
  provisionLink,
  questionHtml,
  roleLabel,
  sendPage,
  systemName,
  systemNameHtml,
  tierBadge,
  tierIri,
  today,
  type PageRequest,
} from './common.js';
import { P, ROLES, byLang, type DatasetEntry, type SystemEntry, type ViewIndex } from './index.js';
import { datasetLinksTable } from './dataset-links.js';
import type { DatasetLinkView } from '../../link/view.js';

type Calendar = 'amended' | 'adopted';

export function calendarParam(url: URL): Calendar {
  return url.searchParams.get('calendar') === 'adopted' ? 'adopted' : 'amended';
}

/** Renders the system page for a classified system, or a record that describes none. */
export function systemPage(p: PageRequest, view: ViewIndex, entry: SystemEntry | undefined, id: string, iri: string, rdfPath: string, links: readonly DatasetLinkView[] = []): void {
  const { lang } = p;
  if (!entry) {
    const body = `<h1>${e(id)}</h1><p><code>${e(iri)}</code></p><p>${e(t('system.notClassified', lang))}</p>${downloads(p, rdfPath, id)}${historySection(p, view.historyById.get(id) ?? [])}`;
    sendPage(p, 200, id, body);
    return;
  }
  const sys = entry.sys;
  const name = systemName(entry, lang);
  const sections = [
    summarySection(p, entry),
    organisationsSection(p, view, entry),
    tierSection(p, sys),
    obligationsSection(p, view, sys),
    gdprSection(p, sys),
    mim5Section(p, view, sys),
    datasetsSection(p, entry.datasets, links),
    downloads(p, rdfPath, entry.id),
    historySection(p, entry.id ? (view.historyById.get(entry.id) ?? []) : []),
  ];
  const body = `<h1>${systemNameHtml(entry, lang)}</h1>
<p>${tierBadge(sys.riskTier, lang)} <code>${e(sys.iri)}</code></p>
${sections.join('\n')}`;
  const head = `<link rel="alternate" type="text/turtle" href="${e(rdfPath)}?format=turtle"><link rel="alternate" type="application/ld+json" href="${e(rdfPath)}?format=jsonld">`;
  sendPage(p, 200, name, body, head);
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function section(id: string, heading: string, content: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${e(heading)}</h2>\n${content}\n</section>`;
}

function literal(entry: SystemEntry, pred: string, lang: Lang): string | undefined {
  const m = byLang(entry.facts, pred);
  const v = pick(m, lang);
  return v === undefined ? undefined : inLang(v, pickLang(m, lang), lang);
}

function summarySection(p: PageRequest, entry: SystemEntry): string {
  const { lang } = p;
  const description = pick(entry.descriptions, lang);
  const rows: [string, string][] = [];
  if (entry.statuses.length) rows.push([t('col.status', lang), entry.statuses.map((s) => e(label(s, lang))).join(', ')]);
  if (entry.domains.length) rows.push([t('col.domain', lang), entry.domains.map((d) => e(label(d, lang))).join(', ')]);
  const mail = (entry.facts.get(P.contactEmail) ?? []).map((v) => v.value);
  if (mail.length) rows.push([t('system.contact', lang), mail.map((m) => `<a href="mailto:${e(m)}">${e(m)}</a>`).join(', ')]);
  const web = (entry.facts.get(P.website) ?? []).map((v) => v.value).filter((v) => /^https?:\/\//.test(v));
  if (web.length) rows.push([t('system.website', lang), web.map((w) => `<a href="${e(w)}">${e(w)}</a>`).join(', ')]);
  const oversight = literal(entry, P.humanOversight, lang);
  if (oversight) rows.push([cap(label(P.humanOversight, lang)), oversight]);
  const objection = literal(entry, P.objectionProcedure, lang);
  if (objection) rows.push([cap(label(P.objectionProcedure, lang)), objection]);
  const desc = description ? `<p>${inLang(description, pickLang(entry.descriptions, lang), lang)}</p>` : `<p class="muted">${e(t('system.noDescription', lang))}</p>`;
  const dl = rows.length ? `<dl class="facts">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>` : '';
  return section('s-about', t('system.about', lang), desc + dl);
}

function organisationsSection(p: PageRequest, view: ViewIndex, entry: SystemEntry): string {
  const { lang } = p;
  const sys = entry.sys;
  const rows = entry.organisations.map((iri) => {
    const o = view.orgByIri.get(iri);
    const roles = sys.roles.filter((r) => r.organisation === iri);
    const roleText = roles.length
      ? roles.map((r) => `${e(roleLabel(r.role, lang))} <span class="muted">(${provisionLink(r.provisionIri, r.provision, null, lang)})</span>`).join('<br>')
      : `<span class="muted">${e(t('system.noRole', lang))}</span>`;
    const responsible = entry.responsible.includes(iri) ? e(t('yes', lang)) : '';
    const name = o ? `<a href="${e(href(`/register/organisations/${o.id}`, p.url))}">${e(orgName(o, iri, lang))}</a>` : e(orgName(undefined, iri, lang));
    return `<tr><th scope="row">${name}</th><td>${roleText}</td><td>${responsible}</td></tr>`;
  });
  if (!rows.length) return section('s-orgs', t('system.orgs', lang), `<p>${e(t('system.noOrgs', lang))}</p>`);
  return section(
    's-orgs',
    t('system.orgs', lang),
    `<table><caption>${e(t('system.orgs.caption', lang))}</caption><thead><tr><th scope="col">${e(t('col.organisation', lang))}</th><th scope="col">${e(t('col.roles', lang))}</th><th scope="col">${e(cap(label(P.responsibleOrganisation, lang)))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
}

function tierSection(p: PageRequest, sys: SystemClassification): string {
  const { lang } = p;
  const parts: string[] = [];
  const def = definitionIn(tierIri(sys.riskTier), lang);
  parts.push(`<p>${tierBadge(sys.riskTier, lang)}${def ? ` ${inLang(def.text, def.lang, lang)}` : ''}</p>`);
  const facts: [string, string][] = [];
  if (sys.highRiskRoute) facts.push([t('system.route', lang), provisionLink(articleIri(sys.highRiskRoute), `Art ${sys.highRiskRoute}`, null, lang)]);
  if (sys.annexIII.length) facts.push([t('col.annex', lang), sys.annexIII.map((pt) => `<span class="annex-point" data-point="${e(pt)}">${provisionLink(annexIIIIri(pt), `Annex III ${pt}`, null, lang)}</span>`).join('<br>')]);
  if (sys.annexI.length) facts.push([t('system.annexI', lang), e(sys.annexI.join(', '))]);
  if (sys.prohibitedPractices.length) facts.push([t('system.prohibited', lang), sys.prohibitedPractices.map((pt) => provisionLink(art5Iri(pt), `Art 5(${pt})`, null, lang)).join('<br>')]);
  if (sys.transparency.length) facts.push([t('system.transparency', lang), sys.transparency.map((pt) => provisionLink(articleIri(pt), `Art ${pt}`, null, lang)).join('<br>')]);
  if (sys.gpai) facts.push([t('system.gpai', lang), e(sys.gpai.systemicRisk === true ? t('system.gpai.systemic', lang) : sys.gpai.systemicRisk === null ? t('system.gpai.unknown', lang) : t('system.gpai.plain', lang))]);
  if (facts.length) parts.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>`);
  if (sys.missing.length) parts.push(`<p>${e(t('system.missing.intro', lang, { n: sys.missing.length }))}</p><ul>${sys.missing.map((m) => `<li>${questionHtml(m.property, m.question, lang)}</li>`).join('')}</ul>`);
  const steps = sys.explanation.map(
    (s) =>
      `<li class="step"><strong>${provisionLink(s.provisionIri, s.provision, s.eurLex, lang)}</strong>${s.certain ? '' : ` <em>(${e(t('system.step.open', lang))})</em>`}: ${inLang(s.text, 'en', lang)}${s.note ? ` <span class="muted">${inLang(s.note, 'en', lang)}</span>` : ''} <span class="muted">(${e(t('system.step.rule', lang))} <code>${e(s.rule)}</code>)</span></li>`,
  );
  parts.push(`<h3 id="s-explanation">${e(t('system.explanation', lang))}</h3>`);
  parts.push(steps.length ? `<ol class="steps" aria-labelledby="s-explanation">${steps.join('\n')}</ol>` : `<p>${e(t('system.explanation.none', lang))}</p>`);
  return section('s-tier', t('system.tier', lang), parts.join('\n'));
}

function obligationText(o: ObligationResult, lang: Lang): string {
  // Obligation titles come from the rules, in English; another language shows the provision's label.
  if (lang === 'en' || !hasLabel(o.provisionIri)) return inLang(o.title, 'en', lang);
  const l = label(o.provisionIri, lang);
  return l === label(o.provisionIri, 'en') ? inLang(o.title, 'en', lang) : `${e(l)}<br><span class="muted">${inLang(o.title, 'en', lang)}</span>`;
}

function obligationsSection(p: PageRequest, view: ViewIndex, sys: SystemClassification): string {
  const { lang, url } = p;
  if (!sys.obligations.length) return section('s-obligations', t('system.obligations', lang), `<p>${e(t('system.obligations.none', lang))}</p>`);
  const cal = calendarParam(url);
  const other: Calendar = cal === 'amended' ? 'adopted' : 'amended';
  const dateOf = (o: ObligationResult, c: Calendar) => (c === 'amended' ? o.appliesFromAmended : o.appliesFromAdopted);
  const roles = [...new Set(sys.obligations.map((o) => o.role))].sort((a, b) => ROLES.indexOf(a as (typeof ROLES)[number]) - ROLES.indexOf(b as (typeof ROLES)[number]));
  const rows = roles.map((role) => {
    const counts = new Map<string, number>();
    for (const o of sys.obligations) {
      const d = o.role === role ? dateOf(o, cal) : null;
      if (d) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    return { label: roleLabel(role, lang), points: [...counts].sort().map(([date, count]) => ({ date, count })) };
  });
  const chart = timeline({
    title: t('system.timeline.title', lang, { calendar: t(`calendar.${cal}`, lang) }),
    desc: t('system.timeline.desc', lang),
    rows,
    today: today(),
    start: '2024-08-01',
    earlierLabel: t('system.timeline.earlier', lang),
    todayLabel: t('system.timeline.today', lang),
  });
  const switcher = `<p>${e(t(`calendar.${cal}.explain`, lang))} <a href="${e(switchCalendar(url, other))}">${e(t(`calendar.switch.${other}`, lang))}</a></p>`;
  const groups = roles.map((role) => {
    const obs = sys.obligations.filter((o) => o.role === role);
    const body = obs
      .map((o) => {
        const org = view.orgByIri.get(o.organisation);
        const differ = o.appliesFromAdopted !== o.appliesFromAmended;
        return `<tr${differ ? ' class="dates-differ"' : ''}><td>${e(orgName(org, o.organisation, lang))}</td><td>${obligationText(o, lang)}</td><td>${provisionLink(o.provisionIri, o.provision, o.eurLex, lang)}</td><td data-calendar="amended">${dateHtml(o.appliesFromAmended, lang) || e(t('system.date.unclear', lang))}</td><td data-calendar="adopted">${dateHtml(o.appliesFromAdopted, lang) || e(t('system.date.unclear', lang))}</td><td>${o.dateNote ? inLang(o.dateNote, 'en', lang) : ''}</td></tr>`;
      })
      .join('\n');
    const id = `s-role-${role}`;
    const headers = [t('col.organisation', lang), t('col.obligation', lang), t('col.provision', lang), t('calendar.amended', lang), t('calendar.adopted', lang), t('col.note', lang)];
    return `<section aria-labelledby="${id}" class="role-group" data-role="${e(role)}"><h3 id="${id}">${e(roleLabel(role, lang))} (${obs.length})</h3>
<table><caption>${e(t('system.obligations.caption', lang, { role: roleLabel(role, lang) }))}</caption><thead><tr>${headers.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>
${body}
</tbody></table></section>`;
  });
  return section('s-obligations', t('system.obligations', lang), `${switcher}\n<figure>${chart}<figcaption>${e(t('system.timeline.caption', lang))}</figcaption></figure>\n${groups.join('\n')}`);
}

function switchCalendar(url: URL, cal: Calendar): string {
  const u = new URL(url.href);
  u.searchParams.set('calendar', cal);
  return `${u.pathname}${u.search}#s-obligations`;
}

function gdprSection(p: PageRequest, sys: SystemClassification): string {
  const { lang } = p;
  const gdprObligations = sys.obligations.filter((o) => o.provisionIri.startsWith(GDPR));
  const { met, open } = sys.dpiaCriteria;
  if (!met.length && !open.length && !gdprObligations.length) return '';
  const item = (c: string) => {
    const iri = `${AR}${c}`;
    const def = definitionIn(iri, lang);
    return `<li>${e(label(iri, lang))}${def ? ` <span class="muted">– ${inLang(def.text, def.lang, lang)}</span>` : ''}</li>`;
  };
  const parts = [
    met.length ? `<h3>${e(t('gdpr.met', lang, { n: met.length }))}</h3><ul>${met.map(item).join('')}</ul>` : `<p>${e(t('gdpr.noneMet', lang))}</p>`,
    met.length >= 2 ? `<p><strong>${e(t('gdpr.dpiaLikely', lang))}</strong></p>` : '',
    open.length ? `<h3>${e(t('gdpr.open', lang, { n: open.length }))}</h3><ul>${open.map(item).join('')}</ul>` : '',
    gdprObligations.length ? `<p>${e(t('gdpr.obligations', lang, { n: gdprObligations.length }))} ${[...new Set(gdprObligations.map((o) => o.provisionIri))].map((iri) => provisionLink(iri, localName(iri), null, lang)).join(', ')}</p>` : '',
  ];
  return section('s-gdpr', t('gdpr.heading', lang), parts.join('\n'));
}

function mim5Section(p: PageRequest, view: ViewIndex, sys: SystemClassification): string {
  const { lang } = p;
  if (!sys.requirements.length) return '';
  const rows = sys.requirements
    .map((r) => {
      const org = view.orgByIri.get(r.organisation);
      const what = hasLabel(r.requirementIri) ? e(label(r.requirementIri, lang)) : inLang(r.title, 'en', lang);
      return `<tr><td>${e(orgName(org, r.organisation, lang))}</td><td>${what}</td><td>${r.template ? e(label(`${AR}${r.template}`, lang)) : 'MIM5'}</td><td>${provisionLink(r.provisionIri, r.provision, null, lang)}</td></tr>`;
    })
    .join('\n');
  return section(
    's-mim5',
    t('mim5.heading', lang),
    `<p>${e(t('mim5.intro', lang))}</p><table><caption>${e(t('mim5.caption', lang, { n: sys.requirements.length }))}</caption><thead><tr><th scope="col">${e(t('col.organisation', lang))}</th><th scope="col">${e(t('mim5.requirement', lang))}</th><th scope="col">${e(t('mim5.source', lang))}</th><th scope="col">${e(t('col.provision', lang))}</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

/**
 * The datasets a system uses: its dataset links with what the portal says of them, then the
 * datasets its description names otherwise (ar:usesDataset).
 */
export function datasetsSection(p: PageRequest, datasets: readonly DatasetEntry[], links: readonly DatasetLinkView[] = []): string {
  const { lang } = p;
  if (!datasets.length && !links.length) return section('s-datasets', t('datasets.heading', lang), `<p>${e(t('datasets.none', lang))}</p>`);
  const items = datasets.map((d) => {
    const text = pick(d.labels, lang);
    const shown = text ? inLang(text, pickLang(d.labels, lang), lang) : e(d.iri ?? t('datasets.unnamed', lang));
    return `<li>${d.href ? `<a href="${e(d.href)}">${shown}</a>` : shown}${d.iri && d.href !== d.iri ? ` <code>${e(d.iri)}</code>` : ''}</li>`;
  });
  return section('s-datasets', t('datasets.heading', lang), `${datasetLinksTable(p, links)}${items.length ? `<ul class="datasets">${items.join('')}</ul>` : ''}`);
}

function downloads(p: PageRequest, rdfPath: string, id: string | null): string {
  const { lang } = p;
  const links = [
    ['turtle', 'Turtle'],
    ['jsonld', 'JSON-LD'],
    ['ntriples', 'N-Triples'],
    ['rdfxml', 'RDF/XML'],
  ].map(([f, n]) => `<li><a href="${e(`${rdfPath}?format=${f}`)}" download>${e(t('download.as', lang, { format: n }))}</a></li>`);
  if (id) {
    links.push(`<li><a href="/systems/${e(id)}">${e(t('download.json', lang))}</a></li>`);
    links.push(`<li><a href="${e(href(`/register/maintainer/${id}`, p.url))}">${e(t('download.maintainer', lang))}</a></li>`);
    links.push(`<li><a href="${e(href(`/register/edit/${id}`, p.url))}">${e(t('system.edit', lang))}</a></li>`);
    links.push(`<li><a href="${e(href(`/register/track/${id}`, p.url))}">${e(t('system.track', lang))}</a></li>`);
  }
  return section('s-download', t('download.heading', lang), `<ul>${links.join('')}</ul>`);
}

function historySection(p: PageRequest, history: readonly HistoryEntry[]): string {
  const { lang } = p;
  if (!history.length) return section('s-history', t('history.heading', lang), `<p>${e(t('history.none', lang))}</p>`);
  const last = history[history.length - 1];
  const rows = [...history]
    .reverse()
    .slice(0, 20)
    .map((h) => `<tr><td class="num">${h.seq}</td><td><time datetime="${e(h.at)}">${e(h.at.replace('T', ' ').slice(0, 19))}</time></td><td>${e(t(`history.${h.status}`, lang))}</td><td>${e(h.by)}</td><td>${h.riskTier ? tierBadge(h.riskTier, lang) : ''}</td></tr>`)
    .join('');
  return section(
    's-history',
    t('history.heading', lang),
    `<p>${e(t('history.last', lang, { by: last.by }))} ${dateHtml(last.at.slice(0, 10), lang)}.</p>
<table><caption>${e(t('history.caption', lang, { n: history.length }))}</caption><thead><tr><th scope="col" class="num">${e(t('history.version', lang))}</th><th scope="col">${e(t('history.at', lang))}</th><th scope="col">${e(t('history.change', lang))}</th><th scope="col">${e(t('history.by', lang))}</th><th scope="col">${e(t('col.tier', lang))}</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}
