import { writeFile } from 'node:fs/promises';
import { Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { loadInputs, labelIndex } from './load-inputs.js';
import { EXIT } from './exit-codes.js';
import { loadShapes, validate, formatJson, formatText, formatTurtle } from '../validate/index.js';
import { ontologyQuads } from '../ontology/load.js';
import { defaultClassifier, storeWith } from '../reason/index.js';
import { derivedQuads } from '../reason/derived-graph.js';
import { formatExplain, formatRunJson, formatRunText } from '../reason/format.js';
import type { CalendarName } from '../reason/calendar.js';

export type Output = (text: string) => void;

export interface ValidateCliOptions { shapes?: string[]; format: 'text' | 'json' | 'turtle' }

export async function validateCommand(inputs: string[], opts: ValidateCliOptions, out: Output): Promise<number> {
  const { quads } = await loadInputs(inputs);
  const custom = opts.shapes && opts.shapes.length > 0;
  const shapes = await loadShapes(custom ? opts.shapes : undefined);
  const report = await validate(quads, { shapes, withOntology: !custom });
  if (opts.format === 'json') out(formatJson(report));
  else if (opts.format === 'turtle') out(await formatTurtle(report));
  else out(formatText(report, labelIndex([...ontologyQuads(), ...quads])));
  return report.conforms ? EXIT.ok : EXIT.violation;
}

export interface ClassifyCliOptions { format: 'text' | 'json' | 'turtle'; calendar: CalendarName; at?: string; base?: string }

async function runClassification(inputs: string[], opts: Omit<ClassifyCliOptions, 'format'>) {
  const { quads } = await loadInputs(inputs);
  return defaultClassifier().classifyStore(storeWith(quads), { calendar: opts.calendar, at: opts.at, base: opts.base });
}

export async function classifyCommand(inputs: string[], opts: ClassifyCliOptions, out: Output): Promise<number> {
  const run = await runClassification(inputs, opts);
  if (opts.format === 'json') out(formatRunJson(run));
  else if (opts.format === 'turtle') out(await toTurtle([...derivedQuads(run, opts.base)]));
  else out(formatRunText(run));
  return EXIT.ok;
}

export async function explainCommand(systemIri: string, inputs: string[], opts: Omit<ClassifyCliOptions, 'format'>, out: Output, err: Output): Promise<number> {
  const run = await runClassification(inputs, opts);
  const sys = run.systems.find((s) => s.iri === systemIri);
  if (!sys) {
    err(`no system <${systemIri}> in ${inputs.join(', ')}; systems found: ${run.systems.map((s) => s.iri).join(', ') || 'none'}`);
    return EXIT.badInput;
  }
  out(formatExplain(sys, run));
  return EXIT.ok;
}

export function toTurtle(quads: Quad[]): Promise<string> {
  const writer = new Writer({
    prefixes: {
      ar: 'https://w3id.org/algoreg/ns#',
      aia: 'https://w3id.org/algoreg/law/aiact/',
      gdpr: 'https://w3id.org/algoreg/law/gdpr/',
      prov: 'http://www.w3.org/ns/prov#',
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
  });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((e, r) => (e ? reject(e) : resolve(r))));
}

export async function writeOut(path: string | undefined, text: string, out: Output): Promise<void> {
  if (path) await writeFile(path, text);
  else out(text);
}
