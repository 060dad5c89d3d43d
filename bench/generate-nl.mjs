// Synthetic Dutch Algoritmeregister entries (publication standard 1.0) made from the real
// registration templates in ../shared/samples/nl-algoritmeregister (read at run time, never
// copied): each entry is a template with a register id (lars), a municipality, a status, a
// publication category and, for some, HTML lists, legacy keys and an impact assessment.
// usage: node bench/generate-nl.mjs <entries> [out.json]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLES_DIR = fileURLToPath(new URL('../../shared/samples/nl-algoritmeregister/', import.meta.url));

/** The templates: every entry of every sample file except the field configuration. */
export function loadTemplates(dir = SAMPLES_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('schema'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

const STATUS = ['In gebruik', 'In gebruik', 'In gebruik', 'In ontwikkeling', 'Buiten gebruik'];
const CATEGORY = ['Impactvolle algoritmes', 'Overige algoritmes', 'Impactvolle algoritmes', 'Hoog-risico AI-systeem'];

/** `n` entries, deterministic. */
export function generateNlEntries(n, templates = loadTemplates()) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = templates[i % templates.length];
    const town = i % 342;
    const e = { ...t };
    delete e.id;
    e.lars = String(10_000_000 + i);
    e.name = `${t.name} ${Math.floor(i / templates.length) + 1}`.slice(0, 100);
    e.organization = `Gemeente Voorbeeld ${town}`;
    e.owner = `gm${String(1000 + town).padStart(4, '0')}`;
    e.contact_email = `algoritmes@voorbeeld${town}.example.nl`;
    e.status = STATUS[i % STATUS.length];
    e.publication_category = CATEGORY[i % CATEGORY.length];
    e.publication_dt = `2026-0${1 + (i % 9)}-1${i % 10}T10:00:00`;
    if (i % 3 === 0) e.human_intervention = `<p>Een medewerker beoordeelt elke uitkomst.</p><ul><li>steekproef ${i % 10}%</li><li>klachtenprocedure</li></ul>`;
    if (i % 4 === 0) e.impacttoetsen_grouping = [{ title: 'Data Protection Impact Assessment (DPIA)', link: `https://voorbeeld${town}.example.nl/dpia/${i}` }];
    if (i % 5 === 0) e.objection_procedure = 'Bezwaar kan binnen zes weken.';
    out.push(e);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number(process.argv[2] ?? 2000);
  const json = JSON.stringify(generateNlEntries(n), null, 1);
  if (process.argv[3]) writeFileSync(process.argv[3], json);
  else process.stdout.write(json);
}
