import type { Quad } from '@rdfjs/types';
import { readRdfInputs } from '../ingest/parse.js';

/** Reads files and directories; an unreadable or malformed input throws an InputError. */
export async function loadInputs(paths: string[]): Promise<{ quads: Quad[]; files: string[] }> {
  const parsed = await readRdfInputs(paths);
  return { quads: parsed.flatMap((p) => p.quads), files: parsed.map((p) => p.path) };
}

/** English (else any) rdfs:label or skos:prefLabel of each IRI, for messages people read. */
export function labelIndex(quads: Quad[]): (iri: string) => string | undefined {
  const labels = new Map<string, { value: string; en: boolean }>();
  for (const q of quads) {
    const p = q.predicate.value;
    if ((p.endsWith('#label') || p.endsWith('#prefLabel')) && q.object.termType === 'Literal') {
      const en = q.object.language === 'en' || q.object.language === '';
      const prev = labels.get(q.subject.value);
      if (!prev || (en && !prev.en)) labels.set(q.subject.value, { value: q.object.value, en });
    }
  }
  return (iri) => labels.get(iri)?.value;
}
