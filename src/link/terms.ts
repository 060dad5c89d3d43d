/** Namespaces and terms of dataset links (see ontology/datasets.ttl). */
export const NS = {
  ar: 'https://w3id.org/algoreg/ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dqv: 'http://www.w3.org/ns/dqv#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  it6: 'http://data.europa.eu/it6/',
  prov: 'http://www.w3.org/ns/prov#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

/** The roles of ar:DatasetRoleScheme, by their skos:notation. */
export const ROLES = {
  training: `${NS.ar}TrainingData`,
  validation: `${NS.ar}ValidationData`,
  testing: `${NS.ar}TestingData`,
  input: `${NS.ar}InputData`,
  output: `${NS.ar}OutputData`,
  reference: `${NS.ar}ReferenceData`,
} as const;

export type RoleName = keyof typeof ROLES;

export function roleName(iri: string): RoleName | null {
  for (const [name, value] of Object.entries(ROLES)) if (value === iri) return name as RoleName;
  return null;
}

/** MLDCAT-AP property for a model's link to a dataset in this role (training, validation, testing). */
export const MLDCAT_PROPERTY: Partial<Record<RoleName, string>> = {
  training: `${NS.it6}trainedOn`,
  validation: `${NS.it6}validatedOn`,
  testing: `${NS.it6}testedOn`,
};

/** Roles in which the system uses the dataset while it runs: prov:used from each use. */
export const RUN_TIME_ROLES: ReadonlySet<RoleName> = new Set(['input', 'reference']);
