// Import from and export to the Dutch Algoritmeregister (publication standard 1.0 and its legacy
// keys): the real templates in ../shared/samples, fixtures for CSV downloads, legacy keys, HTML,
// over-long fields and malformed files, and the round trip.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { afterAll, describe, expect, it } from 'vitest';
import { exportSystems } from '../src/interop/export/index.js';
import { NL_FORMAT } from '../src/interop/nl/fields.js';
import { AR, BASE, FIXTURES, NL_SAMPLES, NL_TEMPLATE_FILES, importFiles, tempDir } from './helpers/interop.js';
import { generateNlEntries } from '../bench/generate-nl.mjs';

const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const fixture = (f: string) => join(FIXTURES, f);
const sys = (id: string) => `${BASE}system/nl-${id}`;

interface ConfigField { max_length?: number; required?: boolean | string; permitted_values?: string[]; items?: Record<string, { max_length?: number; required?: boolean | string }> }

describe('the field table', () => {
  const config = JSON.parse(readFileSync(join(NL_SAMPLES, 'schema-v1_0.json'), 'utf8')) as { properties: Record<string, ConfigField> };
  const table = new Map(NL_FORMAT.fields.map((f) => [f.key, f]));
  const isTrue = (v: boolean | string | undefined) => v === true || v === 'true';

  it('has every key of the register\'s 1.0 configuration, none of them marked legacy', () => {
    const keys = Object.keys(config.properties);
    expect(keys.filter((k) => !table.has(k))).toEqual([]);
    expect(keys.filter((k) => table.get(k)?.legacy)).toEqual([]);
    expect(NL_FORMAT.fields.filter((f) => !f.legacy).map((f) => f.key)).toEqual(keys);
  });

  it('has the configuration\'s lengths, required flags and permitted values', () => {
    const diffs: string[] = [];
    for (const [key, c] of Object.entries(config.properties)) {
      const f = table.get(key)!;
      if (f.maxLength !== c.max_length) diffs.push(`${key}: maxLength ${f.maxLength} vs ${c.max_length}`);
      if ((f.required ?? false) !== isTrue(c.required)) diffs.push(`${key}: required ${f.required} vs ${c.required}`);
      if (JSON.stringify(f.permitted ?? null) !== JSON.stringify(c.permitted_values ?? null)) diffs.push(`${key}: permitted values differ`);
      for (const [item, ic] of Object.entries(c.items ?? {})) {
        const fi = f.items?.[item];
        if (fi?.maxLength !== ic.max_length || (fi?.required ?? false) !== isTrue(ic.required)) diffs.push(`${key}.${item} differs`);
      }
    }
    expect(diffs).toEqual([]);
  });

  it('accepts the legacy keys of versions 0.2-0.4', () => {
    for (const k of ['type', 'iama_description', 'source_data_link', 'department', 'competent_authority', 'objection_procedure', 'lawful_basis_link', 'uuid', 'area']) {
      expect(table.get(k)?.legacy, k).toBe(true);
    }
  });
});

