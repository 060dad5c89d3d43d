// Integrity checks for the ontology: every ontology/*.ttl file is parsed with n3 and the
// checks below run on the union graph (and, where a check is about one file, on that file).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ONTOLOGY_DIR = join(ROOT, 'ontology');
const RULES_DIR = join(ROOT, 'rules');

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const ELI = 'http://data.europa.eu/eli/ontology#';
const AR = 'https://w3id.org/algoreg/ns#';
const AIA = 'https://w3id.org/algoreg/law/aiact/';
const GDPR = 'https://w3id.org/algoreg/law/gdpr/';
/** Everything algoreg mints lives under this base (ar:, aia:, gdpr:, the ontology IRIs). */
const ALGOREG = 'https://w3id.org/algoreg/';

const TYPE = `${RDF}type`;
const LABEL = `${RDFS}label`;
const DEFINITION = `${SKOS}definition`;
const NOTATION = `${SKOS}notation`;
const IN_SCHEME = `${SKOS}inScheme`;
const BROADER = `${SKOS}broader`;
const IS_PART_OF = `${ELI}is_part_of`;
const SUBDIVISION = `${ELI}LegalResourceSubdivision`;
const EUR_LEX = `${AR}eurLex`;
const QUESTION = `${AR}question`;
const FALLS_UNDER = `${AR}fallsUnder`;

const ACTS = [
  'http://data.europa.eu/eli/reg/2024/1689/oj',
  'http://data.europa.eu/eli/reg/2026/1744/oj',
  'http://data.europa.eu/eli/reg/2016/679/oj',
];

/** The vocabularies alignments may point into (ontology/alignments.ttl prefixes). */
const ALIGNMENT_NAMESPACES: Record<string, string> = {
  airo: 'https://w3id.org/airo#',
  vair: 'https://w3id.org/vair#',
  dpv: 'https://w3id.org/dpv#',
  ai: 'https://w3id.org/dpv/ai#',
  tech: 'https://w3id.org/dpv/tech#',
  'eu-aiact': 'https://w3id.org/dpv/legal/eu/aiact#',
  'eu-gdpr': 'https://w3id.org/dpv/legal/eu/gdpr#',
  'sector-publicservices': 'https://w3id.org/dpv/sector/publicservices#',
  eli: 'http://data.europa.eu/eli/ontology#',
  dcat: 'http://www.w3.org/ns/dcat#',
  prov: 'http://www.w3.org/ns/prov#',
  org: 'http://www.w3.org/ns/org#',
};
const SKOS_MAPPINGS = ['exactMatch', 'closeMatch', 'broadMatch', 'narrowMatch', 'relatedMatch'].map((p) => `${SKOS}${p}`);
const SUB_OF = [`${RDFS}subClassOf`, `${RDFS}subPropertyOf`];

/** Annex III points (as amended: 25 leaf points; point 2 has no letters). */
const ANNEX_III_POINTS = [
  '1-pnt_a', '1-pnt_b', '1-pnt_c', '2',
  '3-pnt_a', '3-pnt_b', '3-pnt_c', '3-pnt_d',
  '4-pnt_a', '4-pnt_b',
  '5-pnt_a', '5-pnt_b', '5-pnt_c', '5-pnt_d',
  '6-pnt_a', '6-pnt_b', '6-pnt_c', '6-pnt_d', '6-pnt_e',
  '7-pnt_a', '7-pnt_b', '7-pnt_c', '7-pnt_d',
  '8-pnt_a', '8-pnt_b',
].map((p) => `${AIA}anx_III-pnt_${p}`);

/** Art 5(1) points, including (ba) and (bb) inserted by Regulation (EU) 2026/1744. */
const ART_5_1_POINTS = ['a', 'b', 'ba', 'bb', 'c', 'd', 'e', 'f', 'g', 'h'].map((p) => `${AIA}art_5-par_1-pnt_${p}`);

// ---------------------------------------------------------------- loading

interface ParsedFile {
  name: string;
  quads: Quad[];
  error?: string;
}

const files: ParsedFile[] = readdirSync(ONTOLOGY_DIR)
  .filter((f) => f.endsWith('.ttl'))
  .sort()
  .map((name) => {
    try {
      const quads = new Parser({ baseIRI: `https://w3id.org/algoreg/ontology/${name}` }).parse(
        readFileSync(join(ONTOLOGY_DIR, name), 'utf8'),
      );
      return { name, quads };
    } catch (e) {
      return { name, quads: [], error: (e as Error).message };
    }
  });

const store = new Store(files.flatMap((f) => f.quads));
const provisionFiles = files.filter((f) => f.name.startsWith('provisions'));
const provisionStore = new Store(provisionFiles.flatMap((f) => f.quads));

