// The small parts of import/export: HTML to text, the CSV reader, progress output, claims,
// assessment types, organisation identifiers.
import { describe, expect, it } from 'vitest';
import { assessmentTypeOf } from '../src/interop/assessment-types.js';
import { claimedTier, compareClaim, EUROCITIES_RISK_CATEGORY, NL_PUBLICATION_CATEGORY } from '../src/interop/claims.js';
import { csvRecords, detectDelimiter, parseCsv } from '../src/interop/csv.js';
import { hasMarkup, htmlToText, sanitizeHtml } from '../src/interop/html-text.js';
import { codePoints, digestOf, sameJson } from '../src/interop/json.js';
import { kindOf, normaliseName, OrganisationRegistry, tooiCode, tooiIri } from '../src/interop/organisations.js';
import { createProgress } from '../src/interop/progress.js';
import { shorten, uuidFor } from '../src/interop/export/common.js';

const AR = 'https://w3id.org/algoreg/ns#';

describe('HTML to clean text', () => {
  it('keeps paragraphs as lines and lists as "- " bullets, numbered in ordered lists', () => {
    expect(htmlToText('<div><p>Eerste alinea.</p><p>Tweede   alinea\nmet regel.</p><ul><li>een</li><li>twee</li></ul><ol><li>a</li><li>b</li></ol></div>'))
      .toBe('Eerste alinea.\nTweede alinea met regel.\n- een\n- twee\n1. a\n2. b');
  });

  it('turns <br> into line breaks and keeps one blank line for an empty paragraph', () => {
    expect(htmlToText('<p>Meldingen</p><p><br></p><p>De dataset</p>')).toBe('Meldingen\n\nDe dataset');
    expect(htmlToText('regel 1<br>regel 2<br/>regel 3')).toBe('regel 1\nregel 2\nregel 3');
  });

  it('indents nested lists', () => {
    expect(htmlToText('<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>')).toBe('- a\n  - a1\n- b');
  });

  it('drops script, style and similar elements with their content, and comments', () => {
    const text = htmlToText('<p onclick="steal()">Hallo</p><script>alert("x")</script><style>p{}</style><!-- geheim --><iframe src="x">inhoud</iframe><p>daar</p>');
    expect(text).toBe('Hallo\ndaar');
    expect(text).not.toMatch(/alert|geheim|inhoud|steal/);
  });

  it('decodes character references, named and numeric, and &nbsp; as a space', () => {
    expect(htmlToText('<p>Doel &amp; impact: &eacute;&eacute;n&nbsp;loket &#8364;5 &#x263A; &lt;b&gt;</p>')).toBe('Doel & impact: één loket €5 ☺ <b>');
  });

  it('leaves plain text as it is (trimmed)', () => {
    expect(hasMarkup('a < b and c > d')).toBe(false);
    expect(htmlToText('  a < b\nen verder  ')).toBe('a < b\nen verder');
  });

  it('keeps words apart across inline tags', () => {
    expect(htmlToText('<p>Wet <b>basisregistratie</b> personen</p>')).toBe('Wet basisregistratie personen');
  });
});

describe('HTML sanitising for the round trip', () => {
  it('returns the standard\'s HTML unchanged, byte for byte', () => {
    const ok = '<div><p>Tekst met &amp; en &nbsp;</p>\n<ul><li>één</li></ul><br/><p><br></p></div>';
    expect(sanitizeHtml(ok)).toEqual({ html: ok, removed: [] });
  });

  it('removes scripts, styles, event and other attributes, other tags, comments', () => {
    const s = sanitizeHtml('<p onclick="x()" class="a">Hi <b>there</b></p><script>alert(1)</script><!-- c --><a href="javascript:x">link</a><style>*{}</style>');
    expect(s.html).toBe('<p>Hi there</p>link');
    expect(s.removed).toEqual(['<a>', '<b>', '<script>', '<style>', 'comments', 'event attributes']);
  });

  it('finds the end of a script even when it contains tags', () => {
    expect(sanitizeHtml('<p>a</p><script>var s = "<p>x</p>";</script><p>b</p>').html).toBe('<p>a</p><p>b</p>');
    expect(htmlToText('<p>a</p><SCRIPT type="x">if (a < b) { document.write("<p>x</p>") }</SCRIPT ><p>b</p>')).toBe('a\nb');
  });
});

