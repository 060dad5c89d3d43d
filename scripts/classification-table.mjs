// Regenerates the sample register's classification table in README.md from `algoreg classify`.
// usage: npm run readme:table
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const run = JSON.parse(execFileSync(process.execPath, ['bin/algoreg.js', 'classify', 'examples/', '--format', 'json', '--at', '2026-11-21'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
const GDPR = new Set(['controller', 'processor', 'joint-controller']);
const TEMPLATE = { MCCAIHighRisk: 'MCC-AI High-Risk', MCCAILight: 'MCC-AI Light' };
const rows = ['| system | tier | route / points | AI Act roles | obligations | GDPR provisions | contract (MIM5 + template) |', '| --- | --- | --- | --- | --- | --- | --- |'];
for (const s of run.systems) {
  const points = [
    ...s.annexIII.map((p) => `Annex III ${p}`),
    ...s.annexI.map((p) => `Annex I ${p}`),
    ...s.prohibitedPractices.map((p) => `Art ${p}`),
    ...s.transparency.map((p) => `Art ${p}`),
  ];
  if (s.gpai) points.push(`GPAI model${s.gpai.systemicRisk ? ' with systemic risk' : ''}`);
  const derogation = s.explanation.find((e) => e.certain && e.outcome.startsWith('derogation'));
  let tier = s.riskTier + (s.highRiskRoute ? ` (Art ${s.highRiskRoute})` : '');
  if (derogation) tier += ` (${derogation.provision.replace('AI Act ', '')} derogation)`;
  if (s.missing.length) tier += ` — to answer: ${s.missing.map((m) => m.fact).join(', ')}`;
  const roles = [...new Set(s.roles.filter((r) => !GDPR.has(r.role)).map((r) => `${r.organisationLabel ?? r.organisation}: ${r.role}`))].join('; ');
  // GDPR: the provisions of the GDPR obligations (Art 9, 22, 26, 28, 30, 35, 37), e.g. 35(3)(a)
  const gdpr = [...new Set(s.obligations.filter((o) => o.provisionIri.includes('/law/gdpr/')).map((o) => o.provision.replace('GDPR Art ', '')))]
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  // Procurement: per buyer, the MCC-AI template (MIM5 alone while the tier is undetermined)
  const buyers = new Map();
  for (const r of s.requirements) {
    const b = r.organisationLabel ?? r.organisation;
    if (!buyers.has(b)) buyers.set(b, 'MIM5');
    if (r.template) buyers.set(b, `MIM5 + ${TEMPLATE[r.template] ?? r.template}`);
  }
  const contract = [...buyers].map(([b, t]) => `${b}: ${t}`).join('; ');
  rows.push(`| ${[s.label, tier, points.join(', ') || '–', roles || '–', s.obligations.length, gdpr.join(', ') || '–', contract || '–'].join(' | ')} |`);
}
const readme = readFileSync('README.md', 'utf8').replace(
  /<!-- classification-table -->[\s\S]*<!-- \/classification-table -->/,
  `<!-- classification-table -->\n${rows.join('\n')}\n<!-- /classification-table -->`,
);
writeFileSync('README.md', readme);
console.log(`${rows.length - 2} systems written to README.md`);
