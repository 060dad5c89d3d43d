// `algoreg import` and `algoreg export`.
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { InputError } from '../ingest/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import { loadInputs } from '../cli/load-inputs.js';
import { defaultClassifier, storeWith } from '../reason/index.js';
import type { CalendarName } from '../reason/calendar.js';
import { putDescriptions, writeDescriptions, writeFileAtomic, type DeliveryResult } from './deliver.js';
import { annexViiiQuads, annexViiiRecords, exportSystems, type AnnexViiiSection, type ExportFormat } from './export/index.js';
import { IMPORT_FORMATS } from './formats.js';
import { entryQuads } from './import-entry.js';
import { runImport } from './import-run.js';
import { createProgress } from './progress.js';
import type { FormatName } from './spec.js';
import { formatSummaryJson, formatSummaryText, summarise } from './summary.js';
import { toTurtle } from './turtle.js';

export type Output = (text: string) => void;

export const DEFAULT_IMPORT_BASE = 'https://register.example.eu/';

function checkBase(base: string): string {
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(base)) throw new InputError(`--base expects an http(s) IRI, got "${base}"`, 'command line');
  return /[/#]$/.test(base) ? base : `${base}/`;
}

export interface ImportCliOptions {
  from: FormatName;
  out?: string;
  to?: string;
  base: string;
  organisation?: string;
  strict?: boolean;
  context?: string[];
  format: 'text' | 'json';
  calendar: CalendarName;
  at?: string;
}

export async function importCommand(files: string[], o: ImportCliOptions, out: Output, err: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const spec = IMPORT_FORMATS[o.from];
  const base = checkBase(o.base);
  const token = env.ALGOREG_TOKEN;
  if (o.to) {
    if (!/^https?:\/\//.test(o.to)) throw new InputError(`--to expects the register's http(s) address, got "${o.to}"`, 'command line');
    if (!token) throw new InputError('--to needs a write token in the environment variable ALGOREG_TOKEN', 'command line');
  }
  const context = o.context && o.context.length > 0 ? (await loadInputs(o.context)).quads : undefined;
  const progress = createProgress(process.stderr);
  const run = await runImport(spec, files, { base, organisation: o.organisation, strict: o.strict, calendar: o.calendar, at: o.at, progress, context });

  const items = run.imported.map((e) => ({ id: e.id, iri: e.iri, quads: entryQuads(e) }));
  const apply = (results: DeliveryResult[], what: string) => {
    for (const r of results) {
      if (r.ok) continue;
      const report = run.entries.find((e) => e.id === r.id && e.status !== 'refused');
      if (report) {
        report.status = 'refused';
        report.reasons.push(`not ${what}: ${r.detail}`);
      }
    }
  };
  if (o.out && items.length > 0) apply(await writeDescriptions(o.out, items, progress), 'written');
  if (o.to && token && items.length > 0) apply(await putDescriptions(o.to, items.filter((i) => run.entries.some((e) => e.id === i.id && e.status !== 'refused')), { token, progress }), 'stored');

  const summary = summarise(run);
  out(o.format === 'json' ? formatSummaryJson(summary) : formatSummaryText(summary));
  if (run.files.some((f) => f.error)) return EXIT.badInput;
  return summary.counts.refused > 0 ? EXIT.violation : EXIT.ok;
}

export interface ExportCliOptions {
  to: ExportFormat;
  section?: AnnexViiiSection;
  out?: string;
  format: 'json' | 'turtle';
  lang?: string;
  system?: string[];
  calendar: CalendarName;
  at?: string;
  base?: string;
}

export async function exportCommand(inputs: string[], o: ExportCliOptions, out: Output, err: Output): Promise<number> {
  if (o.format === 'turtle' && o.to !== 'annex-viii') throw new InputError('--format turtle is for --to annex-viii; the register formats are JSON', 'command line');
  if (o.section && o.to !== 'annex-viii') throw new InputError('--section is for --to annex-viii', 'command line');
  const { quads } = await loadInputs(inputs);
  const run = await defaultClassifier().classifyStore(storeWith(quads), { calendar: o.calendar, at: o.at, base: o.base });
  const input = { quads, classification: run };
  const systems = o.system && o.system.length > 0 ? o.system : undefined;

  if (o.format === 'turtle') {
    const records = annexViiiRecords(input, { systems, section: o.section });
    const text = toTurtle(annexViiiQuads(records, o.base));
    if (o.out) {
      await mkdir(o.out, { recursive: true });
      const file = join(o.out, `annex-viii${o.section ? `-${o.section}` : ''}.ttl`);
      await writeFileAtomic(file, text);
      err(`wrote ${records.length} registration record(s) to ${file}`);
    } else out(text);
    return EXIT.ok;
  }

  const docs = exportSystems(o.to, input, { systems, section: o.section, lang: o.lang });
  for (const d of docs) for (const n of d.notes) err(`${d.id}: ${n}`);
  if (systems) {
    const missing = systems.filter((s) => !docs.some((d) => d.system === s));
    for (const m of missing) err(`no ${o.to} export for <${m}>${o.to === 'annex-viii' ? ' (no registration obligation derived for it)' : ' (not a system in the inputs)'}`);
  }
  if (o.out) {
    await mkdir(o.out, { recursive: true });
    for (const d of docs) await writeFileAtomic(join(o.out, `${d.id}.json`), `${JSON.stringify(d.json, null, 2)}\n`);
    err(`wrote ${docs.length} file(s) to ${o.out}`);
  } else {
    out(`${JSON.stringify(docs.map((d) => d.json), null, 2)}\n`);
  }
  return EXIT.ok;
}
