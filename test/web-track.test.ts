// The obligation-tracking form (issue #8 item 3): sign-in, the system's obligations as the JSON
// API gives them, status and evidence changes through the tracker (history names the user), field
// errors next to their fields, CSRF, Dutch labels and escaping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/serve/server.js';
import { TOKEN, TOKEN_BOB } from './helpers/server.js';
import { FORM, csrfOf, signIn, startWebServer } from './helpers/web-session.js';

const SYSTEM = 'rotterdam-bijzondere-bijstand';
const OTHER = 'amsterdam-parkeervergunning';
const PAGE = `/register/track/${SYSTEM}`;

interface Obligation { obligation: string; obligationId: string; organisation: string; role: string; dueOn: string | null; status: string; state: string; reason: string | null; evidence: { type: string; title: string; url: string; date: string | null; addedBy: string }[] }
interface View { obligations: Obligation[] }
interface History { history: { by: string; action: string; from?: string; to?: string; reason?: string; note?: string }[] }

let server: RunningServer;
let base: string;
beforeAll(async () => {
  server = await startWebServer();
  base = server.url.replace(/\/$/, '');
});
afterAll(async () => {
  await server?.close();
});

const session = (token = TOKEN) => signIn(base, PAGE, token);

async function page(path: string, cookie: string): Promise<{ status: number; html: string; location: string | null }> {
  const r = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
}


function post(path: string, cookie: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { ...FORM, cookie, ...headers }, body: new URLSearchParams(body), redirect: 'manual' });
}

async function view(id = SYSTEM, query = ''): Promise<View> {
  const r = await fetch(`${base}/systems/${id}/compliance${query}`);
  expect(r.status).toBe(200);
  return (await r.json()) as View;
}
const obligation = async (oid: string) => (await view()).obligations.find((o) => o.obligationId === oid)!;
const history = async (oid: string) => (await (await fetch(`${base}/systems/${SYSTEM}/obligations/${oid}/history`)).json()) as History;

