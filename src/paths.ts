import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

// Modules run from src/ (tests) or dist/ (built CLI); both sit one level below the package root.
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'ontology'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('algoreg package root not found');
}

export const PACKAGE_ROOT = findRoot();

export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
