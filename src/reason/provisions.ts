import type { GraphStore } from '../store/graph-store.js';

export interface ProvisionInfo {
  iri: string;
  /** e.g. "AI Act Art 26(1)" or "GDPR Art 35(3)(a)" */
  label: string;
  eurLex: string | null;
}

const ACTS: [string, string][] = [
  ['https://w3id.org/algoreg/law/aiact/', 'AI Act'],
  ['https://w3id.org/algoreg/law/gdpr/', 'GDPR'],
];

/**
 * Provision labels and EUR-Lex links, read from the ontology in the store. A rule whose source is
 * not law (an OASC MIM5 requirement, an MCC-AI template) names an ar: concept instead: its label is
 * the concept's skos:notation (e.g. "MIM5-1") and it has no EUR-Lex link.
 */
export class Provisions {
  private readonly byIri = new Map<string, ProvisionInfo>();

  constructor(store: GraphStore) {
    const q = `PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX ar: <https://w3id.org/algoreg/ns#>
      SELECT ?p (SAMPLE(?n) AS ?notation) (SAMPLE(?e) AS ?eurLex) WHERE { ?p skos:notation ?n . OPTIONAL { ?p ar:eurLex ?e } FILTER(STRSTARTS(STR(?p), "https://w3id.org/algoreg/law/") || STRSTARTS(STR(?p), "https://w3id.org/algoreg/ns#")) } GROUP BY ?p`;
    for (const b of store.select(q)) {
      const iri = b.get('p')!.value;
      const act = ACTS.find(([ns]) => iri.startsWith(ns))?.[1] ?? '';
      this.byIri.set(iri, { iri, label: `${act} ${b.get('notation')!.value}`.trim(), eurLex: b.get('eurLex')?.value ?? null });
    }
  }

  get(iri: string): ProvisionInfo {
    return this.byIri.get(iri) ?? { iri, label: iri.replace(/^.*\/law\//, ''), eurLex: null };
  }

  has(iri: string): boolean {
    return this.byIri.has(iri);
  }
}
