import { createHash } from 'node:crypto';
import type { GraphStore } from '../store/graph-store.js';
import { NS } from './terms.js';

/** One role-qualified link as a description states it: (system, role, link). */
export interface DeclaredLink {
  /** Stable across refreshes and restarts: a hash of system, role and link. */
  key: string;
  system: string;
  role: string;
  /** dct:relation of the qualified relation, exactly as given. */
  link: string;
  /** The system is a learned model: it6:trainedOn / validatedOn / testedOn apply. */
  model: boolean;
  /** The system's uses (ar:SystemUse), the activities that prov:used its run-time data. */
  uses: string[];
}

export function linkKey(system: string, role: string, link: string): string {
  return createHash('sha256').update(`${system}\n${role}\n${link}`).digest('hex').slice(0, 20);
}

const SAFE_IRI = /^[^<>"{}|^`\\\s]+$/;

/**
 * Every dataset link in the store (union of its graphs; the ontology must be loaded for the class
 * hierarchy), of one system or of all. A relationship without a role, or whose dataset is not an
 * IRI, is left out: the shapes report it.
 */
export function declaredLinks(store: GraphStore, system?: string): DeclaredLink[] {
  if (system !== undefined && !SAFE_IRI.test(system)) return [];
  const only = system ? `VALUES ?system { <${system}> }` : '';
  const rows = store.select(`PREFIX ar: <${NS.ar}> PREFIX dcat: <${NS.dcat}> PREFIX dct: <${NS.dct}> PREFIX rdfs: <${NS.rdfs}> PREFIX it6: <${NS.it6}>
SELECT DISTINCT ?system ?role ?link ?model WHERE {
  ${only}
  ?system dcat:qualifiedRelation ?rel .
  ?rel dct:relation ?link ; dcat:hadRole ?role .
  FILTER(isIRI(?link) && isIRI(?role))
  FILTER EXISTS { ?system a ?t . { ?t rdfs:subClassOf* ar:AlgorithmicSystem } UNION { ?t rdfs:subClassOf* ar:GeneralPurposeAIModel } UNION { ?t rdfs:subClassOf* it6:MachineLearningModel } }
  BIND(EXISTS { ?system a ?m . { ?m rdfs:subClassOf* ar:AISystem } UNION { ?m rdfs:subClassOf* ar:GeneralPurposeAIModel } UNION { ?m rdfs:subClassOf* it6:MachineLearningModel } } AS ?model)
}`);
  const systems = [...new Set(rows.map((r) => r.get('system')!.value))];
  const uses = usesOf(store, systems);
  return rows
    .map((r) => {
      const s = r.get('system')!.value;
      const role = r.get('role')!.value;
      const link = r.get('link')!.value;
      return { key: linkKey(s, role, link), system: s, role, link, model: r.get('model')?.value === 'true', uses: uses.get(s) ?? [] };
    })
    .sort((a, b) => a.system.localeCompare(b.system) || a.role.localeCompare(b.role) || a.link.localeCompare(b.link));
}

function usesOf(store: GraphStore, systems: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const safe = systems.filter((s) => SAFE_IRI.test(s));
  if (safe.length === 0) return out;
  const rows = store.select(`PREFIX ar: <${NS.ar}>
SELECT DISTINCT ?system ?use WHERE { VALUES ?system { ${safe.map((s) => `<${s}>`).join(' ')} } ?use ar:usesSystem ?system . FILTER(isIRI(?use)) }`);
  for (const r of rows) {
    const s = r.get('system')!.value;
    out.set(s, [...(out.get(s) ?? []), r.get('use')!.value].sort());
  }
  return out;
}
