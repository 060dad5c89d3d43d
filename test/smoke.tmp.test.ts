import { test } from 'vitest';
import { Parser } from 'n3';
import { readFileSync } from 'node:fs';
import { validate, formatText, formatTurtle } from '../src/validate/index.js';
test('smoke', async () => {
  const f = process.env.FIX ?? 'test/fixtures/shapes/system-ok.ttl';
  const data = new Parser().parse(readFileSync(f, 'utf8'));
  const t = Date.now();
  const r = await validate(data);
  console.log(Date.now() - t, 'ms');
  console.log(formatText(r, () => undefined));
  console.log(JSON.stringify(r.results, null, 1));
});
