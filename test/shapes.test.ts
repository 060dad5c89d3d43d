import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { loadShapes, validate, type Severity, type ValidationReport } from '../src/validate/index.js';
import { packagePath } from '../src/paths.js';
import { GDPR_FAILING } from './helpers/gdpr-shape-cases.js';

const AR = 'https://w3id.org/algoreg/ns#';
const ARSH = 'https://w3id.org/algoreg/shapes#';
const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const FIXTURES = packagePath('test', 'fixtures', 'shapes');

const shapeQuads = await loadShapes();
const shapes = new Store(shapeQuads);
// The determinants: core.ttl and, for the GDPR and MIM5 shapes, gdpr-mim5.ttl.
const core = new Store([...parseFile(packagePath('ontology', 'core.ttl')), ...parseFile(packagePath('ontology', 'gdpr-mim5.ttl'))]);
const vocabularies = new Store(parseFile(packagePath('ontology', 'vocabularies.ttl')));

function parseFile(file: string): Quad[] {
  return new Parser({ baseIRI: 'https://example.org/' }).parse(readFileSync(file, 'utf8'));
}

function parseTurtle(text: string): Quad[] {
  return new Parser({ baseIRI: 'https://example.org/' }).parse(text);
}

const reports = new Map<string, Promise<ValidationReport>>();
function check(fixture: string): Promise<ValidationReport> {
  let report = reports.get(fixture);
  if (!report) {
    report = validate(parseFile(join(FIXTURES, fixture)), { shapes: shapeQuads });
    reports.set(fixture, report);
  }
  return report;
}

function shapesReporting(report: ValidationReport, severity: Severity): string[] {
  const names = report.results.filter((r) => r.severity === severity).map((r) => r.sourceShape.replace(ARSH, ''));
  return [...new Set(names)].sort();
}

function listItems(store: Store, head: Term): Term[] {
  const items: Term[] = [];
  for (let node: Term | undefined = head; node && node.value !== `${RDF}nil`; node = store.getObjects(node, `${RDF}rest`, null)[0]) {
    items.push(...store.getObjects(node, `${RDF}first`, null));
  }
  return items;
}

function englishText(store: Store, subject: string, predicate: string): string | undefined {
  return store.getObjects(subject, predicate, null).find((o) => o.termType === 'Literal' && o.language === 'en')?.value;
}

/** The named shapes (IRIs in the arsh: namespace) of the project's shapes graph. */
const namedShapes = [
  ...shapes.getSubjects(`${RDF}type`, `${SH}NodeShape`, null),
  ...shapes.getSubjects(`${RDF}type`, `${SH}PropertyShape`, null),
]
  .map((t) => t.value)
  .filter((iri) => iri.startsWith(ARSH));

/** The property a shape checks: its sh:path, or for a conditional question its arsh:determinant. */
function checkedProperty(shape: string): string | undefined {
  return (shapes.getObjects(shape, `${SH}path`, null)[0] ?? shapes.getObjects(shape, `${ARSH}determinant`, null)[0])?.value;
}

const BOOLEANS = [
  'isAISystem', 'freeOpenSourceLicence', 'isSafetyComponent', 'thirdPartyConformityAssessment', 'materiallyDistortsBehaviour',
  'scoreLeadsToDetrimentalTreatment', 'solelyProfilingBased', 'medicalOrSafetyReasons', 'labelsLawfulBiometricDatasets',
  'rbiNationalLawAuthorisation', 'rbiPriorAuthorisation', 'rbiImpactAssessedAndRegistered', 'intimateImageryWithoutSafeguards',
  'childAbuseMaterialWithoutSafeguards', 'lawEnforcementAuthorisedByLaw', 'standardEditingOnly', 'publishesTextOnPublicInterest',
  'decisionsAboutNaturalPersons', 'processesPersonalData', 'establishedInEU', 'designatedSystemicRisk', 'openSourcePublicWeights',
];
const DATES = ['placedOnMarketOn', 'putIntoServiceOn', 'significantDesignChangeOn', 'from', 'until', 'appliesFromAdopted', 'appliesFromAmended'];
const CONCEPTS = [
  'purpose', 'capability', 'domain', 'affectedPersons', 'locality', 'organisationKind', 'annexILegislation', 'scopeExclusion',
  'derogationCondition', 'rbiException', 'lifecycleStatus', 'role', 'valueChainFact', 'assessmentType',
];
const upper = (s: string): string => s[0].toUpperCase() + s.slice(1);

