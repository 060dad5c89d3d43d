import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, Store } from 'n3';
import type { Quad } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { formatJson, formatText, formatTurtle, loadShapes, validate, type ValidationReport } from '../src/validate/index.js';
import { packagePath } from '../src/paths.js';

const AR = 'https://w3id.org/algoreg/ns#';
const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const DCT = 'http://purl.org/dc/terms/';
const DCAT = 'http://www.w3.org/ns/dcat#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const FIXTURES = packagePath('test', 'fixtures', 'shapes');
// Read from the shared standards folder, never copied into the repository.
const DCAT_AP_SHAPES = '/work/shared/standards/dcat-ap/3.0.1/html-shacl/shapes.ttl';

const shapes = await loadShapes();
const dcatShapes = await loadShapes([DCAT_AP_SHAPES]);

function parseTurtle(text: string): Quad[] {
  return new Parser({ baseIRI: 'https://example.org/' }).parse(text);
}

function fixture(name: string): Quad[] {
  return parseTurtle(readFileSync(join(FIXTURES, name), 'utf8'));
}

const unansweredData = fixture('values-wrong.ttl').concat(fixture('social-scoring-unanswered.ttl'));
const labelled = new Store([
  ...parseTurtle(readFileSync(packagePath('ontology', 'core.ttl'), 'utf8')),
  ...parseTurtle(readFileSync(packagePath('ontology', 'vocabularies.ttl'), 'utf8')),
  ...unansweredData,
]);
function labelOf(iri: string): string | undefined {
  return labelled.getObjects(iri, `${RDFS}label`, null).find((o) => o.termType === 'Literal' && o.language === 'en')?.value;
}

const unanswered = await validate(unansweredData, { shapes });
const clean = await validate(fixture('system-ok.ttl'), { shapes });

describe('formatJson', () => {
  it('has exactly the documented keys', () => {
    const parsed: unknown = JSON.parse(formatJson(unanswered));
    expect(Object.keys(parsed as object).sort()).toEqual(['conforms', 'results']);
    const { conforms, results } = parsed as { conforms: unknown; results: unknown[] };
    expect(conforms).toBe(false);
    expect(results.length).toBe(unanswered.results.length);
    for (const result of results) {
      expect(Object.keys(result as object).sort()).toEqual(['focusNode', 'message', 'path', 'severity', 'sourceShape', 'value']);
    }
    expect(results).toEqual(unanswered.results);
  });

  it('says conforms with an empty result list for a clean description', () => {
    expect(JSON.parse(formatJson(clean))).toEqual({ conforms: true, results: [] });
  });
});

describe('formatTurtle', () => {
  async function reportGraph(report: ValidationReport): Promise<Store> {
    return new Store(new Parser().parse(await formatTurtle(report)));
  }

  it('writes a SHACL validation report that parses back with one sh:result per result', async () => {
    const graph = await reportGraph(unanswered);
    const [root, ...others] = graph.getSubjects(`${RDF}type`, `${SH}ValidationReport`, null);
    expect(root).toBeDefined();
    expect(others).toEqual([]);
    // SHACL's own sh:conforms: false as soon as any result exists.
    expect(graph.getObjects(root, `${SH}conforms`, null).map((t) => t.value)).toEqual(['false']);
    const results = graph.getObjects(root, `${SH}result`, null);
    expect(results).toHaveLength(unanswered.results.length);
    const messages = results.flatMap((r) => graph.getObjects(r, `${SH}resultMessage`, null).map((m) => m.value)).sort();
    expect(messages).toEqual(unanswered.results.map((r) => r.message).sort());
    for (const r of results) {
      expect(graph.getObjects(r, `${RDF}type`, null).map((t) => t.value)).toEqual([`${SH}ValidationResult`]);
      expect(graph.getObjects(r, `${SH}focusNode`, null)).toHaveLength(1);
      expect(graph.getObjects(r, `${SH}resultSeverity`, null)).toHaveLength(1);
      expect(graph.getObjects(r, `${SH}sourceShape`, null)).toHaveLength(1);
    }
  });

  it('keeps literal values with their datatype and names the determinant a question asks for', async () => {
    const graph = await reportGraph(unanswered);
    const values = graph.getObjects(null, `${SH}value`, null);
    expect(values.some((v) => v.termType === 'Literal' && v.value === 'yes' && v.datatype.value === `${XSD}string`)).toBe(true);
    const asked = graph
      .getSubjects(`${SH}resultPath`, `${AR}scoreLeadsToDetrimentalTreatment`, null)
      .filter((r) => graph.getQuads(r, `${SH}focusNode`, 'https://example.org/system', null).length > 0);
    expect(asked).toHaveLength(1);
    expect(graph.getObjects(asked[0], `${SH}value`, null)).toEqual([]);
  });

  it('reports conformance for a clean description', async () => {
    const graph = await reportGraph(clean);
    const [root] = graph.getSubjects(`${RDF}type`, `${SH}ValidationReport`, null);
    expect(graph.getObjects(root, `${SH}conforms`, null).map((t) => t.value)).toEqual(['true']);
    expect(graph.getObjects(root, `${SH}result`, null)).toEqual([]);
  });
});

