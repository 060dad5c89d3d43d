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
    const dpia = dpiaLine(sys);
    if (dpia) lines.push(`  ${dpia}`);
    for (const r of sys.requirements) lines.push(`  contract: ${r.organisationLabel ?? r.organisation}: ${r.title} [${r.provision}]`);
    lines.push('');
  }
  return lines.join('\n');
}

// The EDPB criteria for a DPIA (GDPR Art 35(1)) the system meets, and those still open.
function dpiaLine(sys: SystemClassification): string | null {
  const name = (c: string) => c.replace(/^Criterion/, '');
  const { met, open } = sys.dpiaCriteria;
  if (met.length === 0 && open.length === 0) return null;
  return `DPIA criteria (EDPB): ${met.length} met${met.length ? ` (${met.map(name).join(', ')})` : ''}${open.length ? `; open: ${open.map(name).join(', ')}` : ''}`;
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
  const dpia = dpiaLine(sys);
  if (dpia) lines.push('', `  ${dpia}`);
  if (sys.requirements.length) {
    lines.push('', '  Contract requirements (OASC MIM5, MCC-AI):');
    for (const r of sys.requirements) lines.push(`    - ${r.organisationLabel ?? r.organisation}: ${r.title}`, `      ${r.provision}; rule ${r.rule}`);
  }
  return lines.join('\n');
}
