// One case per file: test/fixtures/<CODE>/<case>.yaml. A case holds one or more
// workspace files (`#- /path`); `# ^^^ CODE severity` under a line expects that
// finding on exactly the carets, with that severity. A case without annotations
// must stay clean. `#! CODE severity` right after a file header expects a
// finding on the whole file (line 0, column 0). Lines starting with `## `
// describe the case and are dropped.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedFindings, load, renderFindings } from '../../helpers/fixture.mjs';

const ROOT = new URL('../../fixtures/', import.meta.url).pathname;
const CODES = ['ILS0001', 'ILS0002', 'ILS0005', 'ILS0101', 'IST0106', 'IST0173', 'ILS0613', 'ILS0614', 'ILS0615', 'ILS0616', 'ILS0617', 'IST0133', 'ILS0701'];
const ANNOTATION = /^(\s*#\s*\^+\s+[A-Z]+\d+)\s+(error|warning|information|hint)\s*$/;
const FILE_LEVEL = /^#! ([A-Z]+\d+) (error|warning|information|hint)\s*$/;

export function readCase(path) {
  const severities = [];
  const fileLevel = [];
  const lines = [];
  let file = '/main.yaml';
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('## ')) continue;
    file = /^#- (\S+)/.exec(line)?.[1] ?? file;
    const whole = FILE_LEVEL.exec(line);
    if (whole) {
      severities.push(`${whole[1]} ${whole[2]}`);
      fileLevel.push(`${file}:0:0-1 ${whole[1]}`);
      continue;
    }
    const m = ANNOTATION.exec(line);
    if (m) {
      severities.push(`${/[A-Z]+\d+/.exec(m[1])[0]} ${m[2]}`);
      lines.push(m[1]);
    } else lines.push(line);
  }
  return { source: lines.join('\n'), severities: severities.sort(), fileLevel };
}

for (const code of CODES) {
  for (const name of readdirSync(join(ROOT, code)).filter((n) => n.endsWith('.yaml')).sort()) {
    test(`${code}/${name}`, () => {
      const { source, severities, fileLevel } = readCase(join(ROOT, code, name));
      const fx = load(source);
      assert.deepStrictEqual(renderFindings(fx.service, fx.files), [...expectedFindings(fx.files), ...fileLevel].sort());
      const actual = fx.files.flatMap((f) => (fx.service.diagnostics().get(f.uri) ?? []).map((d) => `${d.code} ${d.severity}`)).sort();
      assert.deepStrictEqual(actual, severities);
    });
  }
}
