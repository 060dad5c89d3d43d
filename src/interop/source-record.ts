// The source record of an imported entry: format, the register's id, the original key order and
// the fields kept verbatim (see ontology/interop.ttl). Written on import, read on export.
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import type { GraphView } from './graph-view.js';
import { digestOf, type JsonValue } from './json.js';
import { AR, RDF_JSON, RDF_TYPE } from './vocab.js';

const { namedNode, blankNode, literal, quad } = DataFactory;

export interface KeptField {
  key: string;
  /** The original value; undefined: the source entry did not have the key. */
  value: JsonValue | undefined;
  /** Digest of the value the description gave for the field when the entry was imported. */
  digest: string;
}

export interface SourceRecord {
  format: string;
  identifier?: string;
  fieldOrder: string[];
  kept: Map<string, KeptField>;
}

export const sourceRecordIri = (system: string, format: string): string => `${system}#source-${format}`;

/** A kept value: text as a plain literal, anything else as rdf:JSON. */
function valueLiteral(v: JsonValue) {
  return typeof v === 'string' ? literal(v) : literal(JSON.stringify(v), namedNode(RDF_JSON));
}

export function sourceRecordQuads(system: string, rec: SourceRecord, bnodePrefix: string): Quad[] {
  const node = namedNode(sourceRecordIri(system, rec.format));
  const out: Quad[] = [
    quad(namedNode(system), namedNode(`${AR}sourceRecord`), node),
    quad(node, namedNode(RDF_TYPE), namedNode(`${AR}SourceRecord`)),
    quad(node, namedNode(`${AR}sourceFormat`), literal(rec.format)),
    quad(node, namedNode(`${AR}fieldOrder`), literal(JSON.stringify(rec.fieldOrder), namedNode(RDF_JSON))),
  ];
  if (rec.identifier !== undefined) out.push(quad(node, namedNode(`${AR}sourceIdentifier`), literal(rec.identifier)));
  let n = 0;
  for (const f of rec.kept.values()) {
    const field = blankNode(`${bnodePrefix}f${++n}`);
    out.push(
      quad(node, namedNode(`${AR}sourceField`), field),
      quad(field, namedNode(RDF_TYPE), namedNode(`${AR}SourceField`)),
      quad(field, namedNode(`${AR}key`), literal(f.key)),
      quad(field, namedNode(`${AR}mappedDigest`), literal(f.digest)),
    );
    // No ar:value: the entry did not have this key (the description gave it a value on import all the same).
    if (f.value !== undefined) out.push(quad(field, namedNode(`${AR}value`), valueLiteral(f.value)));
  }
  return out;
}

export function keptField(key: string, value: JsonValue | undefined, derived: JsonValue | undefined): KeptField {
  return { key, value, digest: digestOf(derived) };
}

/** The source record of a system in a format, if it has one. */
export function readSourceRecord(g: GraphView, system: string, format: string): SourceRecord | undefined {
  const node = g.nodes(system, `${AR}sourceRecord`).find((r) => g.literals(r, `${AR}sourceFormat`).includes(format));
  if (!node) return undefined;
  const order = g.literals(node, `${AR}fieldOrder`)[0];
  let fieldOrder: string[] = [];
  try {
    const parsed = order === undefined ? [] : (JSON.parse(order) as unknown);
    if (Array.isArray(parsed)) fieldOrder = parsed.filter((k): k is string => typeof k === 'string');
  } catch {
    fieldOrder = [];
  }
  const kept = new Map<string, KeptField>();
  for (const f of g.nodes(node, `${AR}sourceField`)) {
    const key = g.literals(f, `${AR}key`)[0];
    const lit = g.objects(f, `${AR}value`).find((o) => o.termType === 'Literal');
    const digest = g.literals(f, `${AR}mappedDigest`)[0];
    if (key === undefined || digest === undefined) continue;
    let value: JsonValue | undefined;
    if (!lit || lit.termType !== 'Literal') {
      value = undefined;
    } else if (lit.datatype.value === RDF_JSON) {
      try {
        value = JSON.parse(lit.value) as JsonValue;
      } catch {
        continue;
      }
    } else {
      value = lit.value;
    }
    kept.set(key, { key, value, digest });
  }
  return { format, identifier: g.literals(node, `${AR}sourceIdentifier`)[0], fieldOrder, kept };
}