const iri = (t: Term): string | undefined => (t.termType === 'NamedNode' ? t.value : undefined);
const objects = (s: string, p: string, g: Store = store): Term[] => g.getObjects(s, p, null);
const subjectsOfType = (type: string, g: Store = store): string[] =>
  [...new Set(g.getSubjects(TYPE, type, null).map((t) => t.value))].sort();
const literals = (s: string, p: string, lang?: string): string[] =>
  objects(s, p)
    .filter((o) => o.termType === 'Literal' && (lang === undefined || o.language === lang))
    .map((o) => o.value);
const shortName = (s: string): string =>
  s.startsWith(AR) ? `ar:${s.slice(AR.length)}` : s.startsWith(AIA) ? `aia:${s.slice(AIA.length)}` : s.startsWith(GDPR) ? `gdpr:${s.slice(GDPR.length)}` : `<${s}>`;
const expandProvision = (v: string): string =>
  v.startsWith('aia:') ? AIA + v.slice(4) : v.startsWith('gdpr:') ? GDPR + v.slice(5) : v;

/** Provisions defined in provisions-*.ttl: typed eli:LegalResourceSubdivision there. */
const definedProvisions = new Set(subjectsOfType(SUBDIVISION, provisionStore));
const isProvisionIri = (v: string): boolean => v.startsWith(AIA) || v.startsWith(GDPR);

// ---------------------------------------------------------------- tests

describe('ontology files', () => {
  it('finds the ontology files', () => {
    const names = files.map((f) => f.name);
    for (const expected of ['core.ttl', 'vocabularies.ttl', 'provisions-aiact.ttl', 'provisions-gdpr.ttl', 'alignments.ttl']) {
      expect(names).toContain(expected);
    }
  });

  it.each(files.map((f) => [f.name, f] as const))('%s parses as Turtle', (_name, f) => {
    expect(f.error).toBeUndefined();
    expect(f.quads.length).toBeGreaterThan(0);
  });
});

describe('labels and definitions', () => {
  const kinds = [`${OWL}Class`, `${OWL}ObjectProperty`, `${OWL}DatatypeProperty`, `${OWL}AnnotationProperty`, `${SKOS}Concept`, `${SKOS}ConceptScheme`];
  const terms = [...new Set(kinds.flatMap((k) => subjectsOfType(k)))].filter((s) => s.startsWith(AR)).sort();

  it('covers the ar: terms', () => {
    expect(terms.length).toBeGreaterThan(100);
  });

  it('every ar: class, property, concept and scheme has an English and a Dutch rdfs:label', () => {
    const missing = terms.flatMap((s) => {
      const out: string[] = [];
      if (literals(s, LABEL, 'en').length === 0) out.push(`${shortName(s)}: no rdfs:label@en`);
      if (literals(s, LABEL, 'nl').length === 0) out.push(`${shortName(s)}: no rdfs:label@nl`);
      return out;
    });
    expect(missing).toEqual([]);
  });

  it('every ar: class, property, concept and scheme has an English skos:definition', () => {
    const missing = terms.filter((s) => literals(s, DEFINITION, 'en').every((d) => d.trim() === '')).map(shortName);
    expect(missing).toEqual([]);
  });

  it('every ar:Determinant has an English ar:question that ends with "?"', () => {
    const determinants = subjectsOfType(`${AR}Determinant`);
    expect(determinants.length).toBeGreaterThan(10);
    const bad = determinants.flatMap((s) => {
      const questions = literals(s, QUESTION, 'en');
      if (questions.length === 0) return [`${shortName(s)}: no ar:question@en`];
      return questions.filter((q) => !q.trim().endsWith('?')).map((q) => `${shortName(s)}: question does not end with "?": …${q.trim().slice(-40)}`);
    });
    expect(bad).toEqual([]);
  });
});

