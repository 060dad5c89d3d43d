// The summary of an import: counts, why entries were refused, the warnings, the tiers, how the
// registers' own claims compare with the derived tiers, and the questions still open.
import type { EntryReport, FileReport, ImportRun } from './import-run.js';

export interface ImportSummary {
  format: string;
  files: FileReport[];
  counts: { entries: number; imported: number; importedWithWarnings: number; refused: number };
  tiers: Record<string, number>;
  claims: Record<string, number>;
  questions: { fact: string; question: string; entries: number }[];
  entries: EntryReport[];
}

export function summarise(run: ImportRun): ImportSummary {
  const count = (s: EntryReport['status']) => run.entries.filter((e) => e.status === s).length;
  const tiers: Record<string, number> = {};
  const claims: Record<string, number> = {};
  const questions = new Map<string, { fact: string; question: string; entries: number }>();
  for (const e of run.entries) {
    if (e.status === 'refused') continue;
    if (e.tier) tiers[e.tier] = (tiers[e.tier] ?? 0) + 1;
    if (e.claim) claims[e.claim.verdict] = (claims[e.claim.verdict] ?? 0) + 1;
    for (const q of e.questions ?? []) {
      const cur = questions.get(q.fact) ?? { ...q, entries: 0 };
      cur.entries++;
      questions.set(q.fact, cur);
    }
  }
  return {
    format: run.format,
    files: run.files,
    counts: { entries: run.entries.length, imported: count('imported'), importedWithWarnings: count('imported with warnings'), refused: count('refused') },
    tiers,
    claims,
    questions: [...questions.values()].sort((a, b) => b.entries - a.entries || a.fact.localeCompare(b.fact)),
    entries: run.entries,
  };
}

const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString('en')} ${n === 1 ? word : many}`;
const n = (x: number) => x.toLocaleString('en');
const who = (e: EntryReport) => `${e.name ? `${e.name} ` : ''}(${e.id ? `${e.id}, ` : ''}${e.source})`;

/** The summary for people; at most `limit` entries are listed per section. */
export function formatSummaryText(s: ImportSummary, limit = 100): string {
  const lines: string[] = [];
  const c = s.counts;
  lines.push(
    `${s.format}: ${plural(c.entries, 'entry', 'entries')} in ${plural(s.files.length, 'file')}: ` +
      `${n(c.imported)} imported, ${n(c.importedWithWarnings)} imported with warnings, ${n(c.refused)} refused.`,
  );
  const badFiles = s.files.filter((f) => f.error);
  if (badFiles.length > 0) {
    lines.push('', 'Files with problems:');
    for (const f of badFiles) lines.push(`  ${f.file}: ${f.error}`);
  }
  const section = (title: string, list: EntryReport[], body: (e: EntryReport) => string[]) => {
    if (list.length === 0) return;
    lines.push('', `${title} (${list.length}):`);
    for (const e of list.slice(0, limit)) {
      lines.push(`  ${who(e)}`);
      for (const b of body(e)) lines.push(`    - ${b}`);
    }
    if (list.length > limit) lines.push(`  … and ${list.length - limit} more (--format json lists them all)`);
  };
  section('Refused', s.entries.filter((e) => e.status === 'refused'), (e) => e.reasons);
  section('Imported with warnings', s.entries.filter((e) => e.status === 'imported with warnings'), (e) => e.warnings);

  const imported = s.entries.filter((e) => e.status !== 'refused');
  if (imported.length > 0) {
    lines.push('', `Tiers: ${Object.entries(s.tiers).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}.`);
    const claimed = imported.filter((e) => e.claim);
    if (claimed.length > 0) {
      lines.push(`Risk categories claimed by the register, against the derived tier: ${Object.entries(s.claims).map(([v, n]) => `${n} ${v}`).join(', ')}.`);
      for (const e of claimed.filter((x) => x.claim?.verdict === 'disagrees').slice(0, limit)) {
        lines.push(`  disagrees: ${who(e)} claims "${e.claim!.claimed}" (${e.claim!.claimedTier}), derived ${e.claim!.derivedTier}`);
      }
    }
    const open = imported.filter((e) => (e.questions ?? []).length > 0);
    if (open.length > 0) {
      lines.push('', `To answer before the tier can be decided (${plural(open.length, 'system')}):`);
      for (const e of open.slice(0, limit)) lines.push(`  ${who(e)}: ${e.questions!.map((q) => q.fact).join(', ')}`);
      if (open.length > limit) lines.push(`  … and ${open.length - limit} more`);
      lines.push('', 'The questions:');
      for (const q of s.questions) lines.push(`  ${q.fact} (${plural(q.entries, 'system')}): ${q.question}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatSummaryJson(s: ImportSummary): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}
