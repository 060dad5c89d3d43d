import { readdirSync, readFileSync } from 'node:fs';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { packagePath } from '../paths.js';

let cached: Quad[] | undefined;

/** The algoreg ontology: every Turtle file in ontology/. */
export function ontologyQuads(): Quad[] {
  if (!cached) {
    const dir = packagePath('ontology');
    cached = readdirSync(dir)
      .filter((f) => f.endsWith('.ttl'))
      .sort()
      .flatMap((f) => new Parser({ baseIRI: `https://w3id.org/algoreg/ontology/${f}` }).parse(readFileSync(`${dir}/${f}`, 'utf8')));
  }
  return cached;
}
