import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/serve/server.js';
import { chooseLang, definition, label, t } from '../src/serve/pages/i18n.js';
import { buildFromScratch, obligationsOf, viewIndex, type SystemEntry, type ViewIndex } from '../src/serve/pages/index.js';
import { AUTH, startSampleServer } from './helpers/server.js';

const HTML = { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };
const HIGH_RISK_ID = 'rotterdam-bijzondere-bijstand';

let server: RunningServer;
let base: string;

const page = async (path: string, headers: Record<string, string> = {}) => {
  const r = await fetch(`${base}${path}`, { headers: { ...HTML, ...headers } });
  return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
};

/** The text of the HTML (tags removed, entities of the escaper decoded), for assertions on words. */
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The tier classes of the rows of the systems table. */
const rowTiers = (html: string) => {
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...tbody.matchAll(/<tr>[\s\S]*?class="tier tier-([a-z-]+)"/g)].map((m) => m[1]);
};
const totalOf = (html: string) => Number(/data-total="(\d+)"/.exec(html)?.[1] ?? NaN);

const tierCounts = () => {
  const counts = new Map<string, number>();
  for (const s of server.register.classifications.values()) counts.set(s.riskTier, (counts.get(s.riskTier) ?? 0) + 1);
  return counts;
};

beforeAll(async () => {
  server = await startSampleServer();
  base = server.url;
});
afterAll(() => server?.close());

describe('languages', () => {
  it('chooses ?lang= first, then Accept-Language by q-value, then English', () => {
    const u = (q: string) => new URL(`http://x/${q}`);
    expect(chooseLang(u('?lang=nl'), 'en')).toBe('nl');
    expect(chooseLang(u('?lang=xx'), 'nl-NL,en;q=0.5')).toBe('nl');
    expect(chooseLang(u(''), 'fr;q=0.9, en;q=0.4, nl;q=0.8')).toBe('nl');
    expect(chooseLang(u(''), 'fr, de')).toBe('en');
    expect(chooseLang(u(''), undefined)).toBe('en');
  });

  it('labels come from the ontology, per language, falling back to English and to the local name', () => {
    expect(label('https://w3id.org/algoreg/ns#TierHighRisk', 'nl')).toBe('Hoog risico');
    expect(label('https://w3id.org/algoreg/ns#TierHighRisk', 'fi')).toBe('High-risk');
    expect(label('https://example.org/x#NoSuchThing', 'nl')).toBe('NoSuchThing');
    expect(definition('https://w3id.org/algoreg/ns#TierHighRisk', 'en')).toMatch(/Art 6/);
    expect(t('pages.of', 'nl', { page: 2, pages: 3 })).toBe('Pagina 2 van 3');
    expect(t('pages.of', 'fi', { page: 2, pages: 3 })).toBe('Page 2 of 3');
  });

  it('every UI string has a Dutch translation', async () => {
    const en = JSON.parse(await readFile(new URL('../locales/en.json', import.meta.url), 'utf8')) as Record<string, string>;
    const nl = JSON.parse(await readFile(new URL('../locales/nl.json', import.meta.url), 'utf8')) as Record<string, string>;
    expect(Object.keys(en).filter((k) => !(k in nl))).toEqual([]);
  });
});

describe('home', () => {
  it('is HTML for browsers and keeps the JSON index for JSON clients', async () => {
    const html = await page('');
    expect(html.status).toBe(200);
    expect(html.type).toMatch(/^text\/html/);
    const json = await fetch(base, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await json.json()) as { systems: number }).systems).toBe(server.register.classifications.size);
  });

  it('shows the count of each tier as the register has it, in a chart with a table', async () => {
    const { body } = await page('');
    expect(body).toMatch(/<html lang="en">/);
    expect(body).toMatch(/<svg role="img" aria-labelledby="[^"]+"/);
    expect(body).toContain('<title id=');
    expect(body).toContain('<desc id=');
    const counts = tierCounts();
    expect(counts.get('high-risk')).toBeGreaterThan(0);
    for (const [tier, n] of counts) {
      const row = new RegExp(`<th scope="row"><a href="/register/systems\\?tier=${tier}">${label(`https://w3id.org/algoreg/ns#Tier${tier === 'high-risk' ? 'HighRisk' : tier === 'out-of-scope' ? 'OutOfScope' : tier[0].toUpperCase() + tier.slice(1)}`, 'en')}</a></th><td class="num">${n}</td>`);
      expect(body).toMatch(row);
    }
    expect(body).toMatch(/role="search"/);
    expect(body).toMatch(/<label for="q-home">/);
  });

  it('has the page landmarks, a skip link and one h1', async () => {
    const { body } = await page('');
    for (const landmark of ['<header', '<nav', '<main id="main"', '<footer']) expect(body).toContain(landmark);
    expect(body).toMatch(/<a class="skip" href="#main">/);
    expect(body.match(/<h1[ >]/g)).toHaveLength(1);
  });
});