describe('importing the real templates', () => {
  it('imports them; an entry naming no organisation is refused unless there is a supplier or --organisation', async () => {
    const run = await importFiles('nl-algoritmeregister', NL_TEMPLATE_FILES);
    const bySource = new Map(run.entries.map((e) => [e.source, e]));
    expect(run.entries).toHaveLength(10);
    const amsterdam = bySource.get('Gemeente-Amsterdam.json#1')!;
    expect(amsterdam.status).toBe('refused');
    expect(amsterdam.reasons[0]).toMatch(/no organisation/);
    const tilburg = bySource.get('Gemeente-Tilburg.json#1')!;
    expect(tilburg.status).toBe('imported with warnings');
    expect(tilburg.warnings.join('\n')).toMatch(/organization: required .* but empty/);
    expect(tilburg.warnings.join('\n')).toMatch(/website: "Team Virtuele Assistent Gem Common Ground" is not an http\(s\) address/);
    expect(tilburg.warnings.join('\n')).toMatch(/supplier \(Gemeente Tilburg\) is recorded as the responsible organisation/);
    // the system IRI comes from the template's id (templates have no lars)
    expect(tilburg.iri).toBe(sys('gemeente-tilburg-virtuele-gemeente-assistent-gem'));
  });

  it('maps fields to the ontology and grouping arrays to typed nodes', async () => {
    const { g } = await importFiles('nl-algoritmeregister', NL_TEMPLATE_FILES, { organisation: 'Gemeente Voorbeeldstad' });
    const s = sys('centric-pko-kennissystemen');
    expect(g.isA(s, `${AR}AlgorithmicSystem`)).toBe(true);
    expect(g.text(s, RDFS_LABEL, ['nl'])).toBe('Sociaal Domein: PKO Kennissystemen');
    expect(g.node(s, `${AR}lifecycleStatus`)).toBe(`${AR}InUse`);
    const org = g.node(s, `${AR}responsibleOrganisation`)!;
    expect(org).toBe(`${BASE}org/gemeente-voorbeeldstad`);
    expect(g.nodes(org, `${AR}organisationKind`)).toEqual([`${AR}PublicAuthority`]);
    const supplier = g.node(s, `${AR}supplier`)!;
    expect(g.label(supplier, ['nl'])).toBe('Centric Netherlands BV');
    expect(g.nodes(supplier, `${AR}organisationKind`)).toEqual([`${AR}Company`]);
    // the organisation that registers uses the system and bought it from the supplier
    const role = g.node(s, `${AR}roleAssignment`)!;
    expect(g.node(role, `${AR}agent`)).toBe(org);
    expect(g.nodes(role, `${AR}valueChainFact`)).toEqual([`${AR}Bought`, `${AR}UsesUnderOwnAuthority`]);
    const laws = g.nodes(s, `${AR}lawfulBasis`);
    expect(laws).toHaveLength(3);
    for (const l of laws) {
      expect(g.isA(l, `${AR}LegalBasisReference`)).toBe(true);
      expect(g.link(l, `${AR}lawLink`)).toMatch(/^https:\/\/wetten\.overheid\.nl\/BWBR/);
      expect(g.objects(l, `${AR}lawLink`)[0]!.termType).toBe('NamedNode');
    }
    expect(g.nodes(s, `${AR}lawfulBasis`).map((l) => g.label(l, ['nl']))).toContain('Wet structuur uitvoeringsorganisatie werk en inkomen');
    expect(g.text(s, `${AR}claimedRiskCategory`, [''])).toBe('Impactvolle algoritmes');
    expect(g.nodes(s, `${AR}claimedRiskTier`)).toEqual([]);
    // HTML became clean text
    const amsterdam = sys('gemeente-amsterdam-meldingen-openbare-ruimte');
    expect(g.text(amsterdam, `${AR}dataDescription`, ['nl'])).toMatch(/^Meldingen\n\nDe dataset bestaat uit meldingen/);
    expect(g.text(amsterdam, `${AR}dataDescription`, ['nl'])).not.toMatch(/<p>|<br>/);
    expect(g.literals(amsterdam, 'http://www.w3.org/ns/dcat#keyword')).toEqual(['Meldingen Klachten Natural language processing']);
  });

  it('lists per entry the questions that remain', async () => {
    const run = await importFiles('nl-algoritmeregister', NL_TEMPLATE_FILES, { organisation: 'Gemeente Voorbeeldstad' });
    for (const e of run.entries) {
      expect(e.status).not.toBe('refused');
      expect(e.tier).toBe('undetermined');
      expect(e.questions!.map((q) => q.fact)).toEqual(expect.arrayContaining(['capability', 'purpose']));
      expect(e.questions!.every((q) => q.question.endsWith('?'))).toBe(true);
      expect(e.claim?.verdict).toBe('no AI Act tier claimed');
    }
  });
});

