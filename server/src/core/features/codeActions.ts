// Code actions: one quick fix (or a short choice) for each diagnostic where an
// obvious fix exists, the egress bundle command on external hosts, and two
// source actions. Listing is cheap (titles and plain data); the edit of the
// chosen action is computed on resolve, from the files' current text.
import type { Finding, Span } from '../model';
import type { WorkspaceEdit } from '../edit/workspaceEdit';
import type { Fix, FixContext, FixData, Offer, Resolver } from './fixes/types';
import { EGRESS_COMMAND } from './fixes/types';
import { addExportTo, addGateway, addPort, quoteHost, renameField, setApiVersion } from './fixes/textFixes';
import { resolveAddExportTo, resolveAddGateway, resolveAddPort, resolveQuoteHost, resolveRenameField, resolveSetApiVersion } from './fixes/textFixes';
import { createGateway, exposeHost, fixGatewayRef, resolveAddHostToGateway, resolveCreateGateway, resolveReplaceGatewayRef } from './fixes/gatewayFixes';
import { defineSubset, registerHost, resolveAddSubset, resolveCreateDestinationRule, resolveCreateServiceEntry } from './fixes/registryFixes';
import { resolveFixAll, resolveMigrateV1, sourceOffers } from './fixes/sourceActions';

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

const FIXES: Fix[] = [quoteHost, renameField, setApiVersion, addExportTo, addGateway, addPort, createGateway, exposeHost, fixGatewayRef, registerHost, defineSubset];

const RESOLVERS: Record<string, Resolver> = {
  quoteHost: resolveQuoteHost,
  renameField: resolveRenameField,
  setApiVersion: resolveSetApiVersion,
  addExportTo: resolveAddExportTo,
  addGateway: resolveAddGateway,
  addPort: resolveAddPort,
  createGateway: resolveCreateGateway,
  replaceGatewayRef: resolveReplaceGatewayRef,
  addHostToGateway: resolveAddHostToGateway,
  createServiceEntry: resolveCreateServiceEntry,
  addSubset: resolveAddSubset,
  createDestinationRule: resolveCreateDestinationRule,
  fixAll: resolveFixAll,
  migrateV1: resolveMigrateV1,
};

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
      const kind = typeof f.data?.kind === 'string' ? f.data.kind : undefined;
      for (const fix of FIXES) {
        if (!fix.codes.includes(f.code) || (fix.kinds && (!kind || !fix.kinds.includes(kind)))) continue;
        for (const offer of safeOffer(fix, f, uri, ctx)) {
          const action = toAction(offer, 'quickfix', [f]);
          if (fix.eager && action.data) {
            action.edit = RESOLVERS[action.data.fix]?.(action.data, ctx);
            action.data = undefined;
            if (!action.edit) continue;
          }
          out.push(action);
        }
      }
    }
  }
  if (kindMatches('refactor', only)) out.push(...egressOnServiceEntryHost(ctx, uri, span));
  const wants = (kind: string) => (only && only.length ? kindMatches(kind, only) : (ctx.diagnostics().get(uri) ?? []).some((f) => f.code === 'ILS0501'));
  for (const s of sourceOffers(ctx, uri, wants)) out.push(toAction(s.offer, s.kind, []));
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

function toAction(offer: Offer, kind: string, fixes: Finding[]): CodeActionInfo {
  return { title: offer.title, kind, fixes, isPreferred: offer.preferred || undefined, data: offer.data, command: offer.command };
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
  const resolver = RESOLVERS[d.fix];
  return resolver ? resolver(d, ctx) : undefined;
}