interface FailingCase {
  fixture: string;
  severity: Severity;
  /** Exactly these shapes report results of this severity. */
  shapes: string[];
}

const FAILING: FailingCase[] = [
  { fixture: 'system-missing-label.ttl', severity: 'Violation', shapes: ['SystemLabelRequired'] },
  { fixture: 'system-label-too-long.ttl', severity: 'Violation', shapes: ['SystemLabelForm'] },
  { fixture: 'system-label-not-text.ttl', severity: 'Violation', shapes: ['SystemLabelForm'] },
  { fixture: 'system-missing-organisation.ttl', severity: 'Violation', shapes: ['SystemResponsibleRequired'] },
  { fixture: 'system-organisation-not-organisation.ttl', severity: 'Violation', shapes: ['SystemResponsibleIsOrganisation'] },
  { fixture: 'organisation-missing-label.ttl', severity: 'Violation', shapes: ['OrganisationLabelRequired'] },
  { fixture: 'role-assignment-no-agent.ttl', severity: 'Violation', shapes: ['RoleAssignmentAgentCount'] },
  {
    fixture: 'role-assignment-overfull.ttl',
    severity: 'Violation',
    shapes: ['RoleAssignmentAgentCount', 'RoleAssignmentAgentIsOrganisation', 'RoleAssignmentRoleAtMostOne'],
  },
  { fixture: 'system-use-incomplete.ttl', severity: 'Violation', shapes: ['SystemUseSystemCount', 'SystemUseUserCount'] },
  { fixture: 'system-use-wrong-targets.ttl', severity: 'Violation', shapes: ['SystemUseSystemIsSystem', 'SystemUseUserIsOrganisation'] },
  { fixture: 'model-incomplete.ttl', severity: 'Violation', shapes: ['ModelLabelRequired', 'ModelProviderRequired'] },
  { fixture: 'model-provider-not-organisation.ttl', severity: 'Violation', shapes: ['ModelProviderIsOrganisation'] },
  { fixture: 'dataset-links-wrong.ttl', severity: 'Violation', shapes: ['DatasetLinkRelationCount', 'DatasetLinkRoleCount', 'DatasetLinkRoleInScheme'] },
  {
    fixture: 'values-wrong.ttl',
    severity: 'Violation',
    shapes: [
      ...BOOLEANS.map((p) => `${upper(p)}Boolean`),
      ...DATES.map((p) => `${upper(p)}Date`),
      ...CONCEPTS.map((p) => `${upper(p)}InScheme`),
      'TrainingComputeFlopNumber',
      'ContactEmailForm',
      'WebsiteForm',
    ].sort(),
  },
  {
    fixture: 'nothing-answered.ttl',
    severity: 'Warning',
    shapes: [
      'IsAISystemQuestion', 'ScopeExclusionQuestion', 'PurposeQuestion', 'CapabilityQuestion', 'AnnexILegislationQuestion',
      'DomainQuestion', 'FreeOpenSourceLicenceQuestion', 'OrganisationKindQuestion', 'EstablishedInEUQuestion',
      'ValueChainFactQuestion', 'TrainingComputeFlopQuestion', 'DesignatedSystemicRiskQuestion', 'OpenSourcePublicWeightsQuestion',
    ],
  },
  {
    fixture: 'emotion-recognition-unanswered.ttl',
    severity: 'Warning',
    shapes: ['MedicalOrSafetyReasonsQuestion', 'LocalityQuestion', 'DerogationConditionQuestion'],
  },
  { fixture: 'manipulation-unanswered.ttl', severity: 'Warning', shapes: ['MateriallyDistortsBehaviourQuestion'] },
  { fixture: 'social-scoring-unanswered.ttl', severity: 'Warning', shapes: ['ScoreLeadsToDetrimentalTreatmentQuestion'] },
  { fixture: 'crime-prediction-unanswered.ttl', severity: 'Warning', shapes: ['SolelyProfilingBasedQuestion', 'DerogationConditionQuestion'] },
  {
    fixture: 'biometric-categorisation-unanswered.ttl',
    severity: 'Warning',
    shapes: ['LabelsLawfulBiometricDatasetsQuestion', 'DerogationConditionQuestion'],
  },
  {
    fixture: 'real-time-rbi-unanswered.ttl',
    severity: 'Warning',
    shapes: [
      'RbiExceptionQuestion', 'RbiNationalLawAuthorisationQuestion', 'RbiPriorAuthorisationQuestion',
      'RbiImpactAssessedAndRegisteredQuestion', 'LocalityQuestion', 'DerogationConditionQuestion',
    ],
  },
  {
    fixture: 'image-generation-unanswered.ttl',
    severity: 'Warning',
    shapes: ['IntimateImageryWithoutSafeguardsQuestion', 'ChildAbuseMaterialWithoutSafeguardsQuestion'],
  },
  {
    fixture: 'deep-fake-unanswered.ttl',
    severity: 'Warning',
    shapes: ['IntimateImageryWithoutSafeguardsQuestion', 'ChildAbuseMaterialWithoutSafeguardsQuestion'],
  },
  {
    fixture: 'annex-i-product-unanswered.ttl',
    severity: 'Warning',
    shapes: ['IsSafetyComponentQuestion', 'ThirdPartyConformityAssessmentQuestion'],
  },
  {
    fixture: 'critical-infrastructure-unanswered.ttl',
    severity: 'Warning',
    shapes: ['IsSafetyComponentQuestion', 'DerogationConditionQuestion'],
  },
  {
    fixture: 'publication-missing.ttl',
    severity: 'Info',
    shapes: [
      'ContactEmailRecommended', 'LawfulBasisRecommended', 'UsesDatasetRecommended', 'HumanOversightRecommended',
      'DescriptionRecommended', 'ObjectionProcedureRecommended', 'LifecycleStatusRecommended',
    ],
  },
  ...GDPR_FAILING,
];

