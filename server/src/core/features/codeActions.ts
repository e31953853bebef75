// Code actions: one quick fix (or a short choice) for each diagnostic where an
// obvious fix exists, the egress bundle command on external hosts, and two
// source actions. Listing is cheap (titles and plain data); the edit of the
// chosen action is computed on resolve, from the files' current text.
import type { Finding, Span } from '../model';
import type { WorkspaceEdit } from '../edit/workspaceEdit';
import { Rules } from '../catalog';
import type { Fix, FixContext, FixData, Offer } from './fixes/types';
import { EGRESS_COMMAND } from './fixes/types';
import { FIXES, answers, fixById } from './fixes/allFixes';
import { SOURCE_ACTIONS } from './fixes/sourceActions';

export interface CodeActionInfo {
  title: string;
  /** `quickfix`, `refactor`, `source.fixAll.istio-ls`, `source.istio.migrateV1`. */
  kind: string;
  /** The findings this action fixes. */
  fixes: Finding[];
  isPreferred?: boolean;
  /** Resolved into an edit by resolveCodeAction. */
  data?: FixData;
  /** Set instead of `data` when the edit is as cheap as the title (a replacement of the finding's span). */
  edit?: WorkspaceEdit;
  command?: { title: string; command: string; arguments: unknown[] };
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Does an action of `kind` answer a request limited to `only` (LSP kinds are dotted hierarchies)? */
export function kindMatches(kind: string, only: string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function findCodeActions(ctx: FixContext, uri: string, span: Span, findings: Finding[], only?: string[]): CodeActionInfo[] {
  const out: CodeActionInfo[] = [];
  // Some clients send no diagnostics with the request: use the index's at the range.
  const list = findings.length ? findings : (ctx.diagnostics().get(uri) ?? []).filter((f) => overlaps(f.span, span));
  if (kindMatches('quickfix', only)) {
    for (const f of list) {
      for (const fix of FIXES) {
        if (!answers(fix, f)) continue;
        for (const offer of safeOffer(fix, f, uri, ctx)) {
          const action = toAction(offer, fix.kind, [f], offer.payload && { fix: fix.id, uri, ...offer.payload });
          if (fix.eager && offer.payload) {
            action.edit = fix.resolve(offer.payload, uri, ctx);
            action.data = undefined;
            if (!action.edit) continue;
          }
          out.push(action);
        }
      }
    }
  }
  if (kindMatches('refactor', only)) out.push(...egressOnServiceEntryHost(ctx, uri, span));
  // Unasked, the source actions show only where v1 migration is due.
  const olderApi = (ctx.diagnostics().get(uri) ?? []).some((f) => f.code === Rules.OlderApiVersion.code);
  for (const s of SOURCE_ACTIONS) {
    if (only && only.length ? !kindMatches(s.kind, only) : !olderApi) continue;
    const offer = s.offer(ctx, uri);
    if (offer) out.push(toAction(offer, s.kind, [], { fix: s.id, uri }));
  }
  return out;
}

function safeOffer(fix: Fix, f: Finding, uri: string, ctx: FixContext): Offer[] {
  try {
    return fix.offer(f, uri, ctx);
  } catch {
    // A fix that cannot read the file offers nothing; the other fixes still do.
    return [];
  }
}

function toAction(offer: Offer, kind: string, fixes: Finding[], data: FixData | undefined): CodeActionInfo {
  return { title: offer.title, kind, fixes, isPreferred: offer.preferred || undefined, data, command: offer.command };
}

/** On a ServiceEntry host: start the egress bundle for it. */
function egressOnServiceEntryHost(ctx: FixContext, uri: string, span: Span): CodeActionInfo[] {
  // Asked on every cursor move: the index's summary is used when it matches the text.
  for (const r of ctx.resources(uri)) {
    if (r.data.kind !== 'ServiceEntry' || !overlaps(r.span, span)) continue;
    const host = r.data.hosts.find((h) => overlaps(h.span, span) && !h.value.includes('*'));
    if (!host) continue;
    const port = r.data.ports[0];
    const tls = port && ['TLS', 'HTTPS'].includes((port.protocol ?? '').toUpperCase());
    const args = { host: host.value, namespace: r.namespace, port: port?.number, protocol: tls ? 'https-passthrough' : 'http' };
    return [
      {
        title: `Route ${host.value} through the egress gateway…`,
        kind: 'refactor',
        fixes: [],
        command: { title: 'Route through the egress gateway', command: EGRESS_COMMAND, arguments: [args] },
      },
    ];
  }
  return [];
}

export function resolveCodeAction(ctx: FixContext, data: unknown): WorkspaceEdit | undefined {
  const d = data as FixData | undefined;
  if (!d || typeof d.fix !== 'string' || typeof d.uri !== 'string') return undefined;
  const { fix: id, uri, ...payload } = d;
  const fix = fixById(id);
  if (fix) return fix.resolve(payload, uri, ctx);
  return SOURCE_ACTIONS.find((s) => s.id === id)?.resolve(uri, ctx);
}
