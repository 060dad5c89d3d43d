// Import throughput: N synthetic Dutch register entries (bench/generate-nl.mjs, made from the real
// templates in ../shared/samples) read, mapped, validated, classified and written as Turtle,
// with the progress bar on stderr. Target: 2,000 entries in at most 10 s.
// usage: node bench/import.mjs [entries=2000]
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateNlEntries } from './generate-nl.mjs';
import { runImport } from '../dist/interop/import-run.js';
import { IMPORT_FORMATS } from '../dist/interop/formats.js';
import { createProgress } from '../dist/interop/progress.js';
import { writeDescriptions } from '../dist/interop/deliver.js';

const n = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'algoreg-import-bench-'));
try {
  const input = join(dir, 'register.json');
  writeFileSync(input, JSON.stringify(generateNlEntries(n)));
  const progress = createProgress(process.stderr);
  const t0 = performance.now();
  const run = await runImport(IMPORT_FORMATS['nl-algoritmeregister'], [input], { base: 'https://register.example.eu/', at: '2026-11-21', progress });
  const t1 = performance.now();
  const written = await writeDescriptions(join(dir, 'out'), run.imported.map((e) => ({ id: e.id, iri: e.iri, quads: [...e.description, ...e.record] })), progress);
  const t2 = performance.now();
  const refused = run.entries.filter((e) => e.status === 'refused').length;
  const files = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.ttl')).length;
  console.log(`import: ${n} entries → ${run.imported.length} imported, ${refused} refused, ${files} Turtle files`);
  console.log(`  read + map + validate + classify: ${((t1 - t0) / 1000).toFixed(2)} s; write (temp file, fsync, rename): ${((t2 - t1) / 1000).toFixed(2)} s`);
  const total = (t2 - t0) / 1000;
  console.log(`  total ${total.toFixed(2)} s = ${Math.round(n / total)} entries/s (target: ≤ 10 s for 2,000)`);
  if (written.some((w) => !w.ok) || run.imported.length !== n) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
