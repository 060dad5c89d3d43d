// HTML of the tracking page: an overview table per organisation and role, then per obligation a
// status form, an evidence form, the evidence and the history. Every control has a <label>; each
// form is a fieldset with a legend; a field's error sits in "{control id}-error", which the control
// names in aria-describedby, and an error summary with role="alert" links to it.
import type { Evidence, HistoryEvent, ObligationStatus } from '../../track/index.js';
import { EVIDENCE_TYPES, STATUSES } from '../../track/index.js';
import { isHttpUrl } from '../api-track.js';
import { CSS as FORM_CSS } from '../form/render.js';
import { dateHtml, inLang, provisionLink, roleLabel } from '../pages/common.js';
import { html, raw, type Safe } from '../pages/html.js';
import { hasLabel, label, t, type Lang } from '../pages/i18n.js';
import { layout } from '../pages/layout.js';
import type { ObligationGroup, ObligationItem, SystemObligations } from './model.js';
import type { Action, FieldError, FieldName, Values } from './submission.js';

/** A rejected submission, shown again: its values and its messages at their fields. */
export interface Failed {
  obligation: string;
  action: Action;
  values: Values;
  errors: Map<FieldName, FieldError>;
  /** A refusal that fits no field (the obligation was withdrawn meanwhile, ...). */
  problem?: string;
}

export interface TrackPage {
  lang: Lang;
  url: URL;
  systemId: string;
  systemName: { text: string; lang: string };
  orgName: (iri: string) => { text: string; lang: string };
  obligations: SystemObligations;
  csrf: string;
  user: string;
  /** Links: an obligation's form action, this page on the other calendar, the system's public page and editing form. */
  paths: { post: (obligation: string) => string; other: string; system: string; edit: string };
  saved?: { obligation: string; action: Action };
  failed?: Failed;
}

const CSS = `${FORM_CSS}
.ob{border-top:2px solid var(--line);margin:1.5rem 0 0;padding-top:.5rem}
.ob h4{font-size:1.1rem;margin:.25rem 0 .5rem}
.ob form{margin:.5rem 0}
.ob fieldset{max-width:44rem}
.saved{border-left:6px solid #1d5e2a;background:#eef6ef;padding:.5rem .75rem;margin:.5rem 0;font-weight:600}
.state{display:inline-block;border:2px solid;border-radius:3px;padding:0 .35rem;font-weight:600;white-space:nowrap}
.state-overdue{color:#8b0000}.state-due{color:#8a3b00}.state-met{color:#1d5e2a}.state-not-applicable{color:#4a4a4a}.state-unclear{color:#0b4f9c;border-style:dashed}
.tally{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;padding:0}
textarea{min-height:3rem}
`;

// Controls are named per obligation so the page's ids stay unique: t-{obligation}-{field}.
const fieldId = (obligation: string, field: FieldName) => `t-${obligation}-${field}`;
export const anchor = (obligation: string) => `ob-${obligation}`;

export const statusLabel = (s: string, lang: Lang) => t(`track.status.${s}`, lang);
export const stateLabel = (s: string, lang: Lang) => t(`track.state.${s}`, lang);
export const evidenceLabel = (type: string, lang: Lang) => t(`track.evidence.type.${type}`, lang);

const DATE_TIMES = new Map<string, Intl.DateTimeFormat>();
/** A moment as the page's language writes it, in UTC (the ISO time stays in datetime). */
function momentHtml(iso: string, lang: Lang): Safe {
  let f = DATE_TIMES.get(lang);
  if (!f) DATE_TIMES.set(lang, (f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })));
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? html`${iso}` : html`<time datetime="${iso}">${f.format(d)} UTC</time>`;
}

function textIn(x: { text: string; lang: string }, lang: Lang): Safe {
  return raw(inLang(x.text, x.lang, lang));
}

/** Obligation titles come from the rules, in English; another language leads with the provision's label. */
function obligationTitle(item: ObligationItem, lang: Lang): Safe {
  const o = item.result;
  if (lang === 'en' || !hasLabel(o.provisionIri) || label(o.provisionIri, lang) === label(o.provisionIri, 'en')) return raw(inLang(o.title, 'en', lang));
  return html`${label(o.provisionIri, lang)}: ${raw(inLang(o.title, 'en', lang))}`;
}

function dueHtml(item: ObligationItem, lang: Lang): Safe {
  return item.state.dueOn ? raw(dateHtml(item.state.dueOn, lang)) : html`${t('track.due.none', lang)}`;
}

function stateBadge(state: string, lang: Lang): Safe {
  return html`<span class="state state-${state}">${stateLabel(state, lang)}</span>`;
}

interface FieldOpts {
  page: TrackPage;
  item: ObligationItem;
  action: Action;
  field: FieldName;
  label: string;
  help?: string;
  control: (attrs: Safe) => Safe;
}

