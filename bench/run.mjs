// npm run bench: every benchmark, each printing ratios against a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const systems = process.env.BENCH_SYSTEMS ?? '20000';
const benches = [
  ['classify.mjs', systems],
  // the register server over loopback HTTP, against Comunica over N3 on the same quads. 5,000
  // systems make about 1.2 M triples with the derived graph; 20,000 make 4.4 M (8 GB RSS, 4 GB more for the baseline).
  ['endpoint.mjs', process.env.BENCH_ENDPOINT_SYSTEMS ?? '5000'],
  // algoreg import: Dutch register entries made from the templates in ../shared/samples (target ≤ 10 s for 2,000).
  ['import.mjs', process.env.BENCH_IMPORT_ENTRIES ?? '2000'],
  // the web pages (src/serve/pages): each page type's time over loopback HTTP against GET /openapi.json (target ≤ 100 ms at 20,000 systems).
  ['pages.mjs', systems],
];
for (const [script, ...args] of benches) {
  console.log(`\n== ${script} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', `${here}${script}`, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
