import type { Register } from './register.js';
import type { ExampleQuery } from './yasgui.js';

const PREFIXES = `PREFIX ar: <https://w3id.org/algoreg/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
`;

/**
 * The example queries of the query page, about a system and an organisation of this register
 * (the first high-risk system with obligations, and its first organisation).
 */
export function exampleQueries(register: Register): ExampleQuery[] {
  const systems = [...register.classifications.values()].sort((a, b) => a.iri.localeCompare(b.iri));
  const sample = systems.find((s) => s.riskTier === 'high-risk' && s.obligations.length > 0) ?? systems.find((s) => s.obligations.length > 0) ?? systems[0];
  const system = sample?.iri ?? `${register.base}system/example`;
  const organisation = sample?.obligations[0]?.organisation ?? sample?.roles[0]?.organisation ?? `${register.base}org/example`;
  return [
    { name: 'Obligations of a system', query: obligationsOfSystem(system) },
    { name: 'High-risk systems of an organisation', query: highRiskOfOrganisation(organisation) },
    { name: 'Systems per tier', query: systemsPerTier() },
  ];
}

export function obligationsOfSystem(system: string): string {
  return `${PREFIXES}
# What must be done for one system, by whom, from when (AI Act as adopted and as amended).
SELECT ?obligation ?title ?provision ?bearer ?role ?adopted ?amended WHERE {
  ?obligation a ar:Obligation ; ar:system <${system}> ; ar:bearer ?bearer ; ar:obligationType ?type .
  ?type rdfs:label ?title ; ar:legalBasis ?provision ; ar:inRole ?role .
  OPTIONAL { ?type ar:appliesFromAdopted ?adopted }
  OPTIONAL { ?type ar:appliesFromAmended ?amended }
}
ORDER BY ?amended ?provision`;
}

export function highRiskOfOrganisation(organisation: string): string {
  return `${PREFIXES}
# High-risk systems an organisation has obligations for, with the deadlines.
SELECT ?system ?label ?title ?provision ?deadline WHERE {
  ?classification a ar:Classification ; ar:system ?system ; ar:riskTier ar:TierHighRisk .
  ?obligation ar:system ?system ; ar:bearer <${organisation}> ; ar:obligationType ?type .
  ?type rdfs:label ?title ; ar:legalBasis ?provision .
  OPTIONAL { ?type ar:appliesFromAmended ?deadline }
  OPTIONAL { ?system rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }
}
ORDER BY ?deadline ?system`;
}

export function systemsPerTier(): string {
  return `${PREFIXES}
# How many systems the register holds per AI Act risk tier.
SELECT ?tier (COUNT(DISTINCT ?system) AS ?systems) WHERE {
  ?classification a ar:Classification ; ar:system ?system ; ar:riskTier ?t .
  ?t skos:notation ?tier .
}
GROUP BY ?tier
ORDER BY DESC(?systems)`;
}
