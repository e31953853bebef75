// `istio-ls check [paths…] [--format text|json] [--namespace NS]`: the same
// engine as the server, for CI. Exit 1 on any error-severity finding, 0 when
// clean, 2 on bad usage or an unreadable path.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { getLanguageService, LineIndex, type Finding, type Settings } from './core';
import { readText, walkYaml } from './node/walk';
import { normalizeIstioVersion } from './core/schema/istioVersion';

const USAGE = `Usage: istio-ls check [paths...] [--format text|json] [--namespace NS] [--registry partial|complete] [--istio-version 1.N]
       istio-ls --stdio     start the language server on stdio`;

interface Options {
  paths: string[];
  format: 'text' | 'json';
  settings: Partial<Settings>;
}

export async function runCli(args: string[], out = process.stdout, err = process.stderr): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    out.write(USAGE + '\n');
    return 0;
  }
  if (args[0] === '--version') {
    out.write('istio-ls 0.1.0\n');
    return 0;
  }
  if (args[0] !== 'check') {
    err.write(`istio-ls: ${args[0] ? `unknown command "${args[0]}"` : 'no command given'}\n${USAGE}\n`);
    return 2;
  }
  const parsed = parseArgs(args.slice(1));
  if (typeof parsed === 'string') {
    err.write(`istio-ls: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  return check(parsed, out, err);
}

function parseArgs(args: string[]): Options | string {
  const o: Options = { paths: [], format: 'text', settings: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      return args[++i];
    };
    if (a === '--format' || a.startsWith('--format=')) {
      const v = value();
      if (v !== 'text' && v !== 'json') return `--format must be text or json, not "${v ?? ''}"`;
      o.format = v;
    } else if (a === '--namespace' || a.startsWith('--namespace=') || a === '-n') {
      const v = value();
      if (!v) return '--namespace needs a value';
      o.settings.defaultNamespace = v;
    } else if (a === '--registry' || a.startsWith('--registry=')) {
      const v = value();
      if (v !== 'partial' && v !== 'complete') return `--registry must be partial or complete, not "${v ?? ''}"`;
      o.settings.registry = v;
    } else if (a === '--istio-version' || a.startsWith('--istio-version=')) {
      const v = value();
      const version = normalizeIstioVersion(v);
      if (!version) return `--istio-version must be an Istio release such as 1.29, not "${v ?? ''}"`;
      o.settings.istioVersion = version;
    } else if (a.startsWith('-')) {
      return `unknown option "${a}"`;
    } else {
      o.paths.push(a);
    }
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}

async function check(o: Options, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const service = getLanguageService(o.settings);
  const files: string[] = [];
  for (const p of o.paths) {
    const stat = await fs.stat(p).catch((e: Error) => e);
    if (stat instanceof Error) {
      err.write(`istio-ls: cannot read ${p}: ${stat.message}\n`);
      return 2;
    }
    if (!stat.isDirectory() && !stat.isFile()) {
      err.write(`istio-ls: cannot read ${p}: not a regular file or directory\n`);
      return 2;
    }
    if (stat.isDirectory()) {
      const walked = await walkYaml(p);
      for (const e of walked.errors) err.write(`istio-ls: warning: cannot read ${e.path}: ${e.message}\n`);
      files.push(...walked.files);
    } else {
      files.push(p);
    }
  }
  const display = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const file of files) {
    const uri = URI.file(path.resolve(file)).toString();
    display.set(uri, path.isAbsolute(file) ? file : path.relative(process.cwd(), path.resolve(file)) || file);
    try {
      const { text, size } = await readText(file, service.index.settings.maxFileSize);
      if (text === undefined) service.updateOversizeFile(uri, size);
      else {
        texts.set(uri, text);
        service.updateFile(uri, text);
      }
    } catch (e) {
      err.write(`istio-ls: cannot read ${file}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const rows: Row[] = [];
  for (const [uri, findings] of service.diagnostics()) {
    const summary = service.index.get(uri);
    const lines = texts.has(uri) ? new LineIndex(texts.get(uri)!) : LineIndex.fromStarts(summary?.lineStarts ?? [0], summary?.length ?? 0);
    for (const f of findings) rows.push(toRow(display.get(uri) ?? uri, f, lines));
  }
  rows.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  if (o.format === 'json') out.write(JSON.stringify(rows, null, 2) + '\n');
  else writeText(rows, files.length, out);
  return rows.some((r) => r.severity === 'error') ? 1 : 0;
}

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Finding['severity'];
  code: string;
  message: string;
  resource: string | null;
}

function toRow(file: string, f: Finding, lines: LineIndex): Row {
  const s = lines.positionAt(f.span.start);
  const e = lines.positionAt(f.span.end);
  return { file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: f.severity, code: f.code, message: f.message, resource: f.resource };
}

function writeText(rows: Row[], fileCount: number, out: NodeJS.WritableStream): void {
  for (const r of rows) out.write(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}${r.resource ? ` [${r.resource}]` : ''}\n`);
  const count = (s: string) => rows.filter((r) => r.severity === s).length;
  out.write(`\n${fileCount} files checked: ${count('error')} errors, ${count('warning')} warnings, ${count('information') + count('hint')} notes.\n`);
}
