// Source actions over whole files: `source.fixAll.istio-ls` applies the fixes
// that cannot change meaning (v1 apiVersion, quoting wildcard hosts) to the
// current file; `source.istio.migrateV1` moves every Istio resource of the
// workspace to the v1 API names.
import type { Finding } from '../../model';
import { EditBuilder, type TextEdit, type WorkspaceEdit } from '../../edit/workspaceEdit';
import type { FixContext, FixData, Offer } from './types';
import { apiVersionEdit } from './textFixes';

export const FIX_ALL_KIND = 'source.fixAll.istio-ls';
export const MIGRATE_V1_KIND = 'source.istio.migrateV1';

function safeEdits(text: string, findings: Finding[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const f of findings) {
    if (f.code === 'ILS0501' && typeof f.data?.replacement === 'string') {
      const e = apiVersionEdit(text, f.span, f.data.replacement);
      if (e) out.push(e);
    } else if (f.code === 'ILS0101' && typeof f.data?.host === 'string' && text.slice(f.span.start, f.span.end) === f.data.host) {
      out.push({ span: f.span, newText: JSON.stringify(f.data.host) });
    }
  }
  return out;
}

/** The file's own findings recomputed from its current text (the index may lag). */
function freshFindings(ctx: FixContext, uri: string): Finding[] {
  return ctx.source(uri)?.findings ?? [];
}

export function sourceOffers(ctx: FixContext, uri: string, wants: (kind: string) => boolean): { kind: string; offer: Offer }[] {
  const out: { kind: string; offer: Offer }[] = [];
  if (wants(FIX_ALL_KIND) && (ctx.diagnostics().get(uri) ?? []).some((f) => f.code === 'ILS0501' || f.code === 'ILS0101')) {
    out.push({ kind: FIX_ALL_KIND, offer: { title: 'Fix all safely fixable istio-ls problems in this file', data: { fix: 'fixAll', uri } } });
  }
  if (wants(MIGRATE_V1_KIND)) {
    let files = 0;
    for (const list of ctx.diagnostics().values()) if (list.some((f) => f.code === 'ILS0501')) files++;
    if (files > 0) {
      out.push({ kind: MIGRATE_V1_KIND, offer: { title: `Move every Istio resource of the workspace to the v1 API (${files} file${files > 1 ? 's' : ''})`, data: { fix: 'migrateV1', uri } } });
    }
  }
  return out;
}

export function resolveFixAll(data: FixData, ctx: FixContext): WorkspaceEdit | undefined {
  const file = ctx.source(data.uri);
  if (!file) return undefined;
  const edits = safeEdits(file.text, freshFindings(ctx, data.uri));
  if (edits.length === 0) return undefined;
  const b = new EditBuilder();
  b.addAll(data.uri, dedupe(edits));
  return b.build();
}

export function resolveMigrateV1(_data: FixData, ctx: FixContext): WorkspaceEdit | undefined {
  const b = new EditBuilder();
  for (const [uri, list] of ctx.diagnostics()) {
    if (!list.some((f) => f.code === 'ILS0501')) continue;
    const file = ctx.source(uri);
    if (!file) continue;
    const edits = safeEdits(file.text, freshFindings(ctx, uri).filter((f) => f.code === 'ILS0501'));
    b.addAll(uri, edits);
  }
  return b.isEmpty() ? undefined : b.build();
}

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<number>();
  return edits.filter((e) => !seen.has(e.span.start) && seen.add(e.span.start));
}