describe('formatText', () => {
  const text = formatText(unanswered, labelOf);

  it('gives one block per focus node', () => {
    expect(text.match(/^<https:\/\/example\.org\/answers>$/gm)).toHaveLength(1);
    expect(text.match(/^Example system <https:\/\/example\.org\/system>$/gm)).toHaveLength(1);
  });

  it('names the property by its label and shows the value found and the expectation', () => {
    expect(text).toContain('is an AI system (ar:isAISystem), found "yes": ar:isAISystem must be true or false (xsd:boolean).');
    expect(text).toContain(
      'score leads to detrimental treatment (ar:scoreLeadsToDetrimentalTreatment): Does the score lead to detrimental or unfavourable treatment',
    );
  });

  it('names IRI values by their label', () => {
    expect(text).toContain('found Emotion recognition <https://w3id.org/algoreg/ns#EmotionRecognition>');
  });

  it('opens with the counts and whether the description can be stored', () => {
    const violations = unanswered.results.filter((r) => r.severity === 'Violation').length;
    expect(text.split('\n')[0]).toMatch(new RegExp(`^${violations} violations, 1 warning, \\d+ recommendations: cannot be stored`));
  });

  it('says so when there is nothing to report', () => {
    expect(formatText(clean, labelOf)).toBe('No problems found.\n');
  });
});

describe('validate with other shapes', () => {
  it('drops a result that two shapes report alike', async () => {
    const twin = parseTurtle(`@prefix sh: <${SH}> . @prefix rdfs: <${RDFS}> . @prefix ex: <https://example.org/> .
      ex:A a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "Needs a name." ] .
      ex:B a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "Needs a name." ] .`);
    const data = parseTurtle('<https://example.org/x> a <https://example.org/Thing> .');
    const report = await validate(data, { shapes: twin, withOntology: false });
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ severity: 'Violation', focusNode: 'https://example.org/x', message: 'Needs a name.' });
    expect(new Store(report.reportQuads).getQuads(null, `${SH}result`, null, null)).toHaveLength(1);
  });

  describe('the official DCAT-AP 3.0.1 shapes', () => {
    it('find no violation in a complete catalogue', async () => {
      const report = await validate(fixture('dcat-catalogue.ttl'), { shapes: dcatShapes, withOntology: false });
      expect(report.results.filter((r) => r.severity === 'Violation')).toEqual([]);
      expect(report.conforms).toBe(true);
    });

    it('report a missing mandatory title with a message made from the constraint and path', async () => {
      const report = await validate(fixture('dcat-catalogue-untitled.ttl'), { shapes: dcatShapes, withOntology: false });
      expect(report.conforms).toBe(false);
      expect(report.results).toContainEqual(
        expect.objectContaining({
          severity: 'Violation',
          focusNode: 'https://example.org/catalogue',
          path: `${DCT}title`,
          value: null,
          // the engine's own wording follows the generated part
          message: 'MinCountConstraintComponent on dct:title: Less than 1 values',
        }),
      );
      const modified = report.results.find((r) => r.path === `${DCT}modified`);
      expect(modified).toMatchObject({ severity: 'Violation', value: '"last week"' });
      expect(modified?.message).toMatch(/^NodeConstraintComponent on dct:modified: /);
    });

    it('render an inverse path and keep it in the Turtle report', async () => {
      const report = await validate(fixture('dcat-catalogue-untitled.ttl'), { shapes: dcatShapes, withOntology: false });
      expect(report.results).toContainEqual(
        expect.objectContaining({
          severity: 'Warning',
          focusNode: 'https://example.org/emptySeries',
          path: '^dcat:inSeries',
          message: 'MinCountConstraintComponent on ^dcat:inSeries: Less than 1 values',
        }),
      );
      const graph = new Store(new Parser().parse(await formatTurtle(report)));
      expect(graph.getQuads(null, `${SH}inversePath`, `${DCAT}inSeries`, null)).toHaveLength(1);
    });
  });
});
