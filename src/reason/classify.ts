import type { GraphStore } from '../store/graph-store.js';
import { Calendar, type CalendarName } from './calendar.js';
import { decide, loadDecisionOrder, type DecisionOrder, type Tier } from './decide.js';
import { StageEvaluator, inputsOf, type Firing } from './evaluate.js';
import { extractFacts, DERIVED_FROM, type Involvement, type SystemFacts } from './extract.js';
import { isUnknown, signatureKey, type Facts, type FactValue, type SetFact } from './facts.js';
import { Provisions } from './provisions.js';
import { shortHash } from './short-hash.js';
import { loadRuleSet, type RuleSet } from './ruleset.js';

const AR = 'https://w3id.org/algoreg/ns#';
// Distinct engine runs kept between classifications; a register has far fewer kinds of system.
const MEMO_LIMIT = 100_000;

export interface ClassifyOptions {
  calendar?: CalendarName;
  /** ISO date: what is in force on that day. Defaults to today. */
  at?: string;
  /** Base IRI for minted obligation and classification IRIs. */
  base?: string;
  /** Share one engine run between systems with identical facts (output is identical either way). */
  memoise?: boolean;
}

export interface ExplanationStep {
  rule: string;
  ruleFile: string;
  provision: string;
  provisionIri: string;
  eurLex: string | null;
  outcome: string;
  certain: boolean;
  inputs: Record<string, unknown>;
  text: string;
  note?: string;
}

export interface RoleResult { organisation: string; organisationLabel: string | null; role: string; rule: string; provision: string; provisionIri: string }

export interface ObligationResult {
  iri: string;
  title: string;
  provision: string;
  provisionIri: string;
  eurLex: string | null;
  role: string;
  organisation: string;
  organisationLabel: string | null;
  appliesFrom: string | null;
  appliesFromAdopted: string | null;
  appliesFromAmended: string | null;
  dateNote: string | null;
  inForceOn: boolean | null;
  rule: string;
  calendarEntry: string;
  inputs: Record<string, unknown>;
}

export interface MissingDeterminant { fact: string; property: string; question: string }

/** Something a buyer should put in the contract for a system it bought or had developed (event type `requirement`). */
export interface RequirementResult {
  iri: string;
  organisation: string;
  organisationLabel: string | null;
  /** Local name of the concept to require: a MIM5 requirement or an MCC-AI clause area. */
  requirement: string;
  requirementIri: string;
  /** Local name of the MCC-AI template (MCCAIHighRisk, MCCAILight), or null for a MIM5 requirement. */
  template: string | null;
  clauseArea: string | null;
  title: string;
  rule: string;
  /** The source: a provision, or the MIM5 or MCC-AI concept where the requirement is not law. */
  provision: string;
  provisionIri: string;
  explanation: string;
  inputs: Record<string, unknown>;
}

/** The EDPB criteria for a DPIA (ar:DPIACriterionScheme) the system meets, and those unanswered questions leave open. */
export interface DpiaCriteria { met: string[]; open: string[] }

export interface SystemClassification {
  iri: string;
  label: string | null;
  riskTier: Tier;
  highRiskRoute: string | null;
  annexIII: string[];
  annexI: string[];
  prohibitedPractices: string[];
  transparency: string[];
  gpai: { model: string | null; systemicRisk: boolean | null } | null;
  roles: RoleResult[];
  obligations: ObligationResult[];
  requirements: RequirementResult[];
  dpiaCriteria: DpiaCriteria;
  missing: MissingDeterminant[];
  explanation: ExplanationStep[];
}

export interface ClassificationRun {
  calendar: CalendarName;
  at: string;
  rulesetVersion: string;
  startedAt: string;
  systems: SystemClassification[];
}

/** Loads rules, calendar and decision order once; classifies the systems in a store. */
export class Classifier {
  readonly rules: RuleSet;
  readonly calendar: Calendar;
  readonly order: DecisionOrder;
  private readonly classification: StageEvaluator;
  private readonly roles: StageEvaluator;
  private readonly obligations: StageEvaluator;

  constructor(rules = loadRuleSet(), calendar = new Calendar(), order = loadDecisionOrder()) {
    this.rules = rules;
    this.calendar = calendar;
    this.order = order;
    this.classification = new StageEvaluator(rules.byStage.classification, { lenient: true });
    this.roles = new StageEvaluator(rules.byStage.roles, { lenient: false });
    this.obligations = new StageEvaluator(rules.byStage.obligations, { lenient: false });
  }

  // Engine runs shared across classifications: a run's firings depend only on the facts its rules
  // read (the memo key) and on the rules, which a Classifier never changes. So a write to the
  // register reuses the runs of systems classified before it with the same facts.
  private readonly memo = new Map<string, Promise<Firing[]>>();
  // Provision labels and questions come from the ontology, which a store keeps for its lifetime.
  private readonly ontologyReads = new WeakMap<GraphStore, { provisions: Provisions; questions: Map<string, string> }>();

