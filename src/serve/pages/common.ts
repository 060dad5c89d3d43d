/** Small pieces shared by the pages: tier badges, labels of systems and organisations, provisions, pagination. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ontologyQuads } from '../../ontology/load.js';
import { send } from '../http.js';
import { escapeHtml as e } from './html.js';
import { chooseLang, conceptByNotation, hasLabel, label, localName, questionIn, t, type Lang } from './i18n.js';
import { href, layout } from './layout.js';
import type { OrgEntry, SystemEntry } from './index.js';

export const AR = 'https://w3id.org/algoreg/ns#';
export const AIA = 'https://w3id.org/algoreg/law/aiact/';
export const GDPR = 'https://w3id.org/algoreg/law/gdpr/';

/** What every page handler gets. */
export interface PageRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  lang: Lang;
}

export function pageRequest(req: IncomingMessage, res: ServerResponse, url: URL): PageRequest {
  return { req, res, url, lang: chooseLang(url, req.headers['accept-language']) };
}

/** Sends a page; the language varies with the query and Accept-Language. */
export function sendPage(p: PageRequest, status: number, title: string, body: string, head?: string): void {
  p.res.setHeader('vary', 'Accept, Accept-Language');
  p.res.setHeader('content-language', p.lang);
  send(p.res, status, layout({ lang: p.lang, title, body, url: p.url, head }), 'text/html; charset=utf-8');
}

/** A page that says what is not there (404) in the page frame. */
export function notFoundPage(p: PageRequest, message: string): void {
  sendPage(p, 404, t('notfound.title', p.lang), `<h1>${e(t('notfound.title', p.lang))}</h1><p>${e(message)}</p><p><a href="${e(href('/register/systems', p.url))}">${e(t('notfound.back', p.lang))}</a></p>`);
}

/** A value of a per-language map in `lang`, else English, else any. */
export function pick(m: Map<string, string>, lang: Lang): string | undefined {
  return m.get(lang) ?? m.get('en') ?? m.values().next().value;
}

/** Whether `m` has no text in `lang` and what we show is in another language: its language tag. */
export function pickLang(m: Map<string, string>, lang: Lang): string {
  if (m.has(lang)) return lang;
  if (m.has('en')) return 'en';
  return m.keys().next().value ?? lang;
}

/** Text in another language than the page gets its own lang attribute (WCAG 3.1.2). */
export function inLang(text: string, textLang: string, pageLang: Lang): string {
  return textLang && textLang !== pageLang ? `<span lang="${e(textLang)}">${e(text)}</span>` : e(text);
}

export function systemName(s: SystemEntry, lang: Lang): string {
  return pick(s.labels, lang) ?? s.sys.label ?? s.id ?? localName(s.iri);
}

/** A system's name as HTML, marked with its language when it differs from the page's. */
export function systemNameHtml(s: SystemEntry, lang: Lang): string {
  if (s.labels.size === 0) return e(systemName(s, lang));
  return inLang(systemName(s, lang), pickLang(s.labels, lang), lang);
}

export function orgName(o: OrgEntry | undefined, iri: string, lang: Lang): string {
  return (o && pick(o.labels, lang)) ?? o?.fallbackLabel ?? localName(iri);
}

export function tierIri(tier: string): string {
  return conceptByNotation(`${AR}RiskTierScheme`, tier) ?? `${AR}${tier}`;
}

export function tierLabel(tier: string, lang: Lang): string {
  return label(tierIri(tier), lang);
}

/** The tier as text in a bordered badge: the words carry the meaning, colour only repeats it. */
export function tierBadge(tier: string, lang: Lang): string {
  return `<span class="tier tier-${e(tier)}">${e(tierLabel(tier, lang))}</span>`;
}

export function roleLabel(role: string, lang: Lang): string {
  const iri = conceptByNotation(`${AR}RoleScheme`, role);
  return iri ? label(iri, lang) : role;
}

/** "5(a)" → aia:anx_III-pnt_5-pnt_a; "5" → aia:anx_III-pnt_5. */
export function annexIIIIri(point: string): string {
  const m = /^(\d+)(?:\(([a-z])\))?$/.exec(point);
  if (!m) return `${AIA}anx_III`;
  return `${AIA}anx_III-pnt_${m[1]}${m[2] ? `-pnt_${m[2]}` : ''}`;
}

