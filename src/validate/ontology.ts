import type { Quad } from '@rdfjs/types';
import { packagePath } from '../paths.js';
import { readTurtle } from './turtle-files.js';

let cached: Promise<Quad[]> | undefined;

/** The ontology files (<package>/ontology/*.ttl), read once per process. */
export function loadOntology(): Promise<Quad[]> {
  cached ??= readTurtle([packagePath('ontology')]).catch((err: unknown) => {
    cached = undefined; // let a later call retry rather than keep the failure
    throw err;
  });
  return cached;
}
