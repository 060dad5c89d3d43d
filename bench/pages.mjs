// Web pages benchmark over loopback HTTP: each page type of src/serve/pages with a synthetic
// register, against a baseline measured in the same run: GET /openapi.json (a small JSON
// document built per request, no register work). Target: every page ≤ 100 ms server time at 20,000 systems.
// usage: node bench/pages.mjs [systems=20000] [runs=9]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_BASE as BASE, BENCH_TOKEN as TOKEN, startSyntheticServer } from './synthetic-server.mjs';

const n = Number(process.argv[2] ?? process.env.BENCH_SYSTEMS ?? 20000);
const runs = Number(process.argv[3] ?? 9);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (ms) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toString());

const DESCRIPTION = `@prefix ar: <https://w3id.org/algoreg/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<> a ar:AISystem ; rdfs:label "Benchmark maintainer system"@en ; ar:responsibleOrganisation <${BASE}org/7> ;
  ar:contactEmail "bench@example.org" ; ar:isAISystem true ; ar:scopeExclusion ar:NoScopeExclusion ;
  ar:domain ar:SocialSecurity ; ar:purpose ar:EvaluateBenefitEligibility ; ar:capability ar:Prediction , ar:Profiling ;
  ar:affectedPersons ar:BenefitApplicants ; ar:locality ar:InternalSystems ;
  ar:roleAssignment [ a ar:RoleAssignment ; ar:agent <${BASE}org/7> ; ar:valueChainFact ar:DevelopedInHouse , ar:UsesUnderOwnAuthority , ar:DeterminesPurposesAndMeans ] .`;

async function get(url, accept = 'text/html') {
  const t = performance.now();
  const r = await fetch(url, { headers: { accept } });
  const body = await r.text();
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${body.slice(0, 300)}`);
  return { ms, bytes: body.length, body };
}

async function time(url, accept) {
  const first = await get(url, accept);
  const times = [];
  for (let i = 0; i < runs; i++) times.push((await get(url, accept)).ms);
  return { cold: first.ms, warm: median(times), max: Math.max(...times), bytes: first.bytes };
}

const dir = await mkdtemp(join(tmpdir(), 'algoreg-bench-pages-'));
try {
  const { server, startMs } = await startSyntheticServer(dir, n);
  console.log(`algoreg serve: ${server.register.classifications.size} systems classified, started in ${(startMs / 1000).toFixed(1)} s`);
  const u = server.url;
  // The server builds the pages' view (labels, indexes, deadlines) just after it starts: the first
  // request waits for that build, so it is timed on its own.
  const t = performance.now();
  await get(`${u}register/systems`);
  const buildMs = performance.now() - t;

  const orgs = (await get(`${u}register/organisations`)).body;
  const orgId = /href="\/register\/organisations\/([^"?]+)"/.exec(orgs)[1];
  const pages = [
    ['home', `${u}`],
    ['home, Dutch', `${u}?lang=nl`],
    ['list, all', `${u}register/systems`],
    ['list, page 200', `${u}register/systems?page=200`],
    ['list, tier=high-risk', `${u}register/systems?tier=high-risk`],
    ['list, search "benefit"', `${u}register/systems?q=benefit`],
    ['list, 3 filters + search', `${u}register/systems?tier=high-risk&domain=SocialSecurity&annex=5&q=system`],
    ['system page', `${u}system/42`],
    ['system page, Dutch, adopted', `${u}system/42?lang=nl&calendar=adopted`],
    ['organisations', `${u}register/organisations`],
    [`organisation (largest, ${orgId})`, `${u}register/organisations/${orgId}`],
    ['maintainer overview', `${u}register/maintainer`],
  ];
  const baseline = await time(`${u}openapi.json`, 'application/json');
  const rows = [];
  for (const [name, url] of pages) rows.push([name, await time(url)]);

  // A write: the view is rebuilt on the next page request; the maintainer page validates the record once.
  const put = await fetch(`${u}systems/bench-maintainer`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/turtle' }, body: DESCRIPTION });
  if (put.status !== 201) throw new Error(`PUT ${put.status}: ${await put.text()}`);
  const afterWrite = await get(`${u}register/systems`);
  rows.push(['maintainer, one system (SHACL of its record)', await time(`${u}register/maintainer/bench-maintainer`)]);

  console.log(`first page request right after start (the view is built before the server counts as started): ${f(buildMs)} ms; first request after a PUT (the view updated for what the write changed): ${f(afterWrite.ms)} ms`);
  console.log(`\n| page | KB | first ms | median ms | max ms | median / baseline |`);
  console.log(`| --- | --- | --- | --- | --- | --- |`);
  console.log(`| baseline: GET /openapi.json | ${Math.round(baseline.bytes / 1024)} | ${f(baseline.cold)} | ${f(baseline.warm)} | ${f(baseline.max)} | 1.0x |`);
  for (const [name, r] of rows) console.log(`| ${name} | ${Math.round(r.bytes / 1024)} | ${f(r.cold)} | ${f(r.warm)} | ${f(r.max)} | ${(r.warm / baseline.warm).toFixed(1)}x |`);
  const worst = rows.reduce((a, b) => (b[1].warm > a[1].warm ? b : a));
  console.log(`\n(${n} systems; median of ${runs} runs over loopback HTTP after one first run; slowest page median ${f(worst[1].warm)} ms: ${worst[0]}; target ≤ 100 ms)`);
  await server.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
