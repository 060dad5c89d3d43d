// The web pages in a real browser (Debian's Chromium driven by playwright-core): what a resident
// and a register maintainer do, each page type checked by axe-core for WCAG 2.1 A/AA, and
// screenshots of the home page and a system page written to screenshots/ (see README).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSampleServer, TOKEN } from './helpers/server.js';
import { hasChromium, launchBrowser, screenshot, seriousAxeViolations } from './helpers/browser.js';
import type { RunningServer } from '../src/serve/server.js';

const AR = 'https://w3id.org/algoreg/ns#';

describe.skipIf(!hasChromium)('the register in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const url = (path: string) => new URL(path, server.url).href;

  beforeAll(async () => {
    server = await startSampleServer();
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function expectAccessible(what: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect(violations.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`)).toEqual([]);
  }

  const tierCount = (tier: string) => [...server.register.classifications.values()].filter((s) => s.riskTier === tier).length;

  it('home: counts per tier as a chart with a text alternative, a search box; no serious accessibility violation', async () => {
    await page.goto(url('/'));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').count()).toBe(1);
    // every chart is an image with a name, and its numbers are also given as text
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBeGreaterThanOrEqual(2);
    for (const chart of await charts.all()) expect((await chart.getAttribute('aria-labelledby')) ?? (await chart.getAttribute('aria-label'))).toBeTruthy();
    const text = await page.locator('main').innerText();
    expect(text).toContain(String(tierCount('high-risk')));
    await expect(page.getByRole('searchbox').first().isVisible()).resolves.toBe(true);
    await expectAccessible('home');
    await screenshot(page, 'home');
  });

  it('searches from the home page and filters the list by tier with the keyboard', async () => {
    await page.goto(url('/'));
    await page.getByRole('searchbox').first().fill('parking');
    await page.getByRole('searchbox').first().press('Enter');
    await page.waitForURL(/\/register\/systems\?/);
    const found = await page.locator('main table tbody tr').allInnerTexts();
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n').toLowerCase()).toContain('parking');

    await page.goto(url('/register/systems'));
    const all = await page.locator('main table tbody tr').count();
    await page.getByLabel(/tier/i).first().selectOption('high-risk');
    // submit from the keyboard, as someone without a mouse would
    await page.getByLabel(/tier/i).first().focus();
    await page.keyboard.press('Tab');
    await page.locator('form.filters button[type="submit"]').press('Enter');
    await page.waitForURL(/tier=high-risk/);
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(Math.min(tierCount('high-risk'), 50));
    expect(await rows.count()).toBeLessThan(all);
    for (const row of await rows.allInnerTexts()) expect(row.toLowerCase()).toMatch(/high-risk|hoog risico/);
    await expectAccessible('list');
  });

  it('opens a system from the list: its tier with the explanation and EUR-Lex links, obligations with a timeline', async () => {
    await page.goto(url('/register/systems?tier=high-risk'));
    const first = page.locator('main table tbody tr a').first();
    const name = (await first.innerText()).trim();
    await first.click();
    await page.waitForLoadState('domcontentloaded');
    expect((await page.locator('h1').innerText()).trim()).toBe(name);
    const main = await page.locator('main').innerText();
    expect(main.toLowerCase()).toContain('high-risk');
    expect(await page.locator('a[href^="https://eur-lex.europa.eu/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    // the page offers the description as data
    expect(await page.locator('a[href*="turtle"], a[href*="format=ttl"], a[href*="format=turtle"]').count()).toBeGreaterThan(0);
    await expectAccessible('system');
    await screenshot(page, 'system');
  });

  it('organisation and maintainer pages have no serious accessibility violation', async () => {
    await page.goto(url('/register/organisations'));
    await page.locator('main a[href*="/register/organisations/"]').first().click();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible('organisation');
    await page.goto(url('/register/maintainer'));
    expect(await page.locator('h1').count()).toBe(1);
    await expectAccessible('maintainer');
  });

  it('switches to Dutch and keeps it while browsing', async () => {
    await page.goto(url('/register/systems'));
    await page.getByRole('link', { name: 'Nederlands' }).click();
    await page.waitForURL(/lang=nl/);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    const nav = await page.locator('header nav').first().innerText();
    expect(nav).toMatch(/Systemen|Algoritmes/);
    // a link followed from a Dutch page stays Dutch
    await page.locator('header nav a').first().click();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    // and a browser that asks for Dutch gets it without ?lang=
    const dutch = await browser.newContext({ locale: 'nl-NL' });
    const p = await dutch.newPage();
    await p.goto(url('/'));
    expect(await p.getAttribute('html', 'lang')).toBe('nl');
    await dutch.close();
  });

  it('a maintainer signs in, submits the form with an error, sees the message at the field, fixes it and sees the system classified', async () => {
    await page.goto(url('/register/edit/new'));
    // not signed in: the login page, then back to the form
    await page.waitForURL(/\/register\/login/);
    await expectAccessible('login');
    await page.getByLabel('Access token').fill(TOKEN);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/register\/edit\/new/);
    await expectAccessible('form');

    const id = 'browser-benefit-check';
    await page.locator('#field-id').fill(id);
    await page.locator('#field-description').fill('Estimates whether a housing allowance application is likely to be granted.').catch(() => undefined);
    const answer = async (name: string, value: string) => page.locator(`input[name="${name}"][value="${value}"]`).check();
    await answer('isAISystem', 'true');
    await answer('scopeExclusion', `${AR}NoScopeExclusion`);
    await answer('freeOpenSourceLicence', 'false');
    await answer('purpose', `${AR}EvaluateBenefitEligibility`);
    await answer('capability', `${AR}Prediction`);
    await answer('domain', `${AR}SocialSecurity`);
    await answer('affectedPersons', `${AR}BenefitApplicants`);
    await answer('locality', `${AR}InternalSystems`);
    await answer('annexILegislation', `${AR}NoAnnexILegislation`);
    await answer('isSafetyComponent', 'false');
    await answer('derogationCondition', `${AR}NoDerogationCondition`);
    await page.locator('select[name="org-0-agent"]').selectOption('https://register.example.eu/org/gemeente-rotterdam');
    await page.locator('input[name="org-0-responsible"]').check();
    for (const f of ['DevelopedInHouse', 'UsesUnderOwnAuthority', 'DeterminesPurposesAndMeans']) await answer('org-0-facts', `${AR}${f}`);
    // no name: the gate refuses it
    await page.getByRole('button', { name: 'Save and classify' }).click();
    await page.waitForLoadState('domcontentloaded');
    const error = page.locator('#field-label-en-error');
    await expect(error.innerText()).resolves.toMatch(/name/i);
    expect(await page.locator('#field-label-en').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[role="alert"]').count()).toBeGreaterThan(0);
    // what was filled in is still there
    expect(await page.locator('#field-id').inputValue()).toBe(id);
    expect(await page.locator(`input[name="purpose"][value="${AR}EvaluateBenefitEligibility"]`).isChecked()).toBe(true);
    expect(server.register.durable.records.has(id)).toBe(false);
    await expectAccessible('form with errors');

    // the summary link takes keyboard users to the field
    await page.locator('[role="alert"] a[href="#field-label-en"]').click();
    await page.locator('#field-label-en').fill('Housing allowance pre-check');
    await page.getByRole('button', { name: 'Save and classify' }).click();
    await page.waitForURL(new RegExp(`/system/${id}`), { timeout: 10_000 }).catch(async (e: Error) => {
      throw new Error(`${e.message}\nat ${page.url()}: ${(await page.locator('main').innerText()).slice(0, 1500)}`);
    });
    expect((await page.locator('h1').innerText()).trim()).toBe('Housing allowance pre-check');
    const main = (await page.locator('main').innerText()).toLowerCase();
    expect(main).toContain('high-risk');
    expect(main).toContain('5(a)');
    expect(server.register.classifications.get(server.register.systemIri(id))?.riskTier).toBe('high-risk');
  });
});