/** Fixtures with no results at the listed severities. */
const CONFORMING: Array<{ fixture: string; severities: Severity[] }> = [
  { fixture: 'system-all-answered.ttl', severities: ['Violation', 'Warning', 'Info'] },
  { fixture: 'system-ok.ttl', severities: ['Violation', 'Warning', 'Info'] },
  { fixture: 'minimal-answered.ttl', severities: ['Violation', 'Warning'] },
  { fixture: 'rbi-no-objective.ttl', severities: ['Violation', 'Warning'] },
  { fixture: 'annex-iii-profiling.ttl', severities: ['Violation', 'Warning'] },
  { fixture: 'publication-missing.ttl', severities: ['Violation', 'Warning'] },
];

describe('shapes: non-conforming fixtures', () => {
  it.each(FAILING)('$fixture: $severity from exactly the expected shapes', async ({ fixture, severity, shapes: expected }) => {
    const report = await check(fixture);
    expect(shapesReporting(report, severity)).toEqual([...expected].sort());
    expect(report.conforms).toBe(severity !== 'Violation');
  });

  it('every named shape has a non-conforming fixture', () => {
    const covered = new Set(FAILING.flatMap((c) => c.shapes));
    const uncovered = namedShapes.map((iri) => iri.replace(ARSH, '')).filter((name) => !covered.has(name));
    expect(uncovered).toEqual([]);
  });
});

describe('shapes: conforming fixtures', () => {
  it.each(CONFORMING)('$fixture: no results at $severities', async ({ fixture, severities }) => {
    const report = await check(fixture);
    expect(report.results.filter((r) => severities.includes(r.severity))).toEqual([]);
  });

  // Conformance only counts if the fixture actually states what each shape checks.
  it('the all-answered fixture states every property that a shape checks', () => {
    const data = new Store(parseFile(join(FIXTURES, 'system-all-answered.ttl')));
    const unexercised = namedShapes.filter((shape) => {
      const property = checkedProperty(shape);
      return property === undefined || data.getQuads(null, property, null, null).length === 0;
    });
    expect(unexercised).toEqual([]);
  });

  it('the ontology on its own raises nothing', async () => {
    const report = await validate([], { shapes: shapeQuads });
    expect(report.results).toEqual([]);
    expect(report.conforms).toBe(true);
  });

  it('needs the ontology in the data graph for class hierarchy and vocabulary schemes', async () => {
    const data = parseFile(join(FIXTURES, 'minimal-answered.ttl'));
    const report = await validate(data, { shapes: shapeQuads, withOntology: false });
    const failing = shapesReporting(report, 'Violation');
    expect(failing).toContain('PurposeInScheme');
    // ex:system is only an ar:AISystem; without the ontology it is not known to be an ar:AlgorithmicSystem.
    expect(shapesReporting(report, 'Warning')).toEqual([]);
  });
});

