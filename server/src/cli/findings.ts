// The findings `istio-ls check` reports: those of the files it was asked
// about, plus the configuration file's own, with positions made once here
// for every output format.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LineIndex, type Finding, type Severity } from '../core';
import { resourceKey } from '../core/resourceKey';
import type { LoadedWorkspace } from './loadWorkspace';

export interface Position1 {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Reported extends Position1 {
  uri: string;
  /** As the user would type it: relative to the current directory when inside it. */
  file: string;
  finding: Finding;
  related: (Position1 & { uri: string; file: string; message: string })[];
}

export const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'information', 'hint'];

export function collectFindings(ws: LoadedWorkspace): Reported[] {
  const { service, config } = ws;
  const linesCache = new Map<string, LineIndex | undefined>();
  const linesOf = (uri: string): LineIndex | undefined => {
    if (!linesCache.has(uri)) {
      const s = service.getSummary(uri);
      linesCache.set(uri, uri === config?.uri ? new LineIndex(config.text) : s ? LineIndex.fromStarts(s.lineStarts, s.length) : undefined);
    }
    return linesCache.get(uri);
  };
  const snap = service.snapshot();
  // A file's own findings name its resources as the file writes them (made before kustomize and GitOps
  // placement); the workspace's findings name them where they are applied. Both say the latter.
  const placed = (uri: string, f: Finding): Finding => {
    if (!f.resource) return f;
    const r = snap.files.get(uri)?.resources.find((x) => x.span.start <= f.span.start && f.span.start < x.span.end);
    if (!r) return f;
    const key = resourceKey(r);
    const [kind, , name] = f.resource.split('/');
    const [placedKind, , placedName] = key.split('/');
    return key !== f.resource && kind === placedKind && name === placedName ? { ...f, resource: key } : f;
  };
  const out: Reported[] = [];
  const add = (uri: string, own: Finding): void => {
    const lines = linesOf(uri);
    if (!lines) return;
    const f = placed(uri, own);
    const related = (f.related ?? []).flatMap((r) => {
      const rl = linesOf(r.uri);
      return rl ? [{ uri: r.uri, file: displayPath(r.uri), message: r.message, ...position(rl, r.span) }] : [];
    });
    out.push({ uri, file: displayPath(uri), finding: f, related, ...position(lines, f.span) });
  };
  if (config) for (const f of config.parsed.findings) add(config.uri, f);
  for (const [uri, findings] of service.diagnostics()) {
    if (!ws.reported.has(uri)) continue;
    for (const f of findings) add(uri, f);
  }
  out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return out;
}

export function atLeast(severity: Severity, min: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(min);
}

export function position(lines: LineIndex, span: { start: number; end: number }): Position1 {
  const s = lines.positionAt(span.start);
  const e = lines.positionAt(span.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export function displayPath(uri: string): string {
  const file = URI.parse(uri).fsPath;
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
