// The Dutch Algoritmeregister, publication standard 1.0 (algoritmes.overheid.nl): every field
// with the length, required flag and permitted values of the register's own field configuration
// (MinBZK/Algoritmeregister backend/app/schemas/config/v1_0.json; test/interop-nl.test.ts checks
// this table against it), the keys of versions 0.2-0.4 that older entries and vendor templates
// still use, and where each field goes in the ontology.
import { NL_PUBLICATION_CATEGORY } from '../claims.js';
import { isJsonObject, type JsonValue } from '../json.js';
import type { FieldSpec, FormatSpec } from '../spec.js';
import { AR, DCAT, DCT, RDFS } from '../vocab.js';

const ar = (l: string) => `${AR}${l}`;

/** An identifier value as text ("" and null are none). */
export function idText(v: JsonValue | undefined): string | undefined {
  const t = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  return t === '' ? undefined : t;
}

export const NL_CATEGORIES = [
  'Organisatie en bedrijfsvoering', 'Cultuur en recreatie', 'Economie', 'Overheidsfinanciën', 'Wonen', 'Internationaal',
  'Migratie en integratie', 'Natuur en milieu', 'Onderwijs en wetenschap', 'Openbare orde en veiligheid', 'Recht',
  'Ruimte en infrastructuur', 'Sociale zekerheid', 'Verkeer', 'Werk', 'Zorg en gezondheid',
] as const;

export const NL_STATUS: Readonly<Record<string, string>> = {
  'In ontwikkeling': ar('InDevelopment'),
  'In gebruik': ar('InUse'),
  'Buiten gebruik': ar('Retired'),
};

const text = (predicate: string) => ({ kind: 'text', predicate }) as const;
const link = (predicate: string) => ({ kind: 'link', predicate }) as const;

/** Fields of standard 1.0, in the order of the register's configuration. */
const STANDARD: FieldSpec[] = [
  { key: 'name', maxLength: 100, required: true, map: text(`${RDFS}label`) },
  { key: 'description_short', maxLength: 400, required: true, map: text(`${DCT}description`) },
  { key: 'organization', maxLength: 100, required: true, map: { kind: 'organisation', relation: 'responsible' } },
  { key: 'category', permitted: NL_CATEGORIES, map: { kind: 'texts', predicate: ar('policyArea'), split: /\s*[;|]\s*|\s*,\s*(?=[A-Z])/ } },
  { key: 'status', required: true, permitted: Object.keys(NL_STATUS), map: { kind: 'concept', predicate: ar('lifecycleStatus'), values: NL_STATUS } },
  { key: 'begin_date', maxLength: 7, map: { kind: 'date', predicate: ar('inUseFrom') } },
  { key: 'end_date', maxLength: 7, map: { kind: 'date', predicate: ar('inUseUntil') } },
  { key: 'contact_email', maxLength: 500, required: true, map: { kind: 'contact', predicate: ar('contactEmail') } },
  { key: 'website', maxLength: 500, map: link(ar('website')) },
  { key: 'publication_category', required: true, permitted: Object.keys(NL_PUBLICATION_CATEGORY), map: { kind: 'claim', table: NL_PUBLICATION_CATEGORY } },
  { key: 'url', maxLength: 500, map: link(ar('registerEntryPage')) },
  { key: 'goal', maxLength: 2500, map: text(ar('intendedPurposeDescription')) },
  { key: 'proportionality', maxLength: 2500, map: text(ar('proportionality')) },
  { key: 'human_intervention', maxLength: 2500, map: text(ar('humanOversight')) },
  { key: 'risks', maxLength: 2500, map: text(ar('riskManagement')) },
  { key: 'lawful_basis', maxLength: 2500, map: { ...text(ar('legalBasisDescription')), orNamesOf: ar('lawfulBasis') } },
  {
    key: 'lawful_basis_grouping',
    items: { title: { maxLength: 100, required: true }, link: { maxLength: 500, required: true } },
    map: { kind: 'group', target: 'lawfulBasis', title: 'title', link: 'link' },
  },
  { key: 'process_index_url', maxLength: 500, map: link(ar('processingRegister')) },
  {
    key: 'impacttoetsen_grouping',
    items: { title: { required: true }, link: { maxLength: 500 } },
    map: { kind: 'group', target: 'impactAssessment', title: 'title', link: 'link' },
  },
  { key: 'impacttoetsen', maxLength: 2500 },
  { key: 'source_data', maxLength: 2500, map: { ...text(ar('dataDescription')), orNamesOf: ar('usesDataset') } },
  {
    key: 'source_data_grouping',
    items: { title: { maxLength: 500, required: true }, link: { maxLength: 500, required: true } },
    map: { kind: 'group', target: 'dataset', title: 'title', link: 'link' },
  },
  { key: 'methods_and_models', maxLength: 5000, map: text(ar('technicalDescription')) },
  { key: 'provider', maxLength: 200, map: { kind: 'organisation', relation: 'supplier' } },
  { key: 'publiccode', maxLength: 500, map: link(ar('sourceCode')) },
  { key: 'lang', required: true, permitted: ['nld'], map: { kind: 'language', form: '639-3' } },
  { key: 'standard_version', permitted: ['1.0'] },
  { key: 'source_id', maxLength: 100, map: { kind: 'systemIdentifier' } },
  { key: 'tags', maxLength: 2500, map: { kind: 'texts', predicate: `${DCAT}keyword`, split: /\s*,\s*/, join: ', ' } },
  { key: 'lars', map: { kind: 'identifier' } },
  { key: 'publication_dt', map: { kind: 'published', predicate: `${DCT}issued` } },
];

