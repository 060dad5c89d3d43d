// Export to the Eurocities Algorithmic Transparency Standard v0.3.1, valid against
// schemas/eurocities-0.3.1.schema.json: every required attribute is present (null where the
// description has no value: the notes list them), enumerations hold only their values.
import { EC_ALGORITHM_TYPES, EC_DOMAINS, EC_DUTCH_VALUES, EC_RISK_CATEGORIES, EC_USE_TYPES, EUROCITIES_FORMAT } from '../eurocities/fields.js';
import { codePoints, type JsonObject } from '../json.js';
import {
  classificationsOf, domainsOf, exportFields, graphOf, languageOf, recordOf, shorten, systemsOf, systemView, usesOf, useView, uuidFor,
  type ExportInput, type ExportOptions, type ExportedEntry,
} from './common.js';

const REQUIRED = new Set(EUROCITIES_FORMAT.fields.filter((f) => f.required).map((f) => f.key));
const KNOWN = new Set(EUROCITIES_FORMAT.fields.map((f) => f.key));
const ENUMS: Readonly<Record<string, readonly string[]>> = {
  domain: EC_DOMAINS,
  risk_category: EC_RISK_CATEGORIES,
  algorithm_type: EC_ALGORITHM_TYPES,
  type: EC_USE_TYPES,
  status: ['planned', 'design', 'development', 'pilot', 'evaluation', 'operational', 'retired'],
};
const DATES = ['publication_date', 'last_change_date', 'revision_date'];

/** The Eurocities domain for an ar:domain concept, for descriptions that state no policy area (a crosswalk, data). */
const DOMAIN_BY_CONCEPT: Readonly<Record<string, string>> = {
  SocialSecurity: 'subsidies, benefits and allowances',
  Employment: 'work and career',
  Education: 'education and science',
  Healthcare: 'health and health care',
  LawEnforcement: 'public safety',
  EmergencyServices: 'public safety',
  Justice: 'justice',
  MigrationBorderControl: 'immigration and integration',
  MobilityTraffic: 'traffic and transportation',
  FinanceInsurance: 'finance',
  PublicAdministration: 'government',
  DemocraticProcesses: 'government',
  PublicSpaceEnvironment: 'environment, spacial planning and water',
  EventsCulture: 'culture, sports and leisure',
  GeneralUse: 'generic',
};
const URLS = ['website', 'documentation', 'DPIA_url', 'product_information', 'codebase_url', 'product_page', 'AIA_url'];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Makes values fit the schema's forms; what cannot fit becomes null, with a note. */
function conform(json: JsonObject, notes: string[], subject: string): void {
  json.standard_version = '0.3.1';
  if (typeof json.uuid !== 'string' || !UUID.test(json.uuid)) json.uuid = uuidFor(subject);
  for (const [key, values] of Object.entries(ENUMS)) {
    const v = json[key];
    if (v === null || v === undefined) continue;
    const lower = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    const english = lower === undefined ? undefined : EC_DUTCH_VALUES[key]?.[lower] ?? lower;
    const hit = english === undefined ? undefined : values.find((x) => x.toLowerCase() === english);
    if (hit) json[key] = hit;
    else {
      notes.push(`${key}: ${JSON.stringify(v)} is not one of the standard's values; left empty`);
      json[key] = null;
    }
  }
  for (const key of DATES) {
    const v = json[key];
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) json[key] = v.slice(0, 10);
    else if (v !== null && v !== undefined) {
      notes.push(`${key}: ${JSON.stringify(v)} is not a date; left empty`);
      json[key] = null;
    }
  }
  for (const key of URLS) {
    const v = json[key];
    if (v !== null && v !== undefined && !(typeof v === 'string' && /^https?:\/\//.test(v))) {
      notes.push(`${key}: ${JSON.stringify(v)} is not an http(s) address; left out`);
      delete json[key];
    }
  }
  const email = json.contact_email;
  if (typeof email === 'string' && !EMAIL.test(email.replace(/^mailto:/, ''))) {
    notes.push(`contact_email: ${JSON.stringify(email)} is not an e-mail address; left empty`);
    json.contact_email = null;
  } else if (typeof email === 'string') json.contact_email = email.replace(/^mailto:/, '');
  for (const k of Object.keys(json)) {
    const v = json[k];
    if (v !== null && typeof v !== 'string') {
      notes.push(`${k}: not a text in the description (${JSON.stringify(v).slice(0, 60)}); left empty`);
      json[k] = null;
    }
  }
  for (const f of EUROCITIES_FORMAT.fields) {
    const v = json[f.key];
    if (f.maxLength !== undefined && typeof v === 'string' && codePoints(v) > f.maxLength) {
      notes.push(`${f.key}: shortened to ${f.maxLength} characters (it has ${codePoints(v)})`);
      json[f.key] = shorten(v, f.maxLength);
    }
  }
  for (const k of Object.keys(json)) {
    if (!KNOWN.has(k)) {
      notes.push(`${k}: not an attribute of the standard; left out`);
      delete json[k];
    }
  }
  for (const k of REQUIRED) {
    if (!(k in json)) json[k] = null;
    if (json[k] === null) notes.push(`${k}: required by the standard, but the description gives no value`);
  }
}

export function exportEurocities(input: ExportInput, opts: ExportOptions = {}): ExportedEntry[] {
  const g = graphOf(input);
  const classes = classificationsOf(input);
  const out: ExportedEntry[] = [];
  const systems = systemsOf(g, opts.systems);
  const one = (subject: string, system: string, use: boolean) => {
    const record = recordOf(g, subject, EUROCITIES_FORMAT.name);
    const lang = languageOf(g, subject, opts.lang);
    const o = { lang, classification: classes.get(system), record };
    const view = use ? useView(g, subject, system, o) : systemView(g, subject, o);
    const notes: string[] = [];
    const json = exportFields(EUROCITIES_FORMAT, view, record, { alwaysKeys: (k) => REQUIRED.has(k) }, notes);
    if (!record && (json.domain === null || json.domain === undefined)) {
      const domain = domainsOf(view).map((c) => DOMAIN_BY_CONCEPT[c]).find((d) => d !== undefined);
      if (domain) json.domain = domain;
    }
    conform(json, notes, subject);
    out.push({ subject, system, id: json.uuid as string, json, notes });
  };
  for (const s of systems) one(s, s, false);
  if (opts.uses !== false) for (const { use, system } of usesOf(g, systems)) one(use, system, true);
  return out;
}