  private ruleIndex: Map<string, number> | undefined;
  private ruleOrder(name: string): number {
    this.ruleIndex ??= new Map([...this.rules.byName.keys()].map((n, i) => [n, i]));
    return this.ruleIndex.get(name) ?? 0;
  }

  async classifyStore(store: GraphStore, opts: ClassifyOptions = {}, only?: Set<string>): Promise<ClassificationRun> {
    const calendar = opts.calendar ?? this.calendar.defaultCalendar;
    const at = opts.at ?? new Date().toISOString().slice(0, 10);
    const base = opts.base ?? 'https://w3id.org/algoreg/derived/';
    if (this.memo.size > MEMO_LIMIT) this.memo.clear();
    const memo = opts.memoise === false ? undefined : this.memo;
    let reads = this.ontologyReads.get(store);
    if (!reads) {
      reads = { provisions: new Provisions(store), questions: readQuestions(store) };
      this.ontologyReads.set(store, reads);
    }
    const ctx: RunContext = { calendar, at, base, ...reads, memo };
    const startedAt = new Date().toISOString();
    const systems: SystemClassification[] = [];
    for (const sys of extractFacts(store, only)) systems.push(await this.classifySystem(sys, ctx));
    systems.sort((a, b) => compare(a.iri, b.iri));
    return { calendar, at, rulesetVersion: this.rules.version, startedAt, systems };
  }

  /**
   * Runs a stage over facts built by `facts()`. With memoising, systems whose facts look the same
   * to the stage's rules (same signature key) share one engine run; the facts object is then only
   * built for the first of them.
   */
  private run(stage: StageEvaluator, name: string, ctx: RunContext, fact: (n: string) => FactValue | undefined, facts: () => Facts): Promise<Firing[]> {
    if (!ctx.memo) return stage.run(facts());
    const k = `${name}|${signatureKey(fact, stage.signature)}`;
    let p = ctx.memo.get(k);
    if (!p) {
      const memo = ctx.memo;
      p = stage.run(facts());
      memo.set(k, p);
      // A failed run is not kept: the memo outlives this classification.
      p.catch(() => memo.delete(k));
    }
    return p;
  }

  private async classifySystem(sys: SystemFacts, ctx: RunContext): Promise<SystemClassification> {
    const systemFact = (n: string) => sys.facts[n];
    const all = await this.run(this.classification, 'classification', ctx, systemFact, () => sys.facts);
    const explanation: ExplanationStep[] = [];
    // A rule whose provision is not yet in force on the chosen date does not decide the tier.
    const applicable = all.filter((f) => {
      if (!f.rule.inForce || this.calendar.inForceOn(f.rule.inForce, ctx.calendar, ctx.at) !== false) return true;
      const date = this.calendar.resolve(f.rule.inForce, ctx.calendar).date;
      explanation.push(step(f, ctx, systemFact, date ? `not yet in force on ${ctx.at}: applies from ${date}` : `not part of the ${ctx.calendar} text`));
      return false;
    });
    const decision = decide(applicable, this.order);
    const certain = applicable.filter((f) => f.certain);
    for (const f of certain) explanation.push(step(f, ctx, systemFact));
    for (const f of decision.open) explanation.push(step(f, ctx, systemFact, `may apply: unanswered ${f.unknown.join(', ')}`));

    const tier = decision.tier;
    // Outside the Act's scope no point of it applies, whatever else the facts would match.
    const points = (type: string) =>
      tier === 'out-of-scope' ? [] : [...new Set(certain.filter((f) => f.rule.event.type === type).map((f) => String(f.rule.event.params.point ?? '')))].filter(Boolean).sort();
    const derogation = certain.some((f) => f.rule.event.type === 'derogation');
    const systemic = applicable.filter((f) => f.rule.event.type === 'systemicRisk');
    const dpia = dpiaCriteriaOf(all);
    const gpai = sys.facts.gpaiModel === true
      ? { model: sys.models[0] ?? (sys.facts.gpaiSystem ? sys.iri : null), systemicRisk: systemic.some((f) => f.certain) ? true : systemic.length > 0 ? null : false }
      : null;
    const result: SystemClassification = {
      iri: sys.iri,
      label: sys.label,
      riskTier: tier,
      highRiskRoute: tier === 'high-risk' ? decision.route : null,
      annexIII: points('highRiskAnnexIII'),
      annexI: points('highRiskAnnexI'),
      prohibitedPractices: points('prohibited'),
      transparency: points('transparency'),
      gpai,
      roles: [],
      obligations: [],
      requirements: [],
      dpiaCriteria: { met: dpia.met, open: dpia.open },
      missing: missingOf(decision.open, sys.facts, ctx),
      explanation,
    };

    const systemDerived: Facts = {
      tier,
      highRisk: tier === 'high-risk' ? true : tier === 'undetermined' ? null : false,
      highRiskRoute: result.highRiskRoute,
      annexIII: result.annexIII,
      annexI: result.annexI,
      transparency: result.transparency,
      prohibited: tier === 'prohibited',
      derogation,
      systemicRisk: gpai ? gpai.systemicRisk : false,
      dpiaCriteria: dpia.fact,
      dpiaCriteriaMet: dpia.count,
    };
    for (const inv of sys.involvements) await this.deriveForOrganisation(sys, inv, systemDerived, result, ctx);
    result.roles.sort((a, b) => compare(`${a.organisation} ${a.role}`, `${b.organisation} ${b.role}`));
    result.obligations.sort((a, b) => compare(`${a.organisation} ${a.role} ${a.provisionIri}`, `${b.organisation} ${b.role} ${b.provisionIri}`));
    // per organisation, in the order of the rule files (MIM5 first, then the template's clause areas)
    result.requirements.sort((a, b) => compare(a.organisation, b.organisation) || this.ruleOrder(a.rule) - this.ruleOrder(b.rule));
    return result;
  }

