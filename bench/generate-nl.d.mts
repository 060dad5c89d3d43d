export const SAMPLES_DIR: string;
export function loadTemplates(dir?: string): Record<string, unknown>[];
export function generateNlEntries(n: number, templates?: Record<string, unknown>[]): Record<string, unknown>[];
