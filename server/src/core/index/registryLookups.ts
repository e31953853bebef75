// The registry and DestinationRule lookups of a snapshot, read through its
// recording accessors (snapshot.ts makes the repeated ones once per snapshot).
import type { DestinationRuleData, Resource, ServiceData, ServiceEntryData } from '../model';
import { covers, fqdn, visibleTo } from '../hosts';
import type { Snapshot, Typed } from './snapshot';

export const BUILTIN_HOSTS = ['istio-ingressgateway.istio-system.svc.cluster.local', 'istio-egressgateway.istio-system.svc.cluster.local'];
// Every Istio install also has istiod in istio-system; known, but not offered as a route destination.
const INSTALL_HOSTS = [...BUILTIN_HOSTS, 'istiod.istio-system.svc.cluster.local'];

export interface HostLookup {
  services: Typed<ServiceData>[];
  serviceEntries: Typed<ServiceEntryData>[];
  builtin: boolean;
}

/** What registers a fully qualified host, as seen from namespace `viewer`. */
export function registering(snap: Snapshot, host: string, viewer: string, settingsHosts: ReadonlySet<string>): HostLookup {
  // The annotation networking.istio.io/exportTo scopes a Service as exportTo scopes the Istio kinds.
  const services = snap.members<Typed<ServiceData>>('service', host).filter((s) => visibleTo(s.data.exportTo, s.namespace, viewer));
  const serviceEntries = snap.members<Typed<ServiceEntryData>>('seHost', host).filter((r) => visibleTo(r.data.exportTo, r.namespace, viewer));
  for (const r of snap.members<Typed<ServiceEntryData>>('seWildcard', '')) {
    if (serviceEntries.includes(r) || !visibleTo(r.data.exportTo, r.namespace, viewer)) continue;
    if (r.data.hosts.some((h) => covers(fqdn(h.value, r.namespace), host))) serviceEntries.push(r);
  }
  const builtin = INSTALL_HOSTS.includes(host) || settingsHosts.has(host) || snap.members('installedHost', host).length > 0;
  return { services, serviceEntries, builtin };
}

/** DestinationRules for a host visible from `viewer` (exact host or a wildcard that covers it), in workspace order of their hosts. */
export function rulesFor(snap: Snapshot, host: string, viewer: string): Typed<DestinationRuleData>[] {
  const lists = wildcardRulesCovering(snap, host);
  const exact = snap.members('drHost', host);
  if (exact.length) lists.push(exact);
  if (lists.length > 1) lists.sort((a, b) => snap.compare(a[0], b[0]));
  const out: Typed<DestinationRuleData>[] = [];
  for (const list of lists) for (const r of list as Typed<DestinationRuleData>[]) if (visibleTo(r.data.exportTo, r.namespace, viewer)) out.push(r);
  return out;
}

/** Every DestinationRule whose host is `host` or a wildcard that covers it, whatever its namespace and exportTo. */
export function rulesCovering(snap: Snapshot, host: string): readonly Typed<DestinationRuleData>[] {
  // Wildcard hosts in workspace order of their first rule (table keys have no stable order across edits), then the exact host.
  const lists = wildcardRulesCovering(snap, host);
  if (lists.length === 0) return snap.members<Typed<DestinationRuleData>>('drHost', host);
  if (lists.length > 1) lists.sort((a, b) => snap.compare(a[0], b[0]));
  lists.push(snap.members('drHost', host));
  return lists.flat() as Typed<DestinationRuleData>[];
}

/** The rules of each wildcard DestinationRule host that covers `host` (other than `host` itself), one list per wildcard host. */
function wildcardRulesCovering(snap: Snapshot, host: string): (readonly Resource[])[] {
  const lists: (readonly Resource[])[] = [];
  for (const drHost of drWildcardHosts(snap)) if (drHost !== host && covers(drHost, host)) lists.push(snap.members('drHost', drHost));
  return lists;
}

// Table lists are copied on write, so a list's identity says whether it changed.
const wildcardHostsMemo = new WeakMap<readonly Resource[], string[]>();

/** The wildcard hosts of DestinationRules (a read of that list only: exact hosts are read by key). */
function drWildcardHosts(snap: Snapshot): string[] {
  const list = snap.members('drWildcard', '');
  let hosts = wildcardHostsMemo.get(list);
  if (!hosts) {
    hosts = [...new Set(list.map((r) => fqdn((r.data as DestinationRuleData).host!.value, r.namespace)))];
    wildcardHostsMemo.set(list, hosts);
  }
  return hosts;
}
