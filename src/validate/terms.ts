import type { Term } from '@rdfjs/types';

export const SH = 'http://www.w3.org/ns/shacl#';
export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const AR = 'https://w3id.org/algoreg/ns#';
export const ARSH = 'https://w3id.org/algoreg/shapes#';

// Prefixes used to shorten IRIs in generated messages and in the Turtle report.
export const PREFIXES: Readonly<Record<string, string>> = {
  ar: AR,
  arsh: ARSH,
  sh: SH,
  rdf: RDF,
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: XSD,
  owl: 'http://www.w3.org/2002/07/owl#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dct: 'http://purl.org/dc/terms/',
  dcat: 'http://www.w3.org/ns/dcat#',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  prov: 'http://www.w3.org/ns/prov#',
  org: 'http://www.w3.org/ns/org#',
  adms: 'http://www.w3.org/ns/adms#',
  locn: 'http://www.w3.org/ns/locn#',
  schema: 'http://schema.org/',
};

/** `prefix:local` when a known prefix fits and the rest is a plain name, else the IRI itself. */
export function compactIri(iri: string): string {
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns)) {
      const local = iri.slice(ns.length);
      if (/^[A-Za-z_][\w.-]*$/.test(local) && !local.endsWith('.')) return `${prefix}:${local}`;
    }
  }
  return iri;
}

const PLAIN_DATATYPES = new Set([`${XSD}string`, `${RDF}langString`]);

/** How a term appears in a ValidationResult (see the field comments there). */
export function termToString(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return term.value;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal': {
      const quoted = JSON.stringify(term.value);
      if (term.language) return `${quoted}@${term.language}`;
      if (PLAIN_DATATYPES.has(term.datatype.value)) return quoted;
      return `${quoted}^^${compactIri(term.datatype.value)}`;
    }
    default:
      return term.value;
  }
}
