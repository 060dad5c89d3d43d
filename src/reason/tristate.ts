import type { Engine } from 'json-rules-engine';
import { isPartialSet, type FactValue } from './facts.js';

/**
 * Operators over three-valued facts. Each comparison is true, false or unknown; the engine runs
 * twice: in `strict` mode unknown counts as false (the rule certainly applies), in `lenient` mode
 * unknown counts as true (the rule may apply). Rules therefore never use `not`: a negative
 * condition is written positively (`is false`, `hasNone`).
 */
export type Mode = 'strict' | 'lenient';
type Tri = boolean | undefined;

const resolve = (t: Tri, mode: Mode): boolean => (t === undefined ? mode === 'lenient' : t);

function has(fact: unknown, value: string): Tri {
  if (Array.isArray(fact)) return fact.includes(value);
  if (isPartialSet(fact)) return fact.known.includes(value) ? true : undefined;
  return undefined;
}

function hasAny(fact: unknown, values: string[]): Tri {
  let unknown = false;
  for (const v of values) {
    const t = has(fact, v);
    if (t === true) return true;
    if (t === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

function scalar<T>(fact: unknown, test: (x: T) => boolean, isType: (x: unknown) => x is T): Tri {
  if (fact === null || fact === undefined) return undefined;
  if (!isType(fact)) return false;
  return test(fact);
}

const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const isNum = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);
const isDate = (x: unknown): x is string => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}/.test(x);

export const TRISTATE_OPERATORS: Record<string, (fact: unknown, value: unknown) => Tri> = {
  /** boolean determinant equals the given boolean */
  is: (f, v) => scalar(f, (x: boolean) => x === v, isBool),
  /** set determinant contains the concept */
  has: (f, v) => has(f, String(v)),
  /** set determinant contains at least one of the concepts */
  hasAny: (f, v) => hasAny(f, v as string[]),
  /** set determinant contains none of the concepts */
  hasNone: (f, v) => {
    const t = hasAny(f, v as string[]);
    return t === undefined ? undefined : !t;
  },
  /** number greater than */
  above: (f, v) => scalar(f, (x: number) => x > Number(v), isNum),
  /** number at most */
  atMost: (f, v) => scalar(f, (x: number) => x <= Number(v), isNum),
  /** date strictly before (ISO dates compare as strings) */
  before: (f, v) => scalar(f, (x: string) => x.slice(0, 10) < String(v), isDate),
  /** date on or after */
  onOrAfter: (f, v) => scalar(f, (x: string) => x.slice(0, 10) >= String(v), isDate),
  /** a known value (any type) equals the given value: for derived facts such as tier or role */
  equals: (f, v) => (f === null || f === undefined ? undefined : f === v),
};

export function addTristateOperators(engine: Engine, mode: Mode): void {
  for (const [name, op] of Object.entries(TRISTATE_OPERATORS)) {
    engine.addOperator(name, (fact: unknown, value: unknown) => resolve(op(fact as FactValue, value), mode));
  }
}

/** The three-valued result of one condition, for explanations and missing-fact analysis. */
export function evaluateCondition(operator: string, fact: unknown, value: unknown): Tri {
  const op = TRISTATE_OPERATORS[operator];
  if (!op) throw new Error(`rules may only use the three-valued operators (${Object.keys(TRISTATE_OPERATORS).join(', ')}), not "${operator}"`);
  return op(fact, value);
}
