import type { ClassificationRun, SystemClassification, ExplanationStep } from './classify.js';

/** JSON output of `algoreg classify` (documented by schemas/classification.schema.json). */
export function formatRunJson(run: ClassificationRun): string {
  return JSON.stringify({ calendar: run.calendar, at: run.at, rulesetVersion: run.rulesetVersion, systems: run.systems }, null, 2);
}

const name = (sys: SystemClassification) => (sys.label ? `${sys.label} <${sys.iri}>` : `<${sys.iri}>`);

function tierLine(sys: SystemClassification): string {
  const parts: string[] = [sys.riskTier];
  if (sys.highRiskRoute) parts.push(`via Art ${sys.highRiskRoute}`);
  if (sys.annexIII.length) parts.push(`Annex III ${sys.annexIII.join(', ')}`);
  if (sys.annexI.length) parts.push(`Annex I ${sys.annexI.join(', ')}`);
  if (sys.prohibitedPractices.length) parts.push(`Art ${sys.prohibitedPractices.join(', ')}`);
  if (sys.transparency.length) parts.push(`transparency Art ${sys.transparency.join(', ')}`);
  if (sys.gpai) parts.push(`general-purpose AI model${sys.gpai.systemicRisk ? ' with systemic risk' : sys.gpai.systemicRisk === null ? ' (systemic risk undetermined)' : ''}`);
  return parts.join('; ');
}

/** Human-readable classification, one block per system. */
export function formatRunText(run: ClassificationRun): string {
  const lines: string[] = [`Classified ${run.systems.length} system(s) under the ${run.calendar} calendar, as of ${run.at}.`, ''];
  for (const sys of run.systems) {
    lines.push(name(sys), `  tier: ${tierLine(sys)}`);
    for (const r of sys.roles) lines.push(`  role: ${r.organisationLabel ?? r.organisation} is ${r.role} (${r.provision})`);
    for (const m of sys.missing) lines.push(`  to answer: ${m.question}`);
    for (const o of sys.obligations) {
      const when = o.appliesFrom ? `from ${o.appliesFrom}` : 'date unclear';
      const state = o.inForceOn === true ? 'in force' : o.inForceOn === false ? 'not yet in force' : 'in force: unclear';
      lines.push(`  obligation: ${o.organisationLabel ?? o.organisation} (${o.role}): ${o.title} [${o.provision}; ${when}; ${state}]`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function stepLines(s: ExplanationStep): string[] {
  const facts = Object.entries(s.inputs).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  return [
    `  ${s.certain ? '✓' : '?'} rule ${s.rule} (${s.ruleFile})`,
    `      facts:     ${facts.join('; ') || '(none)'}`,
    `      provision: ${s.provision}${s.eurLex ? ` <${s.eurLex}>` : ''}`,
    `      outcome:   ${s.outcome}${s.note ? ` (${s.note})` : ''}`,
    `      why:       ${s.text}`,
  ];
}

/** The derivation chain of one system: facts → rule → provision → outcome. */
export function formatExplain(sys: SystemClassification, run: ClassificationRun): string {
  const lines = [name(sys), `  tier: ${tierLine(sys)}  (${run.calendar} calendar, as of ${run.at}; rules ${run.rulesetVersion})`, ''];
  for (const s of sys.explanation) lines.push(...stepLines(s));
  if (sys.missing.length) {
    lines.push('', '  Still to answer before the tier can be decided:');
    for (const m of sys.missing) lines.push(`    - ${m.question} (${m.fact})`);
  }
  if (sys.obligations.length) {
    lines.push('', '  Obligations:');
    for (const o of sys.obligations) {
      lines.push(`    - ${o.organisationLabel ?? o.organisation} as ${o.role}: ${o.title}`);
      lines.push(`      ${o.provision}; rule ${o.rule}; applies from ${o.appliesFrom ?? 'unclear'} (adopted ${o.appliesFromAdopted ?? '-'}, amended ${o.appliesFromAmended ?? 'unclear'})${o.dateNote ? `\n      note: ${o.dateNote}` : ''}`);
    }
  }
  return lines.join('\n');
}
