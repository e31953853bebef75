// The only place that turns the core's offsets and findings into LSP shapes.
import { DiagnosticSeverity, DiagnosticTag, type CreateFile, type Diagnostic, type Position, type Range, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { LineIndex, codeUrl, type FileSummary, type Finding, type Span, type WorkspaceEdit as CoreWorkspaceEdit } from '../core';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function lineIndexOf(summary: FileSummary | undefined, text?: string): LineIndex | undefined {
  if (text !== undefined) return new LineIndex(text);
  return summary ? LineIndex.fromStarts(summary.lineStarts, summary.length) : undefined;
}

/** Offsets to positions: a LineIndex, or an open TextDocument (which keeps its line table until the next edit). */
export interface Positions {
  positionAt(offset: number): Position;
}

export function toRange(lines: Positions, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function toDiagnostic(f: Finding, lines: LineIndex, linesOf: (uri: string) => LineIndex | undefined): Diagnostic {
  const d: Diagnostic = {
    range: toRange(lines, f.span),
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: codeUrl(f.code) },
    source: 'istio-ls',
    message: f.message,
  };
  if (f.tags?.length) d.tags = f.tags.map((t) => (t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary));
  if (f.related?.length) {
    d.relatedInformation = [];
    for (const r of f.related) {
      const li = linesOf(r.uri);
      if (li) d.relatedInformation.push({ location: { uri: r.uri, range: toRange(li, r.span) }, message: r.message });
    }
  }
  if (f.data || f.resource) d.data = { ...(f.data ?? {}), resource: f.resource };
  return d;
}

/** An offset span from an LSP range, in the text the range refers to. */
export function toSpan(lines: LineIndex, range: Range): Span {
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}

/** A client's istio-ls diagnostic back into the finding it was made from (code, span, data). */
export function fromDiagnostic(d: Diagnostic, lines: LineIndex): Finding {
  const { resource, ...data } = (d.data ?? {}) as Record<string, unknown>;
  return {
    code: String(d.code ?? ''),
    severity: d.severity === DiagnosticSeverity.Error ? 'error' : d.severity === DiagnosticSeverity.Information ? 'information' : d.severity === DiagnosticSeverity.Hint ? 'hint' : 'warning',
    message: d.message,
    span: toSpan(lines, d.range),
    resource: typeof resource === 'string' ? resource : null,
    data,
  };
}

/**
 * A core WorkspaceEdit as LSP `documentChanges` (file creations that never
 * overwrite, then versioned text edits), or as `changes` for a client
 * without documentChanges support. Offsets become positions in the text
 * `textOf` gives, the same text the core computed the edit from.
 */
export function toLspWorkspaceEdit(
  edit: CoreWorkspaceEdit,
  textOf: (uri: string) => string | undefined,
  versionOf: (uri: string) => number | null,
  documentChanges: boolean,
): WorkspaceEdit {
  const created = new Set<string>();
  const out: (CreateFile | TextDocumentEdit)[] = [];
  const changes: Record<string, TextEdit[]> = {};
  for (const change of edit.documentChanges) {
    if ('kind' in change) {
      created.add(change.uri);
      out.push({ kind: 'create', uri: change.uri, options: { overwrite: false, ignoreIfExists: false } });
      continue;
    }
    const lines = new LineIndex(created.has(change.uri) ? '' : (textOf(change.uri) ?? ''));
    const edits = change.edits.map((e) => ({ range: toRange(lines, e.span), newText: e.newText }));
    out.push({ textDocument: { uri: change.uri, version: created.has(change.uri) ? null : versionOf(change.uri) }, edits });
    changes[change.uri] = edits;
  }
  return documentChanges ? { documentChanges: out } : { changes };
}