describe('provisions', () => {
  const subdivisions = subjectsOfType(SUBDIVISION);

  it('has provisions for both acts', () => {
    expect(subdivisions.filter((s) => s.startsWith(AIA)).length).toBeGreaterThan(100);
    expect(subdivisions.filter((s) => s.startsWith(GDPR)).length).toBeGreaterThan(10);
  });

  it('every eli:LegalResourceSubdivision reaches an act through eli:is_part_of', () => {
    const reachesAct = (start: string): boolean => {
      const seen = new Set<string>();
      const queue = [start];
      while (queue.length > 0) {
        const node = queue.shift()!;
        if (ACTS.includes(node)) return true;
        if (seen.has(node)) continue;
        seen.add(node);
        for (const parent of objects(node, IS_PART_OF)) {
          const p = iri(parent);
          if (p) queue.push(p);
        }
      }
      return false;
    };
    expect(subdivisions.filter((s) => !reachesAct(s)).map(shortName)).toEqual([]);
  });

  it('every eli:LegalResourceSubdivision has exactly one skos:notation', () => {
    const bad = subdivisions
      .map((s) => [s, objects(s, NOTATION).length] as const)
      .filter(([, n]) => n !== 1)
      .map(([s, n]) => `${shortName(s)}: ${n} notations`);
    expect(bad).toEqual([]);
  });

  it('every eli:LegalResourceSubdivision has an ar:eurLex link to https://eur-lex.europa.eu/', () => {
    const bad = subdivisions.filter((s) => {
      const links = objects(s, EUR_LEX).map((o) => o.value);
      return links.length === 0 || links.some((l) => !l.startsWith('https://eur-lex.europa.eu/'));
    });
    expect(bad.map(shortName)).toEqual([]);
  });

  it('every provision IRI used as an object in ontology/*.ttl is defined in provisions-*.ttl', () => {
    const used = new Map<string, Set<string>>();
    for (const f of files) {
      for (const q of f.quads) {
        if (q.object.termType === 'NamedNode' && isProvisionIri(q.object.value)) {
          if (!used.has(q.object.value)) used.set(q.object.value, new Set());
          used.get(q.object.value)!.add(f.name);
        }
      }
    }
    expect(used.size).toBeGreaterThan(50);
    const undefinedOnes = [...used]
      .filter(([p]) => !definedProvisions.has(p))
      .map(([p, where]) => `${shortName(p)} (used in ${[...where].join(', ')})`)
      .sort();
    expect(undefinedOnes).toEqual([]);
  });

  it('every provision named in rules/*.json is defined in provisions-*.ttl', () => {
    if (!existsSync(RULES_DIR)) return;
    const used: { file: string; key: string; value: string }[] = [];
    // Every "provision" field, and any other string written as an aia:/gdpr: prefixed name or IRI.
    const walk = (file: string, node: unknown, key: string): void => {
      if (typeof node === 'string') {
        if (key === 'provision' || /^(aia|gdpr):\S+$/.test(node) || isProvisionIri(node)) used.push({ file, key, value: node });
      } else if (Array.isArray(node)) {
        for (const item of node) walk(file, item, key);
      } else if (node !== null && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) walk(file, v, k);
      }
    };
    for (const file of readdirSync(RULES_DIR).filter((f) => f.endsWith('.json')).sort()) {
      walk(file, JSON.parse(readFileSync(join(RULES_DIR, file), 'utf8')) as unknown, '');
    }
    // A rule whose source is not law (OASC MIM5, MCC-AI) names an ar: concept of the ontology instead.
    const isConcept = (v: string): boolean => v.startsWith('ar:') && store.getQuads(AR + v.slice(3), TYPE, `${SKOS}Concept`, null).length > 0;
    const bad = used
      .filter(({ value }) => !definedProvisions.has(expandProvision(value)) && !isConcept(value))
      .map(({ file, key, value }) => `${file}: "${key}": ${value}`);
    expect([...new Set(bad)].sort()).toEqual([]);
  });
});

describe('alignments', () => {
  const allowed = Object.values(ALIGNMENT_NAMESPACES);
  const alignmentQuads = store
    .getQuads(null, null, null, null)
    .filter((q) => q.subject.value.startsWith(AR) && (SKOS_MAPPINGS.includes(q.predicate.value) || SUB_OF.includes(q.predicate.value)))
    // rdfs:subClassOf / rdfs:subPropertyOf inside algoreg are hierarchy, not alignment.
    .filter((q) => SKOS_MAPPINGS.includes(q.predicate.value) || !q.object.value.startsWith(ALGOREG) || q.object.termType !== 'NamedNode');
  const mappingQuadsFromProvisions = provisionStore
    .getQuads(null, null, null, null)
    .filter((q) => SKOS_MAPPINGS.includes(q.predicate.value));
  const targets = [...alignmentQuads, ...mappingQuadsFromProvisions];

  it('has alignments', () => {
    expect(alignmentQuads.length).toBeGreaterThan(100);
  });

  it('every alignment target is an IRI in a named vocabulary namespace', () => {
    const bad = targets
      .filter((q) => q.object.termType !== 'NamedNode' || !allowed.some((ns) => q.object.value.startsWith(ns) && q.object.value.length > ns.length))
      .map((q) => `${shortName(q.subject.value)} ${q.predicate.value.replace(SKOS, 'skos:').replace(RDFS, 'rdfs:')} ${q.object.termType === 'NamedNode' ? `<${q.object.value}>` : `${q.object.termType} "${q.object.value}"`}`);
    expect(bad).toEqual([]);
  });

  it('alignment targets are referenced only: no ontology file describes them', () => {
    const external = new Set(targets.map((q) => q.object.value).filter((v) => !v.startsWith(ALGOREG)));
    const described = [...external].filter((t) => store.getQuads(t, null, null, null).length > 0);
    expect(described).toEqual([]);
  });

  it('alignments.ttl only aligns ar: terms that are declared in the other ontology files', () => {
    const alignmentsFile = files.find((f) => f.name === 'alignments.ttl');
    expect(alignmentsFile).toBeDefined();
    const others = new Store(files.filter((f) => f.name !== 'alignments.ttl').flatMap((f) => f.quads));
    const aligned = [...new Set(alignmentsFile!.quads.map((q) => q.subject.value).filter((s) => s.startsWith(AR)))];
    const undeclared = aligned.filter((s) => others.getQuads(s, TYPE, null, null).length === 0).map(shortName);
    expect(undeclared).toEqual([]);
    // Nothing in alignments.ttl types or labels an ar: term: it only adds mappings.
    const extra = alignmentsFile!.quads
      .filter((q) => q.subject.value.startsWith(AR) && !SKOS_MAPPINGS.includes(q.predicate.value) && !SUB_OF.includes(q.predicate.value))
      .map((q) => `${shortName(q.subject.value)} <${q.predicate.value}>`);
    expect(extra).toEqual([]);
  });
});

