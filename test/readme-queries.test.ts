// The SPARQL examples of README.md, section "Querying the register", run word for word against
// the sample register (examples/) with its derived graph, and their answers checked against the
// classification they query.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../src/cli/load-inputs.js';
import { defaultClassifier, storeWith } from '../src/reason/index.js';
import { derivedQuads } from '../src/reason/derived-graph.js';
import { GRAPH, type Binding } from '../src/store/graph-store.js';
import { packagePath } from '../src/paths.js';

const AT = '2026-11-21';
const SYS = 'https://register.example.eu/system/';
const ORG = 'https://register.example.eu/org/';

const readme = readFileSync(packagePath('README.md'), 'utf8');
const section = /## Querying the register\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
const queries = [...section.matchAll(/```sparql\n([\s\S]*?)```/g)].map((m) => m[1]);

const { quads } = await loadInputs([packagePath('examples')]);
const store = storeWith(quads);
const run = await defaultClassifier().classifyStore(store, { at: AT });
store.addToGraph(GRAPH.derived, derivedQuads(run));

const rows = (query: string): Record<string, string>[] =>
  store.select(query).map((b: Binding) => Object.fromEntries([...b].map(([k, v]) => [k, v.value])));
const system = (id: string) => run.systems.find((s) => s.iri === SYS + id)!;

describe('README: querying the register', () => {
  it('has the four example queries', () => {
    expect(queries).toHaveLength(4);
  });

  it('obligations of one system: every obligation of the lawfulness scan, with role, provision and date', () => {
    const found = rows(queries[0]);
    const sys = system('utrecht-rechtmatigheidsscan');
    expect(found).toHaveLength(sys.obligations.length);
    expect(found).toContainEqual({
      bearer: `${ORG}gemeente-utrecht`, role: 'controller', provision: 'Art 35(3)(a)',
      obligation: 'Carry out a data protection impact assessment before the processing, and review it when the risk changes', appliesFrom: '2018-05-25',
    });
    expect(found).toContainEqual(expect.objectContaining({ bearer: `${ORG}datalytics-publiek`, role: 'processor', provision: 'Art 28(3)' }));
    expect(found).toContainEqual(expect.objectContaining({ bearer: `${ORG}gemeente-utrecht`, role: 'deployer', provision: 'Art 26(9)', appliesFrom: '2030-08-02' }));
  });

  it('overdue obligations per organisation: as many as the classification has due by that date', () => {
    const found = rows(queries[1]);
    const expected = new Map<string, { n: number; since: string }>();
    for (const o of run.systems.flatMap((s) => s.obligations)) {
      if (!o.appliesFromAmended || o.appliesFromAmended > AT) continue;
      const e = expected.get(o.organisation) ?? { n: 0, since: o.appliesFromAmended };
      expected.set(o.organisation, { n: e.n + 1, since: o.appliesFromAmended < e.since ? o.appliesFromAmended : e.since });
    }
    expect(new Map(found.map((r) => [r.organisation, { n: Number(r.overdue), since: r.since }]))).toEqual(expected);
    const utrecht = found.find((r) => r.organisation === `${ORG}gemeente-utrecht`)!;
    expect(utrecht.name).toBe('City of Utrecht');
    expect(utrecht.since).toBe('2018-05-25');
    // sorted by the number overdue
    const counts = found.map((r) => Number(r.overdue));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // an organisation with no @en label is named by its plain label
    expect(found.find((r) => r.organisation === `${ORG}moodwise-learning`)?.name).toBe('Moodwise Learning AB');
  });

  it('systems that need a DPIA and have none on file: ClassPulse, for both joint controllers', () => {
    expect(rows(queries[2])).toEqual([
      { system: `${SYS}moodwise-classpulse`, controller: `${ORG}moodwise-learning` },
      { system: `${SYS}moodwise-classpulse`, controller: `${ORG}stiftelsen-nordiska-skolan` },
    ]);
    // the others that need one have one on file: on the system (Rotterdam) or on a use (Arena Nord)
    const needing = run.systems.filter((s) => s.obligations.some((o) => o.rule.startsWith('gdpr-art35'))).map((s) => s.iri.replace(SYS, '')).sort();
    expect(needing).toEqual(expect.arrayContaining(['moodwise-classpulse', 'rotterdam-bijzondere-bijstand', 'sentrix-flowgate', 'utrecht-rechtmatigheidsscan']));
    expect(system('moodwise-classpulse').dpiaCriteria.met).toEqual([
      'CriterionEvaluationOrScoring', 'CriterionInnovativeTechnology', 'CriterionSystematicMonitoring', 'CriterionVulnerableDataSubjects',
    ]);
  });

  it('contract requirements of HireSift: MIM5 and the MCC-AI High-Risk template for each of its two buyers', () => {
    const found = rows(queries[3]);
    expect(found).toHaveLength(28);
    for (const buyer of ['gemeente-amsterdam', 'stockholms-stad']) {
      const mine = found.filter((r) => r.buyer === ORG + buyer);
      expect(mine.filter((r) => r.template === undefined).map((r) => r.requirement).sort()).toEqual([
        'Accountability', 'Context', 'Fairness', 'Procedural transparency', 'Technical explainability', 'Technical transparency',
      ]);
      expect(mine.filter((r) => r.template === 'MCC-AI-High-Risk')).toHaveLength(8);
    }
    expect(found).toContainEqual(expect.objectContaining({ buyer: `${ORG}gemeente-amsterdam`, template: 'MCC-AI-High-Risk', requirement: 'Human oversight' }));
  });
});

describe('the sample register shows its GDPR and procurement sections', () => {
  it('Rotterdam: health data under Art 9(2)(b), a DPIA under Art 35(3)(a) and (b) and the EDPB criteria, a DPO; no contract (developed in-house)', () => {
    const s = system('rotterdam-bijzondere-bijstand');
    const gdpr = [...new Set(s.obligations.filter((o) => o.provisionIri.includes('/law/gdpr/')).map((o) => o.provision))].sort();
    expect(gdpr).toEqual(['GDPR Art 30(1)', 'GDPR Art 35(1)', 'GDPR Art 35(3)(a)', 'GDPR Art 35(3)(b)', 'GDPR Art 37(1)(a)', 'GDPR Art 9(1)', 'GDPR Art 9(2)(b)']);
    expect(s.requirements).toEqual([]);
  });

  it('Arena Nord: face entry needs explicit consent (Art 9(2)(a)) and a DPIA; the MCC-AI Light template for a minimal-risk system it bought', () => {
    const s = system('sentrix-flowgate');
    const arena = s.obligations.filter((o) => o.organisation === `${ORG}arena-nord`).map((o) => o.provision);
    expect(arena).toEqual(expect.arrayContaining(['GDPR Art 9(1)', 'GDPR Art 9(2)(a)', 'GDPR Art 35(3)(b)', 'GDPR Art 35(1)']));
    expect(new Set(s.requirements.map((r) => r.template))).toEqual(new Set([null, 'MCCAILight']));
  });

  it('police face search is under Directive (EU) 2016/680, not the GDPR', () => {
    for (const id of ['visionmatch-live', 'visionmatch-retro']) {
      const s = system(id);
      expect(s.obligations.filter((o) => o.provisionIri.includes('/law/gdpr/'))).toEqual([]);
      expect(s.explanation.some((e) => e.rule === 'gdpr-art2-2-d-law-enforcement')).toBe(true);
    }
  });
});