describe('round trip', () => {
  it('an imported sample exported again reproduces every field, in the original order', async () => {
    const { quads, classification } = await importFiles('nl-algoritmeregister', NL_TEMPLATE_FILES, { organisation: 'Gemeente Voorbeeldstad' });
    const exported = exportSystems('nl-algoritmeregister', { quads, classification });
    let compared = 0;
    for (const file of NL_TEMPLATE_FILES) {
      for (const original of JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[]) {
        const again = exported.find((e) => e.subject === sys(String(original.id)));
        expect(again, String(original.id)).toBeDefined();
        expect(again!.json).toEqual(original);
        expect(Object.keys(again!.json)).toEqual(Object.keys(original));
        compared++;
      }
    }
    expect(compared).toBe(10);
  });

  it('survives Turtle: the written description, read back, exports the same entries', async () => {
    const { imported, classification } = await importFiles('nl-algoritmeregister', NL_TEMPLATE_FILES, { organisation: 'Gemeente Voorbeeldstad' });
    const { toTurtle } = await import('../src/interop/turtle.js');
    const { entryQuads } = await import('../src/interop/import-entry.js');
    const reread = imported.flatMap((e) => new Parser().parse(toTurtle(entryQuads(e))));
    const direct = exportSystems('nl-algoritmeregister', { quads: imported.flatMap(entryQuads), classification });
    const viaTurtle = exportSystems('nl-algoritmeregister', { quads: reread, classification });
    expect(viaTurtle.map((e) => e.json)).toEqual(direct.map((e) => e.json));
  });

  it('a field changed in the description after import is exported from the description', async () => {
    const { quads, classification } = await importFiles('nl-algoritmeregister', [join(NL_SAMPLES, 'Gemeente-Tilburg.json')], { organisation: 'Gemeente Tilburg' });
    const s = sys('gemeente-tilburg-virtuele-gemeente-assistent-gem');
    const changed = quads.filter((q) => !(q.subject.value === s && q.predicate.value === `${AR}proportionality`));
    changed.push(...new Parser().parse(`<${s}> <${AR}proportionality> "Nieuwe afweging."@nl .`));
    const [entry] = exportSystems('nl-algoritmeregister', { quads: changed, classification });
    expect(entry!.json.proportionality).toBe('Nieuwe afweging.');
    // the unchanged HTML fields still come back as written
    expect(entry!.json.goal).toMatch(/^<div><p>Zo goed mogelijk/);
  });
});

