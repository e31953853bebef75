// Resolves references across the workspace: which Gateway a reference names
// and which VirtualServices name a Gateway, what defines a host and who
// writes it, which DestinationRule entries a subset names and which routes
// use a subset. Queries over the snapshot, shared by every navigation feature.
import type { DestinationRuleData, GatewayData, Resource, Span, StrRef, Subset, VirtualServiceData } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { covers, fqdn, isWildcard } from '../hosts';
import { referencesIn, type Reference } from './referenceAt';
import { secretName } from '../analyzers/gatewayCredential';
import { gatewayProxyNamespaces } from '../analyzers/gatewayProxies';
import { allGateways } from '../analyzers/gatewayRefs';

export interface Location {
  uri: string;
  span: Span;
}

export function gatewayTargets(snap: Snapshot, ref: Extract<Reference, { kind: 'gatewayRef' }>): Typed<GatewayData>[] {
  if (ref.target.mesh) return [];
  return snap.gateways.get(`${ref.target.namespace}/${ref.target.name}`) ?? [];
}

export interface GatewayUse {
  vs: Typed<VirtualServiceData>;
  ref: Extract<Reference, { kind: 'gatewayRef' }>;
  /** In the VirtualService's `gateways` (not only in a route's `match[].gateways`). */
  listed: boolean;
}

/** Every gateway reference in the workspace that names this Gateway. */
export function gatewayUses(snap: Snapshot, gw: Resource): GatewayUse[] {
  const out: GatewayUse[] = [];
  for (const vs of snap.virtualServices) {
    const listed = new Set(vs.data.gateways);
    for (const ref of referencesIn(vs)) {
      if (ref.kind !== 'gatewayRef' || ref.target.mesh) continue;
      if (ref.target.namespace === gw.namespace && ref.target.name === gw.name) out.push({ vs, ref, listed: listed.has(ref.ref) });
    }
  }
  return out;
}

/** Two host patterns name the same service: equal, or one is a wildcard covering the other (a lone `*` only matches itself). */
export function sameHost(a: string, b: string): boolean {
  if (a === b) return true;
  if (a === '*' || b === '*') return false;
  return (isWildcard(a) && covers(a, b)) || (isWildcard(b) && covers(b, a));
}

/** Every place a host is written: claims, destinations, DestinationRules, ServiceEntries, Gateway and Sidecar hosts, Services. */
export function hostOccurrences(snap: Snapshot, host: string): Extract<Reference, { kind: 'host' }>[] {
  const out: Extract<Reference, { kind: 'host' }>[] = [];
  for (const r of snap.resources) {
    for (const ref of referencesIn(r)) if (ref.kind === 'host' && sameHost(ref.host, host)) out.push(ref);
  }
  return out;
}

/**
 * The VirtualServices that claim a host in `hosts`, in workspace order: the claims of hostOccurrences without
 * making every reference of every resource (a hover on a host read all of them: 60-170 ms in the large benchmark workspace).
 */
export function hostClaims(snap: Snapshot, host: string): Typed<VirtualServiceData>[] {
  const out: Typed<VirtualServiceData>[] = [];
  for (const r of snap.resources) {
    if (r.data.kind !== 'VirtualService') continue;
    if (r.data.hosts.some((h) => sameHost(fqdn(h.value, r.namespace), host))) out.push(r as Typed<VirtualServiceData>);
  }
  return out;
}

/** What defines a host for a viewer: Service names and the matching ServiceEntry host entries. */
export function hostDefinitions(snap: Snapshot, host: string, viewer: string): Location[] {
  const found = snap.lookupHost(host, viewer);
  const out: Location[] = found.services.map((s) => ({ uri: s.uri, span: s.nameSpan ?? s.span }));
  for (const se of found.serviceEntries) {
    const entries = se.data.hosts.filter((h) => sameHost(fqdn(h.value, se.namespace), host));
    for (const h of entries.length ? entries : se.data.hosts.slice(0, 1)) out.push({ uri: se.uri, span: h.span });
  }
  return out;
}

export interface SubsetDefinition {
  dr: Typed<DestinationRuleData>;
  subset: Subset;
}

/** The subset entries named `name` in the DestinationRules for a host visible from `viewer`. */
export function subsetDefinitions(snap: Snapshot, host: string, viewer: string, name: string): SubsetDefinition[] {
  const out: SubsetDefinition[] = [];
  for (const dr of snap.destinationRulesFor(host, viewer)) {
    for (const subset of dr.data.subsets) if (subset.name.value === name) out.push({ dr, subset });
  }
  return out;
}

/** The DestinationRules whose subset `name` a DestinationRule subset entry stands for: every rule for the same host that defines it. */
export function sameSubsetRules(snap: Snapshot, dr: Typed<DestinationRuleData>, name: string): SubsetDefinition[] {
  if (!dr.data.host) return dr.data.subsets.filter((s) => s.name.value === name).map((subset) => ({ dr, subset }));
  const host = fqdn(dr.data.host.value, dr.namespace);
  const out: SubsetDefinition[] = [];
  for (const other of snap.destinationRulesByHost().get(host) ?? [dr]) {
    for (const subset of other.data.subsets) if (subset.name.value === name) out.push({ dr: other, subset });
  }
  return out;
}

export interface SubsetUse {
  vs: Typed<VirtualServiceData>;
  ref: StrRef;
}

/** The route destinations that use subset `name` of one of these DestinationRules. */
export function subsetUses(snap: Snapshot, rules: Typed<DestinationRuleData>[], name: string): SubsetUse[] {
  const out: SubsetUse[] = [];
  const wanted = new Set(rules);
  for (const vs of snap.virtualServices) {
    for (const dest of vs.data.routes.flatMap((rt) => rt.destinations)) {
      if (dest.subset?.value !== name) continue;
      const drs = snap.destinationRulesFor(fqdn(dest.host.value, vs.namespace), vs.namespace);
      if (drs.some((d) => wanted.has(d))) out.push({ vs, ref: dest.subset });
    }
  }
  return out;
}

/** The DestinationRules a subset reference or a subset entry belongs to. */
export function subsetRules(snap: Snapshot, ref: Extract<Reference, { kind: 'subset' | 'subsetRef' }>): SubsetDefinition[] {
  return ref.kind === 'subset' ? sameSubsetRules(snap, ref.resource, ref.ref.value) : subsetDefinitions(snap, ref.host, ref.resource.namespace, ref.ref.value);
}

/** The Secrets a Gateway's credentialName names: those in its proxies' namespace, else any of that name. */
export function credentialTargets(snap: Snapshot, gw: Typed<GatewayData>, name: string): Resource[] {
  const all = snap.secrets.filter((r) => secretName(r) === name);
  const namespaces = new Set(gatewayProxyNamespaces(snap, gw).namespaces);
  const near = all.filter((r) => namespaces.has(r.namespace));
  return near.length ? near : all;
}

/** The Gateway credentialNames that name this Secret. */
export function credentialUses(snap: Snapshot, secret: Resource): { gw: Typed<GatewayData>; ref: StrRef }[] {
  const out: { gw: Typed<GatewayData>; ref: StrRef }[] = [];
  for (const gw of allGateways(snap)) {
    for (const s of gw.data.servers) {
      const cn = s.credentialName;
      if (cn && cn.value === secretName(secret) && credentialTargets(snap, gw, cn.value).includes(secret)) out.push({ gw, ref: cn });
    }
  }
  return out;
}