describe('CSV reader', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n1,"x, y","he said ""hi"""\n2,"line 1\nline 2",\n';
    expect(parseCsv(text).rows.map((r) => r.fields)).toEqual([['a', 'b', 'c'], ['1', 'x, y', 'he said "hi"'], ['2', 'line 1\nline 2', '']]);
    expect(parseCsv(text).rows.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('detects ";" and tab delimiters and skips a byte-order mark and blank lines', () => {
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(parseCsv('\uFEFFa;b\n\n1;"2;3"\n').rows.map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2;3']]);
  });

  it('reports an unclosed quote with its line and keeps the rows before it', () => {
    const r = parseCsv('a,b\n1,2\n3,"open\n4,5\n');
    expect(r.rows.map((x) => x.fields)).toEqual([['a', 'b'], ['1', '2']]);
    expect(r.error?.line).toBe(3);
    expect(r.error?.message).toMatch(/never closed/);
  });

  it('reports text after a closing quote', () => {
    expect(parseCsv('a\n"x"y\n').error?.message).toMatch(/after a closing quote/);
  });

  it('keys records by the header and marks rows with too many fields', () => {
    const { header, records } = csvRecords('lars,name\n1,a\n2,b,extra\n3\n');
    expect(header).toEqual(['lars', 'name']);
    expect(records[0]).toEqual({ line: 2, values: { lars: '1', name: 'a' } });
    expect(records[1]!.error).toMatch(/3 fields but the header has 2/);
    expect(records[2]!.values).toEqual({ lars: '3', name: '' });
  });
});

describe('progress', () => {
  const stream = (tty: boolean) => {
    const chunks: string[] = [];
    return { chunks, s: { isTTY: tty, columns: 100, write: (t: string) => chunks.push(t) } };
  };

  it('redraws a bar on a terminal', () => {
    let now = 0;
    const { chunks, s } = stream(true);
    const p = createProgress(s, () => now);
    p.stage('validating', 2000);
    for (let i = 1; i <= 2000; i += 100) {
      now += 200;
      p.update(i);
    }
    p.end();
    const out = chunks.join('');
    expect(out).toMatch(/\rvalidating +\[#+-*\] \d+\/2000/);
    expect(out).toContain('2000/2000 100%');
    expect(out.endsWith('\n')).toBe(true);
  });

  it('writes a plain line per quarter when stderr is not a terminal, and nothing for short runs', () => {
    const { chunks, s } = stream(false);
    const p = createProgress(s);
    p.stage('mapping', 1000);
    for (let i = 1; i <= 1000; i++) p.update(i);
    p.end();
    expect(chunks).toEqual(['mapping: 250/1000 (25%)\n', 'mapping: 500/1000 (50%)\n', 'mapping: 750/1000 (75%)\n', 'mapping: 1000/1000 (100%)\n']);
    const jump = stream(false);
    const j = createProgress(jump.s);
    j.stage('classifying', 500);
    j.end();
    expect(jump.chunks).toEqual(['classifying: 500/500 (100%)\n']);
    const short = stream(false);
    const q = createProgress(short.s);
    q.stage('mapping', 10);
    q.update(10);
    q.end();
    expect(short.chunks).toEqual([]);
  });
});

describe('claims', () => {
  it('maps the registers\' categories to tiers where they correspond to one', () => {
    expect(claimedTier(NL_PUBLICATION_CATEGORY, 'Hoog-risico AI-systeem')).toBe('high-risk');
    expect(claimedTier(NL_PUBLICATION_CATEGORY, 'Impactvolle algoritmes')).toBeNull();
    expect(claimedTier(EUROCITIES_RISK_CATEGORY, 'high risk')).toBe('high-risk');
    expect(claimedTier(EUROCITIES_RISK_CATEGORY, 'High')).toBe('high-risk');
    expect(claimedTier(EUROCITIES_RISK_CATEGORY, 'unacceptable')).toBe('prohibited');
    expect(claimedTier(EUROCITIES_RISK_CATEGORY, 'limited risk')).toBe('transparency');
    expect(claimedTier(EUROCITIES_RISK_CATEGORY, 'minimal')).toBe('minimal');
    expect(claimedTier(EUROCITIES_RISK_CATEGORY, 'Onbekend')).toBeNull();
    expect(claimedTier(EUROCITIES_RISK_CATEGORY, 'spicy')).toBeUndefined();
  });

  it('compares only where the derived tier is determined', () => {
    expect(compareClaim('high risk', 'high-risk', 'high-risk').verdict).toBe('agrees');
    expect(compareClaim('minimal risk', 'minimal', 'high-risk').verdict).toBe('disagrees');
    expect(compareClaim('high risk', 'high-risk', 'undetermined').verdict).toBe('cannot compare: undetermined');
    expect(compareClaim('Overige algoritmes', null, 'minimal').verdict).toBe('no AI Act tier claimed');
  });
});

describe('assessment types from titles', () => {
  it.each([
    ['Data Protection Impact Assessment (DPIA)', 'DPIA'],
    ['Pre-scan DPIA', 'OtherAssessment'],
    ['Privacy Quickscan', 'OtherAssessment'],
    ['Impact Assessment Mensenrechten en Algoritmes (IAMA)', 'IAMA'],
    ['Fundamentele Rechten en Algoritme Impact Assessment (FRAIA)', 'IAMA'],
    ['Fundamental rights impact assessment (AI Act Art 27)', 'FRIA'],
    ['FRIA', 'FRIA'],
    ['De Ethische Data Assistant (DEDA)', 'OtherAssessment'],
  ])('%s → %s', (title, type) => {
    expect(assessmentTypeOf(title)).toBe(`${AR}${type}`);
  });
});

describe('organisations', () => {
  it('reads TOOI codes and IRIs', () => {
    expect(tooiIri('gm0363')).toBe('https://identifier.overheid.nl/tooi/id/gemeente/gm0363');
    expect(tooiIri('https://identifier.overheid.nl/tooi/id/provincie/pv27')).toBe('https://identifier.overheid.nl/tooi/id/provincie/pv27');
    expect(tooiIri('Gemeente Amsterdam')).toBeUndefined();
    expect(tooiCode('https://identifier.overheid.nl/tooi/id/gemeente/gm0363')).toBe('gm0363');
  });

  it('normalises names and reads the kind from a name or TOOI type', () => {
    expect(normaliseName('  Gemeente  \'s-Hertogenbosch. ')).toBe('gemeente s hertogenbosch');
    expect(kindOf('x', 'Gemeente Utrecht')).toBe('PublicAuthority');
    expect(kindOf('x', 'Politie Nederland')).toBe('LawEnforcementAuthority');
    expect(kindOf('x', 'Centric Netherlands BV')).toBe('Company');
    expect(kindOf('https://identifier.overheid.nl/tooi/id/waterschap/ws0155', 'Hoogheemraadschap X')).toBe('PublicAuthority');
    expect(kindOf('x', 'Stichting Inlichtingenbureau')).toBeUndefined();
  });

  it('gives one IRI per identifier, and names learnt with an identifier find it', () => {
    const reg = new OrganisationRegistry('https://r.example/');
    reg.learn('Gemeente Amsterdam', 'gm0363');
    expect(reg.resolve('gemeente  amsterdam', undefined)?.iri).toBe('https://identifier.overheid.nl/tooi/id/gemeente/gm0363');
    expect(reg.resolve('Gemeente Rotterdam', undefined)?.iri).toBe('https://r.example/org/gemeente-rotterdam');
    expect(reg.resolve('GEMEENTE ROTTERDAM', undefined)).toBe(reg.resolve('Gemeente Rotterdam', undefined));
    expect(reg.resolve('', undefined)).toBeUndefined();
  });
});

describe('values and ids', () => {
  it('counts code points like the register does', () => {
    expect(codePoints('één😀')).toBe(4);
  });

  it('compares JSON values by content and digests them stably', () => {
    expect(sameJson({ a: 1, b: [null] }, { b: [null], a: 1 })).toBe(true);
    expect(sameJson(null, undefined)).toBe(false);
    expect(digestOf({ a: 1, b: 2 })).toBe(digestOf({ b: 2, a: 1 }));
    expect(digestOf(undefined)).not.toBe(digestOf(null));
  });

  it('mints version-5 UUIDs from IRIs', () => {
    const u = uuidFor('https://register.example.eu/system/x');
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFor('https://register.example.eu/system/x')).toBe(u);
    // the same as Python's uuid.uuid5(uuid.NAMESPACE_URL, 'http://python.org/')
    expect(uuidFor('http://python.org/')).toBe('4c565f0d-3f5a-5890-b41b-20cf47701c5e');
  });

  it('shortens at a sentence or word boundary', () => {
    expect(shorten('Eerste zin is best lang. Tweede zin is nog langer dan dat.', 40)).toBe('Eerste zin is best lang.');
    expect(shorten('Een korte zin. En nog een tweede zin die te lang is.', 30)).toBe('Een korte zin. En nog een…');
    expect(shorten('woord woord woord woord woord', 14)).toBe('woord woord…');
    expect(shorten('kort', 10)).toBe('kort');
  });
});
