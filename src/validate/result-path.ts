import type { Store } from 'n3';
import type { Term } from '@rdfjs/types';
import { RDF, SH, compactIri } from './terms.js';

const NIL = `${RDF}nil`;

function objectOf(store: Store, subject: Term, predicate: string): Term | undefined {
  return store.getObjects(subject, predicate, null)[0];
}

function listItems(store: Store, head: Term): Term[] {
  const items: Term[] = [];
  let node: Term | undefined = head;
  while (node && node.value !== NIL) {
    const first = objectOf(store, node, `${RDF}first`);
    if (!first) break;
    items.push(first);
    node = objectOf(store, node, `${RDF}rest`);
  }
  return items;
}

function step(store: Store, term: Term): string {
  if (term.termType === 'NamedNode') {
    const short = compactIri(term.value);
    return short === term.value ? `<${term.value}>` : short;
  }
  return `(${render(store, term)})`;
}

// SPARQL property-path syntax: p1/p2, ^p, (p1|p2), p*, p+, p?
function render(store: Store, term: Term): string {
  if (term.termType === 'NamedNode') return step(store, term);
  if (objectOf(store, term, `${RDF}first`)) return listItems(store, term).map((t) => step(store, t)).join('/');
  const unary: Array<[string, (inner: string) => string]> = [
    [`${SH}inversePath`, (s) => `^${s}`],
    [`${SH}zeroOrMorePath`, (s) => `${s}*`],
    [`${SH}oneOrMorePath`, (s) => `${s}+`],
    [`${SH}zeroOrOnePath`, (s) => `${s}?`],
  ];
  for (const [predicate, wrap] of unary) {
    const inner = objectOf(store, term, predicate);
    if (inner) return wrap(step(store, inner));
  }
  const alternatives = objectOf(store, term, `${SH}alternativePath`);
  if (alternatives) return listItems(store, alternatives).map((t) => step(store, t)).join('|');
  return `_:${term.value}`;
}

/** A predicate path as its IRI; any other path in SPARQL property-path syntax. */
export function pathToString(store: Store, path: Term): string {
  return path.termType === 'NamedNode' ? path.value : render(store, path);
}

/** The triples that spell out a complex path (blank nodes and lists), to copy it into another graph. */
export function pathQuads(store: Store, path: Term): ReturnType<Store['getQuads']> {
  const out: ReturnType<Store['getQuads']> = [];
  const seen = new Set<string>();
  const queue: Term[] = [path];
  while (queue.length > 0) {
    const node = queue.pop();
    if (!node || node.termType !== 'BlankNode' || seen.has(node.value)) continue;
    seen.add(node.value);
    for (const quad of store.getQuads(node, null, null, null)) {
      out.push(quad);
      queue.push(quad.object);
    }
  }
  return out;
}
