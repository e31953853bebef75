// Helpers for code action and scaffold tests: apply a core WorkspaceEdit to
// the fixture's texts (independently of the core's own edit code), and
// compare the findings of the workspace before and after.
import { core, check, ROOT } from '../../helpers/fixture.mjs';

/** Applies a WorkspaceEdit to a Map uri → text; a create over an existing file fails. */
export function applyWorkspaceEdit(texts, edit) {
  const out = new Map(texts);
  for (const change of edit.documentChanges) {
    if (change.kind === 'create') {
      if (out.has(change.uri)) throw new Error(`the edit creates ${change.uri}, which exists`);
      out.set(change.uri, '');
      continue;
    }
    if (!out.has(change.uri)) throw new Error(`the edit changes ${change.uri}, which does not exist`);
    const edits = change.edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.span.start - b.e.span.start || a.i - b.i);
    for (let k = 1; k < edits.length; k++) {
      if (edits[k].e.span.start < edits[k - 1].e.span.end) throw new Error(`overlapping edits in ${change.uri}`);
    }
    let text = out.get(change.uri);
    for (const { e } of edits.reverse()) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    out.set(change.uri, text);
  }
  return out;
}

export function serviceOf(texts, settings) {
  const service = core.getLanguageService(settings);
  for (const [uri, text] of texts) service.updateFile(uri, text);
  return service;
}

export function pathOf(uri) {
  return uri.startsWith(ROOT) ? uri.slice(ROOT.length) : uri;
}

/** A finding as `path CODE "text under its span"`: stable when other lines move. */
export function keyOf(uri, text, f) {
  return `${pathOf(uri)} ${f.code} ${JSON.stringify(text.slice(f.span.start, f.span.end))}`;
}

export function findingKeys(service, texts) {
  const out = [];
  for (const [uri, list] of service.diagnostics()) for (const f of list) out.push(keyOf(uri, texts.get(uri) ?? '', f));
  return out.sort();
}

function minus(list, removed) {
  const out = list.slice();
  for (const r of removed) {
    const i = out.indexOf(r);
    if (i < 0) throw new Error(`expected finding ${r} is not there before the fix: ${JSON.stringify(list)}`);
    out.splice(i, 1);
  }
  return out;
}

/**
 * Runs one quick fix end to end:
 * - the fixture's annotations are exactly its findings (the starting point is pinned);
 * - the finding `code` (with data.kind `kind`, at the annotated position when `line` is given) offers `title`;
 * - the resolved edit gives exactly the `expect` texts (whole files), other files untouched;
 * - re-analysed, the workspace has the same findings minus the fixed one(s), and no new one.
 */
export function checkFix(assert, source, { settings, code, kind, line, title, expect, removed }) {
  const fx = check(assert, source, { settings });
  const texts = new Map(fx.files.map((f) => [f.uri, f.text]));
  const before = findingKeys(fx.service, texts);
  const candidates = [];
  for (const [uri, list] of fx.service.diagnostics()) {
    const lines = new core.LineIndex(texts.get(uri));
    for (const f of list) {
      if (f.code !== code || (kind && f.data?.kind !== kind)) continue;
      if (line !== undefined && lines.positionAt(f.span.start).line !== line) continue;
      candidates.push({ uri, f });
    }
  }
  assert.equal(candidates.length, 1, `expected one ${code} finding, found ${candidates.length}`);
  const { uri, f } = candidates[0];
  const actions = fx.service.getCodeActions(uri, texts.get(uri), f.span, [f]);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no action "${title}"; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.deepStrictEqual(action.fixes, [f], 'the action names the finding it fixes');
  // Replacements of the finding's own span come with the list; the others are resolved.
  assert.ok(!!action.edit !== !!action.data, 'an action has either its edit or the data to resolve it');
  const edit = action.edit ?? fx.service.resolveCodeAction(action.data, (u) => texts.get(u));
  assert.ok(edit, 'the action resolves to an edit');
  const after = applyWorkspaceEdit(texts, edit);
  const expected = new Map(texts);
  for (const [path, text] of Object.entries(expect)) expected.set(ROOT + path, text);
  assert.deepStrictEqual(Object.fromEntries([...after].map(([u, t]) => [pathOf(u), t])), Object.fromEntries([...expected].map(([u, t]) => [pathOf(u), t])));
  const afterKeys = findingKeys(serviceOf(after, settings), after);
  assert.deepStrictEqual(afterKeys, minus(before, removed ?? [keyOf(uri, texts.get(uri), f)]));
  return { fx, actions, action, edit, after };
}

/** The titles offered for the one finding with this code. */
export function titlesFor(fx, code, kind) {
  for (const [uri, list] of fx.service.diagnostics()) {
    for (const f of list) {
      if (f.code === code && (!kind || f.data?.kind === kind)) {
        const text = fx.files.find((x) => x.uri === uri).text;
        return fx.service.getCodeActions(uri, text, f.span, [f]).map((a) => a.title);
      }
    }
  }
  return undefined;
}
