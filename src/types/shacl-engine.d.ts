// shacl-engine ships no type declarations; these cover only what src/validate uses.
declare module 'shacl-engine' {
  import type { DataFactory, DatasetCore, Quad, Term } from '@rdfjs/types';

  /** The engine builds its report graph in a dataset made by the factory. */
  export interface EngineFactory extends DataFactory {
    dataset(): DatasetCore;
  }

  export interface ValidatorOptions {
    factory: EngineFactory;
    coverage?: boolean;
    debug?: boolean;
    details?: boolean;
    trace?: boolean;
  }

  export interface EngineReport {
    /** False when any result exists, whatever its severity. */
    readonly conforms: boolean;
    /** The sh:ValidationReport graph. */
    readonly dataset: DatasetCore<Quad>;
    /** The report node. */
    readonly term: Term;
  }

  export class Validator {
    constructor(shapes: DatasetCore, options: ValidatorOptions);
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }, shapes?: Array<{ terms: Term[] }>): Promise<EngineReport>;
  }
}
