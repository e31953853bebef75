// What reference is under the cursor: a gateway reference or a Gateway's own
// name, a host (wherever it is written), a destination subset or a
// DestinationRule subset name. Read from the file's summary, so hover,
// definition, references and rename agree on what the cursor points at.
import type { GatewayData, KubeGatewayData, KubeListenerSetData, KubeRouteData, Listener, ObjectRef, ParentRef, Resource, Span, StrRef, DestinationRuleData, VirtualServiceData } from '../model';
import type { Typed } from '../index/snapshot';
import { CLUSTER_DOMAIN, fqdn, parseGatewayRef, parseServerHost, type GatewayRef } from '../hosts';
import { isPlainSecretName } from '../analyzers/gatewayCredential';
import { namesGateway, namesListenerSet } from './kubeGatewayRefs';

export type HostRole = 'claim' | 'destination' | 'drHost' | 'serviceEntry' | 'gatewayHost' | 'sidecarHost' | 'service';

export type Reference =
  /** A Gateway's `metadata.name`. */
  | { kind: 'gateway'; resource: Typed<GatewayData>; span: Span }
  /** An entry of a VirtualService's `gateways` or of a route's `match[].gateways`. */
  | { kind: 'gatewayRef'; resource: Typed<VirtualServiceData>; ref: StrRef; target: GatewayRef; span: Span }
  /** A host; `host` is fully qualified relative to the namespace that wrote it. */
  | { kind: 'host'; resource: Resource; ref: StrRef; host: string; role: HostRole; span: Span }
  /** A destination's `subset`, with the fully qualified host of that destination. */
  | { kind: 'subsetRef'; resource: Typed<VirtualServiceData>; ref: StrRef; host: string; span: Span }
  /** A DestinationRule `subsets[].name`. */
  | { kind: 'subset'; resource: Typed<DestinationRuleData>; ref: StrRef; host?: string; span: Span }
  /** A Gateway server's `tls.credentialName`: a Secret in the gateway proxies' namespace. */
  | { kind: 'credential'; resource: Typed<GatewayData>; ref: StrRef; span: Span }
  /** A Secret's own `metadata.name`. */
  | { kind: 'secret'; resource: Resource; span: Span }
  /** A Gateway API Gateway's `metadata.name`. */
  | { kind: 'kubeGateway'; resource: Typed<KubeGatewayData>; span: Span }
  /** A listener's `name` in a Gateway API Gateway. */
  | { kind: 'listener'; resource: Typed<KubeGatewayData>; listener: Listener; ref: StrRef; span: Span }
  /** A route's `parentRefs[].name` that names a Gateway or a ListenerSet, or a ListenerSet's `parentRef.name` (its Gateway). */
  | { kind: 'parentRef'; resource: Typed<KubeRouteData> | Typed<KubeListenerSetData>; parent: ParentRef; ref: StrRef; span: Span }
  /** A route's `parentRefs[].sectionName`: a listener of the parent Gateway or ListenerSet. */
  | { kind: 'sectionName'; resource: Typed<KubeRouteData>; parent: ParentRef; ref: StrRef; span: Span }
  /** A route's `backendRefs[].name`. */
  | { kind: 'backendRef'; resource: Typed<KubeRouteData>; backend: ObjectRef; ref: StrRef; span: Span };

function contains(span: Span | undefined, offset: number): boolean {
  return !!span && offset >= span.start && offset <= span.end;
}

/** The span of a scalar's text without its quotes (names and hosts never need escapes). */
export function innerSpan(ref: StrRef): Span {
  const len = ref.span.end - ref.span.start;
  return len === ref.value.length + 2 ? { start: ref.span.start + 1, end: ref.span.end - 1 } : ref.span;
}

/** The part of a `ns/name` or `ns/host` value after the slash. */
export function afterSlash(ref: StrRef): Span {
  const inner = innerSpan(ref);
  const slash = ref.value.indexOf('/');
  return slash < 0 ? inner : { start: inner.start + slash + 1, end: inner.end };
}

/** The name part of a gateway reference: `name`, `ns/name`, or the first label of `name.ns.svc.cluster.local`. */
export function gatewayNameSpan(ref: StrRef, target: GatewayRef): Span {
  const inner = afterSlash(ref);
  return target.legacy ? { start: inner.start, end: inner.start + target.name.length } : inner;
}

export function referenceAt(resources: Resource[], offset: number): Reference | undefined {
  for (const r of resources) {
    if (!contains(r.span, offset)) continue;
    const found = referencesIn(r).find((x) => contains('ref' in x ? x.ref.span : x.span, offset));
    if (found) return found;
  }
  return undefined;
}