describe('shapes: messages', () => {
  it('every named shape has an English sh:message', () => {
    const missing = namedShapes.filter((shape) => !englishText(shapes, shape, `${SH}message`));
    expect(missing).toEqual([]);
  });

  it('every Warning message is the ar:question of the determinant it asks for', () => {
    const warnings = namedShapes.filter((s) => shapes.getQuads(s, `${SH}severity`, `${SH}Warning`, null).length > 0);
    expect(warnings.length).toBeGreaterThan(20);
    for (const shape of warnings) {
      const property = checkedProperty(shape);
      expect(property, shape).toBeDefined();
      expect(core.getQuads(property ?? '', `${RDF}type`, `${AR}Determinant`, null), `${property} is a determinant`).toHaveLength(1);
      expect(englishText(shapes, shape, `${SH}message`), shape).toBe(englishText(core, property ?? '', `${AR}question`));
    }
  });

  it('asks every determinant the brief lists', () => {
    const asked = new Set(
      namedShapes.filter((s) => shapes.getQuads(s, `${SH}severity`, `${SH}Warning`, null).length > 0).map(checkedProperty),
    );
    const expected = [
      'isAISystem', 'scopeExclusion', 'purpose', 'capability', 'annexILegislation', 'domain', 'medicalOrSafetyReasons',
      'materiallyDistortsBehaviour', 'scoreLeadsToDetrimentalTreatment', 'solelyProfilingBased', 'labelsLawfulBiometricDatasets',
      'rbiException', 'rbiNationalLawAuthorisation', 'rbiPriorAuthorisation', 'rbiImpactAssessedAndRegistered',
      'intimateImageryWithoutSafeguards', 'childAbuseMaterialWithoutSafeguards', 'isSafetyComponent', 'thirdPartyConformityAssessment',
      'derogationCondition', 'freeOpenSourceLicence', 'organisationKind', 'establishedInEU', 'valueChainFact',
      'trainingComputeFlop', 'designatedSystemicRisk', 'openSourcePublicWeights',
    ];
    expect(expected.filter((p) => !asked.has(AR + p))).toEqual([]);
  });

  it('reports a conditional question under the determinant it asks for, with no value', async () => {
    const report = await check('social-scoring-unanswered.ttl');
    const warning = report.results.find((r) => r.sourceShape === `${ARSH}ScoreLeadsToDetrimentalTreatmentQuestion`);
    expect(warning).toMatchObject({ focusNode: 'https://example.org/system', path: `${AR}scoreLeadsToDetrimentalTreatment`, value: null });
  });
});

describe('shapes: value forms', () => {
  it('reports the offending values in Turtle form', async () => {
    const labels = (await check('system-label-not-text.ttl')).results
      .filter((r) => r.severity === 'Violation')
      .map((r) => r.value)
      .sort();
    expect(labels).toEqual(['"42"^^xsd:integer', 'https://example.org/SomeName']);
    const answers = await check('values-wrong.ttl');
    const isAI = answers.results.find((r) => r.path === `${AR}isAISystem`);
    expect(isAI).toMatchObject({ severity: 'Violation', focusNode: 'https://example.org/answers', value: '"yes"' });
  });

  it('has a datatype shape for every yes/no and date property in the ontology', () => {
    for (const [range, kind] of [[`${XSD}boolean`, 'Boolean'], [`${XSD}date`, 'Date']] as const) {
      const properties = core.getSubjects(`${RDFS}range`, range, null).map((t) => t.value);
      expect(properties.length).toBeGreaterThan(4);
      for (const property of properties) {
        const shape = `${ARSH}${upper(property.replace(AR, ''))}${kind}`;
        expect(shapes.getQuads(shape, `${SH}targetSubjectsOf`, property, null), shape).toHaveLength(1);
        expect(shapes.getQuads(shape, `${SH}datatype`, range, null), shape).toHaveLength(1);
      }
    }
  });

  const contact = (value: string): string => `@prefix ar: <${AR}> . <https://example.org/o> ar:contactEmail ${value} .`;
  const website = (value: string): string => `@prefix ar: <${AR}> . @prefix xsd: <${XSD}> . <https://example.org/o> ar:website ${value} .`;
  it.each([
    [contact('"algorithms@example.org"'), true],
    [contact('<mailto:algorithms@example.org>'), true],
    [contact('"mailto:algorithms@example.org"'), true],
    [contact('<https://example.org/contact>'), true],
    [contact('"algorithms@example"'), false],
    [contact('"two@at@example.org"'), false],
    [contact('"algorithms at example.org"'), false],
    [contact('<http://example.org/contact>'), false],
    [contact('42'), false],
    [website('<https://example.org/a>'), true],
    [website('<http://example.org/a>'), true],
    [website('"https://example.org/a"^^xsd:anyURI'), true],
    [website('"https://example.org/a"'), false],
    [website('"www.example.org"^^xsd:anyURI'), false],
    [website('<mailto:a@example.org>'), false],
  ])('%s conforms: %s', async (turtle, ok) => {
    const report = await validate(parseTurtle(turtle), { shapes: shapeQuads });
    expect(report.conforms).toBe(ok);
  });

  it('accepts a compute figure as double, decimal or integer, and rejects a negative one', async () => {
    const flop = (value: string): Promise<ValidationReport> =>
      validate(parseTurtle(`@prefix ar: <${AR}> . <https://example.org/m> ar:trainingComputeFlop ${value} .`), { shapes: shapeQuads });
    expect((await flop('1.0E25')).conforms).toBe(true);
    expect((await flop('12.5')).conforms).toBe(true);
    expect((await flop('0')).conforms).toBe(true);
    expect((await flop('-1')).conforms).toBe(false);
    expect((await flop('"many"')).conforms).toBe(false);
  });

  it('accepts a 200-character name', async () => {
    const name = 'x'.repeat(200);
    const data = parseTurtle(`@prefix ar: <${AR}> . @prefix rdfs: <${RDFS}> .
      <https://example.org/s> a ar:AlgorithmicSystem ; rdfs:label "${name}" ; ar:responsibleOrganisation <https://example.org/o> .
      <https://example.org/o> a ar:Organisation ; rdfs:label "O" .`);
    expect((await validate(data, { shapes: shapeQuads })).conforms).toBe(true);
  });
});

