// IST0174 (DestinationRule host not found). Istio applies a DestinationRule
// while it builds the Envoy clusters of a service in the registry; a rule whose
// host is no Kubernetes Service or ServiceEntry host is never looked up, so
// its traffic policy (TLS origination, connection pools, outlier detection)
// and its subsets silently do nothing, and routes to those subsets fail with
// 503. The registry rules and the `istio.registry` partial/complete setting
// are those of the destination host check (destinationHosts.ts). A host is
// registered when a namespace the rule is exported to can see it, as in
// istioctl's GetDestinationHost.
import type { DestinationRuleData } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { CLUSTER_DOMAIN, clusterNamespace, covers, fqdn, intersects, isClusterLocal, isPlaceholder, isWildcard, scopeOf, visibleTo } from '../hosts';
import { finding, perResource } from './types';
import { shouldCheckHost } from './destinationHosts';

export const destinationRuleHost = perResource({
  rules: [Rules.DestinationRuleHostNotFound],
  kind: 'DestinationRule',
  check(dr, snap, report) {
    const ref = dr.data.host;
    if (!ref) return;
    const host = fqdn(ref.value, dr.namespace);
    if (isPlaceholder(host)) return;
    const known = isWildcard(host) ? wildcardRegistered(snap, dr, host) : exactRegistered(snap, dr, host);
    if (known || (!isWildcard(host) && !shouldCheckHost(snap, host, dr, ref.value))) return;
    const searched = isClusterLocal(host)
      ? `no Service ${host.split('.')[0]} in namespace ${clusterNamespace(host) ?? '?'} and no ServiceEntry for it`
      : `no ServiceEntry visible to the namespaces this rule is exported to lists it`;
    report(
      dr.uri,
      finding(
        Rules.DestinationRuleHostNotFound,
        dr,
        ref.span,
        `DestinationRule host ${ref.value}${ref.value !== host ? ` (${host})` : ''} is not in the service registry: ${searched}. Istio ignores this DestinationRule: its traffic policy and subsets never apply.`,
        { data: { host, external: !isClusterLocal(host) } },
      ),
    );
  },
});

/** Registered for some namespace the rule is visible to; `*` means any ServiceEntry, whatever its exportTo. */
function exactRegistered(snap: Snapshot, dr: Typed<DestinationRuleData>, host: string): boolean {
  if (snap.isRegistered(host, dr.namespace)) return true;
  const scope = scopeOf(dr.data.exportTo, dr.namespace);
  for (const ns of scope) if (ns !== '*' && snap.isRegistered(host, ns)) return true;
  if (!scope.has('*')) return false;
  return snap.serviceEntries.some((se) => se.data.hosts.some((h) => covers(fqdn(h.value, se.namespace), host)));
}

/**
 * A wildcard rule (`*.example.com`) applies to every registered host it covers.
 * One that can cover in-cluster Services (`*.local`, `*.svc.cluster.local`,
 * `*.ns.svc.cluster.local`, `*`) may apply to Services outside the workspace and
 * is never reported.
 */
function wildcardRegistered(snap: Snapshot, dr: Typed<DestinationRuleData>, pattern: string): boolean {
  const suffix = pattern.slice(1);
  if (pattern === '*' || ('.' + CLUSTER_DOMAIN).endsWith(suffix) || suffix.endsWith('.' + CLUSTER_DOMAIN)) return true;
  const scope = scopeOf(dr.data.exportTo, dr.namespace);
  scope.add(dr.namespace);
  for (const se of snap.serviceEntries) {
    const visible = scope.has('*') || [...scope].some((ns) => visibleTo(se.data.exportTo, se.namespace, ns));
    if (visible && se.data.hosts.some((h) => intersects(pattern, fqdn(h.value, se.namespace)))) return true;
  }
  return false;
}

