// Where a Gateway API route's rules land: each listener its parentRefs select
// (a Gateway's, or a ListenerSet's) that takes the route (hostnames, kind,
// namespace), once per hostname Istio builds for it: the more specific of the
// route's and the listener's (pilot/pkg/config/kube/gateway/conversion.go,
// route_collections.go). Shared by the route conflict checks, which count
// only routes known to land.
import type { KubeGatewayData, KubeListenerSetData, KubeRouteData, Listener } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { intersects } from '../hosts';
import { GATEWAY_API_GROUP } from '../summary/extractGatewayApi';
import { hostnamesMeet, kindAllowed, namespaceAdmitted } from './kubeListeners';

export interface Placement {
  /** The Gateway or ListenerSet that holds the listener. */
  gw: Typed<KubeGatewayData | KubeListenerSetData>;
  /** `Gateway ns/name` or `ListenerSet ns/name`. */
  parent: string;
  /** The namespace of the Gateway whose proxies serve the listener. */
  proxyNamespace: string;
  /** That Gateway, when the workspace holds it (a ListenerSet's parent). */
  gateway?: Typed<KubeGatewayData>;
  listener: Listener;
  /** The hostname Istio builds the virtual host for: the more specific of the route's and the listener's. */
  host: string;
  /** The parentRef that selected the listener. */
  ref: KubeRouteData['parentRefs'][number];
}

/** Where the route's rules land: each admitting listener of each parent Gateway or ListenerSet, per hostname. */
export function placements(snap: Snapshot, route: Typed<KubeRouteData>): Placement[] {
  const out: Placement[] = [];
  for (const ref of route.data.parentRefs) {
    if (ref.group !== GATEWAY_API_GROUP || (ref.kind !== 'Gateway' && ref.kind !== 'ListenerSet')) continue;
    const ns = ref.namespace?.value ?? route.namespace;
    const gw = ref.kind === 'Gateway' ? snap.findKubeGateway(ns, ref.name.value) : snap.members<Typed<KubeListenerSetData>>('kubeListenerSet', `${ns}/${ref.name.value}`)[0];
    if (!gw) continue;
    const parent = `${ref.kind} ${gw.namespace}/${gw.name}`;
    const owner = gw.data.kind === 'KubeListenerSet' ? gw.data.parentRef : undefined;
    const proxyNamespace = owner ? (owner.namespace?.value ?? gw.namespace) : gw.namespace;
    const gateway = gw.data.kind === 'KubeGateway' ? (gw as Typed<KubeGatewayData>) : owner ? snap.findKubeGateway(proxyNamespace, owner.name.value) : undefined;
    for (const l of gw.data.listeners) {
      if ((ref.sectionName && l.name.value !== ref.sectionName.value) || (ref.port && l.port?.value !== ref.port.value)) continue;
      if (!hostnamesMeet(l, route.data.hostnames) || kindAllowed(l, route.kind) === false) continue;
      // A namespace selector the workspace cannot evaluate (no Namespace object with its labels) may well keep
      // the route out: a selector usually admits some teams only, so such a route is not counted as landing.
      const admitted = namespaceAdmitted(snap, gw, l, route);
      if (admitted === false || (admitted === undefined && l.from === 'Selector')) continue;
      const lh = l.hostname?.value.toLowerCase();
      const hosts = route.data.hostnames.length ? route.data.hostnames.map((h) => h.value.toLowerCase()).filter((h) => !lh || intersects(lh, h)) : [lh ?? '*'];
      for (const h of hosts) out.push({ gw, parent, proxyNamespace, gateway, listener: l, host: !lh || specificity(h) >= specificity(lh) ? h : lh, ref });
    }
  }
  return out;
}

/** A hostname without a wildcard is more specific than one with; then the longer is. */
function specificity(h: string): number {
  return (h.startsWith('*') ? 0 : 1000) + h.length;
}
