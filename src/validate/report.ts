import { DataFactory, Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { pathQuads, pathToString } from './result-path.js';
import { ARSH, RDF, SH, XSD, compactIri, termToString } from './terms.js';
import type { Severity, ValidationReport, ValidationResult } from './types.js';

const { namedNode, blankNode, literal, quad } = DataFactory;

const SEVERITY_BY_IRI: Readonly<Record<string, Severity>> = {
  [`${SH}Violation`]: 'Violation',
  [`${SH}Warning`]: 'Warning',
  [`${SH}Info`]: 'Info',
};
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { Violation: 0, Warning: 1, Info: 2 };

/** One result as read from the engine's report graph, with the terms needed to rebuild it. */
interface ParsedResult {
  result: ValidationResult;
  focus: Term;
  severity: Term;
  path: Term | undefined;
  value: Term | undefined;
  component: Term | undefined;
  sourceShape: Term;
  sourceConstraint: Term | undefined;
}

function objectOf(store: Store, subject: Term, predicate: string): Term | undefined {
  return store.getObjects(subject, predicate, null)[0];
}

// Shapes may carry sh:message in several languages; English or untagged text wins.
function pickMessage(messages: Term[]): string | undefined {
  const literals = messages.filter((m) => m.termType === 'Literal');
  const english = literals.find((m) => m.termType === 'Literal' && m.language.toLowerCase().startsWith('en'));
  const untagged = literals.find((m) => m.termType === 'Literal' && m.language === '');
  return (english ?? untagged ?? literals[0])?.value;
}

function localName(iri: string): string {
  return iri.replace(/^.*[#/]/, '');
}

// Shapes written without sh:message (e.g. DCAT-AP) still need a readable line.
function generatedMessage(component: Term | undefined, path: Term | undefined, pathText: string | null, engineMessage: string | undefined): string {
  const what = component ? localName(component.value) : 'Constraint';
  const where = path?.termType === 'NamedNode' ? compactIri(path.value) : pathText ?? 'the node itself';
  return engineMessage ? `${what} on ${where}: ${engineMessage}` : `${what} on ${where}`;
}

function parseResult(report: Store, shapes: Store, node: Term): ParsedResult | undefined {
  const focus = objectOf(report, node, `${SH}focusNode`);
  const sourceShape = objectOf(report, node, `${SH}sourceShape`);
  const severity = objectOf(report, node, `${SH}resultSeverity`);
  if (!focus || !sourceShape || !severity) return undefined;

  // A node shape that asks for one determinant names it with arsh:determinant (see shapes/determinants.ttl);
  // its result is about that missing property, so the engine's value (the focus node again) is dropped.
  const resultPath = objectOf(report, node, `${SH}resultPath`);
  const determinant = resultPath ? undefined : objectOf(shapes, sourceShape, `${ARSH}determinant`);
  const path = resultPath ?? determinant;
  const pathText = path ? pathToString(report, path) : null;
  const value = determinant ? undefined : objectOf(report, node, `${SH}value`);
  const component = objectOf(report, node, `${SH}sourceConstraintComponent`);
  const engineMessage = pickMessage(report.getObjects(node, `${SH}resultMessage`, null));
  const shapeHasMessage = shapes.getQuads(sourceShape, `${SH}message`, null, null).length > 0;

  return {
    result: {
      // SHACL allows custom severities; an unknown one is treated as blocking rather than ignored.
      severity: SEVERITY_BY_IRI[severity.value] ?? 'Violation',
      focusNode: termToString(focus),
      path: pathText,
      value: value ? termToString(value) : null,
      message: shapeHasMessage && engineMessage !== undefined ? engineMessage : generatedMessage(component, path, pathText, engineMessage),
      sourceShape: termToString(sourceShape),
    },
    focus,
    severity,
    path,
    value,
    component,
    sourceShape,
    sourceConstraint: objectOf(report, node, `${SH}sourceConstraint`),
  };
}

// The engine can report one problem twice (e.g. a shape reached via two targets); keep one, the most severe.
function deduplicate(parsed: ParsedResult[]): ParsedResult[] {
  const byKey = new Map<string, ParsedResult>();
  for (const p of parsed) {
    const { focusNode, path, message, value } = p.result;
    const key = JSON.stringify([focusNode, path, message, value]);
    const kept = byKey.get(key);
    if (!kept || SEVERITY_RANK[p.result.severity] < SEVERITY_RANK[kept.result.severity]) byKey.set(key, p);
  }
  return [...byKey.values()];
}

function compareResults(a: ValidationResult, b: ValidationResult): number {
  return (
    a.focusNode.localeCompare(b.focusNode) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.path ?? '').localeCompare(b.path ?? '') ||
    a.message.localeCompare(b.message) ||
    (a.value ?? '').localeCompare(b.value ?? '')
  );
}

// sh:conforms follows the SHACL spec (true only without any result), unlike ValidationReport.conforms.
function reportGraph(report: Store, kept: ParsedResult[]): Quad[] {
  const root = blankNode();
  const out: Quad[] = [
    quad(root, namedNode(`${RDF}type`), namedNode(`${SH}ValidationReport`)),
    quad(root, namedNode(`${SH}conforms`), literal(String(kept.length === 0), namedNode(`${XSD}boolean`))),
  ];
  for (const p of kept) {
    const node = blankNode();
    const add = (predicate: string, object: Term | undefined): void => {
      if (object) out.push(quad(node, namedNode(predicate), object as Quad['object']));
    };
    out.push(quad(root, namedNode(`${SH}result`), node));
    add(`${RDF}type`, namedNode(`${SH}ValidationResult`));
    add(`${SH}focusNode`, p.focus);
    add(`${SH}resultSeverity`, p.severity);
    add(`${SH}resultPath`, p.path);
    add(`${SH}value`, p.value);
    add(`${SH}resultMessage`, literal(p.result.message));
    add(`${SH}sourceShape`, p.sourceShape);
    add(`${SH}sourceConstraintComponent`, p.component);
    add(`${SH}sourceConstraint`, p.sourceConstraint);
    if (p.path) out.push(...pathQuads(report, p.path));
  }
  return out;
}

/** Turns the engine's report graph into the project's report: named severities, messages, no duplicates. */
export function toValidationReport(engineReport: Iterable<Quad>, shapes: Store): ValidationReport {
  const report = new Store([...engineReport]);
  const roots = report.getSubjects(`${RDF}type`, `${SH}ValidationReport`, null);
  const nodes = roots.flatMap((root) => report.getObjects(root, `${SH}result`, null));
  const parsed = nodes.map((node) => parseResult(report, shapes, node)).filter((p): p is ParsedResult => p !== undefined);
  const kept = deduplicate(parsed).sort((a, b) => compareResults(a.result, b.result));
  const results = kept.map((p) => p.result);
  return {
    conforms: !results.some((r) => r.severity === 'Violation'),
    results,
    reportQuads: reportGraph(report, kept),
  };
}