/** "1(c)" → aia:art_5-par_1-pnt_c (Art 5 prohibited practices). */
export function art5Iri(point: string): string {
  const m = /^(\d+)\(([a-z]+)\)$/.exec(point);
  return m ? `${AIA}art_5-par_${m[1]}-pnt_${m[2]}` : `${AIA}art_5`;
}

/** "50(1)" → aia:art_50-par_1. */
export function articleIri(point: string): string {
  const m = /^(\d+)(?:\((\d+)\))?$/.exec(point);
  return m ? `${AIA}art_${m[1]}${m[2] ? `-par_${m[2]}` : ''}` : `${AIA}art_50`;
}

let eurLexLinks: Map<string, string> | undefined;
/** The EUR-Lex link the ontology gives a provision (ar:eurLex). */
export function eurLexOf(provisionIri: string): string | null {
  if (!eurLexLinks) {
    eurLexLinks = new Map();
    for (const q of ontologyQuads()) if (q.predicate.value === `${AR}eurLex`) eurLexLinks.set(q.subject.value, q.object.value);
  }
  return eurLexLinks.get(provisionIri) ?? null;
}

const EURLEX_LANG: Record<string, string> = { en: 'eng', nl: 'nld', de: 'deu', fr: 'fra', fi: 'fin', sv: 'swe', it: 'ita', es: 'spa', da: 'dan', pl: 'pol' };

/** A EUR-Lex link in the page's language (EUR-Lex serves every official language of the act). */
export function eurLexIn(link: string, lang: Lang): string {
  const code = EURLEX_LANG[lang];
  return code ? link.replace(/\/oj\/eng(?=#|$)/, `/oj/${code}`) : link;
}

/** A provision as a link to EUR-Lex with its label in the page's language. */
export function provisionLink(provisionIri: string, fallbackText: string, eurLex: string | null, lang: Lang): string {
  const text = hasLabel(provisionIri) ? label(provisionIri, lang) : fallbackText;
  const link = eurLex ?? eurLexOf(provisionIri);
  return link ? `<a href="${e(eurLexIn(link, lang))}" hreflang="${e(lang)}">${e(text)}</a>` : e(text);
}

/** Reads a whole-number page parameter; anything else is page 1. */
export function pageParam(url: URL): number {
  const n = Number(url.searchParams.get('page') ?? '1');
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export const PAGE_SIZE = 50;

/** Links to the previous and next page, keeping the other query parameters. */
export function pagination(url: URL, page: number, total: number, lang: Lang): string {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return '';
  const link = (n: number) => {
    const u = new URL(url.href);
    u.searchParams.set('page', String(n));
    return `${u.pathname}${u.search}`;
  };
  const items = [
    page > 1 ? `<li><a href="${e(link(page - 1))}" rel="prev">${e(t('pages.prev', lang))}</a></li>` : '',
    `<li aria-current="page">${e(t('pages.of', lang, { page, pages }))}</li>`,
    page < pages ? `<li><a href="${e(link(page + 1))}" rel="next">${e(t('pages.next', lang))}</a></li>` : '',
  ];
  return `<nav class="pages" aria-label="${e(t('pages.label', lang))}"><ul>${items.join('')}</ul></nav>`;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date as the page's language writes it (the ISO date stays in a <time> element). */
export function dateHtml(date: string | null, lang: Lang): string {
  if (!date) return '';
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return e(date);
  let f = formats.get(lang);
  if (!f) formats.set(lang, (f = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })));
  return `<time datetime="${e(date)}">${e(f.format(d))}</time>`;
}

export function num(n: number, lang: Lang): string {
  return n.toLocaleString(lang);
}

/** A determinant's question in the page's language when the ontology has it, else the (English) text given. */
export function questionHtml(property: string, english: string, lang: Lang): string {
  const q = lang === 'en' ? undefined : questionIn(property, lang);
  return q ? e(q) : inLang(english, 'en', lang);
}
