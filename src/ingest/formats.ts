import { extname } from 'node:path';

export type RdfFormat = 'turtle' | 'ntriples' | 'nquads' | 'trig' | 'jsonld' | 'rdfxml';

const BY_EXTENSION: Record<string, RdfFormat> = {
  '.ttl': 'turtle',
  '.turtle': 'turtle',
  '.nt': 'ntriples',
  '.nq': 'nquads',
  '.trig': 'trig',
  '.jsonld': 'jsonld',
  '.json': 'jsonld',
  '.rdf': 'rdfxml',
  '.owl': 'rdfxml',
  '.xml': 'rdfxml',
};

const BY_MEDIA_TYPE: Record<string, RdfFormat> = {
  'text/turtle': 'turtle',
  'application/x-turtle': 'turtle',
  'application/n-triples': 'ntriples',
  'application/n-quads': 'nquads',
  'application/trig': 'trig',
  'application/ld+json': 'jsonld',
  'application/json': 'jsonld',
  'application/rdf+xml': 'rdfxml',
};

export function formatFromPath(path: string): RdfFormat | undefined {
  return BY_EXTENSION[extname(path).toLowerCase()];
}

export function formatFromMediaType(contentType: string): RdfFormat | undefined {
  return BY_MEDIA_TYPE[contentType.split(';')[0].trim().toLowerCase()];
}

export function isRdfPath(path: string): boolean {
  return formatFromPath(path) !== undefined;
}
