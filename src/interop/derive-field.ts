// Triples → field values: what a description gives for each field of a format, for export and
// for the digests that decide when an imported original is still current.
import type { Tier } from '../reason/decide.js';
import { ASSESSMENT_TYPES } from './assessment-types.js';
import { claimedTier, claimForTier, tierOfConcept } from './claims.js';
import { GROUP, languageCode } from './field-values.js';
import type { GraphView } from './graph-view.js';
import type { JsonObject, JsonValue } from './json.js';
import { tooiCode } from './organisations.js';
import type { FieldSpec, Mapping } from './spec.js';
import { AR, DCT } from './vocab.js';


/** What the exporters read: one system (or use) in a graph, and how to read it. */
export interface SystemView {
  g: GraphView;
  /** The system, or the use, being exported. */
  subject: string;
  /** Further subjects to read a value from when the subject has none (for a use: the system it uses). */
  fallbacks: readonly string[];
  /** The organisation responsible (for a use: the organisation using it). */
  organisation?: string;
  supplier?: string;
  /** Languages in order of preference ('' = no tag). */
  prefer: readonly string[];
  /** The derived tier, if the system was classified. */
  tier?: Tier;
  /** The register's own identifier of the entry, from its source record. */
  sourceIdentifier?: string;
}

function first<T>(v: SystemView, read: (s: string) => T | undefined): T | undefined {
  for (const s of [v.subject, ...v.fallbacks]) {
    const x = read(s);
    if (x !== undefined) return x;
  }
  return undefined;
}

function literalsOf(v: SystemView, predicate: string): string[] | undefined {
  return first(v, (s) => {
    const lits = v.g.literals(s, predicate);
    return lits.length > 0 ? lits : undefined;
  });
}

/** The value of one field as the description gives it now; undefined when the description says nothing. */
export function deriveField(field: FieldSpec, v: SystemView): JsonValue | undefined {
  const m: Mapping | undefined = field.map;
  if (!m) return undefined;
  const { g } = v;
  switch (m.kind) {
    case 'text': {
      const own = first(v, (s) => g.text(s, m.predicate, v.prefer));
      if (own !== undefined || (!m.or && !m.orNamesOf)) return own;
      if (m.or) {
        const other = first(v, (s) => g.text(s, m.or!, v.prefer));
        if (other !== undefined) return other;
      }
      if (m.orNamesOf) {
        const names = first(v, (s) => {
          const list = g.nodes(s, m.orNamesOf!).map((n) => g.label(n, v.prefer)).filter((x): x is string => x !== undefined);
          return list.length > 0 ? list : undefined;
        });
        if (names) return names.join('; ');
      }
      return undefined;
    }
    case 'texts': {
      const lits = literalsOf(v, m.predicate);
      if (!lits) return undefined;
      return m.join !== undefined ? lits.join(m.join) : lits;
    }
    case 'link':
      return first(v, (s) => g.link(s, m.predicate));
    case 'contact':
    case 'date':
    case 'published':
    case 'systemIdentifier':
      return first(v, (s) => g.link(s, m.kind === 'systemIdentifier' ? `${DCT}identifier` : m.predicate));
    case 'concept': {
      const iri = first(v, (s) => g.node(s, m.predicate));
      if (!iri) return undefined;
      return m.exportAs?.[iri] ?? Object.keys(m.values).find((k) => m.values[k] === iri);
    }
    case 'organisation': {
      const org = m.relation === 'responsible' ? v.organisation : v.supplier;
      return org ? g.label(org, v.prefer) : undefined;
    }
    case 'organisationId':
      return v.organisation ? tooiCode(v.organisation) : undefined;
    case 'identifier':
      return v.sourceIdentifier;
    case 'language':
      return v.prefer[0] ? languageCode(v.prefer[0], m.form) : undefined;
    case 'claim': {
      // This format's own value as stated; else the value for the tier claimed in another format,
      // else for the derived tier; else the claim as written.
      const claimed = first(v, (s) => g.text(s, `${AR}claimedRiskCategory`, v.prefer));
      if (claimed !== undefined && claimedTier(m.table, claimed) !== undefined) return claimed;
      const claimedConcept = first(v, (s) => g.node(s, `${AR}claimedRiskTier`));
      const claimedT = claimedConcept ? tierOfConcept(claimedConcept) : undefined;
      const fromTier = (claimedT ? claimForTier(m.table, claimedT) : undefined) ?? (v.tier ? claimForTier(m.table, v.tier) : undefined);
      return fromTier ?? claimed;
    }
    case 'group': {
      const g2 = GROUP[m.target];
      const nodes = first(v, (s) => {
        const n = g.nodes(s, g2.property);
        return n.length > 0 ? n : undefined;
      });
      if (!nodes) return undefined;
      const items = nodes.map((n) => {
        const item: JsonObject = { [m.title]: g.label(n, v.prefer) ?? null, [m.link]: g.link(n, g2.link) ?? null };
        if (m.description) item[m.description] = g.text(n, `${DCT}description`, v.prefer) ?? null;
        return item;
      });
      return items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    }
    case 'assessment': {
      const nodes = first(v, (s) => {
        const n = g.nodes(s, `${AR}impactAssessment`);
        return n.length > 0 ? n : undefined;
      }) ?? [];
      const wanted = m.type ? [m.type] : Object.values(ASSESSMENT_TYPES).filter((t) => t !== ASSESSMENT_TYPES.DPIA);
      const node = nodes.find((n) => g.nodes(n, `${AR}assessmentType`).some((t) => wanted.includes(t)));
      if (!node) return undefined;
      return m.part === 'description' ? g.text(node, `${DCT}description`, v.prefer) : g.link(node, `${AR}documentLink`);
    }
    case 'links':
    case 'parallel':
      return undefined; // these fields are kept as written
  }
}
