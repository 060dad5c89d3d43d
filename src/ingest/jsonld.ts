import jsonld from 'jsonld';
import { readFileSync } from 'node:fs';
import type { Quad } from '@rdfjs/types';
import { InputError, positionOf } from './errors.js';
import { toN3Quad, type ForeignTerm } from './terms.js';
import { packagePath } from '../paths.js';

/** The one context URL algoreg serves itself; it is answered from the local file, never fetched. */
export const ALGOREG_CONTEXT_URL = 'https://w3id.org/algoreg/context.jsonld';

let contextDocument: unknown;
function localContext(): unknown {
  contextDocument ??= JSON.parse(readFileSync(packagePath('ontology', 'context.jsonld'), 'utf8'));
  return contextDocument;
}

interface RemoteDocument { contextUrl: null; documentUrl: string; document: unknown }

// jsonld fetches remote contexts through the document loader: ours answers only the algoreg
// context, from disk, and refuses every other URL so that no input can trigger network I/O.
class RemoteContextRefused extends Error {}
async function documentLoader(url: string): Promise<RemoteDocument> {
  if (url === ALGOREG_CONTEXT_URL || url === ALGOREG_CONTEXT_URL.replace('https:', 'http:')) {
    return { contextUrl: null, documentUrl: url, document: localContext() };
  }
  throw new RemoteContextRefused(url);
}

interface JsonLdQuad { subject: ForeignTerm; predicate: ForeignTerm; object: ForeignTerm; graph: ForeignTerm }

export async function parseJsonLd(text: string, baseIRI: string, source: string, bnodePrefix: string): Promise<Quad[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const pos = at ? positionOf(text, Number(at[1])) : undefined;
    throw new InputError(`malformed JSON: ${message}`, source, pos?.line, pos?.column);
  }
  try {
    const quads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
      base: baseIRI,
      documentLoader: documentLoader as unknown as jsonld.Options.DocLoader['documentLoader'],
      safe: true,
    } as jsonld.Options.ToRdf)) as unknown as JsonLdQuad[];
    return quads.map((q) => toN3Quad(q.subject, q.predicate, q.object, q.graph, bnodePrefix));
  } catch (err) {
    const refused = findCause(err, RemoteContextRefused);
    if (refused) {
      throw new InputError(
        `remote JSON-LD context ${refused.message} refused: algoreg never fetches contexts from the network; inline the context or use ${ALGOREG_CONTEXT_URL}`,
        source,
      );
    }
    throw new InputError(`invalid JSON-LD: ${describeJsonLdError(err)}`, source);
  }
}

function findCause<T extends Error>(err: unknown, type: new (...args: never[]) => T): T | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof type) return current;
    const next = (current as { cause?: unknown; details?: { cause?: unknown } }).details?.cause ?? (current as { cause?: unknown }).cause;
    current = next;
  }
  return undefined;
}

function describeJsonLdError(err: unknown): string {
  const e = err as { message?: string; details?: { code?: string; event?: { message?: string } } };
  const parts = [e.message ?? String(err)];
  if (e.details?.code) parts.push(`(${e.details.code})`);
  if (e.details?.event?.message) parts.push(`: ${e.details.event.message}`);
  return parts.join(' ');
}
