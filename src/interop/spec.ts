// How a register format's fields map to the ontology: one table per format (nl/fields.ts,
// eurocities/fields.ts, uk-atrs/fields.ts). The same table drives import (value → triples) and
// export (triples → value), so a field maps the same way in both directions.
import type { ClaimTable } from './claims.js';
import type { JsonObject, JsonValue } from './json.js';

export type Mapping =
  /**
   * A text: a literal in the entry's language; HTML becomes clean text. On export, when the
   * description has no such text: `or` another text property, or the names of the nodes of
   * `orNamesOf` (joined with "; ").
   */
  | { kind: 'text'; predicate: string; or?: string; orNamesOf?: string }
  /** A list of texts: a JSON array, or a string split at `split`; exported as an array, or joined with `join`. */
  | { kind: 'texts'; predicate: string; split?: RegExp; join?: string }
  /** An http(s) address, written as an IRI. */
  | { kind: 'link'; predicate: string }
  /** An e-mail address or https address (a literal, as ar:contactEmail expects). */
  | { kind: 'contact'; predicate: string }
  /** A date or month: xsd:date, xsd:dateTime or xsd:gYearMonth by its form. */
  | { kind: 'date'; predicate: string }
  /** A value from a closed list, mapped to a concept IRI; `exportAs` names the value a concept exports as. */
  | { kind: 'concept'; predicate: string; values: Readonly<Record<string, string>>; exportAs?: Readonly<Record<string, string>> }
  /** The name of the organisation responsible for the use, or of the supplier. */
  | { kind: 'organisation'; relation: 'responsible' | 'supplier' }
  /** An identifier of the responsible organisation (a TOOI code or IRI). */
  | { kind: 'organisationId' }
  /** An array of {title, link} objects that become typed nodes. */
  | { kind: 'group'; target: GroupTarget; title: string; link: string; description?: string }
  /** Addresses only (legacy *_link fields): each becomes a node of the target with just its link. */
  | { kind: 'links'; target: GroupTarget }
  /** One part of a named impact assessment held in several fields (Eurocities DPIA_description + DPIA_url). */
  | { kind: 'assessment'; slot: string; part: 'description' | 'link'; type?: string }
  /** One part of parallel arrays that together describe nodes (ATRS impact_assessment_name[], _link[], ...). */
  | { kind: 'parallel'; target: GroupTarget; group: string; part: 'title' | 'link' | 'description' | 'date' }
  /** The register's risk category for the entry: kept as a claim, with the tier it corresponds to. */
  | { kind: 'claim'; table: ClaimTable }
  /** The register's own identifier of the entry. */
  | { kind: 'identifier' }
  /** The owner's internal identifier (dct:identifier). */
  | { kind: 'systemIdentifier' }
  /** The entry's language (ISO 639-1 or 639-3). */
  | { kind: 'language'; form: '639-1' | '639-3' }
  /** A date of publication or change (dct:issued / dct:modified). */
  | { kind: 'published'; predicate: string };

export type GroupTarget = 'lawfulBasis' | 'impactAssessment' | 'dataset';

export interface FieldSpec {
  key: string;
  /** Maximum length in code points, over the value as written (HTML included). */
  maxLength?: number;
  required?: boolean;
  /** The permitted values of an enumeration (for a list: of each item). */
  permitted?: readonly string[];
  /** Item fields of a grouping array, with their maximum lengths and whether they are required. */
  items?: Readonly<Record<string, { maxLength?: number; required?: boolean }>>;
  /** A key of an earlier version of the standard, still accepted. */
  legacy?: boolean;
  /** Where the value goes; without a mapping the field is kept under its key only. */
  map?: Mapping;
}

export type FormatName = 'nl-algoritmeregister' | 'eurocities' | 'uk-atrs';

export interface FormatSpec {
  name: FormatName;
  /** Prefix of system ids minted from the register's id: "nl" → system/nl-11136893. */
  idPrefix: string;
  fields: readonly FieldSpec[];
  /** Whether algoreg exports this format (then the source record also remembers standard keys the entry lacked). */
  exported: boolean;
  /** Language of the entries when they do not say (ISO 639-1). */
  defaultLanguage: string;
  /** Whether the organisations this register names are established in the EU (undefined: not known). */
  establishedInEU?: boolean;
  /** The kind (ar: local name) of the responsible organisation when its name does not show one: only for registers of public bodies. */
  responsibleKind?: string;
  /** Value-chain facts (ar: local names) of the organisation the entry names as responsible. */
  responsibleValueChain: readonly string[];
  /** Added when the supplier is that same organisation. */
  inHouseValueChain: readonly string[];
  /** Added when the supplier is another organisation. */
  suppliedValueChain: readonly string[];
  /** The entries in a parsed JSON document (an array, a wrapper object, or a single entry). */
  entriesOf(doc: JsonValue): JsonValue[] | undefined;
  /**
   * The entry's id in the register (`register`, kept as ar:sourceIdentifier) and the local part of
   * the system id minted from it or from another stable key (`local`, without the prefix).
   */
  identify(entry: JsonObject): { local?: string; register?: string };
}

export const fieldIndex = (spec: FormatSpec): ReadonlyMap<string, FieldSpec> => new Map(spec.fields.map((f) => [f.key, f]));