  private async deriveForOrganisation(sys: SystemFacts, inv: Involvement, derived: Facts, result: SystemClassification, ctx: RunContext): Promise<void> {
    const orgFacts: Facts = {
      valueChain: inv.valueChain,
      statedRoles: inv.statedRoles,
      orgKinds: inv.kinds,
      establishedInEU: inv.establishedInEU,
      usesSystem: inv.usesSystem,
      modelProvider: inv.modelProvider,
    };
    // The roles stage sees the organisation's facts, the system's derived facts and a few of its determinants.
    const fromSystem = new Set(['annexISection', 'scopeExclusion', 'gpaiSystem', 'isAISystem']);
    const roleFact = (n: string): FactValue | undefined => (fromSystem.has(n) ? sys.facts[n] : n in derived ? derived[n] : orgFacts[n]);
    let roleFactsCache: Facts | undefined;
    const roleFacts = (): Facts => (roleFactsCache ??= { ...orgFacts, ...derived, annexISection: sys.facts.annexISection, scopeExclusion: sys.facts.scopeExclusion, gpaiSystem: sys.facts.gpaiSystem, isAISystem: sys.facts.isAISystem });
    const roleFirings = await this.run(this.roles, 'roles', ctx, roleFact, roleFacts);
    const roles = new Map<string, Firing>();
    for (const f of roleFirings) {
      const role = String(f.rule.event.params.role);
      if (!roles.has(role)) roles.set(role, f);
      result.explanation.push(step(f, ctx, roleFact, `${inv.label ?? inv.organisation} is ${role}`));
    }
    const overrides = new Map<string, string>();
    const pending: { f: Firing; role: string; fact: (n: string) => FactValue | undefined }[] = [];
    // A requirement is the organisation's, whichever of its roles the rule fired in: listed once.
    const requirements = new Map<string, { f: Firing; fact: (n: string) => FactValue | undefined }>();
    for (const [role, rf] of roles) {
      const p = ctx.provisions.get(rf.rule.provisionIri);
      result.roles.push({ organisation: inv.organisation, organisationLabel: inv.label, role, rule: rf.rule.name, provision: p.label, provisionIri: p.iri });
      const obligationFact = (n: string): FactValue | undefined => (n === 'role' ? role : fromSystem.has(n) || n in derived || n in orgFacts ? roleFact(n) : sys.facts[n]);
      const obligationFacts = (): Facts => ({ ...sys.facts, ...roleFacts(), role });
      for (const f of await this.run(this.obligations, 'obligations', ctx, obligationFact, obligationFacts)) {
        if (f.rule.event.type === 'dateOverride') {
          for (const k of f.rule.event.params.replaces as string[]) overrides.set(k, String(f.rule.event.params.calendar));
          result.explanation.push(step(f, ctx, obligationFact, `dates of ${(f.rule.event.params.replaces as string[]).join(', ')} replaced by ${f.rule.event.params.calendar}`));
        } else if (f.rule.event.type === 'obligation') {
          pending.push({ f, role, fact: obligationFact });
        } else if (f.rule.event.type === 'requirement') {
          if (!requirements.has(f.rule.name)) requirements.set(f.rule.name, { f, fact: obligationFact });
        } else if (f.rule.event.type === 'note') {
          result.explanation.push(step(f, ctx, obligationFact, `${inv.label ?? inv.organisation} as ${role}`));
        }
      }
    }
    for (const { f, role, fact } of pending) {
      const p = ctx.provisions.get(f.rule.provisionIri);
      const key = overrides.get(String(f.rule.event.params.calendar)) ?? String(f.rule.event.params.calendar);
      const d = this.calendar.resolve(key, ctx.calendar);
      result.obligations.push({
        iri: `${ctx.base}obligation/${shortHash(`${sys.iri}|${inv.organisation}|${role}|${f.rule.name}`)}`,
        title: String(f.rule.event.params.title ?? f.rule.event.params.explanation),
        provision: p.label,
        provisionIri: p.iri,
        eurLex: p.eurLex,
        role,
        organisation: inv.organisation,
        organisationLabel: inv.label,
        appliesFrom: d.date,
        appliesFromAdopted: d.adopted,
        appliesFromAmended: d.amended,
        dateNote: d.note,
        inForceOn: this.calendar.inForceOn(key, ctx.calendar, ctx.at),
        rule: f.rule.name,
        calendarEntry: key,
        inputs: inputsOf(f.rule, fact),
      });
    }
    for (const { f, fact } of requirements.values()) {
      const p = ctx.provisions.get(f.rule.provisionIri);
      const params = f.rule.event.params;
      const requirement = String(params.requirement);
      result.requirements.push({
        iri: `${ctx.base}requirement/${shortHash(`${sys.iri}|${inv.organisation}|${f.rule.name}`)}`,
        organisation: inv.organisation,
        organisationLabel: inv.label,
        requirement,
        requirementIri: AR + requirement,
        template: typeof params.template === 'string' ? params.template : null,
        clauseArea: typeof params.clauseArea === 'string' ? params.clauseArea : null,
        title: String(params.title ?? params.explanation),
        rule: f.rule.name,
        provision: p.label,
        provisionIri: p.iri,
        explanation: params.explanation,
        inputs: inputsOf(f.rule, fact),
      });
    }
  }
}

