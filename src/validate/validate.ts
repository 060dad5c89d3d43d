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
  const withOntology = opts.withOntology !== false;
  // The prepared validator covers the ontology's class hierarchy; data that adds to it is not cached.
  if (withOntology && !data.some((q) => q.predicate.value === RDFS_SUBCLASS_OF)) return (await prepared(shapes)).run(data);
  const dataQuads = withOntology ? [...(await loadOntology()), ...data] : data;
  const dataset = new Store(dataQuads);

  // shacl-engine follows rdfs:subClassOf for sh:targetClass and sh:class in the shapes graph only;
  // SHACL says the data graph, so the data graph's class hierarchy is copied across.
  const shapesStore = new Store(shapes);
  shapesStore.addQuads(dataset.getQuads(null, RDFS_SUBCLASS_OF, null, null));

  const engine = new Validator(shapesStore, { factory });
  const engineReport = await engine.validate({ dataset });
  return toValidationReport(engineReport.dataset, shapesStore);
}

/**
 * A validator for one set of shapes over the ontology, built once: the shapes compiled and the
 * ontology indexed. Each run adds the data to the ontology's store and takes it out again, one run
 * at a time (the register validates one description at a time; an import, thousands).
 */
class PreparedValidator {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: Validator,
    private readonly shapesStore: Store,
    private readonly dataset: Store,
  ) {}

  run(data: Quad[]): Promise<ValidationReport> {
    const result = this.queue.then(async () => {
      // Only what the ontology does not state already is added, and so taken out again.
      const added = data.filter((q) => !this.dataset.has(q));
      this.dataset.addQuads(added);
      try {
        const engineReport = await this.engine.validate({ dataset: this.dataset });
        return toValidationReport(engineReport.dataset, this.shapesStore);
      } finally {
        this.dataset.removeQuads(added);
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }
}

const preparedByShapes = new WeakMap<Quad[], Promise<PreparedValidator>>();

function prepared(shapes: Quad[]): Promise<PreparedValidator> {
  let p = preparedByShapes.get(shapes);
  if (!p) {
    p = loadOntology().then((ontology) => {
      const dataset = new Store(ontology);
      const shapesStore = new Store(shapes);
      shapesStore.addQuads(dataset.getQuads(null, RDFS_SUBCLASS_OF, null, null));
      return new PreparedValidator(new Validator(shapesStore, { factory }), shapesStore, dataset);
    });
    preparedByShapes.set(shapes, p);
  }
  return p;
}
