// Endpoint benchmark over loopback HTTP: the register server (Oxigraph in query workers) against a
// baseline measured in the same run: Comunica over an N3 store with the same quads, behind a
// minimal SPARQL protocol handler. Queries: point, join, aggregate, CONSTRUCT; and PUT.
// usage: node bench/endpoint.mjs [systems=5000] [runs=7] [--no-baseline]
// (--no-baseline: algoreg alone, for registers whose baseline would need more memory than the machine has)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_BASE as BASE, BENCH_TOKEN as TOKEN, startSyntheticServer } from './synthetic-server.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const withBaseline = !process.argv.includes('--no-baseline');
const n = Number(args[0] ?? 5000);
const runs = Number(args[1] ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = () => `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB RSS`; // main thread and query workers

// ---------------------------------------------------------------- queries (same text for both)
const P = 'PREFIX ar: <https://w3id.org/algoreg/ns#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n';
const QUERIES = {
  point: `${P}SELECT ?obligation ?provision ?bearer ?role WHERE {
  ?obligation ar:system <${BASE}system/42> ; ar:bearer ?bearer ; ar:obligationType ?type .
  ?type ar:legalBasis ?provision ; ar:inRole ?role . }`,
  join: `${P}SELECT ?system ?label ?provision ?deadline WHERE {
  ?c a ar:Classification ; ar:system ?system ; ar:riskTier ar:TierHighRisk .
  ?system rdfs:label ?label .
  ?obligation ar:system ?system ; ar:bearer <${BASE}org/7> ; ar:obligationType ?type .
  ?type ar:legalBasis ?provision .
  OPTIONAL { ?type ar:appliesFromAmended ?deadline } } ORDER BY ?deadline ?system`,
  aggregate: `${P}SELECT ?org ?tier (COUNT(DISTINCT ?system) AS ?systems) WHERE {
  ?c a ar:Classification ; ar:system ?system ; ar:riskTier ?tier .
  ?system ar:responsibleOrganisation ?org . } GROUP BY ?org ?tier`,
  construct: `${P}CONSTRUCT { ?system ar:mustComplyWith ?provision } WHERE {
  ?c a ar:Classification ; ar:system ?system ; ar:riskTier ar:TierHighRisk .
  ?obligation ar:system ?system ; ar:obligationType ?type . ?type ar:legalBasis ?provision . }`,
};
const ACCEPT = { point: 'application/sparql-results+json', join: 'application/sparql-results+json', aggregate: 'application/sparql-results+json', construct: 'application/n-triples' };

const DESCRIPTION = (k) => `@prefix ar: <https://w3id.org/algoreg/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<> a ar:AISystem ; rdfs:label "Benchmark system ${k}"@en ; ar:responsibleOrganisation <${BASE}org/7> ;
  ar:contactEmail "bench@example.org" ; ar:isAISystem true ; ar:scopeExclusion ar:NoScopeExclusion ; ar:freeOpenSourceLicence false ;
  ar:domain ar:SocialSecurity ; ar:purpose ar:EvaluateBenefitEligibility ; ar:capability ar:Prediction , ar:Profiling ;
  ar:affectedPersons ar:BenefitApplicants ; ar:locality ar:InternalSystems ; ar:annexILegislation ar:NoAnnexILegislation ;
  ar:isSafetyComponent false ; ar:derogationCondition ar:NoDerogationCondition ; ar:decisionsAboutNaturalPersons true ;
  ar:processesPersonalData true ;
  ar:roleAssignment [ a ar:RoleAssignment ; ar:agent <${BASE}org/7> ; ar:valueChainFact ar:DevelopedInHouse , ar:UsesUnderOwnAuthority , ar:DeterminesPurposesAndMeans ] .`;

async function sparql(url, name) {
  const r = await fetch(`${url}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: ACCEPT[name] }, body: QUERIES[name] });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`${name}: ${r.status} ${text.slice(0, 300)}`);
  return text;
}

function size(name, text) {
  if (name === 'construct') return new Set(text.split('\n').filter(Boolean)).size;
  return JSON.parse(text).results.bindings.length;
}

async function timeQueries(url) {
  const out = {};
  for (const name of Object.keys(QUERIES)) {
    let t = performance.now();
    const first = await sparql(url, name);
    const cold = performance.now() - t;
    const times = [];
    // A slow engine gets fewer runs (at least one after the cold one): the median stays honest
    // and the benchmark finishes.
    const budget = performance.now() + 60_000;
    for (let i = 0; i < runs && (i === 0 || performance.now() < budget); i++) {
      t = performance.now();
      await sparql(url, name);
      times.push(performance.now() - t);
    }
    out[name] = { cold, warm: median(times), runs: times.length, results: size(name, first) };
  }
  return out;
}

// Throughput and latency measured by bench/load.mjs in its own process (the algoreg server runs in
// this one: a client here would take CPU from the server it measures).
async function throughput(url, name, connections, seconds) {
  const bodyFile = join(dir, `${name}.rq`);
  await writeFile(bodyFile, QUERIES[name]);
  const child = spawn(process.execPath, [fileURLToPath(new URL('./load.mjs', import.meta.url)), `${url}sparql`, String(connections), String(seconds), ACCEPT[name], bodyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await once(child, 'exit');
  const r = JSON.parse(out);
  if (r.errors) throw new Error(`${name} under load: ${r.errors} failed requests`);
  return r;
}

async function timePuts(url, prefix, count) {
  const times = [];
  for (let k = 0; k < count; k++) {
    const t = performance.now();
    const r = await fetch(`${url}systems/${prefix}-${k}`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/turtle' }, body: DESCRIPTION(k) });
    const text = await r.text();
    if (r.status !== 201 && r.status !== 200 && r.status !== 204) throw new Error(`PUT ${r.status}: ${text.slice(0, 300)}`);
    times.push(performance.now() - t);
  }
  return { first: times[0], warm: median(times.slice(1)) };
}

// ---------------------------------------------------------------- baseline: Comunica over N3
// In its own process, so that neither server's heap slows the other (or the client) down.
function startBaseline(file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=12000', fileURLToPath(new URL('./comunica-endpoint.mjs', import.meta.url)), file, BASE], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        const info = JSON.parse(out);
        resolve({ ...info, pid: child.pid, close: () => new Promise((r) => (child.on('exit', r), child.kill('SIGTERM'))) });
      }
    });
    child.on('exit', (code) => reject(new Error(`baseline exited with ${code}`)));
  });
}

const rss = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? `${Math.round(Number(m[1]) / 1024)} MB RSS` : 'RSS unknown';
};

// algoreg alone: the same measurements, no ratios.
async function alone(server) {
  const ours = await timeQueries(server.url);
  const point = await throughput(server.url, 'point', 8, 5);
  const put = await timePuts(server.url, 'bench-put', 30);
  const f = (ms) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toString());
  console.log(`\n| operation | results | algoreg cold ms | algoreg median ms |`);
  console.log(`| --- | --- | --- | --- |`);
  for (const [name, r] of Object.entries(ours)) console.log(`| ${name} | ${r.results} | ${f(r.cold)} | ${f(r.warm)} |`);
  console.log(`| point, 8 connections, 5 s | | | ${Math.round(point.rps)} req/s, p99 ${f(point.p99)} ms |`);
  console.log(`| PUT (gate + classify + WAL) | | ${f(put.first)} | ${f(put.warm)} |`);
  console.log(`\n(no baseline: --no-baseline; ${mb()} after the run)`);
}

// ---------------------------------------------------------------- run
const dir = await mkdtemp(join(tmpdir(), 'algoreg-bench-'));
try {
  const { server, file, startMs } = await startSyntheticServer(dir, n, { dataDir: join(dir, 'data'), timeoutMs: 120_000 });
  const triples = server.register.size();
  console.log(`algoreg serve: ${n} systems, ${triples.toLocaleString('en')} triples (register + derived), started in ${(startMs / 1000).toFixed(1)} s (load, classify, 2 query workers); ${mb()} with the workers`);

  if (!withBaseline) {
    await alone(server);
    await server.close();
    process.exit(0);
  }
  // The baseline gets exactly the quads the query workers hold, as N-Quads.
  const nq = join(dir, 'register.nq');
  const out = createWriteStream(nq);
  let graphs = [];
  await server.register.snapshot((g) => (graphs = g));
  for (const g of graphs) for (const chunk of g.chunks) if (!out.write(chunk.replace(/ \.\n/g, ` <${g.graph}> .\n`))) await once(out, 'drain');
  graphs = [];
  await new Promise((r) => out.end(r));
  const baseline = await startBaseline(nq);
  console.log(`baseline (Comunica ${(await import('@comunica/query-sparql/package.json', { with: { type: 'json' } })).default.version} over an N3 store, own process): ${baseline.quads.toLocaleString('en')} quads loaded in ${(baseline.loadMs / 1000).toFixed(1)} s; ${rss(baseline.pid)}`);

  const ours = await timeQueries(server.url);
  const theirs = await timeQueries(baseline.url);
  const rows = [];
  for (const name of Object.keys(QUERIES)) {
    if (ours[name].results !== theirs[name].results) console.log(`  note: ${name} returned ${ours[name].results} results here, ${theirs[name].results} in the baseline`);
    if (theirs[name].runs < runs) console.log(`  note: ${name}: the baseline was timed ${theirs[name].runs} times after the cold run (a minute's budget)`);
    rows.push([name, ours[name].results, ours[name].cold, ours[name].warm, theirs[name].warm, theirs[name].warm / ours[name].warm]);
  }
  const pointRps = await throughput(server.url, 'point', 8, 5);
  const pointRpsBase = await throughput(baseline.url, 'point', 8, 5);
  const put = await timePuts(server.url, 'bench-put', 30);
  const putBase = await timePuts(baseline.url, 'bench-put', 30);

  const f = (ms) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toString());
  console.log(`\n| operation | results | algoreg cold ms | algoreg median ms | baseline median ms | baseline / algoreg |`);
  console.log(`| --- | --- | --- | --- | --- | --- |`);
  for (const [name, results, cold, warm, base, ratio] of rows) console.log(`| ${name} | ${results} | ${f(cold)} | ${f(warm)} | ${f(base)} | ${ratio.toFixed(1)}x |`);
  console.log(`| point, 8 connections, 5 s | | | ${Math.round(pointRps.rps)} req/s, p99 ${f(pointRps.p99)} ms | ${Math.round(pointRpsBase.rps)} req/s, p99 ${f(pointRpsBase.p99)} ms | ${(pointRps.rps / pointRpsBase.rps).toFixed(1)}x |`);
  console.log(`| PUT (gate + classify + WAL) | | ${f(put.first)} | ${f(put.warm)} | ${f(putBase.warm)} (parse + replace graph only) | ${(putBase.warm / put.warm).toFixed(2)}x |`);
  console.log(`\n(queries: median of ${runs} runs over loopback HTTP after one cold run; PUT: the first, then the median of the next 29; an algoreg PUT is durable: write-ahead log + fdatasync)`);
  await baseline.close();
  await server.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
