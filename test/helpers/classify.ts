import { Parser } from 'n3';
import { classifyQuads, type ClassifyOptions, type SystemClassification } from '../../src/reason/index.js';

export const PREFIXES = `
@prefix ar: <https://w3id.org/algoreg/ns#> .
@prefix aia: <https://w3id.org/algoreg/law/aiact/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
`;

/** Classifies Turtle (prefixes above are added) and returns the one system ex:sys, or the named one. */
export async function classifyTurtle(ttl: string, opts: ClassifyOptions & { system?: string } = {}): Promise<SystemClassification> {
  const quads = new Parser().parse(PREFIXES + ttl);
  const run = await classifyQuads(quads, { at: '2026-11-21', ...opts });
  const iri = opts.system ?? 'https://example.org/sys';
  const found = run.systems.find((s) => s.iri === iri);
  if (!found) throw new Error(`system ${iri} not classified; got ${run.systems.map((s) => s.iri).join(', ')}`);
  return found;
}
