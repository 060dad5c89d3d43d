// HTML of the form, the login page and the form's error pages. Every control has a <label>;
// groups are fieldsets with a legend; a field's messages sit in elements its control names in
// aria-describedby (errors: class "field-error", id "{field id}-error").
import { html, raw, type Safe } from '../pages/html.js';
import { definition, label, t, type Lang } from '../pages/i18n.js';
import { layout } from '../pages/layout.js';
import { AR, RDFS_LABEL, SKOS_DEFINITION, SKOS_SCOPE_NOTE, languageOf, question, scopeNote, type Field, type FormModel, type Section } from './fields.js';
import type { FieldMessage, Placed } from './messages.js';
import { NEW_ORG, type FormValues, type OrgRow } from './values.js';

export interface OrganisationOption {
  iri: string;
  label: string;
}

export interface FormPage {
  lang: Lang;
  url: URL;
  mode: 'new' | 'edit';
  values: FormValues;
  placed: Placed;
  organisations: OrganisationOption[];
  otherLanguages: Map<string, { lang: string; value: string }[]>;
  csrf: string;
  user: string;
  /** Where the form posts to (its own path, with ?lang= if the page has it). */
  action: string;
  /** The system's page, for an existing system. */
  systemPage?: string;
  systemName?: string;
  /** Set when the form was re-shown after a submission. */
  submitted: boolean;
}

// Form-specific styles on top of the shared page CSS; colours meet 4.5:1 on white.
export const CSS = `
.field{margin:0 0 1.25rem}
.field>label,.field legend{display:block;font-weight:600}
.field.inline>label{display:inline;font-weight:600}
details.new-org{margin:0 0 1rem;padding:.25rem .5rem;border-left:3px solid var(--line)}
details.new-org summary{font-weight:600}
fieldset{border:1px solid var(--line);border-radius:4px;margin:0 0 1.25rem;padding:.5rem 1rem 1rem}
fieldset fieldset{margin-top:.75rem}
legend{font-weight:600;padding:0 .25rem;max-width:100%}
.help{color:var(--muted);margin:.15rem 0 .4rem;font-size:.95rem}
.def{display:block;color:var(--muted);font-size:.9rem;margin-left:1.9rem}
ul.choices{list-style:none;margin:0;padding:0}
ul.choices li{margin:.3rem 0}
ul.choices input,.inline input{width:1.2rem;height:1.2rem;vertical-align:-.2rem;margin-right:.5rem}
ul.choices label,.inline label{font-weight:400}
.radios{display:flex;gap:1.5rem;flex-wrap:wrap}
input[type=text],input[type=email],input[type=date],textarea,select{width:100%;max-width:40rem}
textarea{font:inherit;padding:.3rem .4rem;border:1px solid #595959;border-radius:3px;min-height:5rem}
[aria-invalid=true]{border:2px solid #8b0000}
.field-error{color:#8b0000;font-weight:700;margin:.2rem 0 .4rem;border-left:4px solid #8b0000;padding-left:.5rem}
.field-todo{color:#7a3300;margin:.2rem 0 .4rem;border-left:4px solid #b35c00;padding-left:.5rem}
.field-info{color:var(--muted);margin:.2rem 0 .4rem}
.has-error{border-left:4px solid #8b0000;padding-left:.75rem}
.error-summary{border:4px solid #8b0000;padding:.75rem 1rem;margin:1rem 0}
.error-summary h2{margin-top:0}
.todo-summary{border:3px solid #b35c00;padding:.75rem 1rem;margin:1rem 0}
.other-langs{color:var(--muted);font-size:.9rem}
.session{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;justify-content:flex-end}
.session form{margin:0}
button.secondary{background:#fff;color:var(--accent)}
.actions{margin:2rem 0}
.actions button{font-size:1.1rem;padding:.5rem 1.5rem}
`;

const SECTIONS: Section[] = ['description', 'aiact', 'gdpr'];

/** A text in the page, marked with its own language when the ontology had none in the page's (WCAG 3.1.2). */
function inLang(text: string, textLang: string | undefined, lang: Lang): Safe {
  return textLang && textLang !== lang ? html`<span lang="${textLang}">${text}</span>` : html`${text}`;
}

