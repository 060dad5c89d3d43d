/**
 * The linked datasets of a system page: per link its role, the dataset as the portal describes
 * it (title, publisher, licence, access rights, themes), whether the lookup succeeded, and the
 * quality of its DCAT-AP metadata against the official shapes.
 */
import type { DatasetLinkView } from '../../link/view.js';
import { STATUS_CONCEPT } from '../../link/status.js';
import { dateHtml, inLang, type PageRequest } from './common.js';
import { escapeHtml as e } from './html.js';
import { label, localName, t } from './i18n.js';

const link = (href: string | null, text: string) => (href ? `<a href="${e(href)}">${text}</a>` : text);

// EU vocabulary concepts (licences, access rights, themes) by their code: their labels live on the portal.
const codes = (iris: readonly string[]) => iris.map((i) => `<abbr title="${e(i)}">${e(localName(i))}</abbr>`).join(', ');

function datasetCell(p: PageRequest, d: DatasetLinkView): string {
  const title = d.title ? inLang(d.title, d.titleLanguage ?? '', p.lang) : e(d.canonical ?? d.originalLink);
  const parts = [`<strong>${link(d.landingPage, title)}</strong>`];
  if (d.canonical) parts.push(`<code>${e(d.canonical)}</code>`);
  if (d.originalLink !== d.canonical) parts.push(`<span class="muted">${e(t('links.given', p.lang))}: <code>${e(d.originalLink)}</code></span>`);
  return parts.join('<br>');
}

function qualityCell(p: PageRequest, d: DatasetLinkView): string {
  const q = d.quality;
  if (!q) return e(t('links.quality.none', p.lang));
  const facts = [
    `${e(t(q.hasLicence ? 'links.quality.licence' : 'links.quality.noLicence', p.lang))}`,
    `${e(t(q.hasAccessRights ? 'links.quality.access' : 'links.quality.noAccess', p.lang))}`,
  ];
  if (!q.checked) return `${facts.join('; ')}<br><span class="muted">${e(q.note ?? t('links.quality.unchecked', p.lang))}</span>`;
  const score = q.score === null ? '' : `<strong>${Math.round(q.score * 100)}%</strong> ${e(t('links.quality.score', p.lang))}<br>`;
  const counts = e(t('links.quality.counts', p.lang, { violations: q.violations ?? 0, warnings: q.warnings ?? 0 }));
  const missing = [
    ...(q.missingMandatory?.length ? [`${e(t('links.quality.missingMandatory', p.lang))}: ${codes(q.missingMandatory)}`] : []),
    ...(q.missingRecommended?.length ? [`${e(t('links.quality.missingRecommended', p.lang))}: ${codes(q.missingRecommended)}`] : []),
  ];
  return `${score}${counts}; ${facts.join('; ')}${missing.length ? `<br>${missing.join('<br>')}` : ''}`;
}

/** A table of the system's dataset links; empty when it has none. */
export function datasetLinksTable(p: PageRequest, links: readonly DatasetLinkView[]): string {
  if (links.length === 0) return '';
  const { lang } = p;
  const head = ['links.role', 'links.dataset', 'links.publisher', 'links.licence', 'links.themes', 'links.status', 'links.quality']
    .map((k) => `<th scope="col">${e(t(k, lang))}</th>`)
    .join('');
  const rows = links.map((d) => {
    const status = `${e(label(STATUS_CONCEPT[d.status], lang))}${d.message && d.status !== 'resolved' ? `<br><span class="muted">${e(d.message)}</span>` : ''}${d.retrievedAt ? `<br><span class="muted">${e(t('links.retrieved', lang))} ${dateHtml(d.retrievedAt, lang)}</span>` : ''}`;
    const publisher = d.publisher ? e(d.publisher.name ?? localName(d.publisher.iri ?? '')) : '';
    const licence = [codes(d.licence), d.accessRights ? `${e(t('links.access', lang))}: ${codes([d.accessRights])}` : ''].filter(Boolean).join('<br>');
    return `<tr><th scope="row">${e(label(d.role.iri, lang))}</th><td>${datasetCell(p, d)}</td><td>${publisher}</td><td>${licence}</td><td>${codes(d.themes)}</td><td>${status}</td><td>${qualityCell(p, d)}</td></tr>`;
  });
  return `<table><caption>${e(t('links.caption', lang))}</caption><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