describe('list of systems', () => {
  it('tier=high-risk lists only high-risk systems, as many as the register has', async () => {
    const { body } = await page('register/systems?tier=high-risk');
    const expected = tierCounts().get('high-risk')!;
    expect(totalOf(body)).toBe(expected);
    const tiers = rowTiers(body);
    expect(tiers.length).toBe(Math.min(50, expected));
    expect(new Set(tiers)).toEqual(new Set(['high-risk']));
  });

  it('filters combine: tier and Annex III area, organisation, and the search box', async () => {
    const annex = await page('register/systems?annex=5');
    const with5 = [...server.register.classifications.values()].filter((s) => s.annexIII.some((p) => p.startsWith('5')));
    expect(totalOf(annex.body)).toBe(with5.length);
    const both = await page('register/systems?annex=5&tier=minimal');
    expect(totalOf(both.body)).toBe(with5.filter((s) => s.riskTier === 'minimal').length);
    expect(new Set(rowTiers(both.body))).toEqual(new Set(['minimal']));

    const search = await page('register/systems?q=special+assistance');
    expect(totalOf(search.body)).toBeGreaterThanOrEqual(1);
    expect(search.body).toContain(`/system/${HIGH_RISK_ID}"`);
    const nothing = await page('register/systems?q=zzzqqq-no-such-words');
    expect(totalOf(nothing.body)).toBe(0);

    const inUse = await page('register/systems?status=InUse');
    const all = await page('register/systems');
    expect(totalOf(inUse.body)).toBeGreaterThan(0);
    expect(totalOf(inUse.body)).toBeLessThan(totalOf(all.body));
  });

  it('filters by organisation with the id the organisation pages use', async () => {
    const orgs = await page('register/organisations');
    const m = /href="\/register\/organisations\/(gemeente-rotterdam-[0-9a-f]{10})"/.exec(orgs.body);
    expect(m).not.toBeNull();
    const list = await page(`register/systems?organisation=${m![1]}`);
    const expected = [...server.register.classifications.values()].filter((s) => s.roles.some((r) => r.organisation.endsWith('/gemeente-rotterdam'))).length;
    expect(totalOf(list.body)).toBeGreaterThanOrEqual(expected);
    expect(list.body).toContain(`/system/${HIGH_RISK_ID}"`);
  });

  it('has labelled filter controls and a table with caption and header scopes', async () => {
    const { body } = await page('register/systems');
    for (const id of ['f-q', 'f-tier', 'f-org', 'f-domain', 'f-status', 'f-annex']) {
      expect(body).toContain(`<label for="${id}">`);
      expect(body).toContain(`id="${id}"`);
    }
    expect(body).toMatch(/<caption>/);
    expect(body).toMatch(/<th scope="col">/);
  });
});

