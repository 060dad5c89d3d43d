import { DataFactory, Store } from 'n3';
import { Validator, type EngineFactory } from 'shacl-engine';
import type { Quad } from '@rdfjs/types';
import { loadOntology } from './ontology.js';
import { toValidationReport } from './report.js';
import { loadShapes } from './shapes.js';
import type { ValidationReport } from './types.js';

const RDFS_SUBCLASS_OF = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';

// The engine writes its report into factory.dataset(); an n3 Store is its fastest dataset.
const factory: EngineFactory = { ...DataFactory, dataset: () => new Store() };

export interface ValidateOptions {
  /** Shapes to check against; default: loadShapes(). */
  shapes?: Quad[];
  /** Add ontology/*.ttl to the data graph (class hierarchy, vocabulary schemes). Default true. */
  withOntology?: boolean;
}

export async function validate(data: Quad[], opts: ValidateOptions = {}): Promise<ValidationReport> {
  const shapes = opts.shapes ?? (await loadShapes());
  const dataQuads = opts.withOntology === false ? data : [...(await loadOntology()), ...data];
  const dataset = new Store(dataQuads);

  // shacl-engine follows rdfs:subClassOf for sh:targetClass and sh:class in the shapes graph only;
  // SHACL says the data graph, so the data graph's class hierarchy is copied across.
  const shapesStore = new Store(shapes);
  shapesStore.addQuads(dataset.getQuads(null, RDFS_SUBCLASS_OF, null, null));

  const engine = new Validator(shapesStore, { factory });
  const engineReport = await engine.validate({ dataset });
  return toValidationReport(engineReport.dataset, shapesStore);
}
