// SHACL gate results → the form field each one concerns. A result is placed by its focus node
// (the system, a role assignment row, a new organisation) and its path (the property); one that
// fits no field goes to the error summary only.
import type { ValidationResult } from '../../validate/index.js';
import { AR, DCT_DESCRIPTION, RDFS_LABEL, type FormModel } from './fields.js';
import type { FocusTarget } from './to-rdf.js';

export type Level = 'error' | 'todo' | 'info';

export interface FieldMessage {
  level: Level;
  text: string;
  /** Language of the text when it is not the page's (the shapes' messages are English). */
  lang?: string;
}

export interface Placed {
  /** Messages by field id (the id of the control or fieldset they belong to). */
  byField: Map<string, FieldMessage[]>;
  /** Messages that fit no field. */
  unplaced: FieldMessage[];
}

export function emptyPlaced(): Placed {
  return { byField: new Map(), unplaced: [] };
}

export function addMessage(placed: Placed, field: string | undefined, m: FieldMessage): void {
  if (!field) {
    if (!placed.unplaced.some((u) => u.text === m.text && u.level === m.level)) placed.unplaced.push(m);
    return;
  }
  const list = placed.byField.get(field) ?? [];
  if (!list.some((u) => u.text === m.text && u.level === m.level)) list.push(m);
  placed.byField.set(field, list);
}

const LEVEL: Record<ValidationResult['severity'], Level> = { Violation: 'error', Warning: 'todo', Info: 'info' };

/** The field a result concerns, as the field id used on the page (see render.ts: `field-{name}`). */
export function fieldOf(r: ValidationResult, systemIri: string, model: FormModel, focus: ReadonlyMap<string, FocusTarget>): string | undefined {
  if (r.focusNode === systemIri) {
    if (r.path === RDFS_LABEL) return r.value?.endsWith('@nl') ? 'field-label-nl' : 'field-label-en';
    if (r.path === `${AR}responsibleOrganisation` || r.path === `${AR}roleAssignment`) return 'field-organisations';
    if (r.path === DCT_DESCRIPTION) return model.byName.has('description') ? 'field-description' : undefined;
    const field = model.system.find((f) => f.property === r.path && f.property !== RDFS_LABEL);
    return field ? `field-${field.name}` : undefined;
  }
  const target = focus.get(r.focusNode);
  if (!target) return undefined;
  const row = `field-org-${target.row}`;
  if (target.kind === 'role') {
    if (r.path === `${AR}agent`) return `${row}-agent`;
    if (r.path === `${AR}valueChainFact`) return `${row}-facts`;
    return row;
  }
  if (r.path === RDFS_LABEL) return `${row}-name`;
  const field = model.organisation.find((f) => f.property === r.path);
  return field ? `${row}-${field.name}` : row;
}

/** Places every gate result; Info results are kept only where they name a field on the form. */
export function placeResults(results: ValidationResult[], systemIri: string, model: FormModel, focus: ReadonlyMap<string, FocusTarget>, placed = emptyPlaced()): Placed {
  for (const r of results) {
    const field = fieldOf(r, systemIri, model, focus);
    const level = LEVEL[r.severity];
    if (level === 'info' && !field) continue;
    addMessage(placed, field, { level, text: r.message, lang: 'en' });
  }
  return placed;
}

export function errorCount(placed: Placed): number {
  let n = placed.unplaced.filter((m) => m.level === 'error').length;
  for (const list of placed.byField.values()) n += list.filter((m) => m.level === 'error').length;
  return n;
}
