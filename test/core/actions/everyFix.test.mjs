// Every quick fix offered on every fixture case, applied: the finding it names
// is gone, no finding appears anywhere in the workspace, and no edit creates
// a file that exists (applyWorkspaceEdit throws) or touches one that does not.
// One exemption: findings inside a field that a rename un-hides (revealed()).
// The cases are the case files of test/fixtures (with their settings), the
// example workspace, and the inline fixtures of the analyzer and action tests
// that are plain text (no `${…}`), read from their sources.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFixture } from '../../helpers/fixture.mjs';
import { applyWorkspaceEdit, findingKeys, keyOf, serviceOf } from './helpers.mjs';
import { exampleTexts } from './examples.mjs';
import { FIXTURES, caseFolders, readCase } from '../../helpers/cases.mjs';

const TEST = fileURLToPath(new URL('../../', import.meta.url));

function walk(dir, ext) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, ext));
    else if (name.endsWith(ext)) out.push(p);
  }
  return out;
}

/** The inline fixtures of a test file: template literals that start a workspace file and interpolate nothing. */
function inlineCases(path) {
  const src = readFileSync(path, 'utf8');
  const out = [];
  for (const m of src.matchAll(/`(\n#- \/[^`]*)`/g)) if (!m[1].includes('${')) out.push(m[1].replace(/\\\\/g, '\\'));
  return out;
}

function cases() {
  const out = [];
  for (const { folder, files } of caseFolders().folders) {
    for (const file of files) {
      const c = readCase(join(FIXTURES, folder, file));
      out.push({ name: `${folder}/${file}`, texts: textsOf(c.source), settings: c.settings });
    }
  }
  out.push({ name: 'examples/', texts: exampleTexts() });
  for (const dir of ['core/analyzers', 'core/actions']) {
    for (const p of walk(join(TEST, dir), '.test.mjs')) inlineCases(p).forEach((source, i) => out.push({ name: `${p.slice(TEST.length)} #${i + 1}`, texts: textsOf(source) }));
  }
  return out;
}

function textsOf(source) {
  return new Map(parseFixture(source).files.map((f) => [f.uri, f.text]));
}

/** Every finding with the quick fixes it offers, resolved. */
function offeredFixes(service, texts) {
  const out = [];
  for (const [uri, list] of service.diagnostics()) {
    for (const f of list) {
      for (const action of service.getCodeActions(uri, texts.get(uri), f.span, [f], ['quickfix'])) {
        if (action.command && !action.edit && !action.data) continue;
        const edit = action.edit ?? service.resolveCodeAction(action.data, (u) => texts.get(u));
        out.push({ uri, f, action, edit });
      }
    }
  }
  return out;
}

/**
 * A misspelt key hides its whole value from every check; renaming it (the
 * IST0106 rename) lets them see it. What they then find inside the renamed
 * field's block was there all along, revealed rather than made by the fix.
 */
function revealed(action, edit, after, service) {
  const keys = new Set();
  if (!action.title.startsWith('Rename "')) return keys;
  for (const change of edit.documentChanges) {
    if (!change.edits) continue;
    const text = after.get(change.uri);
    const [e] = change.edits;
    const lineStart = text.lastIndexOf('\n', e.span.start - 1) + 1;
    const indent = e.span.start - lineStart;
    let end = text.indexOf('\n', e.span.start);
    // The block: the following lines indented further than the key (or list items under it).
    while (end >= 0) {
      const next = text.indexOf('\n', end + 1);
      const line = text.slice(end + 1, next < 0 ? text.length : next);
      const col = line.search(/\S/);
      if (col >= 0 && col <= indent && !(col === indent && line.trimStart().startsWith('- '))) break;
      end = next;
    }
    const blockEnd = end < 0 ? text.length : end;
    for (const f of service.diagnostics().get(change.uri) ?? []) {
      if (f.span.start > e.span.start && f.span.start <= blockEnd) keys.add(keyOf(change.uri, text, f));
    }
  }
  return keys;
}

let applied = 0;
for (const c of cases()) {
  test(`every fix of ${c.name}`, () => {
    const service = serviceOf(c.texts, c.settings);
    const before = findingKeys(service, c.texts);
    for (const { uri, f, action, edit } of offeredFixes(service, c.texts)) {
      const where = `${c.name}: "${action.title}" for ${keyOf(uri, c.texts.get(uri), f)}`;
      assert.ok(edit, `${where} resolves to no edit`);
      const after = applyWorkspaceEdit(c.texts, edit);
      const afterService = serviceOf(after, c.settings);
      const afterKeys = findingKeys(afterService, after).filter((k) => !revealed(action, edit, after, afterService).has(k));
      const fixed = keyOf(uri, c.texts.get(uri), f);
      const count = (list, k) => list.filter((x) => x === k).length;
      // Keys are `path CODE "text"`: the fixed one occurs fewer times (or its text changed).
      assert.ok(count(afterKeys, fixed) < count(before, fixed), `${where}: the finding is still there`);
      const left = before.slice();
      const added = afterKeys.filter((k) => {
        const i = left.indexOf(k);
        if (i < 0) return true;
        left.splice(i, 1);
        return false;
      });
      assert.deepStrictEqual(added, [], `${where}: new findings`);
      applied++;
    }
  });
}

test('the walk applied fixes', () => {
  assert.ok(applied > 0);
});
