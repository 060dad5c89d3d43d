import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Quad } from '@rdfjs/types';
import { PACKAGE_ROOT } from '../paths.js';
import { readTurtle } from '../validate/turtle-files.js';
import { validate } from '../validate/index.js';
import { NS } from './terms.js';

const SH = 'http://www.w3.org/ns/shacl#';

/** The official DCAT-AP 3.0.1 shapes next to the package (../shared/...), if there. Never copied into the repo. */
export const DEFAULT_DCAT_AP_DIR = resolve(PACKAGE_ROOT, '..', 'shared', 'standards', 'dcat-ap', '3.0.1');

/** The mandatory (Violation) and recommended (Warning) shape files of the split DCAT-AP 3.0.1 set. */
const FILES = ['shapes.ttl', 'shapes_recommended.ttl'];

export interface DcatApShapes {
  dir: string;
  quads: Quad[];
  /** Dataset properties with sh:minCount ≥ 1, by severity. */
  mandatory: string[];
  recommended: string[];
}

export type ShapesLoad = { ok: true; shapes: DcatApShapes } | { ok: false; message: string };

/**
 * Loads the shapes from a directory: the 3.0.1 release directory (holding html-shacl/) or the
 * html-shacl directory itself. A missing directory is not an error: quality is then not checked.
 */
export async function loadDcatApShapes(dir: string = DEFAULT_DCAT_AP_DIR): Promise<ShapesLoad> {
  const candidates = [join(dir, 'html-shacl'), dir];
  const found = candidates.find((d) => FILES.every((f) => existsSync(join(d, f))));
  if (!found) return { ok: false, message: `the DCAT-AP 3.0.1 shapes are not at ${dir} (expected ${FILES.join(' and ')} there or in html-shacl/): linked datasets are not checked against DCAT-AP` };
  const quads = await readTurtle(FILES.map((f) => join(found, f)));
  return { ok: true, shapes: { dir: found, quads, ...datasetMinCounts(quads) } };
}

// The properties the shapes require (Violation) or recommend (Warning) on every dcat:Dataset.
function datasetMinCounts(quads: Quad[]): { mandatory: string[]; recommended: string[] } {
  const objects = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
  const datasetShapes = quads.filter((q) => q.predicate.value === `${SH}targetClass` && q.object.value === `${NS.dcat}Dataset`).map((q) => q.subject.value);
  const mandatory = new Set<string>();
  const recommended = new Set<string>();
  for (const shape of datasetShapes) {
    for (const prop of objects(shape, `${SH}property`)) {
      const path = objects(prop.value, `${SH}path`)[0];
      const min = Number(objects(prop.value, `${SH}minCount`)[0]?.value ?? 0);
      if (!path || path.termType !== 'NamedNode' || min < 1) continue;
      const severity = objects(prop.value, `${SH}severity`)[0]?.value ?? `${SH}Violation`;
      (severity === `${SH}Violation` ? mandatory : recommended).add(path.value);
    }
  }
  return { mandatory: [...mandatory].sort(), recommended: [...recommended].filter((p) => !mandatory.has(p)).sort() };
}

export interface DatasetQuality {
  /** Whether the metadata were checked against the DCAT-AP shapes (false: shapes absent). */
  checked: boolean;
  /** Why not, when not checked. */
  note: string | null;
  /** Violations and warnings of the official shapes in the metadata retrieved (dataset, distributions, agents). */
  violations: number | null;
  warnings: number | null;
  /** Mandatory and recommended Dataset properties (IRIs) without a value. */
  missingMandatory: string[] | null;
  missingRecommended: string[] | null;
  /** A licence on the dataset or on one of its distributions. */
  hasLicence: boolean;
  hasAccessRights: boolean;
  /** Share of the mandatory and recommended Dataset properties present, 0-1 (null: not checked). */
  score: number | null;
}

/** The DCAT-AP quality of one dataset's metadata. */
export async function assessQuality(dataset: string, quads: Quad[], shapes: ShapesLoad): Promise<DatasetQuality> {
  const has = (s: string, p: string) => quads.some((q) => q.subject.value === s && q.predicate.value === p);
  const distributions = quads.filter((q) => q.subject.value === dataset && q.predicate.value === `${NS.dcat}distribution`).map((q) => q.object.value);
  const hasLicence = has(dataset, `${NS.dct}license`) || distributions.some((d) => has(d, `${NS.dct}license`));
  const hasAccessRights = has(dataset, `${NS.dct}accessRights`);
  if (!shapes.ok) {
    return { checked: false, note: shapes.message, violations: null, warnings: null, missingMandatory: null, missingRecommended: null, hasLicence, hasAccessRights, score: null };
  }
  const { mandatory, recommended, quads: shapeQuads } = shapes.shapes;
  const report = await validate(quads, { shapes: shapeQuads, withOntology: false });
  const missingMandatory = mandatory.filter((p) => !has(dataset, p));
  const missingRecommended = recommended.filter((p) => !has(dataset, p));
  const total = mandatory.length + recommended.length;
  return {
    checked: true,
    note: null,
    violations: report.results.filter((r) => r.severity === 'Violation').length,
    warnings: report.results.filter((r) => r.severity === 'Warning').length,
    missingMandatory,
    missingRecommended,
    hasLicence,
    hasAccessRights,
    score: total ? Math.round(((total - missingMandatory.length - missingRecommended.length) / total) * 100) / 100 : null,
  };
}
