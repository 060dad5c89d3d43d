// An import: read the files, map every entry, validate (SHACL) and classify (the rules) what was
// mapped, compare the registers' own risk claims with the derived tiers. Writing or sending the
// descriptions is the caller's (deliver.ts): this module has no side effects beyond reading.
import type { Quad } from '@rdfjs/types';
import { loadShapes, validate, type ValidationResult } from '../validate/index.js';
import { defaultClassifier, storeWith, type ClassificationRun, type SystemClassification } from '../reason/index.js';
import type { CalendarName } from '../reason/calendar.js';
import type { Tier } from '../reason/decide.js';
import { compareClaim, type ClaimComparison } from './claims.js';
import { termKey } from './graph-view.js';
import { importEntry, type ImportedEntry } from './import-entry.js';
import { isJsonObject } from './json.js';
import { OrganisationRegistry } from './organisations.js';
import { createProgress, type Progress } from './progress.js';
import { expandRegisterInputs, readRegisterFile, type RawEntry } from './read-entries.js';
import type { FormatSpec } from './spec.js';

export interface ImportRunOptions {
  base: string;
  organisation?: string;
  /** Refuse entries that have warnings. */
  strict?: boolean;
  calendar?: CalendarName;
  at?: string;
  progress?: Progress;
  /** Entries validated per SHACL run. */
  validateChunk?: number;
  /**
   * Further descriptions to classify the entries with (e.g. the determinants a city keeps for its
   * register entries, under the same system IRIs): the registers' formats carry none.
   */
  context?: readonly Quad[];
}

export type EntryStatus = 'imported' | 'imported with warnings' | 'refused';

export interface EntryReport {
  source: string;
  id?: string;
  iri?: string;
  name?: string;
  status: EntryStatus;
  /** Why the entry was refused. */
  reasons: string[];
  warnings: string[];
  tier?: Tier;
  /** The questions to answer before the tier can be decided (classification `missing`). */
  questions?: { fact: string; question: string }[];
  claim?: ClaimComparison;
}

export interface FileReport {
  file: string;
  entries: number;
  error?: string;
}

export interface ImportRun {
  format: string;
  files: FileReport[];
  entries: EntryReport[];
  /** The entries that were imported, with their triples, in input order. */
  imported: ImportedEntry[];
  classification?: ClassificationRun;
}

const SH = 'http://www.w3.org/ns/shacl#';
const TARGETS = new Set([`${SH}targetClass`, `${SH}targetNode`, `${SH}targetSubjectsOf`, `${SH}targetObjectsOf`]);

/**
 * The shapes an import validates against: the storage gate, i.e. every shape of severity
 * Violation (the Warning and Info shapes lose their targets). The Warnings are the determinant
 * questions, which come from the classification (it asks only those that can still change the
 * tier); the Infos are publication hints. Leaving both out of SHACL makes validating thousands
 * of entries several times faster and changes no entry's outcome.
 */
export async function gateShapes(): Promise<Quad[]> {
  const shapes = await loadShapes();
  const soft = new Set(shapes.filter((q) => q.predicate.value === `${SH}severity` && q.object.value !== `${SH}Violation`).map((q) => q.subject.value));
  return shapes.filter((q) => !(TARGETS.has(q.predicate.value) && soft.has(q.subject.value)));
}

function violationText(r: ValidationResult): string {
  const where = r.path ? ` (${r.path.replace(/^.*[#/]/, '')}${r.value ? ` = ${r.value}` : ''})` : '';
  return `${r.message}${where}`;
}

