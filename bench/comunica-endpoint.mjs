// The baseline of bench/endpoint.mjs, in its own process: Comunica over an N3 store behind a
// minimal SPARQL protocol handler (GET/POST query, Accept), plus a naive PUT that parses a
// description and replaces a named graph (no validation, no classification, no durability).
// usage: node bench/comunica-endpoint.mjs <file.nq> <base IRI>   (prints its URL when ready)
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { StreamParser, Parser, Store, DataFactory } from 'n3';
import { QueryEngine } from '@comunica/query-sparql';

const [file, BASE] = process.argv.slice(2);
const store = new Store();
const t0 = performance.now();
await new Promise((resolve, reject) => {
  const parser = new StreamParser({ format: 'N-Quads' });
  createReadStream(file).pipe(parser);
  parser.on('data', (q) => store.addQuad(q));
  parser.on('end', resolve);
  parser.on('error', reject);
});
const loadMs = performance.now() - t0;
const engine = new QueryEngine();

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', async () => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (req.method === 'PUT' && url.pathname.startsWith('/systems/')) {
        const id = url.pathname.slice('/systems/'.length);
        const graph = DataFactory.namedNode(`${BASE}graph/system/${id}`);
        const parsed = new Parser({ baseIRI: `${BASE}system/${id}` }).parse(body);
        store.removeMatches(null, null, null, graph);
        store.addQuads(parsed.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, graph)));
        res.writeHead(204).end();
        return;
      }
      const query = req.method === 'POST' ? body : url.searchParams.get('query');
      const result = await engine.query(query, { sources: [store], unionDefaultGraph: true });
      const { data } = await engine.resultToString(result, req.headers.accept);
      res.writeHead(200, { 'content-type': req.headers.accept });
      for await (const chunk of data) res.write(chunk);
      res.end();
    } catch (e) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(e.message));
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/`, quads: store.size, loadMs }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