function element(html: string, id: string): string | undefined {
  return new RegExp(`<(\\w+)[^>]*\\sid="${id}"[^>]*>[\\s\\S]*?</\\1>`).exec(html)?.[0];
}
function startTag(html: string, id: string): string | undefined {
  return new RegExp(`<\\w+[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0];
}
/** One obligation's part of the page (its <section id="ob-…">). */
function section(html: string, oid: string): string {
  const start = html.indexOf(`<section class="ob" id="ob-${oid}"`);
  expect(start, oid).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}
const describedBy = (tag: string | undefined) => /aria-describedby="([^"]*)"/.exec(tag ?? '')?.[1].split(' ') ?? [];

/** A distinct obligation of the system per test, so that the tests do not depend on each other's changes. */
let ids: string[] = [];
beforeAll(async () => {
  ids = (await view()).obligations.map((o) => o.obligationId);
  expect(ids.length).toBeGreaterThanOrEqual(8);
});

describe('access', () => {
  it('redirects to the login page without a session, and the login returns to the tracking page', async () => {
    for (const [path, location] of [
      [PAGE, `/register/login?return=${encodeURIComponent(PAGE)}`],
      [`${PAGE}?lang=nl&calendar=adopted`, `/register/login?lang=nl&return=${encodeURIComponent(`${PAGE}?lang=nl&calendar=adopted`)}`],
    ]) {
      const r = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect(r.status, path).toBe(303);
      expect(r.headers.get('location')).toBe(location);
    }
    expect((await page(PAGE, 'algoreg_session=forged')).status).toBe(303);
    const login = await fetch(`${base}/register/login`, { method: 'POST', headers: FORM, body: new URLSearchParams({ token: TOKEN, return: PAGE }), redirect: 'manual' });
    expect(login.headers.get('location')).toBe(PAGE);
    const { status, html } = await page(PAGE, (login.headers.get('set-cookie') ?? '').split(';')[0]);
    expect(status).toBe(200);
    expect(html).toContain('Signed in as alice');
  });

  it('answers 404 for an unknown system or obligation', async () => {
    const cookie = await session();
    expect((await page('/register/track/no-such-system', cookie)).status).toBe(404);
    expect((await page('/register/track/bad%20id!', cookie)).status).toBe(404);
    const csrf = csrfOf((await page(PAGE, cookie)).html);
    expect((await post(`${PAGE}/0000000000000000`, cookie, { csrf, kind: 'status', status: 'met' })).status).toBe(404);
  });
});

describe('the page', () => {
  it('lists exactly the system’s current obligations, with status, state, due date and evidence as the JSON API gives them', async () => {
    const cookie = await session();
    for (const calendar of ['amended', 'adopted']) {
      const { status, html } = await page(`${PAGE}${calendar === 'adopted' ? '?calendar=adopted' : ''}`, cookie);
      expect(status).toBe(200);
      const api = (await view(SYSTEM, `?calendar=${calendar}`)).obligations;
      const rows = [...html.matchAll(/<tr data-obligation="([^"]+)" data-status="([^"]+)" data-state="([^"]+)">([\s\S]*?)<\/tr>/g)];
      expect(rows.map((r) => r[1]).sort()).toEqual(api.map((o) => o.obligationId).sort());
      for (const [, oid, st, state, cells] of rows) {
        const o = api.find((x) => x.obligationId === oid)!;
        expect([st, state]).toEqual([o.status, o.state]);
        if (o.dueOn) expect(cells, oid).toContain(`<time datetime="${o.dueOn}">`);
        expect(cells).toMatch(new RegExp(`<td class="num">${o.evidence.length}</td>$`));
        expect(html).toContain(`<section class="ob" id="ob-${oid}"`);
      }
    }
    // Not another system's.
    const others = (await view(OTHER)).obligations.map((o) => o.obligationId);
    const { html } = await page(PAGE, cookie);
    for (const oid of others) expect(html).not.toContain(`data-obligation="${oid}"`);
  });

  it('groups by organisation and role in tables with a caption and header cells; every control is labelled', async () => {
    const cookie = await session();
    const { html } = await page(PAGE, cookie);
    const api = (await view()).obligations;
    expect(html.match(/<table><caption>Obligations of /g)?.length).toBe(new Set(api.map((o) => `${o.organisation} ${o.role}`)).size);
    expect(html).toContain('<th scope="col">Applies from</th>');
    expect(html).toMatch(/<th scope="row"><a href="#ob-/);
    const controls = [...html.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => m[0]).filter((c) => !c.includes('type="hidden"'));
    expect(controls.length).toBe(api.length * 7);
    for (const c of controls) {
      const id = /\sid="([^"]+)"/.exec(c)?.[1];
      expect(id, c).toBeTruthy();
      expect(html, c).toContain(`<label for="${id}">`);
    }
    expect(html.match(/<fieldset><legend>/g)?.length).toBe(api.length * 2);
    expect(html.match(/<details class="history"><summary>History \(1\)/g)?.length).toBeGreaterThan(0);
  });

  it('shows Dutch status, state and evidence-type labels with ?lang=nl', async () => {
    const cookie = await session();
    const { html } = await page(`${PAGE}?lang=nl`, cookie);
    expect(html).toContain('<html lang="nl"');
    expect(html).toContain('<h1>Verplichtingen bijhouden');
    for (const text of ['>Open</option>', '>In behandeling</option>', '>Voldaan</option>', '>Niet van toepassing</option>', '>Verwerkersovereenkomst</option>', '<legend>Status wijzigen</legend>']) expect(html).toContain(text);
    expect(html).not.toContain('>In progress</option>');
    expect(html).not.toContain('>Not applicable</option>');
    expect(html).toContain(`action="/register/track/${SYSTEM}/${ids[0]}?lang=nl"`);
  });
});

describe('changing a status', () => {
  it('sets the status through the tracker, redirects to the obligation with a confirmation, and the history names the user', async () => {
    const oid = ids[0];
    const cookie = await session();
    const csrf = csrfOf((await page(PAGE, cookie)).html);
    const r = await post(`${PAGE}/${oid}`, cookie, { csrf, kind: 'status', status: 'in-progress', reason: '', note: 'Started the FRIA' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${PAGE}?saved=status&ob=${oid}#ob-${oid}`);
    expect((await obligation(oid)).status).toBe('in-progress');
    expect((await history(oid)).history.at(-1)).toMatchObject({ action: 'status', by: 'alice', from: 'open', to: 'in-progress', note: 'Started the FRIA' });

    const after = await page(r.headers.get('location')!.split('#')[0], cookie);
    const part = section(after.html, oid);
    expect(part).toContain('<p class="saved" role="status">The status was saved.</p>');
    expect(startTag(after.html, `t-${oid}-status`)).toBeTruthy();
    expect(part).toMatch(/<option value="in-progress" selected>/);
    expect(part).toMatch(/<td>alice<\/td><td>Open → In progress<\/td><td><span>Note: Started the FRIA<\/span><\/td>/);

    // Another user: the history names bob.
    const bob = await session(TOKEN_BOB);
    const bobCsrf = csrfOf((await page(PAGE, bob)).html);
    expect((await post(`${PAGE}/${oid}`, bob, { csrf: bobCsrf, kind: 'status', status: 'not-applicable', reason: 'We only deploy the system' })).status).toBe(303);
    expect(await obligation(oid)).toMatchObject({ status: 'not-applicable', state: 'not-applicable', reason: 'We only deploy the system' });
    expect((await history(oid)).history.at(-1)).toMatchObject({ by: 'bob', from: 'in-progress', to: 'not-applicable', reason: 'We only deploy the system' });
  });

  it('refuses not-applicable without a reason: 422, the message next to the reason field, nothing changed', async () => {
    const oid = ids[1];
    const cookie = await session();
    const csrf = csrfOf((await page(PAGE, cookie)).html);
    const before = await history(oid);
    const r = await post(`${PAGE}/${oid}`, cookie, { csrf, kind: 'status', status: 'not-applicable', reason: '   ', note: 'kept note' });
    expect(r.status).toBe(422);
    const html = await r.text();
    const reason = startTag(html, `t-${oid}-reason`)!;
    expect(reason).toContain('aria-invalid="true"');
    expect(describedBy(reason)).toContain(`t-${oid}-reason-error`);
    expect(element(html, `t-${oid}-reason-error`)).toMatch(/class="field-error"[\s\S]*Give a reason why the obligation does not apply/);
    const summary = element(html, 'error-summary') ?? /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    expect(html).toMatch(/<div class="error-summary" id="error-summary" role="alert"/);
    expect(summary).toContain(`href="#t-${oid}-reason"`);
    expect(html).toMatch(/<title>Error:/);
    // What was typed is kept; only this obligation's form is marked.
    expect(element(html, `t-${oid}-note`)).toContain('>kept note</textarea>');
    expect(section(html, oid)).toMatch(/<option value="not-applicable" selected>/);
    expect(html.match(/aria-invalid="true"/g)).toHaveLength(1);
    expect((await obligation(oid)).status).toBe('open');
    expect((await history(oid)).history).toEqual(before.history);
  });

  it('refuses a POST without a session, without or with a wrong CSRF token, or from another site: 403, nothing changed', async () => {
    const oid = ids[2];
    const cookie = await session();
    const csrf = csrfOf((await page(PAGE, cookie)).html);
    expect(csrf.length).toBeGreaterThan(20);
    const otherCsrf = csrfOf((await page(PAGE, await session(TOKEN_BOB))).html);
    const before = JSON.stringify(await view());
    const change = { kind: 'status', status: 'met' };
    const cases: [string, string, Record<string, string>, Record<string, string>][] = [
      ['no session', '', { ...change, csrf }, {}],
      ['no csrf', cookie, change, {}],
      ['wrong csrf', cookie, { ...change, csrf: `${csrf.slice(0, -2)}xx` }, {}],
      ['another session’s csrf', cookie, { ...change, csrf: otherCsrf }, {}],
      ['cross-site origin', cookie, { ...change, csrf }, { origin: 'https://evil.example' }],
    ];
    for (const [what, c, body, headers] of cases) {
      const r = await post(`${PAGE}/${oid}`, c, body, headers);
      expect(r.status, what).toBe(403);
      expect(r.headers.get('content-type'), what).toContain('text/html');
    }
    for (const [what, body] of [['evidence without csrf', { kind: 'evidence', type: 'policy', link: 'https://docs.example.org/p.pdf' }]] as const) expect((await post(`${PAGE}/${oid}`, cookie, body)).status, what).toBe(403);
    expect(JSON.stringify(await view())).toBe(before);
    expect((await history(oid)).history.map((e) => e.action)).toEqual(['derived']);
  });
});

