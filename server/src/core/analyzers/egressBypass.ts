// ILS0402: the workspace sends traffic through an egress gateway while the
// mesh's outboundTrafficPolicy is ALLOW_ANY. An egress gateway only routes the
// traffic that VirtualServices send to it; it restricts nothing. Under
// ALLOW_ANY any workload can still call any external host directly (its
// sidecar passes unknown hosts through), so the egress gateway's policy,
// audit log and fixed source address are easy to go around (seeds 002, 003).
// Set `meshConfig.outboundTrafficPolicy.mode: REGISTRY_ONLY` and add a
// Kubernetes NetworkPolicy that lets application pods leave the cluster only
// through the egress gateway. Reported once per workspace.
import type { GatewayData, Related, VirtualServiceData } from '../model';
import { Rules } from '../catalog';
import type { Typed } from '../index/snapshot';
import { conflicts, finding, label, related } from './types';
import { byLocation, listedGateways } from './gatewayRefs';
import { isEgressGateway } from './egressGateways';

export const egressBypass = conflicts({
  rules: [Rules.EgressBypassUnderAllowAny],
  kind: 'VirtualService',
  // One group: every VirtualService that routes through an egress gateway (the finding is one per workspace).
  groupKeys: (vs, snap) => (listedGateways(snap, vs).some((g) => g.gateway && isEgressGateway(snap, g.gateway)) ? ['egress'] : []),
  checkGroup(_key, members, snap, report) {
    if (snap.meshPolicy.mode !== 'ALLOW_ANY') return;
    const users = new Map<Typed<GatewayData>, Typed<VirtualServiceData>[]>();
    for (const vs of members) {
      for (const { gateway } of listedGateways(snap, vs)) {
        if (!gateway || !isEgressGateway(snap, gateway)) continue;
        const list = users.get(gateway) ?? [];
        list.push(vs);
        users.set(gateway, list);
      }
    }
    if (users.size === 0) return;
    const [gw] = [...users.keys()].sort(byLocation);
    const vss = users.get(gw)!.slice().sort(byLocation);
    const policy = snap.meshPolicy;
    const source = policy.resource ? `${label(policy.resource)} sets outboundTrafficPolicy ALLOW_ANY` : 'outboundTrafficPolicy is ALLOW_ANY (the setting istio.outboundTrafficPolicy, Istio\'s default)';
    const rel: Related[] = vss.slice(0, 5).map((v) => related(v, `${label(v)} routes through ${label(gw)}`));
    if (policy.resource && policy.span) rel.push({ uri: policy.resource.uri, span: policy.span, message: 'outboundTrafficPolicy: ALLOW_ANY' });
    report(
      gw.uri,
      finding(
        Rules.EgressBypassUnderAllowAny,
        gw,
        gw.data.selectorSpan ?? gw.nameSpan ?? gw.span,
        `Traffic is routed through the egress gateway of ${label(gw)}${users.size > 1 ? ` (and ${users.size - 1} other egress Gateway${users.size > 2 ? 's' : ''})` : ''}, but ${source}: ` +
          'any workload can still call external hosts directly and go around it. Set meshConfig.outboundTrafficPolicy.mode to REGISTRY_ONLY and add a NetworkPolicy that allows egress only to the egress gateway.',
        { related: rel, data: { mode: 'REGISTRY_ONLY' } },
      ),
    );
  },
});
