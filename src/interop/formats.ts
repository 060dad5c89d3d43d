import { EUROCITIES_FORMAT } from './eurocities/fields.js';
import { NL_FORMAT } from './nl/fields.js';
import type { FormatName, FormatSpec } from './spec.js';
import { UK_ATRS_FORMAT } from './uk-atrs/fields.js';

export const IMPORT_FORMATS: Readonly<Record<FormatName, FormatSpec>> = {
  'nl-algoritmeregister': NL_FORMAT,
  eurocities: EUROCITIES_FORMAT,
  'uk-atrs': UK_ATRS_FORMAT,
};