describe('shapes: conditions follow the vocabularies', () => {
  const ANNEX_III = 'https://w3id.org/algoreg/law/aiact/anx_III';

  /** Concepts of a scheme that fall under a provision matching `provision`, with all their narrower concepts. */
  function conceptsUnder(scheme: string, provision: (iri: string) => boolean): string[] {
    const inScheme = new Set(vocabularies.getSubjects(`${SKOS}inScheme`, scheme, null).map((t) => t.value));
    const found = new Set(
      [...inScheme].filter((c) => vocabularies.getObjects(c, `${AR}fallsUnder`, null).some((p) => provision(p.value))),
    );
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of inScheme) {
        if (!found.has(c) && vocabularies.getObjects(c, `${SKOS}broader`, null).some((b) => found.has(b.value))) {
          found.add(c);
          grew = true;
        }
      }
    }
    return [...found].sort();
  }

  /** Every concept listed in an sh:in under the given shape, for the given property. */
  function listedIn(shape: string, property: string): string[] {
    const listed = new Set<string>();
    const queue: Term[] = shapes.getQuads(shape, null, null, null).map((q) => q.object);
    const seen = new Set<string>();
    while (queue.length > 0) {
      const node = queue.pop();
      if (!node || node.termType !== 'BlankNode' || seen.has(node.value)) continue;
      seen.add(node.value);
      if (shapes.getQuads(node, `${SH}path`, property, null).length > 0) {
        for (const qualified of shapes.getObjects(node, `${SH}qualifiedValueShape`, null)) {
          for (const list of shapes.getObjects(qualified, `${SH}in`, null)) listItems(shapes, list).forEach((t) => listed.add(t.value));
        }
      }
      queue.push(...shapes.getQuads(node, null, null, null).map((q) => q.object));
    }
    return [...listed].sort();
  }

  it('asks the Art 6(3) condition for every purpose and capability that falls under Annex III', () => {
    const shape = `${ARSH}DerogationConditionQuestion`;
    expect(listedIn(shape, `${AR}purpose`)).toEqual(conceptsUnder(`${AR}PurposeScheme`, (p) => p.startsWith(ANNEX_III)));
    expect(listedIn(shape, `${AR}capability`)).toEqual(conceptsUnder(`${AR}CapabilityScheme`, (p) => p.startsWith(ANNEX_III)));
  });

  it('asks about safety components for every critical-infrastructure purpose (Annex III point 2)', () => {
    expect(listedIn(`${ARSH}IsSafetyComponentQuestion`, `${AR}purpose`)).toEqual(
      conceptsUnder(`${AR}PurposeScheme`, (p) => p === `${ANNEX_III}-pnt_2`),
    );
  });

  it('only names concepts that exist in the vocabularies', () => {
    const named = new Set(
      shapeQuads.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode' && t.value.startsWith(AR)).map((t) => t.value),
    );
    const unknown = [...named].filter(
      (iri) => vocabularies.getQuads(iri, null, null, null).length === 0 && core.getQuads(iri, null, null, null).length === 0,
    );
    expect(unknown).toEqual([]);
  });
});
