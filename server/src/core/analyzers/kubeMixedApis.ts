// ILS0813: a VirtualService and a Gateway API route that route the same host
// for the same proxies: both bound to one Gateway API Gateway (the
// VirtualService through its `gateways`). Mesh routes are not compared:
// repositories (Istio's samples) keep both flavours side by side as
// alternatives, and nothing in the files tells them apart. Istio merges both into the same
// Envoy route table in an order it does not promise, so which one answers a
// request is undefined (istio.io, "Gateway API" task: mixing the two APIs
// for one host is not supported). Keep one API per host.
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { intersects, parseGatewayRef } from '../hosts';
import type { KubeRouteData, ParentRef, VirtualServiceData } from '../model';
import { GATEWAY_API_GROUP } from '../summary/extractGatewayApi';
import { finding, label, perResource, related } from './types';

export const kubeMixedApis = perResource({
  rules: [Rules.MixedRoutingApis],
  kind: 'KubeRoute',
  check(route, snap, report) {
    if (route.kind !== 'HTTPRoute' && route.kind !== 'GRPCRoute') return;
    for (const ref of route.data.parentRefs) {
      const vs = rival(snap, route, ref);
      if (!vs) continue;
      report(route.uri, finding(Rules.MixedRoutingApis, route, ref.name.span, `Undefined routing: ${label(vs.vs)} also routes ${vs.host} for these proxies; Istio does not define which of the two answers. Route the host with one API.`, {
        related: [related(vs.vs, `${label(vs.vs)} routes ${vs.host}`, vs.vs.data.hostsSpan)],
      }));
    }
  },
});

function rival(snap: Snapshot, route: Typed<KubeRouteData>, ref: ParentRef): { vs: Typed<VirtualServiceData>; host: string } | undefined {
  const ns = ref.namespace?.value ?? route.namespace;
  if (ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway') {
    // A VirtualService naming it binds to an Istio Gateway of that name when there is one (samples ship both flavours).
    if (!snap.findKubeGateway(ns, ref.name.value) || snap.findGateway(ns, ref.name.value)) return undefined;
    const names = route.data.hostnames.map((h) => h.value.toLowerCase());
    for (const vs of snap.virtualServices) {
      if (!vs.data.gateways.some((g) => { const r = parseGatewayRef(g.value, vs.namespace); return r.namespace === ns && r.name === ref.name.value; })) continue;
      const host = vs.data.hosts.find((h) => names.length === 0 || names.some((n) => intersects(n, h.value.toLowerCase())));
      if (host) return { vs, host: host.value };
    }
    return undefined;
  }
  return undefined;
}
