import type { Quad } from '@rdfjs/types';

export type Severity = 'Violation' | 'Warning' | 'Info';

export interface ValidationResult {
  severity: Severity;
  /** IRI of the node that failed, or `_:label` for a blank node. */
  focusNode: string;
  /** IRI of the property; a SPARQL-style path for complex paths; null when the shape has no path. */
  path: string | null;
  /** The offending value: an IRI as is, a literal in Turtle form (`"x"`, `"x"@en`, `"1"^^xsd:integer`). */
  value: string | null;
  message: string;
  /** IRI of the shape that reported the result (or `_:label` for an unnamed shape). */
  sourceShape: string;
}

export interface ValidationReport {
  /** False iff any result is a Violation: warnings and infos do not stop a description being stored. */
  conforms: boolean;
  results: ValidationResult[];
  /** The standard sh:ValidationReport graph for the same results. */
  reportQuads: Quad[];
}
