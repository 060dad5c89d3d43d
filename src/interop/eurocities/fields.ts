// The Eurocities Algorithmic Transparency Standard v0.3.1 (Jan 2023, the Amsterdam/Helsinki
// lineage that OASC MIM5 points to): every attribute with its required flag, enumerations and
// lengths, and where it goes in the ontology. Enumerations are given in English; the Dutch
// enumeration of the same version is accepted on import.
import { EUROCITIES_RISK_CATEGORY } from '../claims.js';
import { isJsonObject } from '../json.js';
import { idText } from '../nl/fields.js';
import type { FieldSpec, FormatSpec } from '../spec.js';
import { AR, DCAT, DCT, RDFS } from '../vocab.js';

const ar = (l: string) => `${AR}${l}`;
const text = (predicate: string) => ({ kind: 'text', predicate }) as const;

export const EC_STATUS: Readonly<Record<string, string>> = {
  planned: ar('Planned'),
  design: ar('InDevelopment'),
  development: ar('InDevelopment'),
  pilot: ar('InUse'),
  evaluation: ar('InUse'),
  operational: ar('InUse'),
  retired: ar('Retired'),
  gepland: ar('Planned'),
  ontwerp: ar('InDevelopment'),
  ontwikkeling: ar('InDevelopment'),
  evaluatie: ar('InUse'),
  operationeel: ar('InUse'),
  'beëindigd': ar('Retired'),
};
/** The value each lifecycle concept exports as. */
export const EC_STATUS_EXPORT: Readonly<Record<string, string>> = {
  [ar('Planned')]: 'planned',
  [ar('InDevelopment')]: 'development',
  [ar('InUse')]: 'operational',
  [ar('Retired')]: 'retired',
};

export const EC_DOMAINS = [
  'taxes', 'housing, living and living environment', 'culture, sports and leisure', 'defence', 'economy and entrepreneurship',
  'family, youth and households', 'finance', 'generic', 'health and health care', 'immigration and integration',
  'international collaboration and development aid', 'agriculture, nature and food', 'environment, spacial planning and water',
  'education and science', 'public safety', 'government', 'justice', 'travel, living and working abroad',
  'subsidies, benefits and allowances', 'traffic and transportation', 'work and career',
] as const;
export const EC_RISK_CATEGORIES = ['minimal risk', 'limited risk', 'high risk', 'unacceptable'] as const;
export const EC_ALGORITHM_TYPES = ['self-learning', 'rule-based', 'hybrid'] as const;
export const EC_USE_TYPES = ['descriptive', 'diagnostic', 'predictive', 'prescriptive'] as const;

/** The Dutch values of the same enumerations (v0.3.1 has both), with their English value. */
export const EC_DUTCH_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  status: { gepland: 'planned', ontwerp: 'design', ontwikkeling: 'development', pilot: 'pilot', evaluatie: 'evaluation', operationeel: 'operational', 'beëindigd': 'retired' },
  risk_category: { 'minimaal risico': 'minimal risk', 'beperkt risico': 'limited risk', 'hoog risico': 'high risk', onaanvaardbaar: 'unacceptable' },
  algorithm_type: { zelflerend: 'self-learning', regelgebaseerd: 'rule-based', hybride: 'hybrid' },
  type: { descriptief: 'descriptive', diagnostisch: 'diagnostic', voorspellend: 'predictive', prescriptief: 'prescriptive' },
};
const withDutch = (key: string, en: readonly string[]): string[] => [...en, ...Object.keys(EC_DUTCH_VALUES[key] ?? {})];

