// Gateway API references for the authoring features: which Gateway a
// parentRef names and which of its listeners it attaches to (sectionName and
// port narrow the set, as the Gateway API's ParentReference says), and the
// reverse, the routes whose parentRefs reach a Gateway or one listener.
// Admission by allowedRoutes and hostnames is the analyzers' business; here a
// route "attaches" where its parentRef points, which is what a user navigates.
// A parentRef may also name a ListenerSet, whose listeners it then selects.
import type { KubeGatewayData, KubeListenerSetData, KubeRouteData, Listener, ParentRef, Resource } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** A parentRef that names a Gateway (not a Service or ServiceEntry of a mesh route). */
export function namesGateway(ref: ParentRef): boolean {
  return ref.kind === 'Gateway' && ref.group === GATEWAY_API_GROUP;
}

/** A parentRef that names a ListenerSet (gateway.networking.k8s.io). */
export function namesListenerSet(ref: ParentRef): boolean {
  return ref.kind === 'ListenerSet' && ref.group === GATEWAY_API_GROUP;
}

/** The ListenerSet a parentRef names, when the workspace holds it. */
export function parentListenerSet(snap: Snapshot, route: Resource, ref: ParentRef): Typed<KubeListenerSetData> | undefined {
  return namesListenerSet(ref) ? snap.members<Typed<KubeListenerSetData>>('kubeListenerSet', `${parentNamespace(route, ref)}/${ref.name.value}`)[0] : undefined;
}

/** The namespace a parentRef's Gateway lives in: as written, else the route's (or the ListenerSet's). */
export function parentNamespace(route: Resource, ref: ParentRef): string {
  return ref.namespace?.value ?? route.namespace;
}

export function parentGateway(snap: Snapshot, route: Resource, ref: ParentRef): Typed<KubeGatewayData> | undefined {
  return namesGateway(ref) ? snap.findKubeGateway(parentNamespace(route, ref), ref.name.value) : undefined;
}

/** The listeners a parentRef selects: all, narrowed by sectionName and port. */
export function selectedListeners(gw: Typed<KubeGatewayData | KubeListenerSetData>, ref: ParentRef): Listener[] {
  return gw.data.listeners.filter((l) => (!ref.sectionName || l.name.value === ref.sectionName.value) && (!ref.port || l.port?.value === ref.port.value));
}

export interface Attachment {
  route: Typed<KubeRouteData>;
  ref: ParentRef;
}

/** The parentRefs of the workspace that name this Gateway, and reach `listener` when given. */
export function attachedRoutes(snap: Snapshot, gw: Typed<KubeGatewayData>, listener?: Listener): Attachment[] {
  const out: Attachment[] = [];
  for (const route of snap.kubeRoutes) {
    for (const ref of route.data.parentRefs) {
      if (!namesGateway(ref) || ref.name.value !== gw.name || parentNamespace(route, ref) !== gw.namespace) continue;
      if (listener && !selectedListeners(gw, ref).includes(listener)) continue;
      out.push({ route, ref });
    }
  }
  return out;
}

/** The listeners a route's parentRefs reach, of Gateways and ListenerSets (for hostname completion). */
export function routeListeners(snap: Snapshot, route: Typed<KubeRouteData>): { gw: Typed<KubeGatewayData | KubeListenerSetData>; listener: Listener }[] {
  const out: { gw: Typed<KubeGatewayData | KubeListenerSetData>; listener: Listener }[] = [];
  for (const ref of route.data.parentRefs) {
    const gw = parentGateway(snap, route, ref) ?? parentListenerSet(snap, route, ref);
    if (gw) for (const listener of selectedListeners(gw, ref)) out.push({ gw, listener });
  }
  return out;
}

/** The routes whose parentRefs name this ListenerSet, and reach `listener` when given. */
export function listenerSetRoutes(snap: Snapshot, ls: Typed<KubeListenerSetData>, listener?: Listener): Attachment[] {
  const out: Attachment[] = [];
  for (const route of snap.kubeRoutes) {
    for (const ref of route.data.parentRefs) {
      if (!namesListenerSet(ref) || ref.name.value !== ls.name || parentNamespace(route, ref) !== ls.namespace) continue;
      if (listener && !selectedListeners(ls, ref).includes(listener)) continue;
      out.push({ route, ref });
    }
  }
  return out;
}

/** The ListenerSets whose `parentRef` names this Gateway (their `parentRef.name`, for references and rename). */
export function gatewayListenerSets(snap: Snapshot, gw: Typed<KubeGatewayData>): Typed<KubeListenerSetData>[] {
  return snap.members<Typed<KubeListenerSetData>>('kind', 'KubeListenerSet').filter((ls) => {
    const p = ls.data.parentRef;
    return !!p && namesGateway(p) && p.name.value === gw.name && parentNamespace(ls, p) === gw.namespace;
  });
}
