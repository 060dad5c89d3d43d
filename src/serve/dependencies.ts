import type { Quad } from '@rdfjs/types';
import type { GraphStore } from '../store/graph-store.js';
import { sparqlIri } from './gate.js';

const AR = 'https://w3id.org/algoreg/ns#';
const PREFIXES = `PREFIX ar: <${AR}>\n`;

/**
 * The nodes whose statements a record change touches: IRI subjects whose statements differ between
 * the old and the new version, and the systems that blank nodes of either version link to
 * (`_:ra ar:system <s>`, `_:use ar:usesSystem <s>`).
 */
export function changedNodes(oldQuads: Quad[], newQuads: Quad[]): string[] {
  const statements = (quads: Quad[]) => {
    const bySubject = new Map<string, string[]>();
    for (const q of quads) {
      if (q.subject.termType !== 'NamedNode') continue;
      const list = bySubject.get(q.subject.value) ?? [];
      list.push(`${q.predicate.value} ${q.object.termType} ${q.object.value} ${q.object.termType === 'Literal' ? `${q.object.datatype.value}@${q.object.language}` : ''}`);
      bySubject.set(q.subject.value, list);
    }
    return new Map([...bySubject].map(([k, v]) => [k, v.sort().join('\n')]));
  };
  const before = statements(oldQuads);
  const after = statements(newQuads);
  const out = new Set<string>();
  for (const subject of new Set([...before.keys(), ...after.keys()])) if (before.get(subject) !== after.get(subject)) out.add(subject);
  for (const q of [...oldQuads, ...newQuads]) {
    if (q.subject.termType === 'BlankNode' && q.object.termType === 'NamedNode' && (q.predicate.value === `${AR}system` || q.predicate.value === `${AR}usesSystem`)) out.add(q.object.value);
  }
  return [...out];
}

/**
 * Systems whose facts may read a statement about one of `nodes`: the node itself, or its uses,
 * models, role assignments and the organisations involved (the paths of reason/extract.ts).
 * Runs over the main store as it is now.
 */
export function affectedSystems(main: GraphStore, nodes: string[]): Set<string> {
  const values = nodes.map(sparqlIri).filter((v): v is string => !!v).join(' ');
  if (!values) return new Set();
  const V = `VALUES ?x { ${values} }`;
  const query = `${PREFIXES}SELECT DISTINCT ?s WHERE {
    { VALUES ?s { ${values} } }
    UNION { ${V} ?x ar:usesSystem ?s }
    UNION { ${V} ?s ar:basedOnModel ?x }
    UNION { ${V} ?s ar:roleAssignment ?x }
    UNION { ${V} ?x ar:system ?s }
    UNION { ${V} ?ra ar:agent ?x . ?s ar:roleAssignment ?ra }
    UNION { ${V} ?ra ar:agent ?x . ?ra ar:system ?s }
    UNION { ${V} ?u ar:usedBy ?x . ?u ar:usesSystem ?s }
    UNION { ${V} ?u ar:onBehalfOf ?x . ?u ar:usesSystem ?s }
    UNION { ${V} ?m ar:modelProvider ?x . ?s ar:basedOnModel ?m }
  }`;
  return new Set(main.select(query).map((b) => b.get('s')!.value));
}

/**
 * The neighbourhood of some systems, as N-Triples: what a scratch store needs to classify them
 * (with the ontology), so that the cost of a write does not grow with the register. It holds
 * every statement the facts of a system are read from (reason/extract.ts): the system's own,
 * those of the nodes it points to and of the nodes that point to it (uses, role assignments,
 * models), and of the nodes those point to (organisations), vocabulary nodes excepted.
 * A test checks that this gives the same classifications as the whole register.
 */
export function neighbourhood(main: GraphStore, systems: Set<string>): string {
  const values = [...systems].map(sparqlIri).filter((v): v is string => !!v).join(' ');
  const keep = (v: string) => `FILTER(isBlank(${v}) || (isIRI(${v}) && !STRSTARTS(STR(${v}), "https://w3id.org/algoreg/")))`;
  const S = `VALUES ?s { ${values} }`;
  return values
    ? (main.oxi.query(
        `CONSTRUCT { ?x ?p ?o } WHERE {
          { VALUES ?x { ${values} } ?x ?p ?o }
          UNION { ${S} ?s ?p1 ?x . ${keep('?x')} ?x ?p ?o }
          UNION { ${S} ?x ?p1 ?s . ?x ?p ?o }
          UNION { ${S} ?s ?p1 ?y . ${keep('?y')} ?y ?p2 ?x . ${keep('?x')} ?x ?p ?o }
          UNION { ${S} ?y ?p1 ?s . ?y ?p2 ?x . ${keep('?x')} ?x ?p ?o }
        }`,
        { use_default_graph_as_union: true, results_format: 'application/n-triples' },
      ) as string)
    : '';
}
