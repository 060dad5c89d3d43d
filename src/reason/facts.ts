/**
 * Fact values handed to the rules. A determinant is either known or unknown (null):
 * - booleans, numbers and dates are scalars or null;
 * - concept-valued determinants are sets of concept local names, closed under skos:broader.
 *   A set is complete (string[]), partly known ({ known }) when one of its sources is
 *   unanswered, or unknown (null).
 */
export type PartialSet = { known: string[] };
export type SetFact = string[] | PartialSet | null;
export type FactValue = boolean | number | string | SetFact;
export type Facts = Record<string, FactValue | undefined>;

export function isPartialSet(v: unknown): v is PartialSet {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as PartialSet).known);
}

export function setMembers(v: FactValue | undefined): string[] {
  if (Array.isArray(v)) return v;
  if (isPartialSet(v)) return v.known;
  return [];
}

export function isUnknown(v: FactValue | undefined): boolean {
  return v === null || v === undefined || isPartialSet(v);
}

/** A stable key for memoising engine runs over identical facts. */
export function factsKey(facts: Facts): string {
  const keys = Object.keys(facts).sort();
  return JSON.stringify(keys.map((k) => [k, normalise(facts[k])]));
}

function normalise(v: FactValue | undefined): unknown {
  if (Array.isArray(v)) return [...v].sort();
  if (isPartialSet(v)) return { known: [...v.known].sort() };
  return v ?? null;
}

/**
 * What a stage's rules can distinguish: the facts they read and, for dates and numbers, the
 * values they compare against. Two fact sets with the same signature key get the same result
 * from every rule of the stage, so they can share one engine run.
 */
export interface StageSignature {
  facts: string[];
  cuts: Map<string, (string | number)[]>;
}

export function signatureKey(facts: (name: string) => FactValue | undefined, sig: StageSignature): string {
  const parts: unknown[] = [];
  for (const name of sig.facts) {
    const v = facts(name);
    const cuts = sig.cuts.get(name);
    if (cuts && (typeof v === 'string' || typeof v === 'number')) {
      // position of the value among the cut-offs: all values in one interval compare alike
      let i = 0;
      while (i < cuts.length && (typeof v === 'number' ? v > Number(cuts[i]) : v.slice(0, 10) >= String(cuts[i]))) i++;
      parts.push(`#${i}${typeof v === 'number' && cuts.includes(v) ? '=' : ''}`);
    } else {
      parts.push(normalise(v));
    }
  }
  return JSON.stringify(parts);
}
