import { Engine, Rule } from 'json-rules-engine';
import type { Facts } from './facts.js';
import { isUnknown } from './facts.js';
import type { LoadedRule } from './ruleset.js';
import { walkConditions } from './ruleset.js';
import { addTristateOperators, evaluateCondition, type Mode } from './tristate.js';

/** One rule whose conditions hold (certain) or may hold once unknown facts are answered. */
export interface Firing {
  rule: LoadedRule;
  certain: boolean;
  /** Facts the rule read, with their values: the "input facts" of the explanation. */
  inputs: Record<string, unknown>;
  /** Unknown facts that keep a possible firing from being certain. */
  unknown: string[];
  /** Of those, the ones read as sets (lists such as capability): answering them may settle the rest. */
  unknownLists: string[];
}

function buildEngine(rules: LoadedRule[], mode: Mode): Engine {
  // allowUndefinedFacts: an absent determinant is simply unknown, which the operators handle.
  const engine = new Engine([], { allowUndefinedFacts: true });
  addTristateOperators(engine, mode);
  for (const r of rules) engine.addRule(new Rule({ name: r.name, conditions: r.conditions, event: r.event, priority: r.priority ?? 1 }));
  return engine;
}

/** Runs one stage's rules with json-rules-engine, once per mode. */
export class StageEvaluator {
  private readonly strict: Engine;
  private readonly lenient: Engine | undefined;
  private readonly rules: Map<string, LoadedRule>;

  constructor(rules: LoadedRule[], modes: { lenient: boolean }) {
    this.rules = new Map(rules.map((r) => [r.name, r]));
    this.strict = buildEngine(rules, 'strict');
    this.lenient = modes.lenient ? buildEngine(rules, 'lenient') : undefined;
  }

  async run(facts: Facts): Promise<Firing[]> {
    const input = { ...facts };
    const certain = new Set((await this.strict.run(input)).results.map((r) => String(r.name)));
    const possible = this.lenient ? new Set((await this.lenient.run(input)).results.map((r) => String(r.name))) : certain;
    const firings: Firing[] = [];
    for (const name of possible) {
      const rule = this.rules.get(name);
      if (!rule) continue;
      const unknown = certain.has(name) ? [] : unknownFacts(rule, facts);
      firings.push({ rule, certain: certain.has(name), inputs: inputsOf(rule, facts), unknown: unknown.map((u) => u.fact), unknownLists: unknown.filter((u) => SET_OPERATORS.has(u.operator)).map((u) => u.fact) });
    }
    return firings;
  }
}

function inputsOf(rule: LoadedRule, facts: Facts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  walkConditions(rule.conditions, (leaf) => {
    out[leaf.fact] = facts[leaf.fact] ?? null;
  });
  return out;
}

const SET_OPERATORS = new Set(['has', 'hasAny', 'hasNone']);

function unknownFacts(rule: LoadedRule, facts: Facts): { fact: string; operator: string }[] {
  const out = new Map<string, string>();
  walkConditions(rule.conditions, (leaf) => {
    if (evaluateCondition(leaf.operator, facts[leaf.fact], leaf.value) === undefined && isUnknown(facts[leaf.fact] as never)) out.set(leaf.fact, leaf.operator);
  });
  return [...out].map(([fact, operator]) => ({ fact, operator }));
}