/** Every reference a resource writes, in document order per kind. */
export function referencesIn(r: Resource): Reference[] {
  const d = r.data;
  const out: Reference[] = [];
  const host = (ref: StrRef, role: HostRole, value = ref.value, ns = r.namespace, span = innerSpan(ref)) =>
    out.push({ kind: 'host', resource: r, ref, host: fqdn(value, ns), role, span });
  switch (d.kind) {
    case 'Gateway':
      if (r.nameSpan && r.name) out.push({ kind: 'gateway', resource: r as Typed<GatewayData>, span: innerSpan({ value: r.name, span: r.nameSpan }) });
      for (const s of d.servers) for (const h of s.hosts) host(h, 'gatewayHost', parseServerHost(h.value, r.namespace).host, r.namespace, afterSlash(h));
      for (const s of d.servers) if (s.credentialName && isPlainSecretName(s.credentialName.value)) out.push({ kind: 'credential', resource: r as Typed<GatewayData>, ref: s.credentialName, span: innerSpan(s.credentialName) });
      break;
    case 'VirtualService': {
      const vs = r as Typed<VirtualServiceData>;
      for (const g of [...d.gateways, ...d.routes.flatMap((rt) => rt.matchGateways)]) {
        const target = parseGatewayRef(g.value, r.namespace);
        out.push({ kind: 'gatewayRef', resource: vs, ref: g, target, span: target.mesh ? innerSpan(g) : gatewayNameSpan(g, target) });
      }
      for (const h of d.hosts) host(h, 'claim');
      for (const dest of d.routes.flatMap((rt) => rt.destinations)) {
        host(dest.host, 'destination');
        if (dest.subset) out.push({ kind: 'subsetRef', resource: vs, ref: dest.subset, host: fqdn(dest.host.value, r.namespace), span: innerSpan(dest.subset) });
      }
      break;
    }
    case 'DestinationRule':
      if (d.host) host(d.host, 'drHost');
      for (const sub of d.subsets) {
        out.push({ kind: 'subset', resource: r as Typed<DestinationRuleData>, ref: sub.name, host: d.host ? fqdn(d.host.value, r.namespace) : undefined, span: innerSpan(sub.name) });
      }
      break;
    case 'ServiceEntry':
      for (const h of d.hosts) host(h, 'serviceEntry');
      break;
    case 'Sidecar':
      for (const h of d.egressHosts) {
        const slash = h.value.indexOf('/');
        const ns = slash > 0 ? h.value.slice(0, slash) : '*';
        host(h, 'sidecarHost', h.value.slice(slash + 1), ns === '.' || ns === '*' || ns === '~' ? r.namespace : ns, afterSlash(h));
      }
      break;
    case 'Secret':
      if (r.kind === 'Secret' && r.nameSpan && r.name) out.push({ kind: 'secret', resource: r, span: innerSpan({ value: r.name, span: r.nameSpan }) });
      break;
    case 'Service':
      if (r.nameSpan && r.name) host({ value: r.name, span: r.nameSpan }, 'service', `${r.name}.${r.namespace}.${CLUSTER_DOMAIN}`);
      break;
    case 'KubeGateway': {
      const gw = r as Typed<KubeGatewayData>;
      if (r.nameSpan && r.name) out.push({ kind: 'kubeGateway', resource: gw, span: innerSpan({ value: r.name, span: r.nameSpan }) });
      for (const l of d.listeners) out.push({ kind: 'listener', resource: gw, listener: l, ref: l.name, span: innerSpan(l.name) });
      break;
    }
    case 'KubeRoute': {
      const route = r as Typed<KubeRouteData>;
      for (const p of d.parentRefs) {
        if (!namesGateway(p) && !namesListenerSet(p)) continue;
        out.push({ kind: 'parentRef', resource: route, parent: p, ref: p.name, span: innerSpan(p.name) });
        if (p.sectionName) out.push({ kind: 'sectionName', resource: route, parent: p, ref: p.sectionName, span: innerSpan(p.sectionName) });
      }
      for (const b of d.backendRefs) out.push({ kind: 'backendRef', resource: route, backend: b, ref: b.name, span: innerSpan(b.name) });
      break;
    }
    case 'KubeListenerSet':
      if (d.parentRef && namesGateway(d.parentRef)) out.push({ kind: 'parentRef', resource: r as Typed<KubeListenerSetData>, parent: d.parentRef, ref: d.parentRef.name, span: innerSpan(d.parentRef.name) });
      break;
  }
  return out;
}
