// Namespaces and IRIs the importers and exporters write and read.
export const AR = 'https://w3id.org/algoreg/ns#';
export const AIA = 'https://w3id.org/algoreg/law/aiact/';
export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
export const DCT = 'http://purl.org/dc/terms/';
export const DCAT = 'http://www.w3.org/ns/dcat#';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const SKOS = 'http://www.w3.org/2004/02/skos/core#';
export const ELI = 'http://data.europa.eu/eli/ontology#';

export const RDF_TYPE = `${RDF}type`;
export const RDF_JSON = `${RDF}JSON`;
export const RDF_VALUE = `${RDF}value`;
export const RDFS_LABEL = `${RDFS}label`;

/** ar: IRIs by local name, e.g. ar('InUse'). */
export const ar = (local: string): string => `${AR}${local}`;

/** Prefixes for Turtle output. */
export const PREFIXES: Readonly<Record<string, string>> = {
  ar: AR,
  aia: AIA,
  rdf: RDF,
  rdfs: RDFS,
  dct: DCT,
  dcat: DCAT,
  skos: SKOS,
  xsd: XSD,
};
