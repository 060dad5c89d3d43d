import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runCli } from './helpers/cli.js';
import { generateNTriples } from '../bench/generate.mjs';
import { Classifier } from '../src/reason/classify.js';
import { storeWith } from '../src/reason/index.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/classification.schema.json', import.meta.url), 'utf8')) as object;

describe('algoreg classify', () => {
  it('JSON output conforms to the documented JSON Schema', async () => {
    const r = await runCli(['classify', 'examples/', '--format', 'json', '--at', '2026-11-21']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { systems: unknown[]; calendar: string };
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const ok = ajv.validate(schema, out);
    expect(ajv.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(out.systems.length).toBeGreaterThanOrEqual(20);
    expect(out.calendar).toBe('amended');
  });

  it('--calendar adopted and --at change the dates reported', async () => {
    const amended = JSON.parse((await runCli(['classify', 'examples/', '--format', 'json', '--at', '2027-01-01'])).stdout) as { systems: { obligations: { appliesFrom: string | null; appliesFromAdopted: string | null; inForceOn: boolean | null; calendarEntry: string }[] }[] };
    const adopted = JSON.parse((await runCli(['classify', 'examples/', '--format', 'json', '--calendar', 'adopted', '--at', '2027-01-01'])).stdout) as typeof amended;
    const pick = (run: typeof amended) => run.systems.flatMap((s) => s.obligations).find((o) => o.calendarEntry === 'chapter-III-annex-III');
    expect(pick(amended)?.appliesFrom).toBe('2027-12-02');
    expect(pick(amended)?.inForceOn).toBe(false);
    expect(pick(adopted)?.appliesFrom).toBe('2026-08-02');
    expect(pick(adopted)?.inForceOn).toBe(true);
  });

  it('rejects a malformed --at date with exit 2', async () => {
    const r = await runCli(['classify', 'examples/', '--at', '21-11-2026']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('YYYY-MM-DD');
  });

  it('turtle output carries PROV provenance for every classification and obligation', async () => {
    const r = await runCli(['classify', 'examples/', '--format', 'turtle', '--at', '2026-11-21']);
    const quads = new Parser().parse(r.stdout);
    const PROV = 'http://www.w3.org/ns/prov#';
    const AR = 'https://w3id.org/algoreg/ns#';
    const typed = (cls: string) => new Set(quads.filter((q) => q.predicate.value.endsWith('#type') && q.object.value === AR + cls).map((q) => q.subject.value));
    const generated = new Set(quads.filter((q) => q.predicate.value === `${PROV}wasGeneratedBy`).map((q) => q.subject.value));
    const ruled = new Set(quads.filter((q) => q.predicate.value === `${AR}ruleName`).map((q) => q.subject.value));
    const withInputs = new Set(quads.filter((q) => q.predicate.value === `${AR}inputFact`).map((q) => q.subject.value));
    const explanationOf = new Map(quads.filter((q) => q.predicate.value === `${AR}explanation`).map((q) => [q.subject.value, q.object.value]));
    const obligations = typed('Obligation');
    expect(obligations.size).toBeGreaterThan(50);
    for (const o of obligations) {
      // through its explanation step: the rule, the input facts and the run (time, rule-set version)
      const step = explanationOf.get(o);
      expect(step && ruled.has(step) && withInputs.has(step) && generated.has(step), o).toBe(true);
    }
    for (const c of typed('Classification')) expect(generated.has(c), c).toBe(true);
    const activity = quads.find((q) => q.predicate.value === `${AR}rulesetVersion`);
    expect(activity?.object.value).toMatch(/aiact-art5-prohibited@/);
    expect(quads.some((q) => q.predicate.value === `${PROV}startedAtTime` && q.subject.equals(activity!.subject))).toBe(true);
  });

  it('explain prints facts, rule, provision and outcome for a system', async () => {
    const r = await runCli(['explain', 'https://register.example.eu/system/moodwise-classpulse', 'examples/', '--at', '2026-11-21']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tier: prohibited/);
    expect(r.stdout).toMatch(/rule art5-1-f/);
    expect(r.stdout).toMatch(/provision: AI Act Art 5\(1\)\(f\) <https:\/\/eur-lex\.europa\.eu\/eli\/reg\/2024\/1689\/oj\/eng#art_5>/);
    expect(r.stdout).toMatch(/facts: .*fallsUnder = \[.*"art_5-par_1-pnt_f"/);
  });

  it('explain of an unknown IRI exits 2 and lists the systems found', async () => {
    const r = await runCli(['explain', 'https://example.org/nope', 'examples/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('systems found');
  });
});

describe('shared engine runs', () => {
  it('give exactly the output of one engine run per system', async () => {
    const synthetic = new Parser().parse(generateNTriples(300));
    const examples = (await import('../src/cli/load-inputs.js')).loadInputs(['examples/']);
    const store = storeWith([...synthetic, ...(await examples).quads]);
    const classifier = new Classifier();
    const naive = await classifier.classifyStore(store, { at: '2026-11-21', memoise: false });
    const shared = await classifier.classifyStore(store, { at: '2026-11-21', memoise: true });
    expect(shared.systems.length).toBe(naive.systems.length);
    expect(JSON.stringify(shared.systems)).toBe(JSON.stringify(naive.systems));
  });

  it('kept from one classification to the next, give each store the output of its own naive run', async () => {
    // the memo is warmed on one register, then used on another with other systems and organisations
    const classifier = new Classifier();
    await classifier.classifyStore(storeWith(new Parser().parse(generateNTriples(200))), { at: '2026-11-21' });
    const examples = storeWith((await (await import('../src/cli/load-inputs.js')).loadInputs(['examples/'])).quads);
    const warmed = await classifier.classifyStore(examples, { at: '2026-11-21' });
    const naive = await new Classifier().classifyStore(examples, { at: '2026-11-21', memoise: false });
    expect(JSON.stringify(warmed.systems)).toBe(JSON.stringify(naive.systems));
  });
});

describe('outside the AI Act', () => {
  it('an excluded system lists no Annex III point even if its purpose matches one', async () => {
    const { classifyTurtle } = await import('./helpers/classify.js');
    const sys = await classifyTurtle(`ex:sys a ar:AISystem ; rdfs:label "Defence recruitment screening" ; ar:isAISystem true ;
      ar:scopeExclusion ar:MilitaryDefenceNationalSecurity ; ar:purpose ar:RecruitAndSelect ; ar:capability ar:Prediction .`);
    expect(sys.riskTier).toBe('out-of-scope');
    expect(sys.annexIII).toEqual([]);
    expect(sys.explanation.some((e) => e.outcome.startsWith('highRiskAnnexIII 4(a)'))).toBe(true);
  });
});