/** Keys of versions 0.2-0.4 (AlgoritmeVersionContent), the register's exports and vendor templates. */
const LEGACY: FieldSpec[] = ([
  { key: 'id' }, // a template's own id: names the system when there is no lars
  { key: 'preferred_name' },
  { key: 'department', map: text(ar('department')) },
  { key: 'type', map: text(ar('algorithmType')) },
  { key: 'impact', map: text(ar('impactDescription')) },
  { key: 'decision_making_process', map: text(ar('decisionMakingProcess')) },
  { key: 'documentation' },
  { key: 'competent_authority' },
  { key: 'iama' },
  { key: 'iama_description' },
  { key: 'dpia' },
  { key: 'dpia_description' },
  { key: 'objection_procedure', map: text(ar('objectionProcedure')) },
  { key: 'uuid' },
  { key: 'area', map: text(ar('geographicArea')) },
  { key: 'revision_date' },
  { key: 'description' },
  { key: 'application_url' },
  { key: 'mprd' },
  { key: 'monitoring', map: text(ar('monitoring')) },
  { key: 'performance_standard' },
  { key: 'lawful_basis_link', map: { kind: 'links', target: 'lawfulBasis' } },
  { key: 'source_data_link', map: { kind: 'links', target: 'dataset' } },
  // in the register's downloads: the owning organisation's code, and version metadata
  { key: 'owner', map: { kind: 'organisationId' } },
  { key: 'organization_id', map: { kind: 'organisationId' } },
  { key: 'org_id', map: { kind: 'organisationId' } },
  { key: 'code', map: { kind: 'organisationId' } },
  { key: 'language' },
  { key: 'create_dt' },
  { key: 'state' },
] satisfies FieldSpec[]).map((f): FieldSpec => ({ ...f, legacy: true }));

export const NL_FORMAT: FormatSpec = {
  name: 'nl-algoritmeregister',
  idPrefix: 'nl',
  fields: [...STANDARD, ...LEGACY],
  exported: true,
  defaultLanguage: 'nl',
  // The register lists Dutch government organisations.
  establishedInEU: true,
  // "Organisatienaam": the organisation where the algorithm is used (one registration per organisation).
  responsibleValueChain: ['UsesUnderOwnAuthority'],
  // "Leverancier" naming the organisation itself: built in-house; another organisation: bought from it.
  inHouseValueChain: ['DevelopedInHouse'],
  suppliedValueChain: ['Bought'],
  entriesOf(doc) {
    if (Array.isArray(doc)) return doc;
    if (isJsonObject(doc)) {
      // the register's full download: {algoritme_versions: [...], organisation_details: [...]}
      if (Array.isArray(doc.algoritme_versions)) return doc.algoritme_versions;
      return [doc];
    }
    return undefined;
  },
  identify(entry) {
    const lars = idText(entry.lars);
    if (lars) return { local: lars, register: lars };
    // a vendor template's own id, a legacy uuid, the owner's internal id
    const other = idText(entry.id) ?? idText(entry.uuid) ?? idText(entry.source_id);
    return { local: other };
  },
};
