// IST0109: two VirtualServices bound to the `mesh` gateway claim the same
// host where both are visible. A sidecar builds one virtual host per host
// name: Envoy refuses duplicate domains, so Istio keeps one VirtualService
// (the oldest) and silently drops the other's routes for that host. Which one
// wins depends on creation order, so retries, timeouts or a canary split
// vanish after a re-apply. Merge the rules into one VirtualService, or
// separate them with `exportTo`.
import type { StrRef, VirtualServiceData } from '../model';
import { Rules } from '../catalog';
import type { Typed } from '../index/snapshot';
import { fqdn, scopeOf, scopesOverlap } from '../hosts';
import { alternatives } from './alternatives';
import { conflicts, finding, label, related, sameResource } from './types';
import { boundToMesh } from './vsGateways';

interface Claim {
  vs: Typed<VirtualServiceData>;
  host: StrRef;
  scope: Set<string>;
}

export const meshHostConflict = conflicts({
  rules: [Rules.ConflictingMeshGatewayHosts],
  kind: 'VirtualService',
  // Groups: the fully qualified hosts the mesh VirtualServices claim.
  groupKeys: (vs) => (boundToMesh(vs.data) ? vs.data.hosts.map((h) => fqdn(h.value, vs.namespace)) : []),
  checkGroup(name, members, snap, report) {
    if (members.length < 2) return;
    const claims: Claim[] = members.map((vs) => ({ vs, host: vs.data.hosts.find((h) => fqdn(h.value, vs.namespace) === name)!, scope: scopeOf(vs.data.exportTo, vs.namespace) }));
    for (const c of claims) {
      const others = claims.filter((o) => !sameResource(o.vs, c.vs) && scopesOverlap(c.scope, o.scope)).filter((o) => !alternatives(snap, o.vs, c.vs));
      if (others.length === 0) continue;
      const names = [...new Set(others.map((o) => label(o.vs)))].join(', ');
      report(
        c.vs.uri,
        finding(
          Rules.ConflictingMeshGatewayHosts,
          c.vs,
          c.host.span,
          `Host ${name} is also claimed for the mesh gateway by ${names}, visible in the same namespaces. ` +
            'Sidecars keep only one VirtualService per host (the oldest) and ignore the routes of the other. Merge them into one VirtualService.',
          {
            related: others.map((o) => related(o.vs, `${label(o.vs)} also claims ${name} for the mesh gateway`, o.host.span)),
            data: { host: name, others: others.map((o) => `${o.vs.namespace}/${o.vs.name}`) },
          },
        ),
      );
    }
  },
});
