// Export to the Dutch Algoritmeregister, publication standard 1.0: one entry per system and per
// use (the register holds one registration per organisation). An entry imported from the
// register comes back as it was, field for field.
import { NL_FORMAT } from '../nl/fields.js';
import {
  classificationsOf, domainsOf, exportFields, graphOf, idFromIri, recordOf, systemsOf, systemView, usesOf, useView,
  type ExportInput, type ExportOptions, type ExportedEntry,
} from './common.js';

/** The Dutch theme for an ar:domain concept, for descriptions made in algoreg (a crosswalk, data). */
const CATEGORY_BY_DOMAIN: Readonly<Record<string, string>> = {
  SocialSecurity: 'Sociale zekerheid',
  Employment: 'Werk',
  Education: 'Onderwijs en wetenschap',
  Healthcare: 'Zorg en gezondheid',
  LawEnforcement: 'Openbare orde en veiligheid',
  EmergencyServices: 'Openbare orde en veiligheid',
  Justice: 'Recht',
  MigrationBorderControl: 'Migratie en integratie',
  MobilityTraffic: 'Verkeer',
  CriticalInfrastructure: 'Ruimte en infrastructuur',
  FinanceInsurance: 'Economie',
  PublicAdministration: 'Organisatie en bedrijfsvoering',
  PublicSpaceEnvironment: 'Natuur en milieu',
  EventsCulture: 'Cultuur en recreatie',
};

/** The Dutch 1.0 keys that must be present in a registration (the register's "required"). */
const REQUIRED = new Set(NL_FORMAT.fields.filter((f) => f.required).map((f) => f.key));

export function exportNl(input: ExportInput, opts: ExportOptions = {}): ExportedEntry[] {
  const g = graphOf(input);
  const classes = classificationsOf(input);
  const out: ExportedEntry[] = [];
  const systems = systemsOf(g, opts.systems);
  const entry = (subject: string, system: string, view: ReturnType<typeof systemView>, record: ReturnType<typeof recordOf>) => {
    const notes: string[] = [];
    // A new registration gives every 1.0 key (null where the description has nothing), as the register's downloads do.
    const json = exportFields(NL_FORMAT, view, record, { alwaysKeys: () => true }, notes);
    if (!record) {
      json.standard_version = '1.0';
      if (json.category === null) {
        const themes = [...new Set(domainsOf(view).map((d) => CATEGORY_BY_DOMAIN[d]).filter((t): t is string => t !== undefined))].sort();
        if (themes.length > 0) json.category = themes;
      }
    }
    for (const k of REQUIRED) if (json[k] === null || json[k] === undefined) notes.push(`${k}: required by the Dutch standard, but the description gives no value`);
    if (!record && json.publication_category === null && view.tier && view.tier !== 'undetermined') {
      notes.push(`publication_category: the derived tier (${view.tier}) is not category A; whether it is "Impactvolle algoritmes" or "Overige algoritmes" is the organisation's call`);
    }
    const lars = record?.identifier;
    out.push({ subject, system, id: lars ?? idFromIri(subject), json, notes });
  };
  for (const s of systems) {
    const record = recordOf(g, s, NL_FORMAT.name);
    entry(s, s, systemView(g, s, { lang: 'nl', classification: classes.get(s), record }), record);
  }
  if (opts.uses !== false) {
    for (const { use, system } of usesOf(g, systems)) {
      const record = recordOf(g, use, NL_FORMAT.name);
      entry(use, system, useView(g, use, system, { lang: 'nl', classification: classes.get(system), record }), record);
    }
  }
  return out;
}