describe('fixtures', () => {
  it('legacy keys (0.2-0.4) map to the ontology and come back on export', async () => {
    const file = fixture('nl-legacy.json');
    const { g, quads, entries, classification } = await importFiles('nl-algoritmeregister', [file]);
    expect(entries[0]!.status).toBe('imported with warnings'); // standard_version 0.4 is not 1.0
    const s = sys('20240101');
    expect(g.text(s, `${AR}department`, ['nl'])).toBe('Sociaal Domein, team Schuldhulp');
    expect(g.text(s, `${AR}algorithmType`, ['nl'])).toBe('Zelflerend');
    expect(g.text(s, `${AR}objectionProcedure`, ['nl'])).toMatch(/^Inwoners kunnen bezwaar maken/);
    expect(g.text(s, `${AR}impactDescription`, ['nl'])).toMatch(/brief of huisbezoek/);
    const datasets = g.nodes(s, `${AR}usesDataset`).map((d) => g.link(d, 'http://www.w3.org/ns/dcat#landingPage'));
    expect(datasets.sort()).toEqual(['https://data.zuiderzee.example.nl/dataset/achterstanden', 'https://www.rvig.nl/basisregistratie-personen']);
    const law = g.node(s, `${AR}lawfulBasis`)!;
    expect(g.link(law, `${AR}lawLink`)).toBe('https://wetten.overheid.nl/BWBR0045230/');
    expect(g.node(s, `${AR}claimedRiskTier`)).toBe(`${AR}TierHighRisk`);
    expect(entries[0]!.claim).toMatchObject({ claimed: 'Hoog-risico AI-systeem', claimedTier: 'high-risk', verdict: 'cannot compare: undetermined' });
    const [again] = exportSystems('nl-algoritmeregister', { quads, classification });
    expect(again!.json).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('compares the claimed category with the derived tier when determinants are known', async () => {
    const { Parser: P } = await import('n3');
    const context = new P().parse(readFileSync(fixture('context-determinants.ttl'), 'utf8'));
    const run = await importFiles('nl-algoritmeregister', [fixture('nl-legacy.json')], { context });
    expect(run.entries[0]!.tier).toBe('minimal');
    expect(run.entries[0]!.claim).toEqual({ claimed: 'Hoog-risico AI-systeem', claimedTier: 'high-risk', derivedTier: 'minimal', verdict: 'disagrees' });
  });

  it('reads the register\'s CSV download: quoted commas, quotes and line breaks; a bad row is refused, the others imported', async () => {
    const { g, entries } = await importFiles('nl-algoritmeregister', [fixture('nl-download.csv')]);
    expect(entries.map((e) => [e.source, e.status])).toEqual([
      ['nl-download.csv:2', 'imported'],
      ['nl-download.csv:5', 'imported'],
      ['nl-download.csv:6', 'refused'],
    ]);
    expect(entries[2]!.reasons[0]).toMatch(/13 fields but the header has 12/);
    const s = sys('30000001');
    expect(g.text(s, 'http://purl.org/dc/terms/description', ['nl'])).toBe('Scanauto\'s controleren kentekens, en een medewerker "beoordeelt" elke overtreding.');
    expect(g.literals(s, `${AR}policyArea`)).toEqual(['Openbare orde en veiligheid', 'Verkeer']);
    expect(g.text(s, `${AR}intendedPurposeDescription`, ['nl'])).toBe('Eerlijk handhaven.\n- minder handwerk\n- sneller bezwaar');
    expect(g.link(g.node(s, `${AR}lawfulBasis`)!, `${AR}lawLink`)).toBe('https://wetten.overheid.nl/BWBR0006622');
    expect(g.link(sys('30000002'), `${AR}contactEmail`)).toBe('https://noorderhaaks.example.nl/contact');
    expect(g.node(sys('30000002'), `${AR}lifecycleStatus`)).toBe(`${AR}InDevelopment`);
  });

  it('turns HTML into clean text, drops scripts, styles and event attributes, and keeps the sanitised HTML for the round trip', async () => {
    const { g, entries, quads, classification } = await importFiles('nl-algoritmeregister', [fixture('nl-html.json')]);
    const s = sys('40000001');
    expect(g.text(s, RDFS_LABEL, ['nl'])).toBe('Chatbot & zoekhulp');
    expect(g.text(s, `${AR}intendedPurposeDescription`, ['nl'])).toBe('Doel & impact van de chatbot\n- één loket\n- minder wachttijd\n1. vraag\n2. antwoord');
    expect(g.text(s, `${AR}humanOversight`, ['nl'])).toBe('Medewerkers lezen mee.\n\nKlachten gaan naar het KCC.');
    expect(g.text(s, `${AR}riskManagement`, ['nl'])).toBe('Geen bijzondere risico\'s.');
    const all = quads.map((q) => q.object.value).join('\n');
    expect(all).not.toMatch(/<script|alert\(|onclick|steal|<iframe|<style|evil\.example/);
    expect(entries[0]!.warnings.join('\n')).toMatch(/goal: removed .*<script>.*event attributes/);
    const [again] = exportSystems('nl-algoritmeregister', { quads, classification });
    expect(again!.json.goal).toBe('<p>Doel &amp; impact van de chatbot</p><ul><li>één&nbsp;loket</li><li>minder wachttijd</li></ul><ol><li>vraag</li><li>antwoord</li></ol>');
    expect(again!.json.name).toBe('Chatbot &amp; zoekhulp');
    expect(again!.json.human_intervention).toBe('<div><p>Medewerkers lezen mee.</p><p><br></p><p>Klachten gaan naar het KCC.</p></div>');
  });

  it('warns about over-long fields and values outside the enumerations, and imports the entry as it is', async () => {
    const { g, entries } = await importFiles('nl-algoritmeregister', [fixture('nl-overlong.json')]);
    expect(entries[0]!.status).toBe('imported with warnings');
    const w = entries[0]!.warnings.join('\n');
    expect(w).toMatch(/name: 136 characters, the standard allows 100/);
    expect(w).toMatch(/description_short: \d{3} characters, the standard allows 400/);
    expect(w).toMatch(/category: "Ruimtevaart" is not one of the permitted values/);
    expect(g.text(sys('50000001'), RDFS_LABEL, ['nl'])).toHaveLength(136);
  });

  it('reports a malformed file with line and column and imports the good files beside it', async () => {
    const run = await importFiles('nl-algoritmeregister', [fixture('nl-legacy.json'), fixture('nl-malformed.json'), fixture('nl-html.json')]);
    const bad = run.files.find((f) => f.file.endsWith('nl-malformed.json'))!;
    expect(bad.error).toMatch(/^malformed JSON at line \d+, column \d+/);
    expect(run.imported.map((e) => e.id)).toEqual(['nl-20240101', 'nl-40000001']);
  });

  it('reads the full download ({algoritme_versions}), one organisation per TOOI code, and refuses duplicates, non-objects and other formats', async () => {
    const { g, entries } = await importFiles('nl-algoritmeregister', [fixture('nl-site-data.json')]);
    expect(entries.map((e) => e.status)).toEqual(['imported', 'imported', 'imported', 'refused', 'refused', 'refused']);
    expect(entries[3]!.reasons[0]).toMatch(/same register id as nl-site-data\.json#1/);
    expect(entries[4]!.reasons[0]).toMatch(/not an entry/);
    expect(entries[5]!.reasons[0]).toMatch(/no nl-algoritmeregister field .*tool_name.*is --from right/);
    const tooi = 'https://identifier.overheid.nl/tooi/id/gemeente/gm0363';
    for (const id of ['70000001', '70000002', '70000003']) expect(g.node(sys(id), `${AR}responsibleOrganisation`)).toBe(tooi);
    expect(g.nodes(tooi, `${AR}organisationKind`)).toEqual([`${AR}PublicAuthority`]);
    expect(g.node(sys('70000001'), 'http://purl.org/dc/terms/issued')).toBeUndefined();
    expect(g.objects(sys('70000001'), 'http://purl.org/dc/terms/issued')[0]!.value).toBe('2025-03-01T09:30:00');
  });
});

describe('a large import', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  it('imports 2,000 entries made from the templates (timing: bench/import.mjs)', async () => {
    const entries = generateNlEntries(2000);
    const file = join(tmp.dir, 'register.json');
    writeFileSync(file, JSON.stringify(entries));
    const run = await importFiles('nl-algoritmeregister', [file]);
    expect(run.entries.filter((e) => e.status === 'refused')).toEqual([]);
    expect(new Set(run.imported.map((e) => e.iri)).size).toBe(2000);
    const orgs = new Set(run.imported.map((e) => run.g.node(e.iri, `${AR}responsibleOrganisation`)));
    expect(orgs.size).toBe(342);
    expect([...orgs].every((o) => o?.startsWith('https://identifier.overheid.nl/tooi/id/gemeente/gm'))).toBe(true);
    expect(run.classification?.systems.length).toBe(2000);
    const verdicts = new Map<string, number>();
    for (const e of run.entries) verdicts.set(e.claim!.verdict, (verdicts.get(e.claim!.verdict) ?? 0) + 1);
    expect(Object.fromEntries(verdicts)).toEqual({ 'no AI Act tier claimed': 1500, 'cannot compare: undetermined': 500 });
  });
});
