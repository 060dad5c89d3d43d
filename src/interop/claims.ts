// Risk categories that register entries claim for themselves, and the AI Act tier each one
// corresponds to where it corresponds to one. A claim is compared with the derived tier, never
// used to decide it.
import type { Tier } from '../reason/decide.js';
import { AR } from './vocab.js';

export type ClaimTable = Readonly<Record<string, Tier | null>>;

/** Dutch publicatiecategorie: only category A is an AI Act class. */
export const NL_PUBLICATION_CATEGORY: ClaimTable = {
  'Hoog-risico AI-systeem': 'high-risk',
  'Impactvolle algoritmes': null,
  'Overige algoritmes': null,
};

/** Eurocities risk_category (English and Dutch enumerations of v0.3.1). */
export const EUROCITIES_RISK_CATEGORY: ClaimTable = {
  'unacceptable': 'prohibited',
  'high risk': 'high-risk',
  'limited risk': 'transparency',
  'minimal risk': 'minimal',
  'onaanvaardbaar': 'prohibited',
  'hoog risico': 'high-risk',
  'beperkt risico': 'transparency',
  'minimaal risico': 'minimal',
  'onbekend': null,
  'unknown': null,
};

/** The tier a claim corresponds to: undefined when the value is not in the table at all. */
export function claimedTier(table: ClaimTable, value: string): Tier | null | undefined {
  const v = value.trim();
  if (v in table) return table[v];
  const lower = v.toLowerCase();
  const key = Object.keys(table).find((k) => k.toLowerCase() === lower || k.toLowerCase() === `${lower} risk` || k.toLowerCase() === `${lower} risico`);
  return key === undefined ? undefined : table[key];
}

/** The claim value that states a derived tier, for an export that has no claim to carry. */
export function claimForTier(table: ClaimTable, tier: Tier): string | undefined {
  return Object.keys(table).find((k) => table[k] === tier);
}

const TIER_CONCEPT: Readonly<Record<Tier, string>> = {
  'prohibited': `${AR}TierProhibited`,
  'high-risk': `${AR}TierHighRisk`,
  'transparency': `${AR}TierTransparency`,
  'minimal': `${AR}TierMinimal`,
  'out-of-scope': `${AR}TierOutOfScope`,
  'undetermined': `${AR}TierUndetermined`,
};

export const tierConcept = (t: Tier): string => TIER_CONCEPT[t];
export const tierOfConcept = (iri: string): Tier | undefined => (Object.keys(TIER_CONCEPT) as Tier[]).find((t) => TIER_CONCEPT[t] === iri);

export type ClaimVerdict = 'agrees' | 'disagrees' | 'cannot compare: undetermined' | 'no AI Act tier claimed';

export interface ClaimComparison {
  claimed: string;
  claimedTier: Tier | null;
  derivedTier: Tier;
  verdict: ClaimVerdict;
}

export function compareClaim(claimed: string, claimedT: Tier | null, derived: Tier): ClaimComparison {
  const verdict: ClaimVerdict = claimedT === null
    ? 'no AI Act tier claimed'
    : derived === 'undetermined'
      ? 'cannot compare: undetermined'
      : claimedT === derived ? 'agrees' : 'disagrees';
  return { claimed, claimedTier: claimedT, derivedTier: derived, verdict };
}
