// Fixes that change one resource in place: quote a wildcard host (ILS0101),
// rename a misspelt field (IST0106), move to the v1 API (ILS0501), scope a
// ServiceEntry (ILS0303), add a gateway to `gateways` (ILS0203, ILS0204),
// give a destination its port (IST0112).
import { isMap, isSeq } from 'yaml';
import { EditBuilder, type TextEdit, type WorkspaceEdit } from '../../edit/workspaceEdit';
import { Flow } from '../../edit/render';
import { addPair, appendToSeq, quoteLike, seqAt } from '../../edit/yamlEdits';
import { addKey, nodeAt } from '../../edit/resourceEdits';
import { locate } from '../../parse/locate';
import { findPair, get } from '../../parse/ast';
import type { Fix, FixContext, FixData, Resolver } from './types';
import { spanOf } from './types';

export function single(uri: string, edit: TextEdit | undefined): WorkspaceEdit | undefined {
  if (!edit) return undefined;
  const b = new EditBuilder();
  b.add(uri, edit);
  return b.build();
}

/** Replaces the text of a finding's span when it still reads `expected`. */
function replaceIfStill(ctx: FixContext, data: FixData, expected: (text: string) => boolean, replacement: (text: string) => string): WorkspaceEdit | undefined {
  const text = ctx.textOf(data.uri);
  const span = spanOf(data);
  if (text === undefined || span.start < 0) return undefined;
  const current = text.slice(span.start, span.end);
  if (!expected(current)) return undefined;
  return single(data.uri, { span, newText: replacement(current) });
}

export const quoteHost: Fix = {
  codes: ['ILS0101'],
  eager: true,
  offer(f, uri) {
    const host = f.data?.host;
    if (typeof host !== 'string') return [];
    return [{ title: `Quote the host: "${host}"`, preferred: true, data: { fix: 'quoteHost', uri, span: f.span, host } }];
  },
};

export const resolveQuoteHost: Resolver = (data, ctx) =>
  replaceIfStill(
    ctx,
    data,
    (t) => t === data.host,
    (t) => JSON.stringify(t),
  );

export const renameField: Fix = {
  codes: ['IST0106'],
  eager: true,
  kinds: ['unknownField'],
  offer(f, uri, ctx) {
    const { field, suggestion } = (f.data ?? {}) as { field?: string; suggestion?: string };
    if (typeof field !== 'string' || typeof suggestion !== 'string') return [];
    // Renaming onto a key that is already there would make a duplicate key.
    const file = ctx.source(uri);
    const loc = file ? locate(file.docs, f.span.start) : undefined;
    if (loc?.parentMap && findPair(loc.parentMap, suggestion)) return [];
    return [{ title: `Rename "${field}" to "${suggestion}"`, preferred: true, data: { fix: 'renameField', uri, span: f.span, field, suggestion } }];
  },
};

export const resolveRenameField: Resolver = (data, ctx) =>
  replaceIfStill(
    ctx,
    data,
    (t) => t.replace(/^["']|["']$/g, '') === data.field,
    (t) => quoteLike(t, String(data.suggestion)),
  );

export const setApiVersion: Fix = {
  codes: ['ILS0501'],
  eager: true,
  offer(f, uri) {
    const replacement = f.data?.replacement;
    if (typeof replacement !== 'string') return [];
    return [{ title: `Change apiVersion to ${replacement}`, preferred: true, data: { fix: 'setApiVersion', uri, span: f.span, replacement } }];
  },
};

export function apiVersionEdit(text: string, span: { start: number; end: number }, replacement: string): TextEdit | undefined {
  const current = text.slice(span.start, span.end);
  const group = replacement.split('/')[0];
  if (!current.replace(/^["']|["']$/g, '').startsWith(group + '/')) return undefined;
  return { span, newText: quoteLike(current, replacement) };
}

export const resolveSetApiVersion: Resolver = (data, ctx) => {
  const text = ctx.textOf(data.uri);
  return text !== undefined ? single(data.uri, apiVersionEdit(text, spanOf(data), String(data.replacement))) : undefined;
};

export const addExportTo: Fix = {
  codes: ['ILS0303'],
  offer(f, uri) {
    if (!f.resource) return [];
    return [{ title: 'Add exportTo: ["."] (visible to this namespace only)', preferred: true, data: { fix: 'addExportTo', uri, resource: f.resource } }];
  },
};

export const resolveAddExportTo: Resolver = (data, ctx) => {
  const file = ctx.source(data.uri);
  if (!file) return undefined;
  const key = String(data.resource);
  const hosts = get(nodeAt(file, key, ['spec']), 'hosts');
  const value = isSeq(hosts) && hosts.flow ? new Flow(['.']) : ['.'];
  return single(data.uri, addKey(file, key, ['spec'], 'exportTo', value, 'hosts'));
};

export const addGateway: Fix = {
  codes: ['ILS0203', 'ILS0204'],
  offer(f, uri) {
    const gateway = f.data?.gateway;
    if (typeof gateway !== 'string' || !f.resource) return [];
    return [{ title: `Add "${gateway}" to gateways`, preferred: true, data: { fix: 'addGateway', uri, resource: f.resource, gateway } }];
  },
};

export const resolveAddGateway: Resolver = (data, ctx) => {
  const file = ctx.source(data.uri);
  if (!file) return undefined;
  const spec = nodeAt(file, String(data.resource), ['spec']);
  if (!isMap(spec)) return undefined;
  const gateway = String(data.gateway);
  const list = seqAt(spec, 'gateways');
  if (list) return single(data.uri, appendToSeq(file.text, list, gateway, file.style));
  // No list means `mesh` only: keep it when adding another gateway.
  const value = gateway === 'mesh' ? ['mesh'] : ['mesh', gateway];
  const hosts = seqAt(spec, 'hosts');
  return single(data.uri, addPair(file.text, spec, 'gateways', hosts?.flow ? new Flow(value) : value, file.style, 'hosts'));
};

export const addPort: Fix = {
  codes: ['IST0112'],
  offer(f, uri) {
    const ports = f.data?.ports;
    if (!Array.isArray(ports) || !f.resource) return [];
    return ports
      .filter((p): p is number => typeof p === 'number')
      .map((port) => ({ title: `Send to port ${port}`, data: { fix: 'addPort', uri, resource: f.resource, span: f.span, port } }));
  },
};

export const resolveAddPort: Resolver = (data, ctx) => {
  const file = ctx.source(data.uri);
  const span = spanOf(data);
  if (!file || span.start < 0) return undefined;
  const loc = locate(file.docs, span.start);
  // The finding is on the destination's `host` value; its mapping gets the port.
  if (!loc || loc.path[loc.path.length - 1] !== 'host' || !isMap(loc.parentMap) || findPair(loc.parentMap, 'port')) return undefined;
  return single(data.uri, addPair(file.text, loc.parentMap, 'port', { number: Number(data.port) }, file.style, 'host'));
};
