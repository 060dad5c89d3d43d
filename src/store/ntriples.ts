import { createHash } from 'node:crypto';
import { DataFactory, Parser, Writer } from 'n3';
import type { Quad, Quad_Object, Quad_Subject } from '@rdfjs/types';

const { quad, blankNode, defaultGraph } = DataFactory;

/** Serialises quads as N-Triples (their graph is dropped). Synchronous. */
export function toNTriples(quads: Iterable<Quad>): string {
  const writer = new Writer({ format: 'N-Triples' });
  for (const q of quads) writer.addQuad(q.subject, q.predicate, q.object, defaultGraph());
  let text = '';
  writer.end((_e, out: string) => {
    text = out;
  });
  return text;
}

export function parseNTriples(text: string): Quad[] {
  return new Parser({ format: 'N-Triples' }).parse(text);
}

/**
 * Gives every blank node a label that starts with `prefix`, so that descriptions loaded together
 * into one store never share a blank node by accident (parsers number blank nodes per process).
 */
export function relabelBlankNodes(quads: Quad[], prefix: string): Quad[] {
  const labels = new Map<string, string>();
  const label = (value: string): string => {
    let l = labels.get(value);
    if (!l) {
      l = `${prefix}${labels.size}`;
      labels.set(value, l);
    }
    return l;
  };
  const subject = (t: Quad_Subject): Quad_Subject => (t.termType === 'BlankNode' ? blankNode(label(t.value)) : t);
  const object = (t: Quad_Object): Quad_Object => (t.termType === 'BlankNode' ? blankNode(label(t.value)) : t);
  return quads.map((q) => quad(subject(q.subject), q.predicate, object(q.object), defaultGraph()));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