/**
 * The EDPB criteria (events `dpiaCriterion`, one rule per criterion) as facts for the later stages:
 * `dpiaCriteria`, the set of criteria met (partly known while some may still be met), and
 * `dpiaCriteriaMet`, how many are met, unknown while answering the open questions could still
 * bring the count to two. Which criteria exist is in the rules; this only counts them.
 */
function dpiaCriteriaOf(firings: Firing[]): { met: string[]; open: string[]; fact: SetFact; count: number | null } {
  const of = (certain: boolean) => [...new Set(firings.filter((f) => f.rule.event.type === 'dpiaCriterion' && f.certain === certain).map((f) => String(f.rule.event.params.criterion)))].sort();
  const met = of(true);
  const open = of(false).filter((c) => !met.includes(c));
  return { met, open, fact: open.length === 0 ? met : { known: met }, count: met.length >= 2 || met.length + open.length < 2 ? met.length : null };
}

interface RunContext {
  calendar: CalendarName;
  at: string;
  base: string;
  provisions: Provisions;
  questions: Map<string, string>;
  memo: Map<string, Promise<Firing[]>> | undefined;
}

function step(f: Firing, ctx: RunContext, fact: (n: string) => FactValue | undefined, note?: string): ExplanationStep {
  const p = ctx.provisions.get(f.rule.provisionIri);
  const point = f.rule.event.params.point ? ` ${String(f.rule.event.params.point)}` : '';
  return {
    rule: f.rule.name,
    ruleFile: f.rule.file,
    provision: p.label,
    provisionIri: p.iri,
    eurLex: p.eurLex,
    outcome: `${f.rule.event.type}${point}`,
    certain: f.certain,
    inputs: inputsOf(f.rule, fact),
    text: f.rule.event.params.explanation,
    ...(note ? { note } : {}),
  };
}

function missingOf(open: Firing[], known: Facts, ctx: RunContext): MissingDeterminant[] {
  const facts = new Set<string>();
  // Unanswered lists (purpose, capability, ...) come first: the follow-up questions of a rule
  // (e.g. "for medical reasons?") only matter once the list shows the rule can apply.
  const lists = open.flatMap((f) => f.unknownLists);
  const asked = lists.length > 0 ? lists : open.flatMap((f) => f.unknown);
  // A derived fact is unknown because one of its sources is: ask only for the unanswered sources.
  for (const u of asked) for (const d of DERIVED_FROM[u]?.filter((src) => src in known ? isUnknown(known[src]) : true) ?? [u]) facts.add(d);
  return [...facts].sort().map((fact) => {
    const property = AR + fact;
    return { fact, property, question: ctx.questions.get(property) ?? `Answer: ${fact}` };
  });
}

function readQuestions(store: GraphStore): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of store.select('PREFIX ar: <https://w3id.org/algoreg/ns#> SELECT ?p ?q WHERE { ?p ar:question ?q FILTER(LANGMATCHES(LANG(?q), "en")) }')) {
    out.set(b.get('p')!.value, b.get('q')!.value);
  }
  return out;
}

// Code-point order: deterministic across locales, and much cheaper than localeCompare.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
