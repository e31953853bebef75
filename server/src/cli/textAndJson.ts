// The text format for people and the JSON format for scripts. The JSON shape
// is a contract pinned by test/cli/check.test.mjs: one array of
// { file, line, column, endLine, endColumn, severity, code, message, resource }.
import type { Reported } from './findings';

export function writeJson(rows: Reported[], out: NodeJS.WritableStream): void {
  const json = rows.map((r) => ({
    file: r.file,
    line: r.line,
    column: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
    severity: r.finding.severity,
    code: r.finding.code,
    message: r.finding.message,
    resource: r.finding.resource,
  }));
  out.write(JSON.stringify(json, null, 2) + '\n');
}

export interface TextSummary {
  files: number;
  /** Findings left out by --min-severity. */
  hidden: number;
  hiddenBelow: string;
  excluded: number;
}

export function writeText(rows: Reported[], summary: TextSummary, out: NodeJS.WritableStream): void {
  for (const r of rows) {
    const f = r.finding;
    out.write(`${r.file}:${r.line}:${r.column}: ${f.severity} ${f.code}: ${f.message}${f.resource ? ` [${f.resource}]` : ''}\n`);
  }
  const count = (...s: string[]) => rows.filter((r) => s.includes(r.finding.severity)).length;
  let line = `${plural(summary.files, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('information', 'hint'), 'note')}.`;
  if (summary.hidden) {
    const what = summary.hiddenBelow === 'information' ? plural(summary.hidden, 'hint') : `${plural(summary.hidden, 'finding')} below ${summary.hiddenBelow}`;
    line += ` ${what} not shown (--min-severity hint shows ${summary.hidden === 1 ? 'it' : 'them'}).`;
  }
  if (summary.excluded) line += ` ${plural(summary.excluded, 'file')} skipped by the configuration's exclude.`;
  out.write(`${rows.length ? '\n' : ''}${line}\n`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