/** An ontology text of `iri` (label or definition), with its language marked. */
function ontologyText(iri: string, property: string, text: string, lang: Lang): Safe {
  return inLang(text, languageOf(iri, property, text), lang);
}

function messageText(m: FieldMessage, lang: Lang): Safe {
  return inLang(m.text, m.lang, lang);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The visible name of a field: a question (for determinants), else the property's label. */
function fieldTitle(field: Field, lang: Lang): string {
  if (field.name === 'label-en') return t('form.field.name-en', lang);
  if (field.name === 'label-nl') return t('form.field.name-nl', lang);
  if (field.kind !== 'text') {
    const q = question(field.property, lang);
    if (q) return q;
  }
  return capitalise(field.property === RDFS_LABEL ? t('form.field.name', lang) : label(field.property, lang) === field.name ? t(`form.field.${field.name}`, lang) : label(field.property, lang));
}

/** The field's title with its language marked (a label may fall back to English). */
function fieldTitleHtml(field: Field, lang: Lang): Safe {
  const title = fieldTitle(field, lang);
  if (field.kind !== 'text' && question(field.property, lang) === title) return html`${title}`;
  return inLang(title, languageOf(field.property, RDFS_LABEL, title.charAt(0).toLowerCase() + title.slice(1)) ?? languageOf(field.property, RDFS_LABEL, title), lang);
}

/** Help text: the property's definition, plus its scope note (e.g. "answer 'none' if none applies"). */
function fieldHelp(field: Field, lang: Lang): Safe | undefined {
  if (field.name === 'label-en' || field.name === 'label-nl') return html`${t('form.help.name', lang)}`;
  const parts: Safe[] = [];
  // A determinant without a question in this language shows the English question as help.
  if (field.kind !== 'text' && !question(field.property, lang)) {
    const en = question(field.property, 'en');
    if (en) parts.push(inLang(en, 'en', lang));
  }
  const d = definition(field.property, lang);
  if (d) parts.push(ontologyText(field.property, SKOS_DEFINITION, d, lang));
  const note = scopeNote(field.property, lang) ?? scopeNote(field.property, 'en');
  if (note) parts.push(ontologyText(field.property, SKOS_SCOPE_NOTE, note, lang));
  return parts.length ? html`${parts.map((p, i) => html`${i ? ' ' : ''}${p}`)}` : undefined;
}

interface Rendered {
  id: string;
  name: string;
  messages: FieldMessage[];
}

function messageBlocks(r: Rendered, lang: Lang): { html: Safe; ids: string[] } {
  const ids: string[] = [];
  const blocks: Safe[] = [];
  const errors = r.messages.filter((m) => m.level === 'error');
  const todos = r.messages.filter((m) => m.level === 'todo');
  const infos = r.messages.filter((m) => m.level === 'info');
  if (errors.length) {
    ids.push(`${r.id}-error`);
    blocks.push(html`<p class="field-error" id="${r.id}-error"><span class="visually-prefix">${t('form.error.prefix', lang)}</span> ${errors.map((m, i) => html`${i ? ' ' : ''}${messageText(m, lang)}`)}</p>`);
  }
  if (todos.length) {
    ids.push(`${r.id}-todo`);
    blocks.push(html`<p class="field-todo" id="${r.id}-todo">${t('form.todo.field', lang)}</p>`);
  }
  if (infos.length) {
    ids.push(`${r.id}-info`);
    blocks.push(html`<p class="field-info" id="${r.id}-info">${infos.map((m, i) => html`${i ? ' ' : ''}${messageText(m, lang)}`)}</p>`);
  }
  return { html: html`${blocks}`, ids };
}

function describedBy(ids: string[]): Safe {
  return ids.length ? html` aria-describedby="${ids.join(' ')}"` : html``;
}

/** One field: `id` is the control's (or the fieldset's) id, `name` the control name. */
function renderField(field: Field, id: string, name: string, values: string[], messages: FieldMessage[], lang: Lang, extraHelp?: Safe): Safe {
  const title = fieldTitleHtml(field, lang);
  const help = fieldHelp(field, lang);
  const helpId = `${id}-help`;
  const msg = messageBlocks({ id, name, messages }, lang);
  const invalid = messages.some((m) => m.level === 'error');
  const ids = [...msg.ids, ...(help ? [helpId] : [])];
  const helpHtml = help ? html`<p class="help" id="${helpId}">${help}</p>` : html``;
  const cls = invalid ? ' has-error' : '';
  switch (field.kind) {
    case 'text': {
      const control = field.multiline
        ? html`<textarea id="${id}" name="${name}" rows="4"${describedBy(ids)}${invalid ? raw(' aria-invalid="true"') : ''}>${values[0] ?? ''}</textarea>`
        : html`<input type="text" id="${id}" name="${name}" value="${values[0] ?? ''}"${field.name.startsWith('label-') ? raw(' maxlength="200"') : ''}${field.name === 'contactEmail' ? raw(' autocomplete="email"') : ''}${describedBy(ids)}${invalid ? raw(' aria-invalid="true"') : ''}>`;
      return html`<div class="field${cls}"><label for="${id}">${title}</label>${helpHtml}${msg.html}${control}${extraHelp ?? ''}</div>`;
    }
    case 'date':
      return html`<div class="field${cls}"><label for="${id}">${title}</label>${helpHtml}${msg.html}<input type="date" id="${id}" name="${name}" value="${values[0] ?? ''}"${describedBy(ids)}${invalid ? raw(' aria-invalid="true"') : ''}></div>`;
    case 'boolean': {
      const v = values[0] ?? '';
      const options: [string, string][] = [['true', t('form.yes', lang)], ['false', t('form.no', lang)], ['', t('form.unknown', lang)]];
      const radios = options.map(
        ([value, text], i) => html`<span class="inline"><input type="radio" id="${id}-${i}" name="${name}" value="${value}"${v === value ? raw(' checked') : ''}${invalid ? raw(' aria-invalid="true"') : ''}><label for="${id}-${i}">${text}</label></span>`,
      );
      return html`<fieldset id="${id}" tabindex="-1"${invalid ? raw(' class="has-error"') : ''}${describedBy(ids)}><legend>${title}</legend>${helpHtml}${msg.html}<div class="radios">${radios}</div></fieldset>`;
    }
    case 'concepts': {
      const chosen = new Set(values);
      const items = field.choices.map((c, i) => {
        const def = definition(c.iri, lang);
        const cid = `${id}-${i}`;
        const name_ = label(c.iri, lang);
        return html`<li${c.depth ? raw(` style="margin-left:${c.depth * 1.75}rem"`) : ''}><input type="checkbox" id="${cid}" name="${name}" value="${c.iri}"${chosen.has(c.iri) ? raw(' checked') : ''}${def ? raw(` aria-describedby="${cid}-def"`) : ''}${invalid ? raw(' aria-invalid="true"') : ''}><label for="${cid}">${ontologyText(c.iri, RDFS_LABEL, name_, lang)}</label>${def ? html`<span class="def" id="${cid}-def">${ontologyText(c.iri, SKOS_DEFINITION, def, lang)}</span>` : ''}</li>`;
      });
      return html`<fieldset id="${id}" tabindex="-1"${invalid ? raw(' class="has-error"') : ''}${describedBy(ids)}><legend>${title}</legend>${helpHtml}${msg.html}<ul class="choices">${items}</ul></fieldset>`;
    }
  }
}

function otherLanguagesNote(list: { lang: string; value: string }[] | undefined, lang: Lang): Safe | undefined {
  if (!list?.length) return undefined;
  return html`<div class="other-langs"><p>${t('form.otherLanguages', lang)}</p><ul>${list.map((o) => html`<li${o.lang ? html` lang="${o.lang}"` : ''}>${o.lang ? html`[${o.lang}] ` : ''}${o.value}</li>`)}</ul></div>`;
}

function orgRow(row: OrgRow, i: number, model: FormModel, page: FormPage): Safe {
  const { lang, placed } = page;
  const id = `field-org-${i}`;
  const m = (suffix: string) => placed.byField.get(suffix ? `${id}-${suffix}` : id) ?? [];
  const agent = messageBlocks({ id: `${id}-agent`, name: '', messages: m('agent') }, lang);
  const rowMsg = messageBlocks({ id, name: '', messages: m('') }, lang);
  const agentInvalid = m('agent').some((x) => x.level === 'error');
  const options = page.organisations.map((o) => html`<option value="${o.iri}"${row.agent === o.iri ? raw(' selected') : ''}>${o.label}</option>`);
  const isNew = row.agent === NEW_ORG || (row.agent === '' && row.newName !== '');
  const name = messageBlocks({ id: `${id}-name`, name: '', messages: m('name') }, lang);
  const nameInvalid = m('name').some((x) => x.level === 'error');
  const newOrgFields = model.organisation.map((f) => renderField(f, `${id}-${f.name}`, `org-${i}-${f.name}`, row.newFields.get(f.name) ?? [], m(f.name), lang));
  const newOrgOpen = isNew || model.organisation.some((f) => m(f.name).length > 0) || m('name').length > 0;
  const responsible = `${AR}responsibleOrganisation`;
  const responsibleLabel = label(responsible, lang);
  const responsibleDef = definition(responsible, lang);
  // The new-organisation fields are folded away (native <details>, no script) unless in use.
  return html`<fieldset id="${id}" tabindex="-1" class="org"${describedBy(rowMsg.ids)}><legend>${t('form.org.row', lang, { n: i + 1 })}</legend>${rowMsg.html}
<input type="hidden" name="org-${i}-node" value="${row.node}">
<div class="field"><label for="${id}-agent">${t('form.org.agent', lang)}</label>${agent.html}
<select id="${id}-agent" name="org-${i}-agent"${describedBy(agent.ids)}${agentInvalid ? raw(' aria-invalid="true"') : ''}><option value="">${t('form.org.none', lang)}</option><option value="${NEW_ORG}"${isNew ? raw(' selected') : ''}>${t('form.org.new', lang)}</option>${options}</select></div>
<details class="new-org"${newOrgOpen ? raw(' open') : ''}><summary>${t('form.org.newLegend', lang)}</summary><p class="help">${t('form.org.newHelp', lang)}</p>
<div class="field"><label for="${id}-name">${t('form.org.name', lang)}</label>${name.html}<input type="text" id="${id}-name" name="org-${i}-name" value="${row.newName}"${describedBy(name.ids)}${nameInvalid ? raw(' aria-invalid="true"') : ''}></div>
${newOrgFields}</details>
<div class="field inline"><input type="checkbox" id="${id}-responsible" name="org-${i}-responsible" value="yes"${row.responsible ? raw(' checked') : ''}${responsibleDef ? raw(` aria-describedby="${id}-responsible-help"`) : ''}><label for="${id}-responsible">${responsibleLabel === 'responsibleOrganisation' ? t('form.org.responsible', lang) : ontologyText(responsible, RDFS_LABEL, responsibleLabel, lang)}</label>${responsibleDef ? html`<span class="def" id="${id}-responsible-help">${ontologyText(responsible, SKOS_DEFINITION, responsibleDef, lang)}</span>` : ''}</div>
${renderField(model.valueChain, `${id}-facts`, `org-${i}-facts`, row.facts, m('facts'), lang)}
</fieldset>`;
}

function summaries(page: FormPage, model: FormModel): Safe {
  const { lang, placed } = page;
  type Item = { href: string | undefined; text: Safe };
  const errors: Item[] = placed.unplaced.filter((u) => u.level === 'error').map((u) => ({ href: undefined, text: messageText(u, lang) }));
  const todos: Item[] = placed.unplaced.filter((u) => u.level === 'todo').map((u) => ({ href: undefined, text: messageText(u, lang) }));
  for (const [field, list] of placed.byField) {
    for (const m of list) {
      if (m.level === 'error') errors.push({ href: `#${field}`, text: messageText(m, lang) });
      // A field's open question is its legend: the summary names it by that.
      if (m.level === 'todo') {
        const f = model.byName.get(field.replace(/^field-/, ''));
        todos.push({ href: `#${field}`, text: f ? fieldTitleHtml(f, lang) : messageText(m, lang) });
      }
    }
  }
  const list = (items: typeof errors) => html`<ul>${items.map((e) => html`<li>${e.href ? html`<a href="${e.href}">${e.text}</a>` : e.text}</li>`)}</ul>`;
  const errorBox = errors.length ? html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${t('form.error.summary', lang)}</h2><p>${t('form.error.notSaved', lang)}</p>${list(errors)}</div>` : html``;
  const todoBox = todos.length ? html`<div class="todo-summary" id="todo-summary" aria-labelledby="todo-summary-title"><h2 id="todo-summary-title">${t('form.todo.summary', lang, { n: todos.length })}</h2><p>${t('form.todo.explain', lang)}</p><details><summary>${t('form.todo.show', lang)}</summary>${list(todos)}</details></div>` : html``;
  return html`${errorBox}${todoBox}`;
}

function sessionBar(page: FormPage): Safe {
  const { lang } = page;
  return html`<div class="session"><span>${t('form.session.as', lang, { user: page.user })}</span><form method="post" action="/register/logout"><input type="hidden" name="csrf" value="${page.csrf}"><button type="submit" class="secondary">${t('form.logout', lang)}</button></form></div>`;
}

export function formTitle(page: Pick<FormPage, 'mode' | 'lang' | 'systemName' | 'values'>): string {
  return page.mode === 'new' ? t('form.title.new', page.lang) : t('form.title.edit', page.lang, { name: page.systemName ?? page.values.id });
}

/** The whole add/edit page. */
export function renderForm(model: FormModel, page: FormPage): string {
  const { lang, values, placed } = page;
  const hasErrors = [...placed.byField.values(), placed.unplaced].some((l) => l.some((m) => m.level === 'error'));
  const fieldHtml = (f: Field) => {
    const id = `field-${f.name}`;
    return renderField(f, id, f.name, values.fields.get(f.name) ?? [], placed.byField.get(id) ?? [], lang, f.kind === 'text' ? otherLanguagesNote(page.otherLanguages.get(f.name), lang) : undefined);
  };
  const idMessages = placed.byField.get('field-id') ?? [];
  const idMsg = messageBlocks({ id: 'field-id', name: 'id', messages: idMessages }, lang);
  const idInvalid = idMessages.some((m) => m.level === 'error');
  const idField =
    page.mode === 'new'
      ? html`<div class="field${idInvalid ? ' has-error' : ''}"><label for="field-id">${t('form.field.id', lang)}</label><p class="help" id="field-id-help">${t('form.help.id', lang)}</p>${idMsg.html}<input type="text" id="field-id" name="id" value="${values.id}" required maxlength="128" autocapitalize="none" spellcheck="false" aria-describedby="${[...idMsg.ids, 'field-id-help'].join(' ')}"${idInvalid ? raw(' aria-invalid="true"') : ''}></div>`
      : html`<p>${t('form.field.id', lang)}: <code>${values.id}</code>${page.systemPage ? html` · <a href="${page.systemPage}">${t('form.viewSystem', lang)}</a>` : ''}</p>${idMsg.html}`;
  const sections = SECTIONS.map((s) => {
    const fields = model.system.filter((f) => f.section === s);
    const heading = html`<h2 id="section-${s}">${t(`form.section.${s}`, lang)}</h2>`;
    if (s !== 'description') return html`<section aria-labelledby="section-${s}">${heading}<p>${t(`form.section.${s}.intro`, lang)}</p>${fields.map(fieldHtml)}</section>`;
    return html`<section aria-labelledby="section-${s}">${heading}${idField}${fields.map(fieldHtml)}</section>`;
  });
  const orgMessages = messageBlocks({ id: 'field-organisations', name: '', messages: placed.byField.get('field-organisations') ?? [] }, lang);
  const orgs = html`<section aria-labelledby="section-organisation"><h2 id="section-organisation">${t('form.section.organisation', lang)}</h2>
<div id="field-organisations" tabindex="-1"${describedBy(orgMessages.ids)}><p>${t('form.section.organisation.intro', lang)}</p>${orgMessages.html}
<input type="hidden" name="orgs" value="${values.orgs.length}">${values.orgs.map((r, i) => orgRow(r, i, model, page))}</div></section>`;
  const body = html`${sessionBar(page)}<h1>${formTitle(page)}</h1>
<p>${t('form.intro', lang)}</p>
${summaries(page, model)}
<form method="post" action="${page.action}" novalidate>
<input type="hidden" name="csrf" value="${page.csrf}"><input type="hidden" name="version" value="${values.version}">
${sections[0]}${orgs}${sections.slice(1)}
<div class="actions"><button type="submit">${t('form.save', lang)}</button></div>
</form>`;
  // Focus the error summary so keyboard and screen-reader users land on it (role="alert" also announces it).
  const focusScript = hasErrors ? `<script>addEventListener('DOMContentLoaded',function(){var s=document.getElementById('error-summary');if(s)s.focus();});</script>` : '';
  const title = `${hasErrors ? `${t('form.error.titlePrefix', lang)} ` : ''}${formTitle(page)}`;
  return layout({ lang, title, body: body.value, url: page.url, head: `<style>${CSS}</style>${focusScript}` });
}

export interface LoginPage {
  lang: Lang;
  url: URL;
  returnPath: string;
  error?: string;
  user?: string;
}

export function renderLogin(p: LoginPage): string {
  const { lang } = p;
  const err = p.error ? html`<p class="field-error" id="field-token-error"><span>${t('form.error.prefix', lang)}</span> ${p.error}</p>` : html``;
  const summary = p.error ? html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1"><h2>${t('form.error.summary', lang)}</h2><ul><li><a href="#field-token">${p.error}</a></li></ul></div>` : html``;
  const body = html`<h1>${t('form.login.title', lang)}</h1>${summary}
${p.user ? html`<p>${t('form.session.as', lang, { user: p.user })}</p>` : ''}
<p>${t('form.login.intro', lang)}</p>
<form method="post" action="/register/login${p.url.searchParams.get('lang') ? `?lang=${encodeURIComponent(p.url.searchParams.get('lang') ?? '')}` : ''}">
<input type="hidden" name="return" value="${p.returnPath}">
<div class="field${p.error ? ' has-error' : ''}"><label for="field-token">${t('form.login.token', lang)}</label><p class="help" id="field-token-help">${t('form.login.help', lang)}</p>${err}
<input type="password" id="field-token" name="token" autocomplete="current-password" required aria-describedby="${p.error ? 'field-token-error ' : ''}field-token-help"${p.error ? raw(' aria-invalid="true"') : ''}></div>
<div class="actions"><button type="submit">${t('form.login.submit', lang)}</button></div>
</form>`;
  return layout({ lang, title: `${p.error ? `${t('form.error.titlePrefix', lang)} ` : ''}${t('form.login.title', lang)}`, body: body.value, url: p.url, head: `<style>${CSS}</style>` });
}

/** A short page for refusals and request errors (403, 404, 409, 413, ...). */
export function renderMessage(lang: Lang, url: URL, title: string, text: string, link?: { href: string; text: string }): string {
  const body = html`<h1>${title}</h1><p>${text}</p>${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : ''}`;
  return layout({ lang, title, body: body.value, url, head: `<style>${CSS}</style>` });
}

/** GET /register/logout: a button, since logging out changes state and so is a POST. */
export function renderLogout(lang: Lang, url: URL, user: string, csrf: string): string {
  const body = html`<h1>${t('form.logout', lang)}</h1><p>${t('form.session.as', lang, { user })}</p><form method="post" action="/register/logout"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">${t('form.logout', lang)}</button></form>`;
  return layout({ lang, title: t('form.logout', lang), body: body.value, url, head: `<style>${CSS}</style>` });
}
