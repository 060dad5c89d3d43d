import { Engine, Rule, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';
import type { Facts, StageSignature } from './facts.js';
import { isUnknown } from './facts.js';
import type { Leaf, LoadedRule } from './ruleset.js';
import { walkConditions, stageSignature } from './ruleset.js';
import { addTristateOperators, evaluateCondition, type Mode } from './tristate.js';

/** One rule whose conditions hold (certain) or may hold once unknown facts are answered. */
export interface Firing {
  rule: LoadedRule;
  certain: boolean;
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
  /** What these rules can tell apart: the key under which runs are shared. */
  readonly signature: StageSignature;

  constructor(rules: LoadedRule[], modes: { lenient: boolean }) {
    this.rules = new Map(rules.map((r) => [r.name, r]));
    this.signature = stageSignature(rules);
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
      firings.push({ rule, certain: certain.has(name), unknown: unknown.map((u) => u.fact), unknownLists: unknown.filter((u) => SET_OPERATORS.has(u.operator)).map((u) => u.fact) });
    }
    return firings;
  }
}

/** The facts a rule read, with one system's values: the "input facts" of its explanation. */
export function inputsOf(rule: LoadedRule, fact: (name: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of factsRead(rule)) out[name] = fact(name) ?? null;
  return out;
}

// The facts a rule's conditions read, in the order they first occur: walked once per rule.
const readByRule = new WeakMap<LoadedRule, string[]>();
function factsRead(rule: LoadedRule): string[] {
  let names = readByRule.get(rule);
  if (!names) {
    const seen = new Set<string>();
    walkConditions(rule.conditions, (leaf) => seen.add(leaf.fact));
    names = [...seen];
    readByRule.set(rule, names);
  }
  return names;
}

const SET_OPERATORS = new Set(['has', 'hasAny', 'hasNone']);

// Only the unknown leaves that can still change the outcome count: once a branch of an `any`
// certainly holds (or a branch of an `all` certainly fails), the unknowns of its siblings do not matter.
function unknownFacts(rule: LoadedRule, facts: Facts): { fact: string; operator: string }[] {
  const out = new Map<string, string>();
  unknownLeaves(rule.conditions, facts, out);
  return [...out].map(([fact, operator]) => ({ fact, operator }));
}

function unknownLeaves(c: TopLevelCondition | NestedCondition, facts: Facts, out: Map<string, string>): boolean | undefined {
  const node = c as Record<string, unknown>;
  for (const key of ['all', 'any'] as const) {
    if (!Array.isArray(node[key])) continue;
    const decisive = key === 'any';
    const children = (node[key] as NestedCondition[]).map((child) => {
      const unknown = new Map<string, string>();
      return { value: unknownLeaves(child, facts, unknown), unknown };
    });
    if (children.some((ch) => ch.value === decisive)) return decisive;
    const open = children.filter((ch) => ch.value === undefined);
    for (const ch of open) for (const [fact, operator] of ch.unknown) out.set(fact, operator);
    return open.length > 0 ? undefined : !decisive;
  }
  const leaf = node as unknown as Leaf;
  const value = evaluateCondition(leaf.operator, facts[leaf.fact], leaf.value);
  if (value === undefined && isUnknown(facts[leaf.fact] as never)) out.set(leaf.fact, leaf.operator);
  return value;
}
