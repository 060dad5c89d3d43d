/**
 * GET /dump: every graph of the register (ontology, records, static graphs, derived) as N-Quads or
 * TriG, streamed one graph at a time from a consistent snapshot.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import oxigraph from 'oxigraph';
import { HttpError, allowCors } from './http.js';
import { negotiate } from './negotiate.js';
import { loadGraph, type GraphContent } from './store-ops.js';
import type { Register } from './register.js';

export const DUMP_FORMATS = { nquads: 'application/n-quads', trig: 'application/trig' } as const;
const OFFERS = [DUMP_FORMATS.nquads, DUMP_FORMATS.trig];

/** The media type asked for by ?format= (nquads, trig, or a media type), else by Accept. */
export function dumpMediaType(format: string | null, accept: string | undefined): string {
  if (format !== null) {
    const f = format.toLowerCase();
    const chosen = f in DUMP_FORMATS ? DUMP_FORMATS[f as keyof typeof DUMP_FORMATS] : OFFERS.find((o) => o === f);
    if (!chosen) throw new HttpError(400, `format=${format} is not offered; use format=nquads or format=trig`);
    return chosen;
  }
  const chosen = negotiate(accept, OFFERS);
  if (!chosen) throw new HttpError(406, `the dump is available as ${OFFERS.join(' and ')} (Accept, or ?format=nquads|trig)`);
  return chosen;
}

/** One graph as N-Quads or TriG text; blank node labels are fresh per graph, so they never clash. */
export function serializeGraph(content: GraphContent, mediaType: string): string {
  const store = new oxigraph.Store();
  loadGraph(store, content);
  return store.dump({ format: mediaType });
}

// Waits until the socket takes more, or the client is gone.
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function sendDump(req: IncomingMessage, res: ServerResponse, register: Register, format: string | null): Promise<void> {
  allowCors(res);
  res.setHeader('vary', 'Accept');
  const mediaType = dumpMediaType(format, req.headers.accept);
  let graphs: GraphContent[] = [];
  await register.snapshot((g) => {
    graphs = g;
  });
  const ext = mediaType === DUMP_FORMATS.trig ? 'trig' : 'nq';
  res.writeHead(200, { 'content-type': `${mediaType}; charset=utf-8`, 'content-disposition': `inline; filename="register.${ext}"` });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  for (const g of graphs) {
    if (res.destroyed) return;
    const text = serializeGraph(g, mediaType);
    if (text && !res.write(text)) await drained(res);
  }
  res.end();
}
