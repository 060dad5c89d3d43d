import { DataFactory } from 'n3';
import type { Quad, Term, NamedNode, BlankNode, Literal, Quad_Graph } from '@rdfjs/types';

/** Minimal shape of the terms other parsers (rdflib, jsonld) hand back. */
export interface ForeignTerm {
  termType: string;
  value: string;
  language?: string;
  datatype?: { value: string } | null;
}

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;

// Blank-node labels from another parser get a per-document prefix so that two documents never share one by accident.
export function toN3Term(t: ForeignTerm, bnodePrefix: string): Term {
  switch (t.termType) {
    case 'NamedNode':
      return namedNode(t.value);
    case 'BlankNode':
      return blankNode(`${bnodePrefix}${t.value.replace(/^_:/, '')}`);
    case 'Literal':
      if (t.language) return literal(t.value, t.language);
      return literal(t.value, t.datatype ? namedNode(t.datatype.value) : undefined);
    case 'DefaultGraph':
      return defaultGraph();
    default:
      throw new Error(`unsupported term type ${t.termType}`);
  }
}

export function toN3Quad(
  s: ForeignTerm,
  p: ForeignTerm,
  o: ForeignTerm,
  g: ForeignTerm | undefined,
  bnodePrefix: string,
): Quad {
  return quad(
    toN3Term(s, bnodePrefix) as NamedNode | BlankNode,
    toN3Term(p, bnodePrefix) as NamedNode,
    toN3Term(o, bnodePrefix) as NamedNode | BlankNode | Literal,
    g ? (toN3Term(g, bnodePrefix) as Quad_Graph) : defaultGraph(),
  );
}