export async function runImport(spec: FormatSpec, paths: string[], opts: ImportRunOptions): Promise<ImportRun> {
  const progress = opts.progress ?? createProgress(undefined);
  const files: FileReport[] = [];
  const raw: RawEntry[] = [];
  const { files: found, missing } = await expandRegisterInputs(paths);
  for (const m of missing) files.push({ file: m, entries: 0, error: 'no such file or directory' });
  for (const f of found) {
    const read = await readRegisterFile(f, spec);
    files.push({ file: f, entries: read.entries.length, ...(read.error ? { error: read.error } : {}) });
    raw.push(...read.entries);
  }

  // Organisations: learn name ↔ identifier pairs from every entry first.
  const orgs = new OrganisationRegistry(opts.base);
  const responsibleKey = spec.fields.find((f) => f.map?.kind === 'organisation' && f.map.relation === 'responsible')?.key;
  const idKeys = spec.fields.filter((f) => f.map?.kind === 'organisationId').map((f) => f.key);
  for (const r of raw) {
    if (!isJsonObject(r.value) || !responsibleKey) continue;
    const name = r.value[responsibleKey];
    const id = idKeys.map((k) => (isJsonObject(r.value) ? r.value[k] : undefined)).find((v) => typeof v === 'string' && v.trim() !== '');
    orgs.learn(typeof name === 'string' ? name : undefined, typeof id === 'string' ? id : undefined);
  }

  // Map.
  const reports: EntryReport[] = [];
  const accepted: { entry: ImportedEntry; report: EntryReport }[] = [];
  const seen = new Map<string, string>();
  progress.stage('mapping', raw.length);
  raw.forEach((r, i) => {
    if (r.error) {
      reports.push({ source: r.source, status: 'refused', reasons: [r.error], warnings: [] });
    } else {
      const result = importEntry(spec, r.value, r.source, { base: opts.base, orgs, organisation: opts.organisation, bnodePrefix: `e${i + 1}_` });
      if (!result.ok) {
        reports.push({ source: r.source, id: result.id, name: result.name, status: 'refused', reasons: result.reasons, warnings: [] });
      } else if (seen.has(result.id)) {
        reports.push({ source: r.source, id: result.id, name: result.name, status: 'refused', reasons: [`same register id as ${seen.get(result.id)}: only the first is imported`], warnings: result.warnings });
      } else if (opts.strict && result.warnings.length > 0) {
        reports.push({ source: r.source, id: result.id, name: result.name, status: 'refused', reasons: ['--strict: the entry has warnings', ...result.warnings], warnings: [] });
      } else {
        seen.set(result.id, r.source);
        const report: EntryReport = {
          source: r.source, id: result.id, iri: result.iri, name: result.name,
          status: result.warnings.length > 0 ? 'imported with warnings' : 'imported',
          reasons: [], warnings: result.warnings,
        };
        reports.push(report);
        accepted.push({ entry: result, report });
      }
    }
    progress.update(i + 1);
  });
  progress.end();

  // Validate the descriptions (the source records are algoreg's own bookkeeping), in chunks: a
  // Violation refuses the entries whose nodes it is about.
  const shapes = await gateShapes();
  const chunk = Math.max(1, opts.validateChunk ?? 500);
  const refusedBySHACL = new Set<number>();
  progress.stage('validating', accepted.length);
  for (let start = 0; start < accepted.length; start += chunk) {
    const part = accepted.slice(start, start + chunk);
    const owners = new Map<string, number[]>();
    const quads: Quad[] = [];
    part.forEach(({ entry }, k) => {
      for (const q of entry.description) {
        quads.push(q);
        const key = termKey(q.subject);
        const list = owners.get(key);
        if (!list) owners.set(key, [start + k]);
        else if (list[list.length - 1] !== start + k) list.push(start + k);
      }
    });
    const report = await validate(quads, { shapes });
    for (const r of report.results) {
      if (r.severity !== 'Violation') continue;
      for (const idx of owners.get(r.focusNode) ?? []) {
        const target = accepted[idx]!.report;
        target.status = 'refused';
        const text = `SHACL: ${violationText(r)}`;
        if (!target.reasons.includes(text)) target.reasons.push(text);
        refusedBySHACL.add(idx);
      }
    }
    progress.update(Math.min(accepted.length, start + chunk));
  }
  progress.end();
  const kept = accepted.filter((_, i) => !refusedBySHACL.has(i));

  // Classify everything that was imported, in one store.
  let classification: ClassificationRun | undefined;
  if (kept.length > 0) {
    progress.stage('classifying', kept.length);
    classification = await defaultClassifier().classifyStore(storeWith([...(opts.context ?? []), ...kept.flatMap((k) => k.entry.description)]), { calendar: opts.calendar, at: opts.at });
    progress.end();
    const byIri = new Map<string, SystemClassification>(classification.systems.map((s) => [s.iri, s]));
    for (const { entry, report } of kept) {
      const sys = byIri.get(entry.iri);
      if (!sys) continue;
      report.tier = sys.riskTier;
      report.questions = sys.missing.map((m) => ({ fact: m.fact, question: m.question }));
      if (entry.claim) report.claim = compareClaim(entry.claim.value, entry.claim.tier, sys.riskTier);
    }
  }
  return { format: spec.name, files, entries: reports, imported: kept.map((k) => k.entry), classification };
}