/** A labelled control with its help and its error (if this submission had one), tied by aria-describedby. */
function field(o: FieldOpts): Safe {
  const { page, item, field: name } = o;
  const id = fieldId(item.id, name);
  const failed = page.failed?.obligation === item.id && page.failed.action === o.action ? page.failed : undefined;
  const error = failed?.errors.get(name);
  const described = [error ? `${id}-error` : '', o.help ? `${id}-help` : ''].filter(Boolean).join(' ');
  const attrs = html` id="${id}" name="${name}"${described ? html` aria-describedby="${described}"` : ''}${error ? raw(' aria-invalid="true"') : ''}`;
  return html`<div class="field${error ? ' has-error' : ''}"><label for="${id}">${o.label}</label>${o.help ? html`<p class="help" id="${id}-help">${o.help}</p>` : ''}${error ? html`<p class="field-error" id="${id}-error"><span>${t('form.error.prefix', page.lang)}</span> ${t(error.key, page.lang, error.params)}</p>` : ''}${o.control(attrs)}</div>`;
}

/** The value to show in a control: what was just submitted (if rejected), else `current`. */
function shown(page: TrackPage, item: ObligationItem, action: Action, name: FieldName, current: string): string {
  const f = page.failed;
  return f && f.obligation === item.id && f.action === action ? (f.values[name] ?? '') : current;
}

function hidden(page: TrackPage, action: Action): Safe {
  return html`<input type="hidden" name="csrf" value="${page.csrf}"><input type="hidden" name="kind" value="${action}">`;
}

function statusForm(page: TrackPage, item: ObligationItem): Safe {
  const { lang } = page;
  const current = item.state.status;
  const chosen = shown(page, item, 'status', 'status', current);
  const options = STATUSES.map((s) => html`<option value="${s}"${s === chosen ? raw(' selected') : ''}>${statusLabel(s, lang)}</option>`);
  const reason = shown(page, item, 'status', 'reason', item.tracked?.reason ?? '');
  const note = shown(page, item, 'status', 'note', '');
  return html`<form method="post" action="${page.paths.post(item.id)}" novalidate>${hidden(page, 'status')}
<fieldset><legend>${t('track.status.legend', lang)}</legend>
${field({ page, item, action: 'status', field: 'status', label: t('track.status.label', lang), control: (a) => html`<select${a}>${options}</select>` })}
${field({ page, item, action: 'status', field: 'reason', label: t('track.reason.label', lang), help: t('track.reason.help', lang), control: (a) => html`<textarea${a} rows="2">${reason}</textarea>` })}
${field({ page, item, action: 'status', field: 'note', label: t('track.note.label', lang), help: t('track.note.help', lang), control: (a) => html`<textarea${a} rows="2">${note}</textarea>` })}
<button type="submit">${t('track.status.submit', lang)}</button></fieldset></form>`;
}

function evidenceForm(page: TrackPage, item: ObligationItem): Safe {
  const { lang } = page;
  const type = shown(page, item, 'evidence', 'type', '');
  const types = EVIDENCE_TYPES.map((e) => html`<option value="${e}"${e === type ? raw(' selected') : ''}>${evidenceLabel(e, lang)}</option>`);
  const open = page.failed?.obligation === item.id && page.failed.action === 'evidence';
  const v = (f: FieldName) => shown(page, item, 'evidence', f, '');
  return html`<details class="add-evidence"${open ? raw(' open') : ''}><summary>${t('track.evidence.add', lang)}</summary>
<form method="post" action="${page.paths.post(item.id)}" novalidate>${hidden(page, 'evidence')}
<fieldset><legend>${t('track.evidence.legend', lang)}</legend>
${field({ page, item, action: 'evidence', field: 'type', label: t('track.evidence.type', lang), control: (a) => html`<select${a}><option value="">${t('track.evidence.choose', lang)}</option>${types}</select>` })}
${field({ page, item, action: 'evidence', field: 'title', label: t('track.evidence.title', lang), help: t('track.evidence.title.help', lang), control: (a) => html`<input type="text"${a} value="${v('title')}" maxlength="300">` })}
${field({ page, item, action: 'evidence', field: 'link', label: t('track.evidence.link', lang), help: t('track.evidence.link.help', lang), control: (a) => html`<input type="url"${a} value="${v('link')}" inputmode="url" autocomplete="url" spellcheck="false">` })}
${field({ page, item, action: 'evidence', field: 'date', label: t('track.evidence.date', lang), help: t('track.evidence.date.help', lang), control: (a) => html`<input type="date"${a} value="${v('date')}">` })}
<button type="submit">${t('track.evidence.submit', lang)}</button></fieldset></form></details>`;
}

