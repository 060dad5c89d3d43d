import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { escapeHtml } from './http.js';

/** YASGUI is served from its npm package (no CDN): these files of @zazuko/yasgui/build. */
const ASSETS: Record<string, string> = {
  'yasgui.min.js': 'text/javascript; charset=utf-8',
  'yasgui.min.css': 'text/css; charset=utf-8',
};

let buildDir: string | undefined;
function yasguiBuildDir(): string {
  buildDir ??= join(dirname(createRequire(import.meta.url).resolve('@zazuko/yasgui/package.json')), 'build');
  return buildDir;
}

const cache = new Map<string, Buffer>();

/** A YASGUI asset, or undefined for any other name. */
export async function yasguiAsset(name: string): Promise<{ body: Buffer; contentType: string } | undefined> {
  const contentType = ASSETS[name];
  if (!contentType) return undefined;
  let body = cache.get(name);
  if (!body) {
    body = await readFile(join(yasguiBuildDir(), name));
    cache.set(name, body);
  }
  return { body, contentType };
}

export interface ExampleQuery {
  name: string;
  query: string;
}

/** The query page: YASGUI on /sparql with the example queries as tabs. */
export function yasguiPage(opts: { endpoint: string; assets: string; examples: ExampleQuery[]; title: string }): string {
  // JSON in a <script> element: "<" is escaped so that no string can close the element.
  const config = JSON.stringify({ endpoint: opts.endpoint, examples: opts.examples }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
<link rel="stylesheet" href="${opts.assets}yasgui.min.css">
<style>body { font-family: system-ui, sans-serif; margin: 0 1rem; } header p { margin: .3rem 0 .8rem; color: #444; }</style>
</head>
<body>
<header><h1>${escapeHtml(opts.title)}</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>${escapeHtml(opts.endpoint)}</code>. The default graph is the union of all graphs; the tabs hold example queries.
API: <a href="/systems">/systems</a>, <a href="/openapi.json">/openapi.json</a>.</p></header>
<div id="yasgui"></div>
<script src="${opts.assets}yasgui.min.js"></script>
<script>
(function () {
  var config = ${config};
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: true,
    yasqe: { autocompleters: ["variables", "prefixes"] }
  });
  var first = yasgui.getTab();
  config.examples.forEach(function (ex, i) {
    var tab = i === 0 && first ? first : yasgui.addTab(false);
    tab.setName(ex.name);
    tab.setQuery(ex.query);
    tab.setEndpoint(endpoint);
  });
  if (first) yasgui.selectTabId(first.getId());
})();
</script>
</body>
</html>
`;
}
