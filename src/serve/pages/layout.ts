/** The page frame shared by every web page (and by the editing form): header, nav, main, footer. */
import { escapeHtml as e } from './html.js';
import { LANGS, t, type Lang } from './i18n.js';

/** Names of the languages in themselves, for the language switcher; a new language falls back to its code. */
const ENDONYMS: Record<string, string> = { en: 'English', nl: 'Nederlands', de: 'Deutsch', fr: 'Français', fi: 'Suomi', it: 'Italiano', es: 'Español' };

const NAV: { key: string; href: string }[] = [
  { key: 'nav.home', href: '/' },
  { key: 'nav.systems', href: '/register/systems' },
  { key: 'nav.organisations', href: '/register/organisations' },
  { key: 'nav.maintainer', href: '/register/maintainer' },
  { key: 'nav.sparql', href: '/sparql' },
];

// Small and self-contained. Colours meet 4.5:1 on their backgrounds; focus is always visible.
export const CSS = `
:root{--fg:#1b1b1b;--bg:#fff;--muted:#4a4a4a;--link:#0b4f9c;--line:#8a8a8a;--soft:#f2f4f7;--accent:#0b4f9c}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;line-height:1.5}
a{color:var(--link)}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #b3541e;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header.site{background:#0b2e59;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 2rem;align-items:center}
header.site a{color:#fff}
header.site .brand{font-weight:700;text-decoration:none;font-size:1.1rem}
header.site nav ul,.langs ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header.site [aria-current]{font-weight:700;text-decoration-thickness:3px}
header.site :focus-visible{outline-color:#ffd28a}
.langs{margin-left:auto}
main{max-width:72rem;margin:0 auto;padding:1rem}
footer.site{border-top:1px solid var(--line);padding:1rem;color:var(--muted);max-width:72rem;margin:2rem auto 0}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code{word-break:break-all;font-size:.9em}
.muted{color:var(--muted)}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end;background:var(--soft);padding:.75rem;border-radius:4px}
form.filters div{display:flex;flex-direction:column;max-width:22rem}
select{max-width:100%}
label{font-weight:600}
input,select,button{font:inherit;padding:.3rem .4rem;border:1px solid #595959;border-radius:3px;background:#fff;color:var(--fg)}
button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
.tier{display:inline-block;border:2px solid;border-radius:3px;padding:0 .35rem;font-weight:600;white-space:nowrap}
.tier-prohibited{color:#8b0000;border-color:#8b0000}
.tier-high-risk{color:#8a3b00;border-color:#8a3b00}
.tier-transparency{color:#5a3d8a;border-color:#5a3d8a}
.tier-minimal{color:#1d5e2a;border-color:#1d5e2a}
.tier-out-of-scope{color:#4a4a4a;border-color:#4a4a4a}
.tier-undetermined{color:#0b4f9c;border-color:#0b4f9c;border-style:dashed}
rect.tier-prohibited{fill:#8b0000}rect.tier-high-risk{fill:#8a3b00}rect.tier-transparency{fill:#5a3d8a}rect.tier-minimal{fill:#1d5e2a}rect.tier-out-of-scope{fill:#4a4a4a}rect.tier-undetermined{fill:#0b4f9c}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
figure{margin:0 0 1rem}
figcaption{font-weight:600}
svg text{font-family:inherit}
details{margin:.5rem 0}
summary{cursor:pointer}
nav.pages ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
.sev-Violation{color:#8b0000;font-weight:700}
.sev-Warning{color:#8a3b00;font-weight:700}
ol.steps li{margin-bottom:.4rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
`;

/** The path and query of `url` with ?lang= set to `lang`. */
export function withLang(url: URL, lang: Lang): string {
  const u = new URL(url.href);
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}

/** A link to a page of the site that keeps the language chosen by ?lang=. */
export function href(path: string, url: URL, params: Record<string, string | number | undefined> = {}): string {
  const u = new URL(path, url.origin);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
  const lang = url.searchParams.get('lang');
  if (lang && !u.searchParams.has('lang')) u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}${u.hash}`;
}

function current(path: string, navHref: string): boolean {
  return navHref === '/' ? path === '/' : path === navHref || path.startsWith(`${navHref}/`);
}

/** A full HTML document: skip link, header with nav and language switcher, main landmark, footer. */
export function layout(opts: { lang: Lang; title: string; body: string; url: URL; head?: string }): string {
  const { lang, url } = opts;
  const nav = NAV.map((n) => `<li><a href="${e(n.href === '/sparql' ? n.href : href(n.href, url))}"${current(url.pathname, n.href) ? ' aria-current="page"' : ''}>${e(t(n.key, lang))}</a></li>`).join('');
  const langs = LANGS.map((l) => `<li><a href="${e(withLang(url, l))}" hreflang="${e(l)}" lang="${e(l)}"${l === lang ? ' aria-current="true"' : ''}>${e(ENDONYMS[l] ?? l)}</a></li>`).join('');
  return `<!doctype html>
<html lang="${e(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(opts.title)} – ${e(t('site.name', lang))}</title>
<style>${CSS}</style>
${opts.head ?? ''}</head><body>
<a class="skip" href="#main">${e(t('skip', lang))}</a>
<header class="site"><a class="brand" href="${e(href('/', url))}">${e(t('site.name', lang))}</a>
<nav aria-label="${e(t('nav.label', lang))}"><ul>${nav}</ul></nav>
<nav class="langs" aria-label="${e(t('lang.label', lang))}"><ul>${langs}</ul></nav>
</header>
<main id="main" tabindex="-1">
${opts.body}
</main>
<footer class="site"><p>${e(t('footer.text', lang))} <a href="/openapi.json">OpenAPI</a> · <a href="/catalog">DCAT</a> · <a href="/dump">${e(t('footer.dump', lang))}</a> · <a href="/sparql">SPARQL</a></p></footer>
</body></html>
`;
}
