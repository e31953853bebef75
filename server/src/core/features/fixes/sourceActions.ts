// Source actions over whole files: `source.fixAll.istio-ls` applies the fixes
// and offers marked `safe` (they cannot change what a valid document means: v1
// apiVersion, quoting wildcard hosts, `Name:` → `name:`, `"8080"` → `8080`,
// the current form of a gateway reference) to the current file;
// `source.istio.migrateV1` moves every Istio resource of the workspace to the
// v1 API names.
import type { Finding } from '../../model';
import { Rules } from '../../catalog';
import { EditBuilder, type TextEdit, type WorkspaceEdit } from '../../edit/workspaceEdit';
import type { Fix, FixContext, Offer } from './types';
import { FIXES, answers } from './allFixes';
import { setApiVersion } from './textFixes';

export const FIX_ALL_KIND = 'source.fixAll.istio-ls';
export const MIGRATE_V1_KIND = 'source.istio.migrateV1';


export interface SourceAction {
  readonly id: string;
  readonly kind: string;
  offer(ctx: FixContext, uri: string): Offer | undefined;
  resolve(uri: string, ctx: FixContext): WorkspaceEdit | undefined;
}

/** The edits of `fixes` for the findings of one file, computed from its current text. */
function editsOf(ctx: FixContext, uri: string, findings: Finding[], fixes: readonly Fix[], safeOnly = false): TextEdit[] {
  const out: TextEdit[] = [];
  for (const f of findings) {
    for (const fix of fixes) {
      if (!answers(fix, f)) continue;
      for (const offer of fix.offer(f, uri, ctx)) {
        if (safeOnly && !fix.safe && !offer.safe) continue;
        const edit = offer.payload ? fix.resolve(offer.payload, uri, ctx) : undefined;
        for (const change of edit?.documentChanges ?? []) if ('edits' in change && change.uri === uri) out.push(...change.edits);
      }
    }
  }
  const seen = new Set<number>();
  return out.filter((e) => !seen.has(e.span.start) && seen.add(e.span.start));
}

/** The file's own findings recomputed from its current text (the index may lag). */
function freshFindings(ctx: FixContext, uri: string): Finding[] {
  return ctx.source(uri)?.findings ?? [];
}

/** Those, and the workspace analyzers' findings of the file from the index (their fixes check the text they replace). */
function allFindings(ctx: FixContext, uri: string): Finding[] {
  const fresh = freshFindings(ctx, uri);
  const codes = new Set(fresh.map((f) => f.code));
  return [...fresh, ...(ctx.diagnostics().get(uri) ?? []).filter((f) => !codes.has(f.code))];
}

export const fixAll: SourceAction = {
  id: 'fixAll',
  kind: FIX_ALL_KIND,
  offer(ctx, uri) {
    const any = (ctx.diagnostics().get(uri) ?? []).some((f) => FIXES.some((fix) => answers(fix, f) && (fix.safe || fix.offer(f, uri, ctx).some((o) => o.safe))));
    return any ? { title: 'Fix all safely fixable istio-ls problems in this file' } : undefined;
  },
  resolve(uri, ctx) {
    if (!ctx.source(uri)) return undefined;
    const edits = editsOf(ctx, uri, allFindings(ctx, uri), FIXES, true);
    if (edits.length === 0) return undefined;
    const b = new EditBuilder();
    b.addAll(uri, edits);
    return b.build();
  },
};

const olderApi = (f: Finding) => f.code === Rules.OlderApiVersion.code;

export const migrateV1: SourceAction = {
  id: 'migrateV1',
  kind: MIGRATE_V1_KIND,
  offer(ctx) {
    let files = 0;
    for (const list of ctx.diagnostics().values()) if (list.some(olderApi)) files++;
    return files > 0 ? { title: `Move every Istio resource of the workspace to the v1 API (${files} file${files > 1 ? 's' : ''})` } : undefined;
  },
  resolve(_uri, ctx) {
    const b = new EditBuilder();
    for (const [uri, list] of ctx.diagnostics()) {
      if (!list.some(olderApi) || !ctx.source(uri)) continue;
      b.addAll(uri, editsOf(ctx, uri, freshFindings(ctx, uri).filter(olderApi), [setApiVersion as Fix]));
    }
    return b.isEmpty() ? undefined : b.build();
  },
};

export const SOURCE_ACTIONS: readonly SourceAction[] = [fixAll, migrateV1];
