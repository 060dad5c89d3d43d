import type { Quad } from '@rdfjs/types';
import { packagePath } from '../paths.js';
import { readTurtle } from './turtle-files.js';

export const DEFAULT_SHAPES_DIR = packagePath('shapes');

/** Shapes from Turtle files or directories of them; by default every .ttl in <package>/shapes. */
export async function loadShapes(paths: string[] = [DEFAULT_SHAPES_DIR]): Promise<Quad[]> {
  return readTurtle(paths);
}
