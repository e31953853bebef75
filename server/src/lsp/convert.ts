// The only place that turns the core's offsets and findings into LSP shapes.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver/node';
import { LineIndex, codeUrl, type FileSummary, type Finding, type Span } from '../core';

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

export function toRange(lines: LineIndex, span: Span): Range {
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
