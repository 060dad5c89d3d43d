import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelCondition, NestedCondition } from 'json-rules-engine';
import { packagePath } from '../paths.js';
import { TRISTATE_OPERATORS } from './tristate.js';

export type Stage = 'classification' | 'roles' | 'obligations';

export interface RuleEvent {
  type: string;
  params: { explanation: string; [key: string]: unknown };
}

export interface RuleSpec {
  /** Named after the provision it encodes, e.g. "art5-1-f". */
  name: string;
  /** The provision, as a CURIE (aia:…, gdpr:…) or full IRI. */
  provision: string;
  conditions: TopLevelCondition;
  event: RuleEvent;
  /** Calendar key: the rule's outcome takes effect only from that entry's date. */
  inForce?: string;
  priority?: number;
}

export interface RuleFile {
  id: string;
  title: string;
  stage: Stage;
  version: string;
  rules: RuleSpec[];
}

export interface LoadedRule extends RuleSpec {
  file: string;
  provisionIri: string;
}

export interface RuleSet {
  version: string;
  byStage: Record<Stage, LoadedRule[]>;
  byName: Map<string, LoadedRule>;
}

export const PREFIXES: Record<string, string> = {
  aia: 'https://w3id.org/algoreg/law/aiact/',
  gdpr: 'https://w3id.org/algoreg/law/gdpr/',
  ar: 'https://w3id.org/algoreg/ns#',
};

export function expandCurie(curie: string): string {
  const m = /^([a-z]+):(.*)$/.exec(curie);
  if (m && PREFIXES[m[1]]) return PREFIXES[m[1]] + m[2];
  return curie;
}

export class RuleFileError extends Error {}

/** Loads every rule file; a malformed file is an error of the rule set, reported with its name. */
export function loadRuleSet(dir = packagePath('rules')): RuleSet {
  const byStage: Record<Stage, LoadedRule[]> = { classification: [], roles: [], obligations: [] };
  const byName = new Map<string, LoadedRule>();
  const versions: string[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !['calendar.json', 'decision-order.json'].includes(f)).sort();
  for (const f of files) {
    const file = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RuleFile;
    if (!file.id || !file.stage || !Array.isArray(file.rules)) throw new RuleFileError(`${f}: a rule file needs id, stage and rules`);
    if (!(file.stage in byStage)) throw new RuleFileError(`${f}: unknown stage "${file.stage}"`);
    versions.push(`${file.id}@${file.version}`);
    for (const r of file.rules) {
      checkRule(f, r);
      if (byName.has(r.name)) throw new RuleFileError(`${f}: rule name "${r.name}" is used twice`);
      const loaded: LoadedRule = { ...r, file: f, provisionIri: expandCurie(r.provision) };
      byName.set(r.name, loaded);
      byStage[file.stage].push(loaded);
    }
  }
  return { version: versions.join(' '), byStage, byName };
}

function checkRule(file: string, r: RuleSpec): void {
  const where = `${file}: rule "${r.name ?? '?'}"`;
  if (!r.name || !r.provision || !r.conditions || !r.event?.type) throw new RuleFileError(`${where} needs name, provision, conditions and event.type`);
  if (typeof r.event.params?.explanation !== 'string') throw new RuleFileError(`${where} needs event.params.explanation`);
  walkConditions(r.conditions, (leaf) => {
    if (!(leaf.operator in TRISTATE_OPERATORS)) throw new RuleFileError(`${where} uses operator "${leaf.operator}"; use one of ${Object.keys(TRISTATE_OPERATORS).join(', ')}`);
  }, where);
}

export interface Leaf { fact: string; operator: string; value: unknown }

/** Visits every leaf condition; `not` is refused because it breaks the three-valued reading. */
export function walkConditions(c: TopLevelCondition | NestedCondition, visit: (leaf: Leaf) => void, where = 'rule'): void {
  const node = c as Record<string, unknown>;
  if ('not' in node) throw new RuleFileError(`${where} uses "not"; write the negative condition positively (is false, hasNone)`);
  for (const key of ['all', 'any'] as const) {
    if (Array.isArray(node[key])) {
      for (const child of node[key] as NestedCondition[]) walkConditions(child, visit, where);
      return;
    }
  }
  if ('condition' in node) throw new RuleFileError(`${where} uses a shared condition reference; inline it`);
  visit(node as unknown as Leaf);
}

/** The facts a stage's rules read, and the cut-off values their date and number comparisons use. */
export function stageSignature(rules: LoadedRule[]): import('./facts.js').StageSignature {
  const facts = new Set<string>();
  const cuts = new Map<string, Set<string | number>>();
  for (const r of rules) {
    walkConditions(r.conditions, (leaf) => {
      facts.add(leaf.fact);
      if (['before', 'onOrAfter', 'above', 'atMost'].includes(leaf.operator)) {
        const set = cuts.get(leaf.fact) ?? new Set();
        set.add(leaf.value as string | number);
        cuts.set(leaf.fact, set);
      }
    });
  }
  const sorted = new Map([...cuts].map(([k, v]) => [k, [...v].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))]));
  return { facts: [...facts].sort(), cuts: sorted };
}
