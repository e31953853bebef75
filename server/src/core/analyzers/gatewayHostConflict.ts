// ILS0201: two VirtualServices bound to the same Gateway claim the same host.
// At a gateway Istio merges them into one Envoy virtual host, appending the
// routes of each VirtualService in creation order (istio.io, "Split large
// virtual services"). The first one's catch-all route (a route without
// match) then shadows every route of the second, and re-creating a resource
// reorders them: requests that worked yesterday start going elsewhere.
// Hosts are compared as the gateway sees them: the part of each
// VirtualService host that one of the Gateway's servers exposes to the
// VirtualService's namespace (`*.foo.com` through a server for `a.foo.com`
// is `a.foo.com`). Only VirtualServices exported to a namespace where the
// gateway pods run meet there (any common namespace when the workspace does
// not declare the gateway workload).
import type { GatewayData, StrRef, VirtualServiceData } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { covers, exposedHosts, fqdn, intersects, scopeOf, scopesOverlap } from '../hosts';
import { finding, label, related, type Report, type WorkspaceAnalyzer, sameResource, vsWithoutRoutes } from './types';
import { listedGateways } from './gatewayRefs';

interface Claim {
  vs: Typed<VirtualServiceData>;
  host: StrRef;
  scope: Set<string>;
}

export const gatewayHostConflict: WorkspaceAnalyzer = {
  rules: [Rules.HostClaimedTwiceOnGateway],
  reads: vsWithoutRoutes,
  analyze(snap: Snapshot, report: Report): void {
    // `ns/name` of the Gateway → served host → claims.
    const byGateway = new Map<string, { gateway: Typed<GatewayData>; hosts: Map<string, Claim[]> }>();
    for (const vs of snap.virtualServices) {
      const scope = scopeOf(vs.data.exportTo, vs.namespace);
      for (const { key, gateway } of listedGateways(snap, vs)) {
        if (!gateway) continue;
        let entry = byGateway.get(key);
        if (!entry) byGateway.set(key, (entry = { gateway, hosts: new Map() }));
        for (const host of vs.data.hosts) {
          for (const served of servedNames(gateway, vs, host)) {
            const list = entry.hosts.get(served) ?? [];
            if (!list.some((c) => c.vs === vs)) list.push({ vs, host, scope });
            entry.hosts.set(served, list);
          }
        }
      }
    }
    const reported = new Set<string>();
    for (const [key, { gateway, hosts }] of byGateway) {
      // Where the gateway pods run, when the workspace declares them: both VirtualServices must be exported there.
      const podNamespaces = new Set(snap.workloadsSelectedBy(gateway.data.selector).map((w) => w.namespace));
      const together = (a: Claim, b: Claim) =>
        podNamespaces.size === 0 ? scopesOverlap(a.scope, b.scope) : [...podNamespaces].some((ns) => inScope(a.scope, ns) && inScope(b.scope, ns));
      for (const [served, claims] of hosts) {
        if (claims.length < 2) continue;
        for (const c of claims) {
          const others = claims.filter((o) => !sameResource(o.vs, c.vs) && together(c, o));
          const id = `${c.vs.uri}#${c.host.span.start}#${key}`;
          if (others.length === 0 || reported.has(id)) continue;
          reported.add(id);
          report(
            c.vs.uri,
            finding(
              Rules.HostClaimedTwiceOnGateway,
              c.vs,
              c.host.span,
              `Host ${served} on Gateway ${key} is also claimed by ${others.map((o) => label(o.vs)).join(', ')}. ` +
                'The gateway merges their routes in creation order, so a catch-all route of the first hides the routes of the other. Claim each host on a Gateway in one VirtualService.',
              {
                related: [
                  ...others.map((o) => related(o.vs, `${label(o.vs)} also claims ${served} on Gateway ${key}`, o.host.span)),
                  related(gateway, `Gateway ${key}`),
                ],
                data: { host: served, gateway: key, others: others.map((o) => `${o.vs.namespace}/${o.vs.name}`) },
              },
            ),
          );
        }
      }
    }
  },
};

function inScope(scope: Set<string>, namespace: string): boolean {
  return scope.has('*') || scope.has(namespace);
}

/** The names under which the Gateway serves a VirtualService host: the narrower of each overlapping pair. */
function servedNames(gw: Typed<GatewayData>, vs: Typed<VirtualServiceData>, host: StrRef): string[] {
  const vh = fqdn(host.value, vs.namespace);
  const out = new Set<string>();
  for (const sh of exposedHosts(gw.data.servers.flatMap((s) => s.hosts.map((h) => h.value)), gw.namespace, vs.namespace)) {
    if (intersects(sh, vh)) out.add(covers(sh, vh) ? vh : sh);
  }
  return [...out];
}
