import { DOMParser } from '@xmldom/xmldom';
import { RDFParser, graph } from 'rdflib';
import type { Quad } from '@rdfjs/types';
import { InputError, positionOf } from './errors.js';
import { toN3Quad, type ForeignTerm } from './terms.js';

// A DOCTYPE that names an external DTD or entity (SYSTEM/PUBLIC) is how XXE and remote loads start:
// refuse it before any XML parser sees the document.
const EXTERNAL_DECLARATION = /<!(?:DOCTYPE|ENTITY)[^>]*?\b(SYSTEM|PUBLIC)\b/i;

export function parseRdfXml(text: string, baseIRI: string, source: string, bnodePrefix: string): Quad[] {
  const external = EXTERNAL_DECLARATION.exec(text);
  if (external) {
    const { line, column } = positionOf(text, external.index);
    throw new InputError(
      `RDF/XML declares an external entity or DTD (${external[1]}); algoreg never loads external resources, remove the declaration`,
      source,
      line,
      column,
    );
  }
  text = expandInternalEntities(text, source);
  let problem: { message: string; line?: number; column?: number } | undefined;
  const report = (level: string) => (msg: string, ctx?: { lineNumber?: number; columnNumber?: number }) => {
    if (!problem) problem = { message: `${level}: ${msg.replace(/\s*@#\[line:.*$/s, '').trim()}`, line: ctx?.lineNumber, column: ctx?.columnNumber };
  };
  let dom;
  try {
    dom = new DOMParser({
      onError: (level: string, msg: string, ctx?: { lineNumber?: number; columnNumber?: number }) => {
        if (level !== 'warning') report(level)(msg, ctx);
      },
    }).parseFromString(text, 'application/xml');
  } catch (err) {
    const loc = (err as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    throw new InputError(`malformed RDF/XML (${(err as Error).message})`, source, loc?.lineNumber, loc?.columnNumber);
  }
  if (problem) throw new InputError(`malformed RDF/XML (${problem.message})`, source, problem.line, problem.column);

  const kb = graph();
  try {
    new RDFParser(kb).parse(dom as unknown as Parameters<RDFParser['parse']>[0], baseIRI, kb.sym(baseIRI));
  } catch (err) {
    throw new InputError(`invalid RDF/XML: ${(err as Error).message}`, source);
  }
  return kb.statements.map((st) =>
    toN3Quad(st.subject as ForeignTerm, st.predicate as ForeignTerm, st.object as ForeignTerm, undefined, bnodePrefix),
  );
}

const INTERNAL_SUBSET = /<!DOCTYPE\s+[^\[>]*\[([\s\S]*?)\]\s*>/;
const ENTITY_DECL = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(["'])([^"']*)\2\s*>/g;

// OWL files in RDF/XML commonly abbreviate namespaces with internal entities, which the XML parser
// does not expand. Expand plain string entities once; a value that refers to another entity is
// refused, which rules out exponential ("billion laughs") expansion.
function expandInternalEntities(text: string, source: string): string {
  const subset = INTERNAL_SUBSET.exec(text);
  if (!subset) return text;
  const entities = new Map<string, string>();
  for (const m of subset[1].matchAll(ENTITY_DECL)) {
    if (m[3].includes('&') || m[3].includes('%')) {
      const { line, column } = positionOf(text, subset.index);
      throw new InputError(`RDF/XML entity "${m[1]}" refers to another entity; nested entities are not supported`, source, line, column);
    }
    entities.set(m[1], m[3]);
  }
  const body = text.slice(0, subset.index) + text.slice(subset.index + subset[0].length);
  return body.replace(/&([A-Za-z_][\w.-]*);/g, (whole, name: string) => entities.get(name) ?? whole);
}
