// The validation API the CLI and other modules import.
export type { Severity, ValidationReport, ValidationResult } from './types.js';
export { loadShapes, DEFAULT_SHAPES_DIR } from './shapes.js';
export { validate, type ValidateOptions } from './validate.js';
export { formatJson, formatText, formatTurtle } from './format.js';
