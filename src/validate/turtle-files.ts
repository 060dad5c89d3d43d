import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';

let fileCounter = 0;

/** Every .ttl file named, or directly inside a named directory, in a stable order. */
export async function turtleFilesIn(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const names = (await readdir(path)).filter((name) => name.endsWith('.ttl')).sort();
      files.push(...names.map((name) => join(path, name)));
    } else {
      files.push(path);
    }
  }
  return files;
}

export async function parseTurtleFile(file: string): Promise<Quad[]> {
  const text = await readFile(file, 'utf8');
  // A prefix per file keeps labelled blank nodes (_:x) of different files apart when merged.
  const parser = new Parser({ baseIRI: pathToFileURL(resolve(file)).href, blankNodePrefix: `t${++fileCounter}_` });
  try {
    return parser.parse(text);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

export async function readTurtle(paths: string[]): Promise<Quad[]> {
  const files = await turtleFilesIn(paths);
  const parsed = await Promise.all(files.map(parseTurtleFile));
  return parsed.flat();
}
