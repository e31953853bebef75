// Fixes that change one resource in place: quote a wildcard host (ILS0101),
// rename a misspelt field (IST0106), move to the v1 API (ILS0501), scope a
// ServiceEntry (ILS0303), add a gateway to `gateways` (ILS0203, ILS0204),
// give a destination its port (IST0112).
import { resourceKey } from '../../resourceKey';
import { isMap, isSeq } from 'yaml';
import { EditBuilder, type TextEdit, type WorkspaceEdit } from '../../edit/workspaceEdit';
import { Flow } from '../../edit/render';
import { addPair, afterNode, appendToSeq, quoteLike, seqAt } from '../../edit/yamlEdits';
import { addKey, nodeAt } from '../../edit/resourceEdits';
import { locate } from '../../parse/locate';
import { findPair, get } from '../../parse/ast';
import type { Span } from '../../model';
import { Rules } from '../../catalog';
import type { UnknownField, UnquotedWildcard } from '../../schema/validate';
import type { OlderApiVersion } from '../../analyzers/apiVersionV1';
import type { MissingGateway } from '../../analyzers/matchGatewayNotListed';
import type { PortChoice } from '../../analyzers/destinationPort';
import type { HostNotFound } from '../../analyzers/destinationHosts';
import type { FixContext } from './types';
import { fqdn, intersects, parseGatewayRef } from '../../hosts';
import { exposesAny } from '../../analyzers/gatewayBinding';
import type { Typed } from '../../index/snapshot';
import type { VirtualServiceData } from '../../model';
import { boundToMesh } from '../../analyzers/vsGateways';
import { dataOf, defineFix, spanOf } from './types';

export function single(uri: string, edit: TextEdit | undefined): WorkspaceEdit | undefined {
  if (!edit) return undefined;
  const b = new EditBuilder();
  b.add(uri, edit);
  return b.build();
}

/** Replaces the text of a finding's span when it still reads `expected`. */
function replaceIfStill(ctx: FixContext, uri: string, at: Span, expected: (text: string) => boolean, replacement: (text: string) => string): WorkspaceEdit | undefined {
  const text = ctx.textOf(uri);
  const span = spanOf({ span: at });
  if (text === undefined || span.start < 0) return undefined;
  const current = text.slice(span.start, span.end);
  if (!expected(current)) return undefined;
  return single(uri, { span, newText: replacement(current) });
}

export const quoteHost = defineFix<{ span: Span; host: string }>({
  id: 'quoteHost',
  rules: [Rules.UnquotedWildcardHost],
  kind: 'quickfix',
  eager: true,
  safe: true,
  offer(f) {
    const { host } = dataOf<UnquotedWildcard>(f);
    if (typeof host !== 'string') return [];
    return [{ title: `Quote the host: "${host}"`, preferred: true, payload: { span: f.span, host } }];
  },
  resolve: (p, uri, ctx) =>
    replaceIfStill(
      ctx,
      uri,
      p.span,
      (t) => t === p.host,
      (t) => JSON.stringify(t),
    ),
});

