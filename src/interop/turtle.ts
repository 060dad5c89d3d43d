import { Writer } from 'n3';
import type { BlankNode, Quad, Quad_Object, Term } from '@rdfjs/types';
import { termKey } from './graph-view.js';
import { PREFIXES } from './vocab.js';

/**
 * Turtle for a set of quads, with the usual prefixes, subjects grouped (the first subject
 * first) and blank nodes used once written inline as [ ... ]. With `base`, IRIs under it are
 * written relative (the system itself as <>), so a register that stores the text under its own
 * base puts them there.
 */
export function toTurtle(quads: readonly Quad[], opts: { base?: string; prefixes?: Record<string, string> } = {}): string {
  const writer = new Writer({ prefixes: { ...PREFIXES, ...(opts.prefixes ?? {}) }, ...(opts.base ? { baseIRI: opts.base } : {}) });
  const bySubject = new Map<string, Quad[]>();
  const refs = new Map<string, number>();
  for (const q of quads) {
    const k = termKey(q.subject);
    const list = bySubject.get(k);
    if (list) list.push(q);
    else bySubject.set(k, [q]);
    if (q.object.termType === 'BlankNode') refs.set(termKey(q.object), (refs.get(termKey(q.object)) ?? 0) + 1);
  }
  const inline = new Set([...refs].filter(([k, n]) => n === 1 && bySubject.has(k)).map(([k]) => k));
  const visiting = new Set<string>();
  const object = (o: Term): Quad_Object => {
    const k = termKey(o);
    if (o.termType !== 'BlankNode' || !inline.has(k) || visiting.has(k)) return o as Quad_Object;
    visiting.add(k);
    const node = writer.blank(bySubject.get(k)!.map((q) => ({ predicate: q.predicate, object: object(q.object) })));
    visiting.delete(k);
    return node as unknown as BlankNode;
  };
  for (const [k, list] of bySubject) {
    if (inline.has(k)) continue;
    for (const q of list) writer.addQuad(q.subject, q.predicate, object(q.object));
  }
  let out = '';
  writer.end((err, result) => {
    if (err) throw err;
    out = result;
  });
  return out;
}