describe('system page', () => {
  it('shows the Annex III point, the explanation steps, EUR-Lex links and obligations grouped by role', async () => {
    const sys = server.register.classifications.get(server.register.systemIri(HIGH_RISK_ID))!;
    expect(sys.riskTier).toBe('high-risk');
    const { status, body } = await page(`system/${HIGH_RISK_ID}`);
    expect(status).toBe(200);
    expect(body).toContain('data-point="5(a)"');
    expect(text(body)).toContain('Annex III 5(a)');
    expect(body.match(/<li class="step">/g)?.length).toBe(sys.explanation.length);
    expect(text(body)).toContain(sys.explanation[0].text);
    expect(body).toMatch(/href="https:\/\/eur-lex\.europa\.eu\/eli\/reg\/2024\/1689\/oj\/eng#anx_III"/);
    const roles = [...new Set(sys.obligations.map((o) => o.role))];
    expect(roles.length).toBeGreaterThan(1);
    for (const role of roles) {
      const group = new RegExp(`<section aria-labelledby="s-role-${role}" class="role-group" data-role="${role}">[\\s\\S]*?</section>`).exec(body);
      expect(group, role).not.toBeNull();
      expect(group![0].match(/<tr[ >]/g)!.length - 1).toBe(sys.obligations.filter((o) => o.role === role).length);
    }
    expect(body).toMatch(/<svg role="img"/);
  });

  it('gives both calendar dates where they differ, and switches the timeline calendar', async () => {
    const sys = server.register.classifications.get(server.register.systemIri(HIGH_RISK_ID))!;
    const differ = sys.obligations.find((o) => o.appliesFromAdopted && o.appliesFromAmended && o.appliesFromAdopted !== o.appliesFromAmended)!;
    expect(differ).toBeDefined();
    const { body } = await page(`system/${HIGH_RISK_ID}`);
    const row = [...body.matchAll(/<tr class="dates-differ">[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes(differ.eurLex ?? differ.provision));
    expect(row).toBeDefined();
    expect(row).toContain(`<td data-calendar="amended"><time datetime="${differ.appliesFromAmended}">`);
    expect(row).toContain(`<td data-calendar="adopted"><time datetime="${differ.appliesFromAdopted}">`);
    // The timeline names its calendar; amended is the default.
    expect(body).toContain(t('system.timeline.title', 'en', { calendar: t('calendar.amended', 'en') }));
    const adopted = await page(`system/${HIGH_RISK_ID}?calendar=adopted`);
    expect(adopted.body).toContain(t('system.timeline.title', 'en', { calendar: t('calendar.adopted', 'en') }));
  });

  it('shows GDPR DPIA criteria, datasets, downloads and the history', async () => {
    const { body } = await page(`system/${HIGH_RISK_ID}`);
    expect(body).toContain('id="s-gdpr"');
    expect(text(body)).toContain(label('https://w3id.org/algoreg/ns#CriterionLargeScale', 'en'));
    expect(body).toContain('id="s-datasets"');
    expect(text(body)).toContain('Aanvragen bijzondere bijstand Rotterdam 2019-2025 met besluiten');
    expect(body).toContain(`href="/system/${HIGH_RISK_ID}?format=turtle"`);
    expect(body).toContain(`href="/system/${HIGH_RISK_ID}?format=jsonld"`);
    expect(body).toContain('id="s-history"');
    expect(text(body)).toContain('seed');
  });

  it('download links give Turtle and JSON-LD', async () => {
    const ttl = await fetch(`${base}system/${HIGH_RISK_ID}?format=turtle`);
    expect(ttl.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(await ttl.text()).toContain('Special assistance eligibility model');
    const jsonld = await fetch(`${base}system/${HIGH_RISK_ID}?format=jsonld`);
    expect(jsonld.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(JSON.stringify(await jsonld.json())).toContain(HIGH_RISK_ID);
    expect((await fetch(`${base}system/${HIGH_RISK_ID}?format=nonsense`)).status).toBe(400);
  });

  it('is in Dutch with ?lang=nl and with Accept-Language: nl', async () => {
    for (const r of [await page(`system/${HIGH_RISK_ID}?lang=nl`), await page(`system/${HIGH_RISK_ID}`, { 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5' })]) {
      expect(r.body).toMatch(/<html lang="nl">/);
      expect(text(r.body)).toContain('Hoog risico');
      expect(text(r.body)).toContain(t('system.obligations', 'nl'));
      expect(text(r.body)).toContain('Gebruiksverantwoordelijke'); // deployer
      expect(text(r.body)).toContain('Voorspelmodel bijzondere bijstand'); // the system's own Dutch label
      expect(r.body).toContain('/oj/nld#anx_III'); // EUR-Lex in Dutch
    }
    // English text shown on a Dutch page is marked as English.
    expect((await page(`system/${HIGH_RISK_ID}?lang=nl`)).body).toMatch(/<span lang="en">/);
  });

  it('the language switcher keeps the path and query', async () => {
    const { body } = await page('register/systems?tier=minimal');
    expect(body).toContain('href="/register/systems?tier=minimal&amp;lang=nl"');
  });

  it('an unknown system is a 404 page in HTML (and JSON for JSON clients)', async () => {
    const r = await page('system/no-such-system');
    expect(r.status).toBe(404);
    expect(r.type).toMatch(/^text\/html/);
    expect(r.body).toContain('no-such-system');
    const json = await fetch(`${base}system/no-such-system`, { headers: { accept: 'application/ld+json' } });
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('organisation pages', () => {
  it('list organisations and show one with its systems, roles and obligations', async () => {
    const orgs = await page('register/organisations');
    expect(orgs.status).toBe(200);
    const id = /href="\/register\/organisations\/(gemeente-rotterdam-[0-9a-f]{10})"/.exec(orgs.body)![1];
    const { status, body } = await page(`register/organisations/${id}`);
    expect(status).toBe(200);
    expect(body).toContain(`/system/${HIGH_RISK_ID}"`);
    expect(body).toContain('id="o-obligations"');
    expect(text(body)).toContain('Deployer');
    expect((await page('register/organisations/nobody-0000000000')).status).toBe(404);
  });
});

describe('maintainer view', () => {
  it('lists the systems with open questions, and per system the SHACL warnings with the questions', async () => {
    const open = [...server.register.classifications.values()].filter((s) => s.missing.length > 0);
    expect(open.length).toBeGreaterThan(0);
    const overview = await page('register/maintainer');
    expect(overview.status).toBe(200);
    for (const s of open) expect(overview.body).toContain(`/register/maintainer/${s.iri.split('/').pop()}"`);
    const sys = open[0];
    const id = sys.iri.split('/').pop()!;
    const detail = await page(`register/maintainer/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toContain('class="sev-Warning"');
    expect(text(detail.body)).toContain(sys.missing[0].question);
    expect((await page('register/maintainer/no-such-system')).status).toBe(404);
  });
});

describe('escaping and pagination', () => {
  it('escapes a hostile label everywhere it is shown', async () => {
    const fixture = await readFile(new URL('./fixtures/serve/system.ttl', import.meta.url), 'utf8');
    const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const body = fixture.replace('"Housing benefit pre-check"@en', JSON.stringify(hostile) + '@en');
    const r = await fetch(`${base}systems/hostile`, { method: 'PUT', headers: { 'content-type': 'text/turtle', ...AUTH }, body });
    expect(r.status).toBe(201);
    for (const path of ['system/hostile', 'register/systems?q=alert', 'register/maintainer/hostile', `register/systems?tier=high-risk&page=1`]) {
      const p = await page(path);
      expect(p.status, path).toBe(200);
      expect(p.body, path).not.toContain('<script>alert');
      expect(p.body, path).not.toContain('<img src=x');
    }
    const sysPage = await page('system/hostile');
    expect(sysPage.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    // The new system shows up in the (rebuilt) view: counts follow the register.
    const list = await page('register/systems?tier=high-risk');
    expect(totalOf(list.body)).toBe(tierCounts().get('high-risk'));
  });

  it('the view follows writes: a relabelled organisation is renamed on other systems, a deleted system leaves the lists', async () => {
    const fixture = await readFile(new URL('./fixtures/serve/system.ttl', import.meta.url), 'utf8');
    const put = (id: string, body: string) => fetch(`${base}systems/${id}`, { method: 'PUT', headers: { 'content-type': 'text/turtle', ...AUTH }, body });
    const org = 'https://followville.example.org/org/city';
    const one = fixture.replaceAll('https://testville.example.org/org/city', org).replace('Housing benefit pre-check', 'Follow-me check').replace('"City of Testville"@en', '"City of Followville"@en');
    expect((await put('follow-me', one)).status).toBe(201);
    // A second record names the organisation without describing it.
    const two = one.replace('Follow-me check', 'Follow-two check').replace(/<https:\/\/followville\.example\.org\/org\/city> a ar:Organisation[\s\S]*$/, '');
    const r2 = await put('follow-two', two);
    expect(r2.status, await r2.text()).toBe(201);
    expect(text((await page('system/follow-two')).body)).toContain('City of Followville');
    expect((await put('follow-me', one.replace('"City of Followville"@en', '"City of Renamedville"@en'))).status).toBe(200);
    const after = text((await page('system/follow-two')).body);
    expect(after).toContain('City of Renamedville');
    expect(after).not.toContain('City of Followville');
    expect(totalOf((await page('register/systems?q=renamedville')).body)).toBe(2);
    expect((await fetch(`${base}systems/follow-two`, { method: 'DELETE', headers: AUTH })).status).toBe(200);
    expect(totalOf((await page('register/systems?q=follow-two')).body)).toBe(0);
    expect((await page('system/follow-two')).status).toBe(404);
    expect(totalOf((await page('register/systems')).body)).toBe(server.register.classifications.size);
  });

  it('paginates 50 per page, keeping the filters', async () => {
    const fixture = await readFile(new URL('./fixtures/serve/system.ttl', import.meta.url), 'utf8');
    // One record describing many systems: one write, one classification run.
    const have = tierCounts().get('high-risk')!;
    const system = /<> a ar:AISystem[\s\S]*?\] \.\n/.exec(fixture)![0];
    const copies = Array.from({ length: Math.max(1, 60 - have) }, (_, i) => system.replace('<>', `<paged-${i}>`).replace('Housing benefit pre-check', `Paged system ${String(i).padStart(2, '0')}`));
    const r = await fetch(`${base}systems/paged`, { method: 'PUT', headers: { 'content-type': 'text/turtle', ...AUTH }, body: `${fixture}\n${copies.join('\n')}` });
    expect(r.status).toBe(201);
    const total = tierCounts().get('high-risk')!;
    expect(total).toBeGreaterThanOrEqual(60);
    const first = await page('register/systems?tier=high-risk');
    expect(totalOf(first.body)).toBe(total);
    expect(rowTiers(first.body)).toHaveLength(50);
    expect(first.body).toContain('href="/register/systems?tier=high-risk&amp;page=2" rel="next"');
    const second = await page('register/systems?tier=high-risk&page=2');
    const tiers = rowTiers(second.body);
    expect(tiers).toHaveLength(total - 50);
    expect(new Set(tiers)).toEqual(new Set(['high-risk']));
    expect(second.body).toContain('rel="prev"');
    // No system is on both pages.
    const links = (html: string) => new Set([...(/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<th scope="row"><a href="([^"]+)"/g)].map((m) => m[1]));
    const a = links(first.body);
    const b = links(second.body);
    expect([...b].filter((x) => a.has(x))).toEqual([]);
    expect(a.size + b.size).toBe(total);
  });
});

describe('view updates', () => {
  /** What the pages read from a view, in plain values (orders kept where the view has one). */
  const shape = (v: ViewIndex) => {
    const iris = (l: SystemEntry[]) => l.map((e) => e.iri);
    const sorted = <V>(m: Map<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    return {
      entries: v.entries.map((e) => ({ iri: e.iri, id: e.id, tier: e.sys.riskTier, labels: sorted(e.labels), organisations: [...e.organisations].sort(), search: e.search })),
      byIri: [...v.byIri.keys()].sort(),
      byId: [...v.byId].map(([id, e]) => `${id} ${e.iri}`).sort(),
      byTier: sorted(v.byTier).map(([tier, l]) => [tier, iris(l)]),
      byOrg: sorted(v.byOrg).map(([o, l]) => [o, iris(l), l === v.orgByIri.get(o)?.systems]),
      orgs: v.orgs.map((o) => ({
        iri: o.iri,
        id: o.id,
        byId: v.orgById.get(o.id) === o,
        labels: sorted(o.labels),
        fallbackLabel: o.fallbackLabel,
        systems: iris(o.systems),
        roles: sorted(o.roles),
        obligations: o.obligations,
        byRole: sorted(obligationsOf(o)).map(([role, l]) => [role, l.map((x) => `${x.system.iri} ${x.ob.iri}`)]),
      })),
      domains: sorted(v.domains),
      statuses: sorted(v.statuses),
      annexAreas: sorted(v.annexAreas),
      deadlines: (['amended', 'adopted'] as const).map((cal) => v.deadlines[cal].map((d) => ({ ...d, provisions: sorted(d.provisions) }))),
      openQuestions: iris(v.openQuestions),
      missingFacts: sorted(v.missingFacts),
      history: sorted(v.historyById).map(([id, l]) => [id, l.map((h) => h.seq)]),
      rank: ['en', 'nl'].map((lang) => [...v.rank(lang)].sort((a, b) => a[1] - b[1]).map(([e]) => e.iri)),
    };
  };

  it('after any sequence of writes, the view updated in place equals one built from scratch', { timeout: 120_000 }, async () => {
    const fixture = await readFile(new URL('./fixtures/serve/system.ttl', import.meta.url), 'utf8');
    const withoutOrg = fixture.replace(/<https:\/\/testville\.example\.org\/org\/city> a ar:Organisation[\s\S]*$/, '');
    interface Variant { label: string; org: number; orgLabel: string | null; routes: boolean; status: string | null; complete: boolean }
    const ORG = (k: number) => `https://prop.example.org/org/${k}`;
    const turtle = (v: Variant) => {
      let ttl = withoutOrg.replaceAll('https://testville.example.org/org/city', ORG(v.org)).replace('Housing benefit pre-check', v.label);
      // Not Annex III: another tier, domain and set of obligations.
      if (v.routes) ttl = ttl.replace('ar:purpose ar:EvaluateBenefitEligibility', 'ar:purpose ar:OptimiseRoutes').replace('ar:domain ar:SocialSecurity', 'ar:domain ar:PublicSpaceEnvironment');
      if (v.status) ttl = ttl.replace('ar:locality ar:InternalSystems ;', `ar:locality ar:InternalSystems ;\n    ar:lifecycleStatus ar:${v.status} ;`);
      if (!v.complete) ttl = ttl.replace('    ar:decisionsAboutNaturalPersons true ;\n', '');
      // Every record describes its organisation (the gate asks for it), some under another name.
      ttl += `\n<${ORG(v.org)}> a ar:Organisation ; rdfs:label "${v.orgLabel ?? `Prop organisation ${v.org}`}"@en ; ar:organisationKind ar:PublicAuthority ; ar:establishedInEU true .\n`;
      return ttl;
    };
    // A fixed pseudo-random sequence (mulberry32), so a failure can be replayed.
    let seed = 20261121;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const live = new Map<string, Variant>();
    let n = 0;
    const fresh = (): Variant => ({ label: `Prop system ${n}`, org: Math.floor(random() * 4), orgLabel: random() < 0.3 ? `Organisation named in ${n}` : null, routes: random() < 0.5, status: pick(['InUse', 'InDevelopment', null]), complete: random() < 0.7 });
    const put = async (id: string, v: Variant) => {
      const r = await fetch(`${base}systems/${id}`, { method: 'PUT', headers: { 'content-type': 'text/turtle', ...AUTH }, body: turtle(v) });
      expect(r.status, await r.text()).toBeLessThan(300);
      live.set(id, v);
    };
    const changes: ((v: Variant) => Variant)[] = [
      (v) => ({ ...v, routes: !v.routes }),
      (v) => ({ ...v, org: (v.org + 1) % 5 }),
      (v) => ({ ...v, status: v.status === 'InUse' ? 'InDevelopment' : 'InUse' }),
      (v) => ({ ...v, complete: !v.complete }),
      (v) => ({ ...v, orgLabel: `Renamed organisation ${n}` }),
      (v) => ({ ...v, label: `${v.label} renamed` }),
    ];

    const view = viewIndex(server.register);
    const seen = new Set<string>();
    for (let step = 0; step < 30; step++) {
      n++;
      const ids = [...live.keys()];
      const op = ids.length < 3 ? 'create' : pick(['create', 'create', 'change', 'change', 'change', 'delete', 'same'] as const);
      seen.add(op);
      if (op === 'create') await put(`prop-${n}`, fresh());
      else {
        const id = pick(ids);
        if (op === 'change') await put(id, pick(changes)(live.get(id)!));
        else if (op === 'same') await put(id, live.get(id)!);
        else {
          expect((await fetch(`${base}systems/${id}`, { method: 'DELETE', headers: AUTH })).status).toBe(200);
          live.delete(id);
        }
      }
      // Sometimes two writes before the view is read again.
      if (random() < 0.25) continue;
      expect(viewIndex(server.register), 'updated in place, not rebuilt').toBe(view);
      expect(shape(view), `after step ${step} (${op})`).toEqual(shape(buildFromScratch(server.register)));
    }
    expect(seen).toEqual(new Set(['create', 'change', 'delete', 'same']));
    // The writes moved systems between tiers and organisations.
    const mine = view.entries.filter((e) => e.id?.startsWith('prop-'));
    expect(new Set(mine.map((e) => e.sys.riskTier)).size).toBeGreaterThan(1);
    expect(new Set(mine.flatMap((e) => e.organisations)).size).toBeGreaterThan(1);
  });
});