export const renameField = defineFix<{ span: Span; field: string; suggestion: string }>({
  id: 'renameField',
  rules: [Rules.SchemaValidation],
  kind: 'quickfix',
  eager: true,
  dataKinds: ['unknownField'],
  offer(f, uri, ctx) {
    const { field, suggestion } = dataOf<UnknownField>(f);
    if (typeof field !== 'string' || typeof suggestion !== 'string') return [];
    // Renaming onto a key that is already there would make a duplicate key.
    const file = ctx.source(uri);
    const loc = file ? locate(file.docs, f.span.start) : undefined;
    if (loc?.parentMap && findPair(loc.parentMap, suggestion)) return [];
    // A case-only rename (`Name:` → `name:`) cannot mean anything else: fixAll applies it.
    const safe = field.toLowerCase() === suggestion.toLowerCase();
    return [{ title: `Rename "${field}" to "${suggestion}"`, preferred: true, safe, payload: { span: f.span, field, suggestion } }];
  },
  resolve: (p, uri, ctx) =>
    replaceIfStill(
      ctx,
      uri,
      p.span,
      (t) => t.replace(/^["']|["']$/g, '') === p.field,
      (t) => quoteLike(t, String(p.suggestion)),
    ),
});

/** IST0106 invalid enum value with a close allowed one (`dns` → `DNS`, `SIMPEL` → `SIMPLE`). */
export const setEnumValue = defineFix<{ span: Span; value: string; suggestion: string }>({
  id: 'setEnumValue',
  rules: [Rules.SchemaValidation],
  kind: 'quickfix',
  eager: true,
  dataKinds: ['enum'],
  offer(f, uri, ctx) {
    const { suggestion } = dataOf<{ suggestion?: string }>(f);
    const value = ctx.textOf(uri)?.slice(f.span.start, f.span.end).replace(/^["']|["']$/g, '');
    if (typeof suggestion !== 'string' || value === undefined) return [];
    const safe = value.toLowerCase() === suggestion.toLowerCase();
    return [{ title: `Change to ${suggestion}`, preferred: true, safe, payload: { span: f.span, value, suggestion } }];
  },
  resolve: (p, uri, ctx) =>
    replaceIfStill(
      ctx,
      uri,
      p.span,
      (t) => t.replace(/^["']|["']$/g, '') === p.value,
      (t) => quoteLike(t, String(p.suggestion)),
    ),
});

/** IST0106 a number written as a string (`number: "8080"`): the API server rejects the string. */
export const unquoteNumber = defineFix<{ span: Span; text: string }>({
  id: 'unquoteNumber',
  rules: [Rules.SchemaValidation],
  kind: 'quickfix',
  eager: true,
  safe: true,
  dataKinds: ['type'],
  offer(f, uri, ctx) {
    const { expected } = dataOf<{ expected?: string }>(f);
    const text = ctx.textOf(uri)?.slice(f.span.start, f.span.end);
    if (expected !== 'a number' || !text || !/^(["'])\d{1,9}\1$/.test(text)) return [];
    return [{ title: `Write ${text.slice(1, -1)} as a number`, preferred: true, payload: { span: f.span, text } }];
  },
  resolve: (p, uri, ctx) =>
    replaceIfStill(
      ctx,
      uri,
      p.span,
      (t) => t === p.text,
      (t) => t.slice(1, -1),
    ),
});

/** IST0101 host not found with a Service of a close name in its namespace: write that name. */
export const fixHostTypo = defineFix<{ span: Span; host: string; suggestion: string }>({
  id: 'fixHostTypo',
  rules: [Rules.ReferencedResourceNotFound],
  kind: 'quickfix',
  eager: true,
  dataKinds: ['hostNotFound'],
  offer(f, uri, ctx) {
    const { suggestion } = dataOf<HostNotFound>(f);
    const host = ctx.textOf(uri)?.slice(f.span.start, f.span.end).replace(/^["']|["']$/g, '');
    if (typeof suggestion !== 'string' || !host) return [];
    return [{ title: `Change to "${suggestion}"`, preferred: true, payload: { span: f.span, host, suggestion } }];
  },
  resolve: (p, uri, ctx) =>
    replaceIfStill(
      ctx,
      uri,
      p.span,
      (t) => t.replace(/^["']|["']$/g, '') === p.host,
      (t) => quoteLike(t, String(p.suggestion)),
    ),
});

/** ILS0302: a wildcard host cannot be resolved by DNS without endpoints; the proxy forwards to what the application resolved with NONE. */
export const resolutionNone = defineFix<{ span: Span; from: string }>({
  id: 'resolutionNone',
  rules: [Rules.WildcardDnsWithoutEndpoints],
  kind: 'quickfix',
  offer(f, uri, ctx) {
    const at = f.related?.find((r) => r.uri === uri && r.message.startsWith('resolution: '));
    const from = at && ctx.textOf(uri)?.slice(at.span.start, at.span.end);
    if (!at || !from || !/^["']?DNS(_ROUND_ROBIN)?["']?$/.test(from)) return [];
    return [{ title: 'Change resolution to NONE', preferred: true, payload: { span: at.span, from } }];
  },
  resolve: (p, uri, ctx) =>
    replaceIfStill(
      ctx,
      uri,
      p.span,
      (t) => t === p.from,
      (t) => quoteLike(t, 'NONE'),
    ),
});

export const setApiVersion = defineFix<{ span: Span; replacement: string }>({
  id: 'setApiVersion',
  rules: [Rules.OlderApiVersion],
  kind: 'quickfix',
  eager: true,
  safe: true,
  offer(f) {
    const { replacement } = dataOf<OlderApiVersion>(f);
    if (typeof replacement !== 'string') return [];
    return [{ title: `Change apiVersion to ${replacement}`, preferred: true, payload: { span: f.span, replacement } }];
  },
  resolve(p, uri, ctx) {
    const text = ctx.textOf(uri);
    return text !== undefined ? single(uri, apiVersionEdit(text, spanOf(p), String(p.replacement))) : undefined;
  },
});

export function apiVersionEdit(text: string, span: { start: number; end: number }, replacement: string): TextEdit | undefined {
  const current = text.slice(span.start, span.end);
  const group = replacement.split('/')[0];
  if (!current.replace(/^["']|["']$/g, '').startsWith(group + '/')) return undefined;
  return { span, newText: quoteLike(current, replacement) };
}

export const addExportTo = defineFix<{ resource: string }>({
  id: 'addExportTo',
  rules: [Rules.ServiceEntryVisibleEverywhere],
  kind: 'quickfix',
  offer(f) {
    if (!f.resource) return [];
    return [{ title: 'Add exportTo: ["."] (visible to this namespace only)', preferred: true, payload: { resource: f.resource } }];
  },
  resolve(p, uri, ctx) {
    const file = ctx.source(uri);
    if (!file) return undefined;
    const key = String(p.resource);
    const spec = nodeAt(file, key, ['spec']);
    // `exportTo: []` means everywhere too: the list gets the entry.
    const present = seqAt(spec, 'exportTo');
    if (present) return present.items.length === 0 ? single(uri, appendToSeq(file.text, present, '.', file.style)) : undefined;
    const hosts = get(spec, 'hosts');
    const value = isSeq(hosts) && hosts.flow ? new Flow(['.']) : ['.'];
    return single(uri, addKey(file, key, ['spec'], 'exportTo', value, 'hosts'));
  },
});

export const addGateway = defineFix<{ resource: string; gateway: string }>({
  id: 'addGateway',
  rules: [Rules.MatchGatewayNotListed, Rules.EgressWithoutMesh],
  kind: 'quickfix',
  offer(f, uri, ctx) {
    const { gateway } = dataOf<MissingGateway>(f);
    if (typeof gateway !== 'string' || !f.resource) return [];
    // Binding to the sidecars where another mesh VirtualService claims the host conflicts (IST0109).
    if (gateway === 'mesh' ? meshHostTaken(ctx, uri, f.resource) : !bindable(ctx, uri, f.resource, gateway)) return [];
    return [{ title: `Add "${gateway}" to gateways`, preferred: true, payload: { resource: f.resource, gateway } }];
  },
  resolve(p, uri, ctx) {
    const file = ctx.source(uri);
    if (!file) return undefined;
    const spec = nodeAt(file, String(p.resource), ['spec']);
    if (!isMap(spec)) return undefined;
    const gateway = String(p.gateway);
    const list = seqAt(spec, 'gateways');
    if (list) return single(uri, appendToSeq(file.text, list, gateway, file.style));
    // No list means `mesh` only: keep it when adding another gateway.
    const value = gateway === 'mesh' ? ['mesh'] : ['mesh', gateway];
    const hosts = seqAt(spec, 'hosts');
    return single(uri, addPair(file.text, spec, 'gateways', hosts?.flow ? new Flow(value) : value, file.style, 'hosts'));
  },
});

export const addPort = defineFix<{ resource: string; span: Span; port: number }>({
  id: 'addPort',
  rules: [Rules.DestinationPortRequired],
  kind: 'quickfix',
  offer(f) {
    const { ports } = dataOf<PortChoice>(f);
    const resource = f.resource;
    if (!Array.isArray(ports) || !resource) return [];
    return ports.filter((p): p is number => typeof p === 'number').map((port) => ({ title: `Send to port ${port}`, payload: { resource, span: f.span, port } }));
  },
  resolve(p, uri, ctx) {
    const file = ctx.source(uri);
    const span = spanOf(p);
    if (!file || span.start < 0) return undefined;
    const loc = locate(file.docs, span.start);
    // The finding is on the destination's `host` value; its mapping gets the port.
    if (!loc || loc.path[loc.path.length - 1] !== 'host' || !isMap(loc.parentMap) || findPair(loc.parentMap, 'port')) return undefined;
    return single(uri, addPair(file.text, loc.parentMap, 'port', { number: Number(p.port) }, file.style, 'host'));
  },
});

function meshHostTaken(ctx: FixContext, uri: string, key: string): boolean {
  const vs = ctx.source(uri)?.resources.find((r) => resourceKey(r) === key);
  if (!vs || vs.data.kind !== 'VirtualService') return false;
  const own = vs.data.hosts.map((h) => fqdn(h.value, vs.namespace));
  return ctx.snapshot.virtualServices.some(
    (other) =>
      !(other.namespace === vs.namespace && other.name === vs.name) &&
      boundToMesh(other.data) &&
      other.data.hosts.some((h) => own.some((o) => intersects(o, fqdn(h.value, other.namespace)))),
  );
}

/** Listing a Gateway that is not in the workspace, or does not expose the hosts, would raise IST0101 or IST0132. */
function bindable(ctx: FixContext, uri: string, key: string, gateway: string): boolean {
  const vs = ctx.source(uri)?.resources.find((r) => resourceKey(r) === key);
  if (!vs || vs.data.kind !== 'VirtualService') return false;
  const ref = parseGatewayRef(gateway, vs.namespace);
  const gw = ref.invalid || ref.mesh ? undefined : ctx.snapshot.findGateway(ref.namespace, ref.name);
  return !!gw && (vs.data.hosts.length === 0 || exposesAny(gw, vs as Typed<VirtualServiceData>));
}

/**
 * IST0106, a field one level too high: `route:` under a VirtualService's
 * `spec` belongs in an `http` item. When the map has no such list yet, the
 * pair becomes the first item of a new one (`http:` then `- route:`, every
 * line two columns further in). Block style only.
 */
export const moveIntoItem = defineFix<{ span: Span; field: string; into: string }>({
  id: 'moveIntoItem',
  rules: [Rules.SchemaValidation],
  kind: 'quickfix',
  dataKinds: ['unknownField'],
  offer(f, uri, ctx) {
    const { field, misplacedIn, array } = dataOf<UnknownField>(f);
    if (typeof field !== 'string' || typeof misplacedIn !== 'string' || !array) return [];
    if (!moveEdit(ctx, uri, f.span, field, misplacedIn)) return [];
    return [{ title: `Move "${field}" into an "${misplacedIn}" item`, preferred: true, payload: { span: f.span, field, into: misplacedIn } }];
  },
  resolve: (p, uri, ctx) => single(uri, moveEdit(ctx, uri, spanOf(p), String(p.field), String(p.into))),
});

function moveEdit(ctx: FixContext, uri: string, at: Span, field: string, into: string): TextEdit | undefined {
  const file = ctx.source(uri);
  if (!file || at.start < 0) return undefined;
  const loc = locate(file.docs, at.start);
  const map = loc?.parentMap;
  if (!isMap(map) || map.flow || findPair(map, into)) return undefined;
  const pair = findPair(map, field);
  const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
  if (!pair || !keyRange || keyRange[0] !== at.start) return undefined;
  const text = file.text;
  const start = text.lastIndexOf('\n', keyRange[0] - 1) + 1;
  const indent = text.slice(start, keyRange[0]);
  if (/\S/.test(indent)) return undefined;
  const end = afterNode(text, pair.value ?? pair.key, file.style.eol).offset;
  const lines = text.slice(start, end).split(/(?<=\n)/);
  const moved = lines.map((l, i) => (i === 0 ? `${indent}- ${l.slice(indent.length)}` : /\S/.test(l) ? `  ${l}` : l)).join('');
  return { span: { start, end }, newText: `${indent}${into}:${file.style.eol}${moved}` };
}
