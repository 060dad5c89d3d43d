// The exporters: pure functions from a description (quads or a GraphView) and its classification
// to JSON documents. `algoreg export` calls them; so can the register server
// (GET /systems/{id}/export?format=...): exportSystems(format, { quads, classification }, { systems: [iri] }).
import type { ExportInput, ExportOptions, ExportedEntry } from './common.js';
import { exportAnnexViii, type AnnexViiiSection } from './annex-viii.js';
import { exportEurocities } from './eurocities.js';
import { exportNl } from './nl.js';

export type ExportFormat = 'nl-algoritmeregister' | 'eurocities' | 'annex-viii';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['nl-algoritmeregister', 'eurocities', 'annex-viii'];

export interface ExportSystemsOptions extends ExportOptions {
  /** Annex VIII only: one section. Default: every section the obligations call for. */
  section?: AnnexViiiSection;
}

export function exportSystems(format: ExportFormat, input: ExportInput, opts: ExportSystemsOptions = {}): ExportedEntry[] {
  switch (format) {
    case 'nl-algoritmeregister':
      return exportNl(input, opts);
    case 'eurocities':
      return exportEurocities(input, opts);
    case 'annex-viii':
      return exportAnnexViii(input, { systems: opts.systems, section: opts.section });
  }
}

export type { ExportInput, ExportOptions, ExportedEntry } from './common.js';
export { annexViiiRecords, annexViiiQuads, type AnnexViiiRecord, type AnnexViiiSection, type AnnexViiiItem } from './annex-viii.js';