describe('adding evidence', () => {
  it('puts a bad link or date next to that field (422) and adds nothing', async () => {
    const oid = ids[3];
    const cookie = await session();
    const csrf = csrfOf((await page(PAGE, cookie)).html);
    const good = { csrf, kind: 'evidence', type: 'fria', title: 'FRIA 2026', link: 'https://docs.example.org/fria.pdf', date: '2026-03-31' };
    for (const [fieldName, value, message] of [
      ['link', 'javascript:alert(1)', 'must be a web address'],
      ['link', 'docs.example.org/fria.pdf', 'must be a web address'],
      ['link', '', 'Give the link'],
      ['date', '31-03-2026', 'YYYY-MM-DD'],
      ['date', '2026-02-30', 'YYYY-MM-DD'],
      ['type', 'essay', 'Choose the kind'],
    ] as const) {
      const r = await post(`${PAGE}/${oid}`, cookie, { ...good, [fieldName]: value });
      expect(r.status, `${fieldName}=${value}`).toBe(422);
      const html = await r.text();
      const control = startTag(html, `t-${oid}-${fieldName}`)!;
      expect(control).toContain('aria-invalid="true"');
      expect(describedBy(control)).toContain(`t-${oid}-${fieldName}-error`);
      expect(element(html, `t-${oid}-${fieldName}-error`), `${fieldName}=${value}`).toContain(message);
      // The evidence form is open again, with what was typed.
      expect(section(html, oid)).toContain('<details class="add-evidence" open>');
      expect(startTag(html, `t-${oid}-title`)).toContain('value="FRIA 2026"');
    }
    expect((await obligation(oid)).evidence).toEqual([]);
    expect((await history(oid)).history.map((e) => e.action)).toEqual(['derived']);
  });

  it('adds a good entry through the tracker: in the API, the page and the history', async () => {
    const oid = ids[4];
    const cookie = await session();
    const csrf = csrfOf((await page(`${PAGE}?lang=nl`, cookie)).html);
    const r = await post(`${PAGE}/${oid}?lang=nl`, cookie, { csrf, kind: 'evidence', type: 'processing-agreement', title: ' Verwerkersovereenkomst 2026 ', link: 'https://docs.example.org/vwo.pdf', date: '2026-01-15' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${PAGE}?lang=nl&saved=evidence&ob=${oid}#ob-${oid}`);
    const o = await obligation(oid);
    expect(o.evidence).toHaveLength(1);
    expect(o.evidence[0]).toMatchObject({ type: 'processing-agreement', title: 'Verwerkersovereenkomst 2026', url: 'https://docs.example.org/vwo.pdf', date: '2026-01-15', addedBy: 'alice' });
    expect((await history(oid)).history.at(-1)).toMatchObject({ action: 'evidence', by: 'alice' });
    const { html } = await page(r.headers.get('location')!.split('#')[0], cookie);
    const part = section(html, oid);
    expect(part).toContain('Het bewijsdocument is toegevoegd.');
    expect(part).toContain('<a href="https://docs.example.org/vwo.pdf" rel="noreferrer">Verwerkersovereenkomst 2026</a>');
    expect(part).toMatch(/<td>alice<\/td><td>Bewijs toegevoegd: Verwerkersovereenkomst, Verwerkersovereenkomst 2026<\/td>/);
    expect(html).toMatch(new RegExp(`<tr data-obligation="${oid}"[^>]*>[\\s\\S]*?<td class="num">1</td></tr>`));
    // Without a title, the link names it (as in the API).
    expect((await post(`${PAGE}/${oid}`, cookie, { csrf, kind: 'evidence', type: 'other', title: '', link: 'https://docs.example.org/x.pdf', date: '' })).status).toBe(303);
    expect((await obligation(oid)).evidence[1]).toMatchObject({ title: 'https://docs.example.org/x.pdf', date: null });
  });
});

describe('escaping', () => {
  it('escapes hostile text in notes, reasons, titles and links, stored or shown again', async () => {
    const oid = ids[5];
    const cookie = await session();
    const csrf = csrfOf((await page(PAGE, cookie)).html);
    const evil = '"><script>alert(1)</script>';
    expect((await post(`${PAGE}/${oid}`, cookie, { csrf, kind: 'status', status: 'not-applicable', reason: `${evil} reason`, note: `</textarea><img src=x onerror=alert(2)>` })).status).toBe(303);
    expect((await post(`${PAGE}/${oid}`, cookie, { csrf, kind: 'evidence', type: 'policy', title: `${evil} title`, link: 'https://docs.example.org/a?b="><script>alert(3)</script>' })).status).toBe(303);
    const { html } = await page(PAGE, cookie);
    expect(html).not.toContain('<script>alert(');
    expect(html).not.toContain('<img src=x');
    const part = section(html, oid);
    expect(part).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; title');
    expect(part).toContain('&lt;/textarea&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(element(html, `t-${oid}-reason`)).toContain('>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; reason</textarea>');
    // Re-shown after an error: escaped too.
    const r = await post(`${PAGE}/${oid}`, cookie, { csrf, kind: 'evidence', type: 'policy', title: evil, link: `javascript:${evil}` });
    expect(r.status).toBe(422);
    const again = await r.text();
    expect(again).not.toContain('<script>alert(');
    expect(startTag(again, `t-${oid}-link`)).toContain('value="javascript:&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});
