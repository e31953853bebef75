// Case files: test/fixtures/<CODE>/<case>.yaml, one case per file, run by
// test/core/fixtures.test.mjs. A case holds one or more workspace files
// (`#- /path` starts one). Under a line, `# ^^^ CODE severity` expects that
// finding on exactly the carets (a range running onto later lines is marked
// to the line end); `#0 ^^^ CODE severity` marks a finding that starts in
// column 0, where a caret cannot stand. `#! CODE severity` right after a file
// header expects a finding at the start of that file (line 0, column 0, one
// character). `#! settings: {json}` analyses the case
// with these settings. Lines starting with `## ` describe the case and are
// dropped. A case expects the COMPLETE set of findings of its files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { core, load } from './fixture.mjs';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

const ANNOTATION = /^(\s*#\s*\^+\s+[A-Z]+\d+)\s+(error|warning|information|hint)\s*$/;
const FILE_LEVEL = /^#! ([A-Z]+\d+) (error|warning|information|hint)\s*$/;
const COLUMN_ZERO = /^#0 (\^+) ([A-Z]+\d+) (error|warning|information|hint)\s*$/;
const SETTINGS = /^#! settings: (.*)$/;

/**
 * A case file as the fixture helpers read it: `source` keeps the caret
 * annotations without their severities (as parseFixture reads them),
 * `severities` lists theirs in order, and `fileLevel` renders the findings
 * marked with `#!` or `#0` as `path:line:col-end CODE severity`.
 */
export function readCase(path) {
  const severities = [];
  const fileLevel = [];
  const lines = [];
  let settings;
  let file = '/main.yaml';
  let lineInFile = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('## ')) continue;
    const header = /^#- (\S+)/.exec(line);
    if (header) {
      file = header[1];
      lineInFile = -1;
    }
    const options = SETTINGS.exec(line);
    if (options) {
      settings = JSON.parse(options[1]);
      continue;
    }
    const whole = FILE_LEVEL.exec(line);
    if (whole) {
      fileLevel.push(`${file}:0:0-1 ${whole[1]} ${whole[2]}`);
      continue;
    }
    const zero = COLUMN_ZERO.exec(line);
    if (zero) {
      fileLevel.push(`${file}:${lineInFile - 1}:0-${zero[1].length} ${zero[2]} ${zero[3]}`);
      continue;
    }
    const m = ANNOTATION.exec(line);
    if (m) {
      severities.push(m[2]);
      lines.push(m[1]);
    } else {
      lines.push(line);
      lineInFile++;
    }
  }
  const source = lines.join('\n');
  return { source, settings, severities, fileLevel };
}

/** The case's files loaded into a language service (with the case's settings), as `load` returns them. */
export function loadCase(name) {
  const { source, settings } = readCase(join(FIXTURES, name));
  return load(source, settings);
}

/** Expected findings of a read case, given its loaded files (annotations in source order). */
export function expectedOf(fx, { severities, fileLevel }) {
  const annotations = fx.files.flatMap((f) => f.expected.map((e) => ({ f, e })));
  if (annotations.length !== severities.length) throw new Error('every caret annotation needs a severity');
  const carets = annotations.map(({ f, e }, i) => `${f.path}:${e.line}:${e.column}-${e.column + e.length} ${e.code} ${severities[i]}`);
  return [...carets, ...fileLevel].sort();
}

/** Every finding of the files, rendered as `expectedOf` renders annotations. */
export function actualOf(fx) {
  const out = [];
  for (const f of fx.files) {
    const lines = new core.LineIndex(f.text);
    const textLines = f.text.split('\n');
    for (const d of fx.service.diagnostics().get(f.uri) ?? []) {
      const p = lines.positionAt(d.span.start);
      const e = lines.positionAt(d.span.end);
      const end = e.line === p.line ? e.character : textLines[p.line].length;
      out.push(`${f.path}:${p.line}:${p.character}-${Math.max(end, p.character + 1)} ${d.code} ${d.severity}`);
    }
  }
  return out.sort();
}

/** Case folders and their `.yaml` files, sorted; `strays` are the entries that are neither. */
export function caseFolders() {
  const entries = readdirSync(FIXTURES, { withFileTypes: true });
  const strays = entries.filter((e) => !e.isDirectory()).map((e) => e.name);
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => {
      const names = readdirSync(join(FIXTURES, e.name));
      strays.push(...names.filter((n) => !n.endsWith('.yaml')).map((n) => `${e.name}/${n}`));
      return { folder: e.name, files: names.filter((n) => n.endsWith('.yaml')).sort() };
    })
    .sort((a, b) => (a.folder < b.folder ? -1 : 1));
  return { folders, strays };
}

/** Findings with this code: the text their range covers, severity, message, related (path:line:col and first line of the text there), data. */
export function findingDetails(fx, code) {
  const byUri = new Map(fx.files.map((f) => [f.uri, f]));
  const at = (f, offset) => {
    const p = new core.LineIndex(f.text).positionAt(offset);
    return `${f.path}:${p.line}:${p.character}`;
  };
  const out = [];
  for (const f of fx.files) {
    for (const d of fx.service.diagnostics().get(f.uri) ?? []) {
      if (d.code !== code) continue;
      out.push({
        text: f.text.slice(d.span.start, d.span.end),
        severity: d.severity,
        message: d.message,
        related: (d.related ?? []).map((r) => {
          const rf = byUri.get(r.uri);
          return `${at(rf, r.span.start)} ${rf.text.slice(r.span.start, r.span.end).split('\n')[0]}`;
        }),
        data: d.data,
      });
    }
  }
  return out;
}
