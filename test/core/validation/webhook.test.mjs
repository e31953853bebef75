// What Istio's validation webhook rejects (server/src/core/validation): one
// fixture file per case under cases/<CODE>/. A `fires-*.yaml` case marks every
// expected finding with `# ^^^ CODE` under its line; a `clean-*.yaml` case is a
// near miss that must yield none of these codes. Every code has both.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../../helpers/fixture.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CASES = join(HERE, 'cases');
const CODES = ['IST0130', 'IST0131', ...Array.from({ length: 12 }, (_, i) => `ILS06${String(i + 1).padStart(2, '0')}`)];

for (const code of readdirSync(CASES).sort()) {
  const files = readdirSync(join(CASES, code)).filter((f) => f.endsWith('.yaml')).sort();
  test(`${code}: has a case where it fires and a near miss`, () => {
    assert.ok(CODES.includes(code), `${code} is a validation code`);
    assert.ok(files.some((f) => f.startsWith('fires-')), 'a fires-*.yaml case');
    assert.ok(files.some((f) => f.startsWith('clean-')), 'a clean-*.yaml case');
  });
  for (const file of files) {
    test(`${code}/${file}`, () => {
      const source = readFileSync(join(CASES, code, file), 'utf8');
      if (file.startsWith('fires-')) assert.match(source, new RegExp(`\\^ ${code}\\b`), 'the case marks the code it is about');
      else assert.doesNotMatch(source, /# *\^+ [A-Z]+\d+/, 'a near miss marks nothing');
      check(assert, source, { codes: CODES });
    });
  }
}