function evidenceItem(e: Evidence, lang: Lang): Safe {
  // Only http(s) addresses become links (the API checks this too; older data might not have been).
  const title = e.url && isHttpUrl(e.url) ? html`<a href="${e.url}" rel="noreferrer">${e.title}</a>` : html`${e.title}`;
  return html`<li>${evidenceLabel(e.type, lang)}: ${title}${e.date ? html` (${raw(dateHtml(e.date, lang))})` : ''} <span class="muted">${t('track.evidence.added', lang, { by: e.addedBy })} ${momentHtml(e.addedAt, lang)}</span></li>`;
}

function evidenceList(item: ObligationItem, lang: Lang): Safe {
  const list = item.tracked?.evidence ?? [];
  if (!list.length) return html`<p>${t('track.evidence.none', lang)}</p>`;
  return html`<p>${t('track.evidence.heading', lang, { n: list.length })}</p><ul class="evidence">${list.map((e) => evidenceItem(e, lang))}</ul>`;
}

function change(ev: HistoryEvent, evidence: Map<string, Evidence>, lang: Lang): Safe {
  const st = (s: ObligationStatus | undefined) => (s ? statusLabel(s, lang) : '');
  switch (ev.action) {
    case 'derived':
      return html`${t('track.history.derived', lang, { to: st(ev.to) })}`;
    case 'status':
      return html`${st(ev.from)} → ${st(ev.to)}`;
    case 'evidence': {
      const e = ev.evidence ? evidence.get(ev.evidence) : undefined;
      return html`${t('track.history.evidence', lang)}${e ? html`: ${evidenceLabel(e.type, lang)}, ${e.title}` : ''}`;
    }
    case 'withdrawn':
      return html`${t('track.history.withdrawn', lang)}`;
    case 'restored':
      return html`${t('track.history.restored', lang)}`;
  }
}

