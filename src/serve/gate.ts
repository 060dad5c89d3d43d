import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { GRAPH, type GraphStore } from '../store/graph-store.js';
import { validate } from '../validate/index.js';
import type { ValidationReport, ValidationResult } from '../validate/index.js';

const ALGOREG_NS = 'https://w3id.org/algoreg/';
// IRIs are pasted into SPARQL text: anything a SPARQL IRIREF cannot hold is left out.
const SAFE_IRI = /^[^<>"{}|^`\\\s]+$/;

export function sparqlIri(iri: string): string | undefined {
  return SAFE_IRI.test(iri) ? `<${iri}>` : undefined;
}

/** The IRIs a description mentions (as subject or object), outside the algoreg vocabulary. */
export function mentionedIris(quads: Quad[]): string[] {
  const out = new Set<string>();
  for (const q of quads) {
    for (const t of [q.subject, q.object]) if (t.termType === 'NamedNode' && !t.value.startsWith(ALGOREG_NS) && SAFE_IRI.test(t.value)) out.add(t.value);
  }
  return [...out];
}

/**
 * What the register already states about the IRIs a description mentions: their triples, one
 * level of blank nodes below them (role assignments), and the types of the IRIs those triples
 * point to. A description that names an organisation described in another record is validated
 * with that organisation's statements; one that states a role on another system, with the types
 * of that system's organisations (which its shapes check).
 */
export function registerContext(store: GraphStore, quads: Quad[], excludeGraph?: string): Quad[] {
  const iris = mentionedIris(quads);
  if (iris.length === 0) return [];
  const exclude = [GRAPH.ontology, GRAPH.derived, ...(excludeGraph ? [excludeGraph] : [])].map((g) => `<${g}>`).join(', ');
  const context = construct(store, `CONSTRUCT { ?x ?p ?o . ?o ?p2 ?o2 } WHERE {
    GRAPH ?g { VALUES ?x { ${iris.map((i) => `<${i}>`).join(' ')} } ?x ?p ?o OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2 } }
    FILTER(?g NOT IN (${exclude})) }`);
  const known = new Set(iris);
  const reached = mentionedIris(context).filter((i) => !known.has(i));
  if (reached.length === 0) return context;
  const types = construct(store, `CONSTRUCT { ?x a ?t } WHERE {
    GRAPH ?g { VALUES ?x { ${reached.map((i) => `<${i}>`).join(' ')} } ?x a ?t }
    FILTER(?g NOT IN (${exclude})) }`);
  return [...context, ...types];
}

function construct(store: GraphStore, query: string): Quad[] {
  const text = store.oxi.query(query, { results_format: 'application/n-triples' }) as string;
  return new Parser({ format: 'N-Triples' }).parse(text);
}

export interface GateReport {
  conforms: boolean;
  results: ValidationResult[];
}

/** Node keys (as in ValidationResult.focusNode) of the subjects of a description. */
function subjectKeys(quads: Quad[]): Set<string> {
  return new Set(quads.map((q) => (q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value)));
}

/**
 * The SHACL gate: validates a description together with its register context and keeps the
 * results about the description's own nodes. A Violation among them means it cannot be stored.
 */
export async function gateDescription(store: GraphStore, quads: Quad[], shapes: Quad[], excludeGraph?: string): Promise<GateReport> {
  const context = registerContext(store, quads, excludeGraph);
  const report: ValidationReport = await validate([...quads, ...context], { shapes });
  const own = subjectKeys(quads);
  const results = report.results.filter((r) => own.has(r.focusNode));
  return { conforms: !results.some((r) => r.severity === 'Violation'), results };
}
