import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { startTripwire } from './helpers/tripwire.js';

const dir = mkdtempSync(join(tmpdir(), 'algoreg-input-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const SYSTEM_TTL = `@prefix ar: <https://w3id.org/algoreg/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/s> a ar:AlgorithmicSystem ; rdfs:label "Route planner" ; ar:responsibleOrganisation <https://example.org/o> .
<https://example.org/o> a ar:Organisation ; rdfs:label "City" .
`;

let tripwire: Awaited<ReturnType<typeof startTripwire>>;
beforeAll(async () => {
  tripwire = await startTripwire();
});
afterAll(() => tripwire.close());

describe('algoreg validate: reading input', () => {
  it('malformed Turtle exits 2 naming file, line and column', async () => {
    const p = file('broken.ttl', '@prefix ar: <https://w3id.org/algoreg/ns#> .\n<https://example.org/s> a ar:AlgorithmicSystem ;\n  ar:purpose ar:X ar:Y .\n');
    const r = await runCli(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: malformed Turtle`));
  });

  it('malformed JSON exits 2 with line and column', async () => {
    const p = file('broken.jsonld', '{\n  "@context": "https://w3id.org/algoreg/context.jsonld",\n  "name": "x",,\n}\n');
    const r = await runCli(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.jsonld:3:\d+: malformed JSON/);
  });

  it('a remote JSON-LD context is refused with exit 2 and never fetched', async () => {
    const p = file('remote.jsonld', JSON.stringify({ '@context': `${tripwire.url}/context.jsonld`, '@id': 'https://example.org/s', name: 'x' }));
    const r = await runCli(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`remote JSON-LD context ${tripwire.url}/context.jsonld refused`);
    expect(tripwire.hits()).toBe(0);
  });

  it('a remote @import inside a local context is refused too', async () => {
    const p = file('import.jsonld', JSON.stringify({ '@context': { '@version': 1.1, '@import': `${tripwire.url}/ctx` }, '@id': 'https://example.org/s' }));
    const r = await runCli(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refused');
    expect(tripwire.hits()).toBe(0);
  });

  it('an RDF/XML external entity is refused with exit 2 and never fetched', async () => {
    const p = file('xxe.rdf', `<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "${tripwire.url}/secret"> ]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="https://example.org/s"><rdf:value>&ext;</rdf:value></rdf:Description></rdf:RDF>\n`);
    const r = await runCli(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/xxe\.rdf:2:\d+: RDF\/XML declares an external entity/);
    expect(tripwire.hits()).toBe(0);
  });

  it('malformed RDF/XML exits 2 with line and column', async () => {
    const p = file('bad.rdf', '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n  <rdf:Description>\n</rdf:RDF>\n');
    const r = await runCli(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.rdf:\d+:\d+: malformed RDF\/XML/);
  });

  it('a missing file exits 2', async () => {
    const r = await runCli(['validate', join(dir, 'nope.ttl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });

  it('reads the same description from Turtle, N-Triples, RDF/XML (with internal entities) and plain JSON', async () => {
    const ttl = file('s.ttl', SYSTEM_TTL);
    const nt = file('s.nt', '<https://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/algoreg/ns#AlgorithmicSystem> .\n<https://example.org/s> <http://www.w3.org/2000/01/rdf-schema#label> "Route planner" .\n<https://example.org/s> <https://w3id.org/algoreg/ns#responsibleOrganisation> <https://example.org/o> .\n<https://example.org/o> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/algoreg/ns#Organisation> .\n<https://example.org/o> <http://www.w3.org/2000/01/rdf-schema#label> "City" .\n');
    const rdf = file('s.rdf', `<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ar "https://w3id.org/algoreg/ns#"> ]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:ar="https://w3id.org/algoreg/ns#">\n<rdf:Description rdf:about="https://example.org/s"><rdf:type rdf:resource="&ar;AlgorithmicSystem"/><rdfs:label>Route planner</rdfs:label><ar:responsibleOrganisation rdf:resource="https://example.org/o"/></rdf:Description>\n<rdf:Description rdf:about="https://example.org/o"><rdf:type rdf:resource="&ar;Organisation"/><rdfs:label>City</rdfs:label></rdf:Description></rdf:RDF>\n`);
    const json = file('s.json', JSON.stringify({ '@context': 'https://w3id.org/algoreg/context.jsonld', '@id': 'https://example.org/s', '@type': 'AlgorithmicSystem', name: 'Route planner', responsibleOrganisation: { '@id': 'https://example.org/o', '@type': 'Organisation', name: 'City' } }));
    for (const p of [ttl, nt, rdf, json]) {
      const r = await runCli(['validate', '--format', 'json', p]);
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout) as { conforms: boolean; results: { severity: string; focusNode: string }[] };
      // No violation, and the shapes see the system: warnings about its unanswered determinants.
      expect(report.conforms, p).toBe(true);
      expect(report.results.some((x) => x.severity === 'Warning' && x.focusNode === 'https://example.org/s'), p).toBe(true);
    }
  });
});

describe('algoreg validate: outcome', () => {
  it('the sample register has no Violation', async () => {
    const r = await runCli(['validate', '--format', 'json', 'examples/']);
    const report = JSON.parse(r.stdout) as { conforms: boolean; results: { severity: string; message: string; focusNode: string }[] };
    expect(report.results.filter((x) => x.severity === 'Violation')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('a description without a responsible organisation exits 1 and names the problem', async () => {
    const p = file('noorg.ttl', '@prefix ar: <https://w3id.org/algoreg/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n<https://example.org/s> a ar:AlgorithmicSystem ; rdfs:label "Orphan" .\n');
    const r = await runCli(['validate', p]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Violation.*responsible organisation/i);
  });

  it('--format turtle prints a standard SHACL validation report', async () => {
    const p = file('noorg2.ttl', '@prefix ar: <https://w3id.org/algoreg/ns#> .\n<https://example.org/s> a ar:AlgorithmicSystem .\n');
    const r = await runCli(['validate', '--format', 'turtle', p]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ValidationReport');
    expect(r.stdout).toMatch(/conforms\s+false/);
  });

  it('--shapes validates against the official DCAT-AP 3.0.1 shapes', async () => {
    const shapes = join(__dirname, '..', '..', 'shared', 'standards', 'dcat-ap', '3.0.1', 'html-shacl', 'shapes.ttl');
    const p = file('catalog.ttl', `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://example.org/catalog> a dcat:Catalog ; dct:title "Algorithm register"@en ; dct:description "Systems of the city"@en ;
  dct:publisher <https://example.org/city> ; dcat:dataset <https://example.org/ds> .
<https://example.org/ds> a dcat:Dataset ; dct:description "Register entries"@en .
<https://example.org/city> a <http://xmlns.com/foaf/0.1/Agent> .`);
    const r = await runCli(['validate', '--shapes', shapes, '--format', 'json', p]);
    const report = JSON.parse(r.stdout) as { conforms: boolean; results: { severity: string; focusNode: string; path: string | null }[] };
    // The dataset lacks its mandatory dct:title: the official shapes must say so.
    expect(report.results.some((x) => x.severity === 'Violation' && x.focusNode === 'https://example.org/ds' && (x.path ?? '').includes('title'))).toBe(true);
    expect(r.code).toBe(1);
  });
});