function history(item: ObligationItem, lang: Lang): Safe {
  const events = item.tracked?.history ?? [];
  const evidence = new Map((item.tracked?.evidence ?? []).map((e) => [e.id, e]));
  const rows = events.map((ev) => {
    // Notes of withdrawn/restored/evidence events are the tracker's own (English) text, said in "change" instead.
    const details = [ev.reason ? html`<span>${t('track.history.reason', lang)} ${ev.reason}</span>` : '', ev.action === 'status' && ev.note ? html`<span>${t('track.history.note', lang)} ${ev.note}</span>` : ''].filter((x): x is Safe => x !== '');
    return html`<tr><td>${momentHtml(ev.at, lang)}</td><td>${ev.by}</td><td>${change(ev, evidence, lang)}</td><td>${details.map((d, i) => html`${i ? html`<br>` : ''}${d}`)}</td></tr>`;
  });
  const heads = [t('track.history.when', lang), t('track.history.who', lang), t('track.history.change', lang), t('track.history.details', lang)];
  return html`<details class="history"><summary>${t('track.history.summary', lang, { n: events.length })}</summary>
${events.length ? html`<table><caption>${t('track.history.caption', lang)}</caption><thead><tr>${heads.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>` : html`<p>${t('track.history.empty', lang)}</p>`}</details>`;
}

function obligationSection(page: TrackPage, item: ObligationItem): Safe {
  const { lang } = page;
  const id = anchor(item.id);
  const saved = page.saved?.obligation === item.id ? html`<p class="saved" role="status">${t(`track.saved.${page.saved.action}`, lang)}</p>` : '';
  const problem = page.failed?.obligation === item.id && page.failed.problem ? html`<p class="field-error" id="${id}-problem">${page.failed.problem}</p>` : '';
  const reason = item.state.status === 'not-applicable' && item.tracked?.reason ? html` · ${t('track.reason.shown', lang)} ${item.tracked.reason}` : '';
  return html`<section class="ob" id="${id}" aria-labelledby="${id}-h" tabindex="-1" data-obligation="${item.id}">
<h4 id="${id}-h">${obligationTitle(item, lang)}</h4>${saved}${problem}
<p>${raw(provisionLink(item.result.provisionIri, item.result.provision, item.result.eurLex, lang))} · ${t('track.col.due', lang)}: ${dueHtml(item, lang)} · ${t('track.col.status', lang)}: <strong>${statusLabel(item.state.status, lang)}</strong> · ${stateBadge(item.state.state, lang)}${reason}</p>
${statusForm(page, item)}
${evidenceList(item, lang)}
${evidenceForm(page, item)}
${history(item, lang)}
</section>`;
}

function overview(page: TrackPage, g: ObligationGroup): Safe {
  const { lang } = page;
  const org = page.orgName(g.organisation);
  const heads = [t('track.col.obligation', lang), t('track.col.provision', lang), t('track.col.due', lang), t('track.col.status', lang), t('track.col.state', lang), t('track.col.evidence', lang)];
  const rows = g.items.map(
    (item) => html`<tr data-obligation="${item.id}" data-status="${item.state.status}" data-state="${item.state.state}"><th scope="row"><a href="#${anchor(item.id)}">${obligationTitle(item, lang)}</a></th><td>${raw(provisionLink(item.result.provisionIri, item.result.provision, item.result.eurLex, lang))}</td><td>${dueHtml(item, lang)}</td><td>${statusLabel(item.state.status, lang)}</td><td>${stateBadge(item.state.state, lang)}</td><td class="num">${item.state.evidence}</td></tr>`,
  );
  return html`<table><caption>${t('track.caption', lang, { organisation: org.text, role: roleLabel(g.role, lang) })}</caption><thead><tr>${heads.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

function groups(page: TrackPage): Safe {
  const { lang } = page;
  const byOrg = new Map<string, ObligationGroup[]>();
  for (const g of page.obligations.groups) byOrg.set(g.organisation, [...(byOrg.get(g.organisation) ?? []), g]);
  let n = 0;
  return html`${[...byOrg].map(([org, gs]) => {
    const oid = `org-${++n}`;
    return html`<section aria-labelledby="${oid}"><h2 id="${oid}">${textIn(page.orgName(org), lang)}</h2>
${gs.map((g, i) => {
  const rid = `${oid}-role-${i + 1}`;
  return html`<section aria-labelledby="${rid}" data-role="${g.role}"><h3 id="${rid}">${t('track.role.heading', lang, { role: roleLabel(g.role, lang), n: g.items.length })}</h3>
${overview(page, g)}
${g.items.map((item) => obligationSection(page, item))}</section>`;
})}</section>`;
  })}`;
}

function summary(page: TrackPage): Safe {
  const f = page.failed;
  if (!f) return html``;
  const { lang } = page;
  const items: Safe[] = f.problem ? [html`<li><a href="#${anchor(f.obligation)}-problem">${f.problem}</a></li>`] : [];
  for (const [name, err] of f.errors) items.push(html`<li><a href="#${fieldId(f.obligation, name)}">${t(err.key, lang, err.params)}</a></li>`);
  return html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${t('form.error.summary', lang)}</h2><p>${t('track.error.notSaved', lang)}</p><ul>${items}</ul></div>`;
}

function tally(page: TrackPage): Safe {
  const { lang } = page;
  const counts = new Map<string, number>();
  for (const g of page.obligations.groups) for (const i of g.items) counts.set(i.state.state, (counts.get(i.state.state) ?? 0) + 1);
  const states = ['overdue', 'due', 'unclear', 'met', 'not-applicable'].filter((s) => counts.has(s));
  return html`<p>${t('track.count', lang, { n: page.obligations.count })}</p>${states.length ? html`<ul class="tally">${states.map((s) => html`<li>${stateBadge(s, lang)} ${counts.get(s) ?? 0}</li>`)}</ul>` : ''}`;
}

export function pageTitle(page: Pick<TrackPage, 'lang' | 'systemName'>): string {
  return t('track.title', page.lang, { name: page.systemName.text });
}

/** The whole tracking page of one system. */
export function renderTrackPage(page: TrackPage): string {
  const { lang, obligations } = page;
  const cal = obligations.calendar;
  const other = cal === 'amended' ? 'adopted' : 'amended';
  const session = html`<div class="session"><span>${t('form.session.as', lang, { user: page.user })}</span><form method="post" action="/register/logout"><input type="hidden" name="csrf" value="${page.csrf}"><button type="submit" class="secondary">${t('form.logout', lang)}</button></form></div>`;
  const body = html`${session}<h1>${t('track.heading', lang)} <span class="muted">–</span> ${textIn(page.systemName, lang)}</h1>
${summary(page)}
<p>${t('track.intro', lang)}</p>
<p><a href="${page.paths.system}">${t('track.link.system', lang)}</a> · <a href="${page.paths.edit}">${t('track.link.edit', lang)}</a> · <a href="/systems/${encodeURIComponent(page.systemId)}/compliance?calendar=${cal}">${t('track.link.json', lang)}</a></p>
<p>${t(`calendar.${cal}.explain`, lang)} ${t('track.at', lang)} ${raw(dateHtml(obligations.at, lang))}. <a href="${page.paths.other}">${t(`calendar.switch.${other}`, lang)}</a></p>
${tally(page)}
${obligations.count ? groups(page) : html`<p>${t('track.none', lang)}</p>`}`;
  // Keyboard and screen-reader users land on the error summary (role="alert" also announces it).
  const focus = page.failed ? `<script>addEventListener('DOMContentLoaded',function(){var s=document.getElementById('error-summary');if(s)s.focus();});</script>` : '';
  const title = `${page.failed ? `${t('form.error.titlePrefix', lang)} ` : ''}${pageTitle(page)}`;
  return layout({ lang, title, body: body.value, url: page.url, head: `<style>${CSS}</style>${focus}` });
}
