// Every case under test/fixtures/<CODE>/ (format: test/helpers/cases.mjs).
// Each case must yield exactly its annotated findings, with their severities:
// a finding of any code that is not annotated fails it. A case named
// `clean-*` is a near miss for its folder's code (it may expect other codes);
// any other case expects its folder's code at least once. A folder that is
// not a code of server/src/core/catalog.ts fails.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { core, load } from '../helpers/fixture.mjs';
import { FIXTURES, actualOf, caseFolders, expectedOf, readCase } from '../helpers/cases.mjs';

const { folders, strays } = caseFolders();

test('test/fixtures holds only <CODE>/<case>.yaml', () => {
  assert.deepStrictEqual(strays, [], 'a file here would be skipped silently');
});

for (const { folder, files } of folders) {
  test(`${folder}: a rule code with a case where it fires and a near miss`, () => {
    assert.ok(core.catalog[folder], `${folder} is a code in server/src/core/catalog.ts`);
    assert.ok(files.some((f) => !f.startsWith('clean-')), `${folder} has a case where it fires`);
    assert.ok(files.some((f) => f.startsWith('clean-')), `${folder} has a clean-* near miss`);
  });
  for (const file of files) {
    test(`${folder}/${file}`, () => {
      const c = readCase(join(FIXTURES, folder, file));
      const fx = load(c.source, c.settings);
      const expected = expectedOf(fx, c);
      assert.deepStrictEqual(actualOf(fx), expected);
      const about = expected.some((e) => e.split(' ')[1] === folder);
      if (file.startsWith('clean-')) assert.ok(!about, `a near miss for ${folder} expects no ${folder}`);
      else assert.ok(about, `a case in ${folder}/ expects ${folder} (name a near miss clean-*)`);
    });
  }
}
