// Helpers for the authoring features (completion, navigation, rename, lenses):
// run the facade on a `$0` fixture and render results as whole texts.
import assert from 'node:assert/strict';
import { load, core } from './fixture.mjs';

/** A snippet as the editor inserts it with every placeholder accepted as is. */
export function expandSnippet(snippet) {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

export function applyEdits(text, edits) {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** Completion at the fixture's `$0`: the items, their labels, and the document after choosing one. */
export function complete(source, settings) {
  const fx = load(source, settings);
  const { uri, offset, file } = fx.cursor;
  const { items } = fx.service.doComplete(uri, file.text, offset);
  return {
    fx,
    items,
    labels: items.map((i) => i.label),
    item: (label) => items.find((i) => i.label === label),
    apply(label) {
      const it = items.find((i) => i.label === label);
      assert.ok(it, `no item ${label} in ${items.map((i) => i.label).join(', ')}`);
      const insert = it.insertTextFormat === 'snippet' ? expandSnippet(it.insertText) : it.insertText;
      return file.text.slice(0, it.span.start) + insert + file.text.slice(it.span.end);
    },
  };
}

/** `path:line:col text` for each location, so a result reads as the places it names. */
export function renderLocations(fx, locations) {
  return locations.map((l) => {
    const f = fx.files.find((x) => x.uri === l.uri);
    const p = new core.LineIndex(f.text).positionAt(l.span.start);
    return `${f.path}:${p.line}:${p.character} ${f.text.slice(l.span.start, l.span.end)}`;
  });
}

/** Every file after a rename's edits, keyed by path (only the files it changes). */
export function renderRename(fx, result) {
  if (result.error) return { error: result.error };
  const out = {};
  for (const [uri, edits] of Object.entries(result.changes)) {
    const f = fx.files.find((x) => x.uri === uri);
    out[f.path] = applyEdits(f.text, edits);
  }
  return out;
}

/**
 * The cursor in a fixture file, written as a piece of its text with `$0` in
 * it (`'gateways: [w$0eb'`): the offset of `$0` where that piece first occurs.
 */
export function cursorAt(file, marked) {
  const at = marked.indexOf('$0');
  const start = file.text.indexOf(marked.slice(0, at) + marked.slice(at + 2));
  assert.ok(at >= 0 && start >= 0, `${marked} not in ${file.path}`);
  return start + at;
}

export { load, core };

/**
 * Completion at `$0` offers exactly `labels` (in order); choosing `pick` turns
 * the document into `after` (the fixture without its `$0`, header lines excluded).
 */
export function checkCompletion(source, labels, pick, after, settings) {
  const c = complete(source, settings);
  assert.deepStrictEqual(c.labels, labels);
  if (pick !== undefined) assert.equal(c.apply(pick), after.replace(/^\n/, ''));
  return c;
}
