// The outline: one symbol per resource (`Kind namespace/name`) with children
// for Gateway servers, VirtualService routes, DestinationRule subsets,
// ServiceEntry ports, Gateway API listeners, route parentRefs and
// ReferenceGrant from/to entries; and every resource of the workspace for workspace symbols.
import type { Resource, Span } from '../model';
import type { Snapshot } from '../index/snapshot';

export interface SymbolInfo {
  name: string;
  detail?: string;
  /** LSP SymbolKind name: Class, Field, Method, Property, Namespace… */
  kind: 'Class' | 'Field' | 'Method' | 'Property' | 'Namespace' | 'Struct' | 'Module';
  span: Span;
  selectionSpan: Span;
  children?: SymbolInfo[];
}

export function resourceSymbol(r: Resource): SymbolInfo {
  const selection = r.nameSpan ?? r.kindSpan ?? r.span;
  return {
    name: `${r.kind} ${r.namespace}/${r.name || '(unnamed)'}`,
    detail: r.apiVersion,
    kind: r.istio ? 'Class' : 'Struct',
    span: r.span,
    selectionSpan: within(selection, r.span),
    children: childSymbols(r),
  };
}

function childSymbols(r: Resource): SymbolInfo[] {
  const d = r.data;
  const child = (name: string, span: Span, kind: SymbolInfo['kind'], detail?: string): SymbolInfo => ({ name, detail, kind, span, selectionSpan: span });
  switch (d.kind) {
    case 'Gateway':
      return d.servers.map((s) =>
        child(`server ${s.port ? `${s.port.number}/${s.port.protocol ?? '?'}` : '?'}`, s.span, 'Field', s.hosts.map((h) => h.value).join(', ')),
      );
    case 'VirtualService':
      return d.routes.map((rt) =>
        child(`${rt.protocol}[${rt.index}]${rt.name ? ` ${rt.name}` : ''}`, rt.span, 'Method', rt.destinations.map((x) => x.host.value + (x.subset ? `:${x.subset.value}` : '')).join(', ')),
      );
    case 'DestinationRule':
      return d.subsets.map((s) => child(`subset ${s.name.value}`, s.span, 'Field', Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(', ')));
    case 'ServiceEntry':
      return d.ports.map((p) => child(`port ${p.number}/${p.protocol ?? '?'}`, p.span, 'Property', p.name));
    case 'Service':
      return d.ports.map((p) => child(`port ${p.number}`, p.span, 'Property', p.name));
    case 'KubeGateway':
    case 'KubeListenerSet':
      return d.listeners.map((l) =>
        child(`listener ${l.name.value}`, l.span, 'Field', [[l.protocol, l.port?.value].filter((x) => x !== undefined).join(' '), l.hostname?.value].filter(Boolean).join(', ')),
      );
    case 'KubeRoute':
      return d.parentRefs.map((p) =>
        child(`parent ${p.namespace ? `${p.namespace.value}/` : ''}${p.name.value}${p.sectionName ? `/${p.sectionName.value}` : ''}`, p.span, 'Property', p.kind === 'Gateway' ? undefined : p.kind),
      );
    case 'ReferenceGrant':
      return [...d.from.map((f) => child(`from ${f.kind} in ${f.namespace}`, f.span, 'Property')), ...d.to.map((t) => child(`to ${t.kind}${t.name ? ` ${t.name}` : ''}`, t.span, 'Property'))];
    default:
      return [];
  }
}

function within(inner: Span, outer: Span): Span {
  return inner.start >= outer.start && inner.end <= outer.end ? inner : { start: outer.start, end: outer.start };
}

export function workspaceSymbols(snap: Snapshot, query: string): { resource: Resource; name: string }[] {
  const q = query.toLowerCase();
  const out: { resource: Resource; name: string }[] = [];
  for (const r of snap.resources) {
    const name = `${r.kind} ${r.namespace}/${r.name}`;
    if (!q || fuzzy(name.toLowerCase(), q)) out.push({ resource: r, name });
    if (out.length >= 500) break;
  }
  return out;
}

function fuzzy(text: string, q: string): boolean {
  let i = 0;
  for (const c of text) if (c === q[i]) i++;
  return i === q.length;
}