describe('vocabulary coverage of the Act', () => {
  const fallsUnder = store.getQuads(null, FALLS_UNDER, null, null);
  const conceptsFallingUnder = (provision: string): string[] =>
    fallsUnder.filter((q) => q.object.value === provision).map((q) => q.subject.value);
  const schemesOf = (concept: string): string[] => objects(concept, IN_SCHEME).map((o) => o.value);
  const inDescriptionSchemes = (concept: string): boolean =>
    schemesOf(concept).some((s) => s === `${AR}PurposeScheme` || s === `${AR}CapabilityScheme`);

  it('every Annex III and Art 5(1) point is a defined provision', () => {
    expect([...ANNEX_III_POINTS, ...ART_5_1_POINTS].filter((p) => !definedProvisions.has(p)).map(shortName)).toEqual([]);
  });

  it('every concept that falls under an Annex III point is a purpose or a capability', () => {
    const bad = fallsUnder
      .filter((q) => q.object.value.startsWith(`${AIA}anx_III`))
      .filter((q) => !inDescriptionSchemes(q.subject.value))
      .map((q) => `${shortName(q.subject.value)} -> ${shortName(q.object.value)} (schemes: ${schemesOf(q.subject.value).map(shortName).join(', ') || 'none'})`);
    expect(bad).toEqual([]);
  });

  it('every Annex III point is reached by some purpose or capability (ar:fallsUnder)', () => {
    const unreached = ANNEX_III_POINTS.filter((p) => !conceptsFallingUnder(p).some(inDescriptionSchemes));
    expect(unreached.map(shortName)).toEqual([]);
  });

  it('every concept that falls under an Art 5(1) point is a purpose or a capability', () => {
    const bad = fallsUnder
      .filter((q) => ART_5_1_POINTS.includes(q.object.value))
      .filter((q) => !inDescriptionSchemes(q.subject.value))
      .map((q) => `${shortName(q.subject.value)} -> ${shortName(q.object.value)}`);
    expect(bad).toEqual([]);
  });

  it('every Art 5(1) point, (a)-(h), (ba) and (bb), is reached by some purpose or capability (ar:fallsUnder)', () => {
    const unreached = ART_5_1_POINTS.filter((p) => !conceptsFallingUnder(p).some(inDescriptionSchemes));
    expect(unreached.map(shortName)).toEqual([]);
  });
});

describe('concept schemes', () => {
  const concepts = subjectsOfType(`${SKOS}Concept`);
  const schemes = new Set(subjectsOfType(`${SKOS}ConceptScheme`));

  it('every concept is in exactly one scheme, and that scheme is declared', () => {
    const bad = concepts.flatMap((c) => {
      const inSchemes = [...new Set(objects(c, IN_SCHEME).map((o) => o.value))];
      if (inSchemes.length !== 1) return [`${shortName(c)}: in ${inSchemes.length} schemes`];
      return schemes.has(inSchemes[0]!) ? [] : [`${shortName(c)}: scheme ${shortName(inSchemes[0]!)} is not a skos:ConceptScheme`];
    });
    expect(bad).toEqual([]);
  });

  it('every skos:broader target is a concept in the same scheme', () => {
    const bad = store.getQuads(null, BROADER, null, null).flatMap((q) => {
      const narrower = q.subject.value;
      const broader = q.object.value;
      const a = objects(narrower, IN_SCHEME).map((o) => o.value).sort().join(' ');
      const b = objects(broader, IN_SCHEME).map((o) => o.value).sort().join(' ');
      return a !== '' && a === b ? [] : [`${shortName(narrower)} (${a || 'no scheme'}) broader ${shortName(broader)} (${b || 'no scheme'})`];
    });
    expect(bad).toEqual([]);
  });
});
