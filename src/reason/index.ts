import type { Quad } from '@rdfjs/types';
import { GraphStore, GRAPH } from '../store/graph-store.js';
import { ontologyQuads } from '../ontology/load.js';
import { Classifier, type ClassifyOptions, type ClassificationRun } from './classify.js';

export { Classifier } from './classify.js';
export type { ClassificationRun, SystemClassification, ObligationResult, ExplanationStep, ClassifyOptions } from './classify.js';

let shared: Classifier | undefined;

/** The classifier over the rules/ folder, built once per process. */
export function defaultClassifier(): Classifier {
  shared ??= new Classifier();
  return shared;
}

/** Loads the ontology and the given descriptions into a fresh store. */
export function storeWith(descriptions: Quad[], graph = 'https://w3id.org/algoreg/graph/input'): GraphStore {
  const store = new GraphStore();
  store.addToGraph(GRAPH.ontology, ontologyQuads());
  store.addToGraph(graph, descriptions);
  return store;
}

/** Classifies every system in the given descriptions. */
export async function classifyQuads(descriptions: Quad[], opts: ClassifyOptions = {}): Promise<ClassificationRun> {
  return defaultClassifier().classifyStore(storeWith(descriptions), opts);
}
