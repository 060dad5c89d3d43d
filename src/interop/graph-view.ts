import type { Quad, Term } from '@rdfjs/types';
import { RDF_TYPE, RDFS_LABEL } from './vocab.js';

/** Key of a subject term: an IRI as is, a blank node as "_:label". */
export const termKey = (t: Term): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);

/**
 * A read-only index over a set of quads (graph names ignored): subject → predicate → objects.
 * The exporters read descriptions through it, so they are pure functions of quads.
 */
export class GraphView {
  private readonly index = new Map<string, Map<string, Term[]>>();
  private readonly reverse = new Map<string, Map<string, string[]>>();

  constructor(quads: Iterable<Quad>) {
    for (const q of quads) {
      const s = termKey(q.subject);
      const o = q.object;
      let byPredicate = this.index.get(s);
      if (!byPredicate) this.index.set(s, (byPredicate = new Map()));
      const list = byPredicate.get(q.predicate.value);
      if (!list) byPredicate.set(q.predicate.value, [o]);
      else if (list.some((x) => x.equals(o))) continue; // the same triple again (e.g. an organisation described in several files)
      else list.push(o);
      if (o.termType !== 'Literal') {
        const ok = termKey(o);
        let rev = this.reverse.get(ok);
        if (!rev) this.reverse.set(ok, (rev = new Map()));
        const subjects = rev.get(q.predicate.value);
        if (subjects) subjects.push(s);
        else rev.set(q.predicate.value, [s]);
      }
    }
  }

  objects(subject: string, predicate: string): Term[] {
    return this.index.get(subject)?.get(predicate) ?? [];
  }

  /** Subjects that have `predicate` pointing at `object` (IRI or "_:label"). */
  subjects(predicate: string, object: string): string[] {
    return this.reverse.get(object)?.get(predicate) ?? [];
  }

  /** IRIs and blank nodes (as keys) that are objects of the predicate, sorted. */
  nodes(subject: string, predicate: string): string[] {
    return this.objects(subject, predicate).filter((o) => o.termType !== 'Literal').map(termKey).sort();
  }

  node(subject: string, predicate: string): string | undefined {
    return this.nodes(subject, predicate)[0];
  }

  has(subject: string): boolean {
    return this.index.has(subject);
  }

  types(subject: string): string[] {
    return this.nodes(subject, RDF_TYPE);
  }

  isA(subject: string, type: string): boolean {
    return this.types(subject).includes(type);
  }

  /** Subjects typed with one of the types. */
  instancesOf(...types: string[]): string[] {
    const out = new Set<string>();
    for (const t of types) for (const s of this.subjects(RDF_TYPE, t)) out.add(s);
    return [...out].sort();
  }

  /** Literal values of a property (any language), sorted for a stable order. */
  literals(subject: string, predicate: string): string[] {
    return this.objects(subject, predicate).filter((o) => o.termType === 'Literal').map((o) => o.value).sort();
  }

  /**
   * One text value: the first language in `prefer` that has one ('' = no language tag), else any,
   * the smallest value in code-point order when several share a language.
   */
  text(subject: string, predicate: string, prefer: readonly string[]): string | undefined {
    const lits: { lang: string; value: string }[] = [];
    for (const o of this.objects(subject, predicate)) {
      if (o.termType === 'Literal') lits.push({ lang: o.language.toLowerCase().split('-')[0]!, value: o.value });
    }
    if (lits.length === 0) return undefined;
    if (lits.length === 1) return lits[0]!.value;
    for (const lang of prefer) {
      const hit = lits.filter((l) => l.lang === lang).map((l) => l.value).sort();
      if (hit.length > 0) return hit[0];
    }
    return lits.map((l) => l.value).sort()[0];
  }

  /** An address: an IRI object, or a literal (xsd:anyURI or plain) that holds one. */
  link(subject: string, predicate: string): string | undefined {
    const objs = this.objects(subject, predicate);
    const iri = objs.filter((o) => o.termType === 'NamedNode').map((o) => o.value).sort()[0];
    return iri ?? objs.filter((o) => o.termType === 'Literal').map((o) => o.value).sort()[0];
  }

  label(subject: string, prefer: readonly string[]): string | undefined {
    return this.text(subject, RDFS_LABEL, prefer);
  }
}
