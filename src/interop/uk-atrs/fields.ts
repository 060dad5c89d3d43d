// UK Algorithmic Transparency Recording Standard records: the GOV.UK metadata (publishing body,
// tool name, record URL, date, description), the finder facets, and the record body of ATRS v2.1
// and v3 where a record carries it (snake_case attribute names; multi-valued attributes are
// parallel lists). There is no machine-readable ATRS schema, so nothing here is required.
import { isJsonObject } from '../json.js';
import { idText } from '../nl/fields.js';
import type { FieldSpec, FormatSpec } from '../spec.js';
import { AR, DCT, RDFS } from '../vocab.js';

const ar = (l: string) => `${AR}${l}`;
const text = (predicate: string) => ({ kind: 'text', predicate }) as const;
const F = 'algorithmic_transparency_record_';

export const UK_PHASE: Readonly<Record<string, string>> = {
  idea: ar('Planned'),
  design: ar('InDevelopment'),
  development: ar('InDevelopment'),
  'pre-deployment': ar('InDevelopment'),
  'beta-pilot': ar('InUse'),
  'private-beta': ar('InUse'),
  production: ar('InUse'),
  retired: ar('Retired'),
};

const FIELDS: FieldSpec[] = [
  // GOV.UK metadata
  { key: 'publishing_body', map: { kind: 'organisation', relation: 'responsible' } },
  { key: 'tool_name', map: text(`${RDFS}label`) },
  { key: 'title' },
  { key: 'url', map: { kind: 'link', predicate: ar('registerEntryPage') } },
  { key: 'published', map: { kind: 'published', predicate: `${DCT}issued` } },
  { key: 'description', map: text(`${DCT}description`) },
  { key: 'listed_organisations' },
  { key: 'id', map: { kind: 'identifier' } },
  // finder facets
  { key: `${F}organisation`, map: { kind: 'organisation', relation: 'responsible' } },
  { key: `${F}organisation_type` },
  { key: `${F}function`, map: { kind: 'texts', predicate: ar('policyArea') } },
  { key: `${F}capability` },
  { key: `${F}task` },
  { key: `${F}phase`, map: { kind: 'concept', predicate: ar('lifecycleStatus'), values: UK_PHASE } },
  { key: `${F}region`, map: { kind: 'texts', predicate: ar('geographicArea') } },
  { key: `${F}date_published`, map: { kind: 'published', predicate: `${DCT}issued` } },
  { key: `${F}atrs_version` },
  { key: `${F}other_tags` },
  // record body (v2.1 attribute names; v3 tier 1 and tier 2)
  { key: 'name', map: text(`${RDFS}label`) },
  { key: 'website', map: { kind: 'link', predicate: ar('website') } },
  { key: 'contact_email', map: { kind: 'contact', predicate: ar('contactEmail') } },
  { key: 'organisation', map: { kind: 'organisation', relation: 'responsible' } },
  { key: 'team', map: text(ar('department')) },
  { key: 'senior_responsible_owner' },
  { key: 'external_supplier', map: { kind: 'organisation', relation: 'supplier' } },
  { key: 'external_supplier_identifier' },
  { key: 'external_supplier_role' },
  { key: 'procurement_procedure_type' },
  { key: 'data_access_terms' },
  { key: 'detailed_description', map: text(ar('technicalDescription')) },
  { key: 'scope', map: text(ar('intendedPurposeDescription')) },
  { key: 'benefit' },
  { key: 'previous_process' },
  { key: 'alternatives_considered' },
  { key: 'model_type' },
  { key: 'frequency_usage' },
  { key: 'phase', map: { kind: 'concept', predicate: ar('lifecycleStatus'), values: UK_PHASE } },
  { key: 'maintenance' },
  { key: 'system_architecture' },
  { key: 'process_integration', map: text(ar('decisionMakingProcess')) },
  { key: 'provided_information' },
  { key: 'human_decisions', map: text(ar('humanOversight')) },
  { key: 'required_training' },
  { key: 'appeals_and_review', map: text(ar('objectionProcedure')) },
  { key: 'source_data_name', map: { kind: 'parallel', target: 'dataset', group: 'source_data', part: 'title' } },
  { key: 'source_data_description', map: { kind: 'parallel', target: 'dataset', group: 'source_data', part: 'description' } },
  { key: 'source_data_url', map: { kind: 'parallel', target: 'dataset', group: 'source_data', part: 'link' } },
  { key: 'data_modality' },
  { key: 'data_quantities' },
  { key: 'sensitive_attributes' },
  { key: 'data_completeness_and_representativeness' },
  { key: 'data_collection' },
  { key: 'data_cleaning' },
  { key: 'data_sharing_agreements' },
  { key: 'data_access_and_storage' },
  { key: 'impact_assessment_name', map: { kind: 'parallel', target: 'impactAssessment', group: 'impact_assessment', part: 'title' } },
  { key: 'impact_assessment_description', map: { kind: 'parallel', target: 'impactAssessment', group: 'impact_assessment', part: 'description' } },
  { key: 'impact_assessment_date', map: { kind: 'parallel', target: 'impactAssessment', group: 'impact_assessment', part: 'date' } },
  { key: 'impact_assessment_link', map: { kind: 'parallel', target: 'impactAssessment', group: 'impact_assessment', part: 'link' } },
  { key: 'risk_name' },
  { key: 'risk_description' },
  { key: 'risk_mitigation' },
  { key: 'standard_version' },
  { key: 'date_completion' },
  { key: 'date_update' },
];

export const UK_ATRS_FORMAT: FormatSpec = {
  name: 'uk-atrs',
  idPrefix: 'uk',
  fields: FIELDS,
  exported: false,
  defaultLanguage: 'en',
  // UK public-sector bodies: outside the EU.
  establishedInEU: false,
  // ATRS records are published by public-sector bodies (every organisation_type facet value is one).
  responsibleKind: 'PublicAuthority',
  // A transparency record describes a tool the publishing body uses.
  responsibleValueChain: ['UsesUnderOwnAuthority'],
  inHouseValueChain: [],
  suppliedValueChain: ['Bought'],
  entriesOf(doc) {
    if (Array.isArray(doc)) return doc;
    if (isJsonObject(doc)) return Array.isArray(doc.records) ? doc.records : [doc];
    return undefined;
  },
  identify(entry) {
    const url = typeof entry.url === 'string' ? entry.url : '';
    const slugInUrl = /\/algorithmic-transparency-records\/([^/?#]+)/.exec(url)?.[1];
    const id = slugInUrl ?? idText(entry.id);
    return id ? { local: id, register: id } : {};
  },
};
