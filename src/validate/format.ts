import { Writer } from 'n3';
import { PREFIXES, compactIri } from './terms.js';
import type { Severity, ValidationReport, ValidationResult } from './types.js';

const NOUN: Readonly<Record<Severity, [string, string]>> = {
  Violation: ['violation', 'violations'],
  Warning: ['warning', 'warnings'],
  Info: ['recommendation', 'recommendations'],
};

function count(results: ValidationResult[], severity: Severity): string {
  const n = results.filter((r) => r.severity === severity).length;
  return `${n} ${NOUN[severity][n === 1 ? 0 : 1]}`;
}

function isIri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('"');
}

function named(iri: string, labels: (iri: string) => string | undefined): string {
  const label = labels(iri);
  return label ? `${label} <${iri}>` : `<${iri}>`;
}

function describeProperty(path: string, labels: (iri: string) => string | undefined): string {
  if (!isIri(path)) return path; // a complex path, already readable
  const label = labels(path);
  const short = compactIri(path);
  return label ? `${label} (${short})` : short;
}

function line(r: ValidationResult, labels: (iri: string) => string | undefined): string {
  const parts: string[] = [];
  if (r.path) parts.push(describeProperty(r.path, labels));
  // A node shape reports the focus node itself as the value; repeating it under its own heading says nothing.
  if (r.value !== null && r.value !== r.focusNode) parts.push(`found ${isIri(r.value) ? named(r.value, labels) : r.value}`);
  const where = parts.length > 0 ? `${parts.join(', ')}: ` : '';
  return `  ${r.severity.padEnd(9)} ${where}${r.message}`;
}

/** A report for people: one block per focus node, naming properties by their labels. */
export function formatText(report: ValidationReport, labels: (iri: string) => string | undefined): string {
  if (report.results.length === 0) return 'No problems found.\n';
  const verdict = report.conforms ? 'can be stored' : 'cannot be stored until the violations are fixed';
  const summary = `${count(report.results, 'Violation')}, ${count(report.results, 'Warning')}, ${count(report.results, 'Info')}: ${verdict}.`;

  const groups = new Map<string, ValidationResult[]>();
  for (const r of report.results) groups.set(r.focusNode, [...(groups.get(r.focusNode) ?? []), r]);

  const blocks = [...groups].map(([focus, results]) => {
    const heading = isIri(focus) ? named(focus, labels) : focus;
    return [heading, ...results.map((r) => line(r, labels))].join('\n');
  });
  return `${summary}\n\n${blocks.join('\n\n')}\n`;
}

/** Exactly {"conforms", "results": [{severity, focusNode, path, value, message, sourceShape}]}. */
export function formatJson(report: ValidationReport): string {
  const results = report.results.map(({ severity, focusNode, path, value, message, sourceShape }) => ({
    severity,
    focusNode,
    path,
    value,
    message,
    sourceShape,
  }));
  return JSON.stringify({ conforms: report.conforms, results }, null, 2);
}

/** The standard SHACL validation report graph, as Turtle. */
export function formatTurtle(report: ValidationReport): Promise<string> {
  const writer = new Writer({ prefixes: { ...PREFIXES } });
  writer.addQuads(report.reportQuads);
  return new Promise((resolve, reject) => {
    writer.end((error: Error | null, result: string) => (error ? reject(error) : resolve(result)));
  });
}
