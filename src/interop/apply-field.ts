// Field values → triples: how an imported entry's fields become the description.
import type { BlankNode } from '@rdfjs/types';
import { assessmentTypeOf } from './assessment-types.js';
import type { EntryBuilder, Subject } from './builder.js';
import { claimedTier, tierConcept } from './claims.js';
import { asList, asText, cleanText, CONTACT, dateType, GROUP, isHttpUrl } from './field-values.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { FieldSpec, GroupTarget } from './spec.js';
import { AR, DCT, RDF_TYPE, RDFS_LABEL } from './vocab.js';


export interface ApplyContext {
  b: EntryBuilder;
  field: FieldSpec;
  entry: JsonObject;
  fields: readonly FieldSpec[];
  /** Identifier of the responsible organisation given by another field of the entry. */
  organisationId?: string;
}

const isEmpty = (v: JsonValue | undefined): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Writes the triples for one field value; a value that does not fit its mapping is warned about (and kept by the caller). */
export function applyField(raw: JsonValue, ctx: ApplyContext): void {
  const m = ctx.field.map;
  if (!m || isEmpty(raw)) return;
  const { b, field } = ctx;
  const sys = b.systemNode;
  const notMapped = (why: string) => b.warn(`${field.key}: ${why}; kept as given, not mapped`);
  switch (m.kind) {
    case 'text': {
      const t = asText(raw);
      if (t === undefined) return notMapped(`expected a text, found ${describe(raw)}`);
      const clean = cleanText(t);
      if (clean !== '') b.text(sys, m.predicate, clean);
      return;
    }
    case 'texts': {
      const items = asList(raw, m.split);
      if (!items) return notMapped(`expected a list, found ${describe(raw)}`);
      for (const item of items) {
        const t = asText(item);
        if (t === undefined) {
          notMapped(`a list item is ${describe(item)}`);
          continue;
        }
        const clean = cleanText(t);
        if (m.split && !Array.isArray(raw)) {
          for (const part of clean.split(m.split).map((x) => x.trim()).filter((x) => x !== '')) b.text(sys, m.predicate, part);
        } else if (clean !== '') {
          b.text(sys, m.predicate, clean);
        }
      }
      return;
    }
    case 'link': {
      const t = asText(raw)?.trim();
      if (t === undefined || !isHttpUrl(t)) return notMapped(`${JSON.stringify(asText(raw) ?? raw)} is not an http(s) address`);
      b.iri(sys, m.predicate, t);
      return;
    }
    case 'contact': {
      const t = asText(raw)?.trim();
      if (t === undefined || !CONTACT.test(t)) return notMapped(`${JSON.stringify(asText(raw) ?? raw)} is not an e-mail address or https address`);
      b.plain(sys, m.predicate, t);
      return;
    }
    case 'date':
    case 'published': {
      const t = asText(raw)?.trim();
      const dt = t === undefined ? undefined : dateType(t);
      if (t === undefined || !dt) return notMapped(`${JSON.stringify(asText(raw) ?? raw)} is not a date (YYYY-MM, YYYY-MM-DD or an ISO date-time)`);
      b.typed(sys, m.predicate, t, dt);
      return;
    }
    case 'concept': {
      const t = asText(raw)?.trim();
      const key = t === undefined ? undefined : Object.keys(m.values).find((k) => k.toLowerCase() === t.toLowerCase());
      if (key === undefined) return notMapped(`${JSON.stringify(asText(raw) ?? raw)} is not one of ${Object.keys(m.values).map((k) => JSON.stringify(k)).join(', ')}`);
      b.iri(sys, m.predicate, m.values[key]!);
      return;
    }
    case 'organisation': {
      const t = asText(raw)?.trim();
      if (!t) return notMapped(`expected an organisation name, found ${describe(raw)}`);
      const isResponsible = m.relation === 'responsible';
      const org = b.orgs.resolve(t, isResponsible ? ctx.organisationId : undefined, { establishedInEU: b.spec.establishedInEU, kind: isResponsible ? b.spec.responsibleKind : undefined });
      if (!org) return notMapped('no organisation name');
      if (isResponsible) {
        b.responsible = org;
        b.responsibleFrom = 'entry';
      } else {
        b.supplier = org;
        b.iri(sys, `${AR}supplier`, org.iri);
      }
      return;
    }
    case 'organisationId':
    case 'identifier':
    case 'language':
      return; // read by the importer itself
    case 'systemIdentifier': {
      const t = asText(raw)?.trim();
      if (t) b.plain(sys, `${DCT}identifier`, t);
      return;
    }
    case 'claim': {
      const t = asText(raw)?.trim();
      if (!t) return notMapped(`expected a category, found ${describe(raw)}`);
      b.plain(sys, `${AR}claimedRiskCategory`, t);
      const tier = claimedTier(m.table, t);
      if (tier === undefined) b.warn(`${field.key}: ${JSON.stringify(t)} is not a known category (${Object.keys(m.table).map((k) => JSON.stringify(k)).join(', ')})`);
      else if (tier) b.iri(sys, `${AR}claimedRiskTier`, tierConcept(tier));
      return;
    }
    case 'group': {
      const items = asList(raw);
      if (!items) return notMapped(`expected a list of {${m.title}, ${m.link}}, found ${describe(raw)}`);
      items.forEach((item, k) => {
        if (!isJsonObject(item)) {
          b.warn(`${field.key}[${k}]: expected {${m.title}, ${m.link}}, found ${describe(item)}; kept as given, not mapped`);
          return;
        }
        const title = asText(item[m.title] ?? null);
        const link = asText(item[m.link] ?? null)?.trim();
        const description = m.description ? asText(item[m.description] ?? null) : undefined;
        const node = groupNode(b, m.target, title ? cleanText(title) : undefined);
        if (title && cleanText(title) !== '') b.text(node, RDFS_LABEL, cleanText(title));
        if (link) {
          if (isHttpUrl(link)) b.iri(node, GROUP[m.target].link, link);
          else b.warn(`${field.key}[${k}].${m.link}: ${JSON.stringify(link)} is not an http(s) address; kept as given, not mapped`);
        }
        if (description && cleanText(description) !== '') b.text(node, `${DCT}description`, cleanText(description));
      });
      return;
    }
    case 'links': {
      const t = asText(raw);
      if (t === undefined) return notMapped(`expected addresses, found ${describe(raw)}`);
      const links = (t.match(/https?:\/\/[^\s,;<>"]+/gi) ?? []).map((l) => l.replace(/[.)]+$/, '')).filter(isHttpUrl);
      if (links.length === 0) return notMapped('no http(s) address in it');
      for (const link of links) b.iri(groupNode(b, m.target, undefined), GROUP[m.target].link, link);
      return;
    }
    case 'assessment': {
      const t = asText(raw)?.trim();
      if (!t) return notMapped(`expected a text, found ${describe(raw)}`);
      const node = assessmentSlot(ctx, m.slot);
      if (m.part === 'description') b.text(node, `${DCT}description`, cleanText(t));
      else if (isHttpUrl(t)) b.iri(node, `${AR}documentLink`, t);
      else b.warn(`${field.key}: ${JSON.stringify(t)} is not an http(s) address; kept as given, not mapped`);
      return;
    }
    case 'parallel': {
      const items = asList(raw);
      if (!items) return notMapped(`expected a list, found ${describe(raw)}`);
      items.forEach((item, k) => {
        const t = asText(item)?.trim();
        if (!t) return;
        const node = b.slot(`${m.group}:${k}`, (n) => {
          const title = asText(asList(ctx.entry[`${m.group}_name`] ?? null)?.[k] ?? null) ?? '';
          typeGroupNode(b, n, m.target, title);
        });
        if (m.part === 'title') b.text(node, RDFS_LABEL, cleanText(t));
        else if (m.part === 'description') b.text(node, `${DCT}description`, cleanText(t));
        else if (m.part === 'date') {
          const dt = dateType(t);
          if (dt) b.typed(node, `${DCT}date`, t, dt);
          else b.warn(`${field.key}[${k}]: ${JSON.stringify(t)} is not a date; kept as given, not mapped`);
        } else if (isHttpUrl(t)) b.iri(node, GROUP[m.target].link, t);
        else b.warn(`${field.key}[${k}]: ${JSON.stringify(t)} is not an http(s) address; kept as given, not mapped`);
      });
      return;
    }
  }
}

function describe(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isJsonObject(v)) return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function typeGroupNode(b: EntryBuilder, node: Subject, target: GroupTarget, title: string): void {
  const g = GROUP[target];
  b.add(b.systemNode, g.property, node);
  b.iri(node, RDF_TYPE, g.type);
  if (target === 'impactAssessment') b.iri(node, `${AR}assessmentType`, assessmentTypeOf(title));
}

function groupNode(b: EntryBuilder, target: GroupTarget, title: string | undefined): BlankNode {
  const node = b.blank();
  typeGroupNode(b, node, target, title ?? '');
  return node;
}

/** The node of a named assessment (Eurocities DPIA_*, AIA_*), typed by the slot or by its description. */
function assessmentSlot(ctx: ApplyContext, slot: string): BlankNode {
  const { b } = ctx;
  return b.slot(`assessment:${slot}`, (node) => {
    const parts = ctx.fields.filter((f) => f.map?.kind === 'assessment' && f.map.slot === slot);
    const fixed = parts.map((f) => (f.map?.kind === 'assessment' ? f.map.type : undefined)).find((t) => t !== undefined);
    const descField = parts.find((f) => f.map?.kind === 'assessment' && f.map.part === 'description');
    const desc = descField ? asText(ctx.entry[descField.key] ?? null) ?? '' : '';
    b.add(b.systemNode, `${AR}impactAssessment`, node);
    b.iri(node, RDF_TYPE, `${AR}ImpactAssessment`);
    b.iri(node, `${AR}assessmentType`, fixed ?? assessmentTypeOf(desc));
  });
}

