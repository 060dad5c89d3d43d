// SPARQL clients not written here query the endpoint: roqet (Debian rasqal-utils) and the Python
// SPARQLWrapper (Debian python3-sparqlwrapper), both installed by .ci/run. roqet percent-encodes
// queries its own way and always asks for SPARQL XML results, so it is given SELECT queries only.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { RunningServer } from '../src/serve/server.js';
import { startSampleServer } from './helpers/server.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const works = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const hasRoqet = works('roqet', ['-v']);
const hasSparqlWrapper = works(PYTHON, ['-c', 'import SPARQLWrapper']);

let server: RunningServer;
beforeAll(async () => {
  if (hasRoqet || hasSparqlWrapper) server = await startSampleServer();
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!hasRoqet)('roqet (rasqal) against the endpoint', () => {
  it('runs a SELECT over the protocol and reads the results', async () => {
    const query = 'PREFIX ar: <https://w3id.org/algoreg/ns#> SELECT ?system WHERE { ?c a ar:Classification ; ar:system ?system ; ar:riskTier ar:TierProhibited } ORDER BY ?system';
    const { stdout } = await run('roqet', ['-q', '-p', `${server.url}sparql`, '-e', query, '-r', 'csv']);
    const rows = stdout.trim().split(/\r?\n/).slice(1);
    const expected = [...server.register.classifications.values()].filter((s) => s.riskTier === 'prohibited').map((s) => s.iri).sort();
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThan(0);
  });
});

// Prints one JSON line per query: SELECT rows, the ASK boolean, the CONSTRUCT graph size.
const PY = `
import json, sys
from SPARQLWrapper import SPARQLWrapper, JSON, TURTLE, POST
endpoint = sys.argv[1]
prefix = "PREFIX ar: <https://w3id.org/algoreg/ns#> "
s = SPARQLWrapper(endpoint)
s.setQuery(prefix + "SELECT ?system WHERE { ?c a ar:Classification ; ar:system ?system ; ar:riskTier ar:TierHighRisk } ORDER BY ?system")
s.setReturnFormat(JSON)
print(json.dumps([b["system"]["value"] for b in s.query().convert()["results"]["bindings"]]))
s.setQuery(prefix + "ASK { ?c ar:riskTier ar:TierProhibited }")
print(json.dumps(s.query().convert()["boolean"]))
s.setMethod(POST)
s.setQuery(prefix + "CONSTRUCT { ?system ar:riskTier ?tier } WHERE { ?c ar:system ?system ; ar:riskTier ?tier }")
s.setReturnFormat(TURTLE)
import rdflib
g = rdflib.Graph()
g.parse(data=s.query().convert(), format="turtle")
print(json.dumps(len(g)))
`;

describe.skipIf(!hasSparqlWrapper)('SPARQLWrapper (Python) against the endpoint', () => {
  it('runs SELECT, ASK and CONSTRUCT (POST) and reads the results', async () => {
    const { stdout } = await run(PYTHON, ['-c', PY, `${server.url}sparql`]);
    const [select, ask, construct] = stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    const all = [...server.register.classifications.values()];
    expect(select).toEqual(all.filter((s) => s.riskTier === 'high-risk').map((s) => s.iri).sort());
    expect(ask).toBe(true);
    expect(construct).toBe(all.length);
  });
});
