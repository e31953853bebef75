// Fixtures for trust on real repositories (registry completeness, kustomize,
// workloads, gateway host sharing): one file per case under
// test/fixtures/registry-trust/<pattern>/. Each file is a multi-file fixture
// (`#- /path` headers, `# ^^^ CODE` annotations); leading `#! key: value`
// lines set `codes` (comma-separated: only these codes are compared) and
// `settings` (JSON). A case named `*-clean.yaml` must have no annotation.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, parseFixture } from '../helpers/fixture.mjs';

const ROOT = fileURLToPath(new URL('../fixtures/registry-trust/', import.meta.url));

function cases(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? cases(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));
}

for (const file of cases(ROOT).sort()) {
  const name = relative(ROOT, file);
  test(name, () => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const options = {};
    while (lines.length && lines[0].startsWith('#! ')) {
      const line = lines.shift().slice(3);
      const colon = line.indexOf(':');
      const key = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (key === 'codes') options.codes = value.split(',').map((c) => c.trim());
      else if (key === 'settings') options.settings = JSON.parse(value);
      else throw new Error(`${name}: unknown directive ${key}`);
    }
    const source = lines.join('\n');
    if (name.endsWith('-clean.yaml')) {
      assert.equal(parseFixture(source).files.flatMap((f) => f.expected).length, 0, 'a clean case has no annotation');
    }
    check(assert, source, options);
  });
}
