// Data-driven fixtures: one string holds several files.
//   #- /ns/file.yaml      starts a file (path becomes file:///ws/ns/file.yaml)
//   $0                    the cursor (removed from the text)
//   # ^^^ CODE            under a line: an expected finding with that code whose
//                         range is exactly the carets on the line above (a range
//                         running onto later lines is marked to the line end);
//                         annotation lines are removed from the text
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const core = require('../../dist/core.js');

export const ROOT = 'file:///ws';

export function parseFixture(source) {
  const files = [];
  let current;
  let cursor;
  for (const raw of source.replace(/^\n/, '').split('\n')) {
    const header = /^#- (\S+)/.exec(raw);
    if (header) {
      current = { path: header[1], uri: ROOT + header[1], lines: [], expected: [] };
      files.push(current);
      continue;
    }
    if (!current) {
      current = { path: '/main.yaml', uri: ROOT + '/main.yaml', lines: [], expected: [] };
      files.push(current);
    }
    const ann = /^(\s*)#(\s*)(\^+)\s+([A-Z]+\d+)\s*$/.exec(raw);
    if (ann && current.lines.length > 0) {
      const col = raw.indexOf('^');
      current.expected.push({ line: current.lines.length - 1, column: col, length: ann[3].length, code: ann[4] });
      continue;
    }
    let line = raw;
    const at = line.indexOf('$0');
    if (at >= 0) {
      line = line.replace('$0', '');
      cursor = { file: current, line: current.lines.length, column: at };
    }
    current.lines.push(line);
  }
  for (const f of files) f.text = f.lines.join('\n');
  let cursorOffset;
  if (cursor) {
    const before = cursor.file.lines.slice(0, cursor.line).join('\n');
    cursorOffset = (cursor.line > 0 ? before.length + 1 : 0) + cursor.column;
  }
  return { files, cursor: cursor ? { uri: cursor.file.uri, offset: cursorOffset, file: cursor.file } : undefined };
}

/** A language service loaded with the fixture's files. */
export function load(source, settings) {
  const fx = parseFixture(source);
  const service = core.getLanguageService(settings);
  for (const f of fx.files) service.updateFile(f.uri, f.text);
  return { ...fx, service };
}

/** Findings of every file as `path:line:col CODE`, sorted, for whole-result comparison. */
export function renderFindings(service, files, { codes } = {}) {
  const out = [];
  for (const f of files) {
    const lines = new core.LineIndex(f.text);
    for (const d of service.diagnostics().get(f.uri) ?? []) {
      if (codes && !codes.includes(d.code)) continue;
      const p = lines.positionAt(d.span.start);
      const e = lines.positionAt(d.span.end);
      // One caret per character on the line; a range that runs onto later lines is marked to the line end.
      const lineEnd = f.text.split('\n')[p.line].length;
      const end = e.line === p.line ? e.character : lineEnd;
      out.push(`${f.path}:${p.line}:${p.character}-${Math.max(end, p.character + 1)} ${d.code}`);
    }
  }
  return out.sort();
}

/** The expected findings written as `# ^^^ CODE` annotations, rendered the same way. */
export function expectedFindings(files) {
  return files.flatMap((f) => f.expected.map((e) => `${f.path}:${e.line}:${e.column}-${e.column + e.length} ${e.code}`)).sort();
}

/**
 * Asserts that the fixture yields exactly its annotated findings (optionally only
 * for the given codes). Returns the service for further checks.
 */
export function check(assert, source, { settings, codes } = {}) {
  const fx = load(source, settings);
  assert.deepStrictEqual(renderFindings(fx.service, fx.files, { codes }), expectedFindings(fx.files));
  return fx;
}

/** All findings for a fixture with their messages, for message assertions. */
export function findingsOf(fx, path) {
  const f = fx.files.find((x) => x.path === path) ?? fx.files[0];
  return fx.service.diagnostics().get(f.uri) ?? [];
}
