// ILS0204: a VirtualService for an external host is bound to an egress
// Gateway but not to `mesh`. Its rules then apply only on the egress gateway
// pods: the sidecars keep sending the host's traffic straight out (or to the
// BlackHoleCluster under REGISTRY_ONLY), so nothing ever reaches the egress
// gateway and its policy, logging and fixed source IP never apply. The usual
// fix is to add `mesh` to `gateways` with a route that sends the host to the
// egress gateway. Not reported when another VirtualService, bound to `mesh`
// and visible where this one is, claims the host (the two-resource variant
// of the same bundle).
import { Rules } from '../catalog';
import { outboundPolicyFor } from '../index/sidecarScope';
import type { MissingGateway } from './matchGatewayNotListed';
import { covers, fqdn, isClusterLocal, scopeOf, scopesOverlap } from '../hosts';
import { finding, label, related, perResource } from './types';
import { boundToMesh } from './vsGateways';
import { listedGateways } from './gatewayRefs';
import { isEgressGateway } from './egressGateways';

export const egressWithoutMesh = perResource({
  rules: [Rules.EgressWithoutMesh],
  kind: 'VirtualService',
  check(vs, snap, report) {
    if (boundToMesh(vs.data)) return;
    // The egress test first: it is a lookup, the claims test reads every mesh VirtualService.
    const egress = listedGateways(snap, vs).filter((g) => g.gateway && isEgressGateway(snap, g.gateway));
    if (egress.length === 0) return;
    const scope = scopeOf(vs.data.exportTo, vs.namespace);
    const claims = snap.meshVirtualServices.flatMap((v) => v.data.hosts.map((h) => ({ host: fqdn(h.value, v.namespace), scope: scopeOf(v.data.exportTo, v.namespace) })));
    const external = vs.data.hosts
      .map((h) => fqdn(h.value, vs.namespace))
      .filter((h) => !isClusterLocal(h) && !claims.some((m) => covers(m.host, h) && scopesOverlap(m.scope, scope)));
    if (external.length === 0) return;
    const names = egress.map((g) => g.key).join(', ');
    const leg =
      outboundPolicyFor(snap, vs.namespace).mode === 'REGISTRY_ONLY'
        ? 'their calls get 502 from the BlackHoleCluster under REGISTRY_ONLY or, where a ServiceEntry registers the host, go to it directly, around the gateway.'
        : 'they call the host directly, around the gateway.';
    report(
      vs.uri,
      finding(
        Rules.EgressWithoutMesh,
        vs,
        vs.data.gatewaysSpan ?? egress[0].ref.span,
        `This VirtualService for ${external.join(', ')} is bound to the egress Gateway ${names} but not to "mesh": its rules run only on the egress gateway, ` +
          `and the sidecars never send the traffic there: ${leg} Add "mesh" to gateways, with a route that sends the host to the egress gateway.`,
        {
          related: egress.map((g) => related(g.gateway!, `egress ${label(g.gateway!)}`, g.gateway!.data.selectorSpan)),
          data: { gateway: 'mesh' } satisfies MissingGateway,
        },
      ),
    );
  },
});
