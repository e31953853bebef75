// The rules table (server/src/core/catalog.ts): each code has one severity,
// is documented in docs/diagnostics.md with that severity, and each analyzer
// reports only the rules it declares. Run over every example and fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { core } from '../helpers/fixture.mjs';
import { loadCorpus } from '../robustness/fuzz.mjs';

const docs = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
const rules = Object.values(core.Rules);
const corpus = loadCorpus();

test('every code is one rule, with one severity', () => {
  const codes = rules.map((r) => r.code);
  assert.deepEqual(codes.filter((c, i) => codes.indexOf(c) !== i), [], 'codes declared twice');
  for (const r of rules) {
    assert.match(r.code, /^(IST|ILS)\d{4}$/);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(r.severity), r.code);
    assert.equal(core.catalog[r.code], r);
    assert.equal(core.codeUrl(r.code), r.docs);
  }
});

test('every code is documented in docs/diagnostics.md with its severity', () => {
  for (const r of rules) {
    assert.match(docs, new RegExp(`^## ${r.code}$`, 'm'), `no section for ${r.code}`);
    const row = new RegExp(`^\\| \\[${r.code}\\]\\(#${r.code.toLowerCase()}\\) \\| ${r.severity} \\|`, 'm');
    assert.match(docs, row, `table row of ${r.code} missing or not "${r.severity}"`);
  }
  for (const m of docs.matchAll(/^## ((?:IST|ILS)\d{4})$/gm)) assert.ok(core.catalog[m[1]], `${m[1]} is documented but no rule has it`);
});

test('every finding on the examples and fixtures has its rule’s severity and a declared code', () => {
  const declared = new Set([...core.summaryRules, ...core.resourceAnalyzers.flatMap((a) => a.rules), ...core.workspaceAnalyzers.flatMap((a) => a.rules)].map((r) => r.code));
  let seen = 0;
  for (const input of corpus) {
    const service = core.getLanguageService(input.settings);
    for (const [uri, text] of input.files) service.updateFile(uri, text);
    for (const [uri, findings] of service.diagnostics()) {
      for (const f of findings) {
        seen++;
        assert.ok(declared.has(f.code), `${input.name}: ${uri} has ${f.code}, which no analyzer declares`);
        assert.equal(f.severity, core.catalog[f.code].severity, `${input.name}: ${f.code} reported as ${f.severity}`);
      }
    }
  }
  assert.ok(seen > 100, `only ${seen} findings on the corpus`);
});

test('each analyzer reports only the rules it declares', () => {
  const fired = new Map();
  for (const input of corpus) {
    const service = core.getLanguageService(input.settings);
    for (const [uri, text] of input.files) service.updateFile(uri, text);
    const snap = service.snapshot();
    const check = (analyzer, name, f) => {
      assert.ok(analyzer.rules.some((r) => r.code === f.code), `${input.name}: ${name} reported ${f.code}, declared ${analyzer.rules.map((r) => r.code)}`);
      fired.set(f.code, (fired.get(f.code) ?? 0) + 1);
    };
    core.resourceAnalyzers.forEach((a, i) => {
      for (const r of snap.resources) for (const f of a.analyze(r)) check(a, `resource analyzer #${i}`, f);
    });
    core.workspaceAnalyzers.forEach((a, i) => {
      const report = (_uri, f) => check(a, `workspace analyzer #${i}`, f);
      const ofKind = snap.resources.filter((r) => r.data.kind === a.kind);
      if (a.check) for (const r of ofKind) a.check(r, snap, report);
      else {
        const groups = new Map();
        for (const r of ofKind) for (const key of new Set(a.groupKeys(r, snap))) groups.set(key, [...(groups.get(key) ?? []), r]);
        for (const [key, members] of groups) a.checkGroup(key, members, snap, report);
      }
    });
  }
  // Each declared rule fires somewhere in the corpus, so the check above means something for it.
  const silent = [...core.resourceAnalyzers, ...core.workspaceAnalyzers].flatMap((a) => a.rules).filter((r) => !fired.has(r.code));
  assert.deepEqual(silent.map((r) => r.code), []);
});
