import { readFileSync } from 'node:fs';
import { packagePath } from '../paths.js';
import type { Firing } from './evaluate.js';

export type Tier = 'prohibited' | 'high-risk' | 'transparency' | 'minimal' | 'out-of-scope' | 'undetermined';

interface Gate { when: string; unless?: string; tier: Tier; route?: string }
export interface DecisionOrder { id: string; gates: Gate[]; otherwise: Tier }

export function loadDecisionOrder(path = packagePath('rules', 'decision-order.json')): DecisionOrder {
  return JSON.parse(readFileSync(path, 'utf8')) as DecisionOrder;
}

export interface Decision {
  tier: Tier;
  route: string | null;
  /** Possible but uncertain firings that keep the tier open: their unknown facts are the questions. */
  open: Firing[];
}

/**
 * Walks the gates of rules/decision-order.json. The first gate that certainly applies gives the
 * tier, unless an earlier gate might still apply; then the tier is undetermined.
 */
export function decide(firings: Firing[], order: DecisionOrder): Decision {
  const of = (type: string) => firings.filter((f) => f.rule.event.type === type);
  const open: Firing[] = [];
  for (const gate of order.gates) {
    const when = of(gate.when);
    const unless = gate.unless ? of(gate.unless) : [];
    const whenCertain = when.some((f) => f.certain);
    const unlessCertain = unless.some((f) => f.certain);
    if (whenCertain && unless.length === 0) {
      return open.length > 0 ? { tier: 'undetermined', route: null, open } : { tier: gate.tier, route: gate.route ?? null, open: [] };
    }
    if (when.length > 0 && !unlessCertain) {
      open.push(...when.filter((f) => !f.certain));
      if (whenCertain) open.push(...unless.filter((f) => !f.certain));
    }
  }
  return open.length > 0 ? { tier: 'undetermined', route: null, open } : { tier: order.otherwise, route: null, open: [] };
}