const FIELDS: FieldSpec[] = [
  // METADATA
  { key: 'standard_version', required: true, permitted: ['0.3.1'] },
  { key: 'uuid', map: { kind: 'identifier' } },
  { key: 'lang', required: true, map: { kind: 'language', form: '639-1' } },
  { key: 'publication_date', required: true, map: { kind: 'published', predicate: `${DCT}issued` } },
  { key: 'last_change_date', required: true, map: { kind: 'published', predicate: `${DCT}modified` } },
  { key: 'revision_date', required: true },
  { key: 'revision_note' },
  { key: 'keywords', map: { kind: 'texts', predicate: `${DCAT}keyword`, split: /\s*,\s*/, join: ', ' } },
  // BASIC INFORMATION
  { key: 'name', required: true, map: text(`${RDFS}label`) },
  { key: 'organization', required: true, map: { kind: 'organisation', relation: 'responsible' } },
  { key: 'department', required: true, map: text(ar('department')) },
  { key: 'country' }, // in the v0.3.1 YAML, not in every copy of the field list
  { key: 'contact_email', required: true, map: { kind: 'contact', predicate: ar('contactEmail') } },
  { key: 'contact_phone' },
  { key: 'contact_name' },
  { key: 'description_short', required: true, maxLength: 150, map: text(`${DCT}description`) },
  { key: 'website', map: { kind: 'link', predicate: ar('website') } },
  { key: 'status', required: true, permitted: Object.keys(EC_STATUS), map: { kind: 'concept', predicate: ar('lifecycleStatus'), values: EC_STATUS, exportAs: EC_STATUS_EXPORT } },
  { key: 'remark' },
  // USE CASE
  { key: 'decision_making_process', required: true, map: text(ar('decisionMakingProcess')) },
  { key: 'domain', required: true, permitted: EC_DOMAINS, map: text(ar('policyArea')) },
  { key: 'area', required: true, map: text(ar('geographicArea')) },
  { key: 'goal', required: true, map: { ...text(ar('intendedPurposeDescription')), or: `${DCT}description` } },
  { key: 'impact', required: true, map: text(ar('impactDescription')) },
  { key: 'risks', required: true, map: text(ar('riskManagement')) },
  { key: 'risk_category', required: true, permitted: [...withDutch('risk_category', EC_RISK_CATEGORIES), 'Onbekend'], map: { kind: 'claim', table: EUROCITIES_RISK_CATEGORY } },
  { key: 'proportionality', required: true, map: text(ar('proportionality')) },
  { key: 'lawful_basis', required: true, map: { ...text(ar('legalBasisDescription')), orNamesOf: ar('lawfulBasis') } },
  { key: 'documentation' },
  // DATA
  { key: 'training_data', required: true },
  { key: 'source_data', required: true, map: { ...text(ar('dataDescription')), orNamesOf: ar('usesDataset') } },
  { key: 'data_bias' },
  { key: 'connected_data_sources', required: true },
  { key: 'DPIA_description', map: { kind: 'assessment', slot: 'DPIA', part: 'description', type: ar('DPIA') } },
  { key: 'DPIA_url', map: { kind: 'assessment', slot: 'DPIA', part: 'link', type: ar('DPIA') } },
  // ALGORITHM
  { key: 'description', required: true, maxLength: 10000, map: { ...text(ar('technicalDescription')), or: `${DCT}description` } },
  { key: 'algorithm_type', required: true, permitted: withDutch('algorithm_type', EC_ALGORITHM_TYPES), map: text(ar('algorithmType')) },
  { key: 'methods_and_models' },
  { key: 'performance' },
  { key: 'alternatives_considered' },
  { key: 'product_information' },
  { key: 'codebase_url', map: { kind: 'link', predicate: ar('sourceCode') } },
  { key: 'product_page' },
  { key: 'AIA_description', map: { kind: 'assessment', slot: 'AIA', part: 'description' } },
  { key: 'AIA_url', map: { kind: 'assessment', slot: 'AIA', part: 'link' } },
  // OVERSIGHT
  { key: 'monitoring', required: true, map: text(ar('monitoring')) },
  { key: 'type', required: true, permitted: withDutch('type', EC_USE_TYPES) },
  { key: 'human_intervention', required: true, map: text(ar('humanOversight')) },
  { key: 'objection_procedure', required: true, map: text(ar('objectionProcedure')) },
  { key: 'rollback' },
];

export const EUROCITIES_FORMAT: FormatSpec = {
  name: 'eurocities',
  idPrefix: 'ec',
  fields: FIELDS,
  exported: true,
  defaultLanguage: 'en',
  // "The organization responsible for the use of the algorithm."
  responsibleValueChain: ['UsesUnderOwnAuthority'],
  inHouseValueChain: [],
  suppliedValueChain: [],
  entriesOf(doc) {
    if (Array.isArray(doc)) return doc;
    if (isJsonObject(doc)) return Array.isArray(doc.registrations) ? doc.registrations : [doc];
    return undefined;
  },
  identify(entry) {
    const uuid = idText(entry.uuid);
    return uuid ? { local: uuid, register: uuid } : {};
  },
};
