// ILS0801–ILS0805: a Gateway API route's parentRef that attaches nowhere.
// Istio attaches a route to each listener its parentRef selects (by
// `sectionName` and `port`) whose hostname meets one of the route's
// hostnames and which allows the route's kind and namespace
// (pilot/pkg/config/kube/gateway/conversion.go referenceAllowed). When no
// listener does, the parentRef is not Accepted (NoMatchingParent,
// NoMatchingListenerHostname, NotAllowedByListeners in the route's status,
// conditions.go) and the gateway answers 404 for the route's hostnames: the
// routes are silently missing. A mesh route whose Service or ServiceEntry
// parent does not exist routes nothing. A parent outside the workspace is
// reported only where the workspace shows that namespace's Gateways
// (or ServiceEntries, or Services under the registry rules of IST0101).
// A ListenerSet parent (gateway.networking.k8s.io/v1, Istio's
// gateway_collection.go ListenerSetCollection) is judged like a Gateway, on
// the ListenerSet's own listeners.
import type { Finding, KubeGatewayData, KubeListenerSetData, KubeRouteData, Listener, ParentRef, Resource } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { CLUSTER_DOMAIN, isPlaceholder } from '../hosts';
import { GATEWAY_API_GROUP } from '../summary/extractGatewayApi';
import { shouldCheckHost } from './destinationHosts';
import { allowedKinds, describeListener, hostnamesMeet, kindAllowed, listenerInfo, namespaceAdmitted, type ListenerInfo } from './kubeListeners';
import { coexist, finding, perResource, related } from './types';

/** ILS0801: the parent to create or rename to. */
export interface ParentNotFound {
  kind: 'parentNotFound';
  parentKind: string;
  namespace: string;
  name: string;
}

/** The parent whose listeners were judged: `gateway` is its namespace/name. */
export type ListenerParentKind = 'Gateway' | 'ListenerSet';

/** ILS0802: the listeners to pick instead (`field` is what matched none). */
export interface NoMatchingListener {
  kind: 'noMatchingListener';
  gateway: string;
  parentKind: ListenerParentKind;
  field: 'sectionName' | 'port';
  listeners: ListenerInfo[];
}

/** ILS0803: the listeners that could take one of the route's hostnames. */
export interface NoListenerHostname {
  kind: 'noListenerHostname';
  gateway: string;
  parentKind: ListenerParentKind;
  hostnames: string[];
  listeners: ListenerInfo[];
}

/** ILS0804: the route kind and what each selected listener takes. */
export interface RouteKindNotAllowed {
  kind: 'routeKindNotAllowed';
  gateway: string;
  parentKind: ListenerParentKind;
  routeKind: string;
  listeners: (ListenerInfo & { allowed: string[] })[];
}

/** ILS0805: the listeners that would take the route but for its namespace. */
export interface NamespaceNotAllowed {
  kind: 'namespaceNotAllowed';
  gateway: string;
  parentKind: ListenerParentKind;
  routeNamespace: string;
  listeners: (ListenerInfo & { from: string; selector?: Record<string, string> })[];
}

export const kubeParentRefs = perResource({
  rules: [Rules.RouteParentNotFound, Rules.NoMatchingListener, Rules.NoListenerHostname, Rules.RouteKindNotAllowed, Rules.RouteNamespaceNotAllowed],
  kind: 'KubeRoute',
  check(route, snap, report) {
    for (const ref of route.data.parentRefs) {
      if (isPlaceholder(ref.name.value)) continue;
      const f = checkParent(snap, route, ref);
      if (f) report(route.uri, f);
    }
  },
});

function checkParent(snap: Snapshot, route: Typed<KubeRouteData>, ref: ParentRef): Finding | undefined {
  const ns = ref.namespace?.value ?? route.namespace;
  if (ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway') {
    const declared = snap.findKubeGateways(ns, ref.name.value);
    // Only a Gateway applied with the route answers for it: another sample's Gateway of that name is in
    // another cluster, and says nothing of this one.
    const gateways = declared.filter((gw) => coexist(gw, route));
    if (gateways.length) {
      // One Gateway declared several times (overlays, alternative samples): attached if one of them takes the route.
      const findings = gateways.map((gw) => checkListeners(snap, route, ref, gw));
      return findings.includes(undefined) ? undefined : findings[0];
    }
    if (declared.length) return undefined;
    // The Gateways of a namespace that is not written (`kubectl apply -n`) are never known to be all there.
    const written = ref.namespace !== undefined || route.explicitNamespace !== undefined;
    const known = snap.settings.registry === 'complete' || (written && appliedWith(snap, 'kubeGatewayNs', ns, route) && !snap.isIncompleteNamespace(ns) && !snap.unknownNamespaceUnread && !snap.hasUnread('Gateway'));
    return known ? notFound(route, ref, 'Gateway', ns, `the workspace declares Gateways in namespace ${ns}, none named ${ref.name.value}`) : undefined;
  }
  if (ref.group === GATEWAY_API_GROUP && ref.kind === 'ListenerSet') {
    const declared = snap.members<Typed<KubeListenerSetData>>('kubeListenerSet', `${ns}/${ref.name.value}`);
    const sets = declared.filter((ls) => coexist(ls, route));
    if (sets.length) {
      const findings = sets.map((ls) => checkListeners(snap, route, ref, ls));
      return findings.includes(undefined) ? undefined : findings[0];
    }
    if (declared.length) return undefined;
    const written = ref.namespace !== undefined || route.explicitNamespace !== undefined;
    const known = snap.settings.registry === 'complete' || (written && appliedWith(snap, 'kubeListenerSetNs', ns, route) && !snap.isIncompleteNamespace(ns) && !snap.unknownNamespaceUnread && !snap.hasUnread('ListenerSet'));
    return known ? notFound(route, ref, 'ListenerSet', ns, `the workspace declares ListenerSets in namespace ${ns}, none named ${ref.name.value}`) : undefined;
  }
  if (ref.group === '' && ref.kind === 'Service') {
    const host = `${ref.name.value}.${ns}.${CLUSTER_DOMAIN}`;
    if (snap.isRegistered(host, ns) || !shouldCheckHost(snap, host, route, ref.namespace ? host : ref.name.value)) return undefined;
    return notFound(route, ref, 'Service', ns, `no Service ${ref.name.value} in namespace ${ns}`);
  }
  if (ref.group === 'networking.istio.io' && ref.kind === 'ServiceEntry') {
    if (snap.findServiceEntry(ns, ref.name.value)) return undefined;
    const known = snap.settings.registry === 'complete' || appliedWith(snap, 'seNs', ns, route);
    return known ? notFound(route, ref, 'ServiceEntry', ns, `no ServiceEntry ${ref.name.value} among those of namespace ${ns}`) : undefined;
  }
  return undefined; // another controller's parent kind (XListenerSet…): not Istio's to judge here
}

/** Does the workspace show this namespace's parents of the table's kind among what is applied with the route? */
export function appliedWith(snap: Snapshot, table: 'kubeGatewayNs' | 'kubeListenerSetNs' | 'seNs', ns: string, viewer: Resource): boolean {
  return snap.members<Resource>(table, ns).some((r) => coexist(r, viewer));
}

function notFound(route: Resource, ref: ParentRef, parentKind: string, namespace: string, searched: string): Finding {
  return finding(Rules.RouteParentNotFound, route, ref.name.span, `${route.kind} not attached: ${parentKind} ${namespace}/${ref.name.value} not found (${searched}).`, {
    data: { kind: 'parentNotFound', parentKind, namespace, name: ref.name.value } satisfies ParentNotFound,
  });
}

function checkListeners(snap: Snapshot, route: Typed<KubeRouteData>, ref: ParentRef, gw: Typed<KubeGatewayData | KubeListenerSetData>): Finding | undefined {
  const all = gw.data.listeners;
  if (all.length === 0) return undefined;
  const gateway = `${gw.namespace}/${gw.name}`;
  const parentKind: ListenerParentKind = gw.data.kind === 'KubeListenerSet' ? 'ListenerSet' : 'Gateway';
  const parent = `${parentKind} ${gateway}`;
  const rel = (ls: Listener[], say: (l: Listener) => string) => ls.slice(0, 8).map((l) => related(gw, `Listener ${say(l)}`, l.span));
  const selected = all.filter((l) => (!ref.sectionName || l.name.value === ref.sectionName.value) && (!ref.port || l.port?.value === ref.port.value));
  if (selected.length === 0) {
    const byName = ref.sectionName ? all.filter((l) => l.name.value === ref.sectionName!.value) : all;
    const field: NoMatchingListener['field'] = ref.sectionName && byName.length === 0 ? 'sectionName' : 'port';
    const at = field === 'sectionName' ? ref.sectionName! : ref.port!;
    const what = field === 'sectionName' ? `no listener named "${ref.sectionName!.value}"` : byName.length < all.length ? `listener ${ref.sectionName!.value} is not on port ${ref.port!.value}` : `no listener on port ${ref.port!.value}`;
    return finding(Rules.NoMatchingListener, route, at.span, `${route.kind} not attached: ${parent} has ${what}. Listeners: ${all.map(describeListener).join(', ')}.`, {
      related: rel(all, describeListener),
      data: { kind: 'noMatchingListener', gateway, parentKind, field, listeners: all.map(listenerInfo) } satisfies NoMatchingListener,
    });
  }
  const verdicts = selected.map((l) => ({ l, host: hostnamesMeet(l, route.data.hostnames), ns: namespaceAdmitted(snap, gw, l, route), kind: kindAllowed(l, route.kind) }));
  if (verdicts.some((v) => v.host && v.ns !== false && v.kind !== false)) return undefined;
  const hostnames = route.data.hostnames.map((h) => h.value);
  const named = ref.sectionName ?? ref.port ?? ref.name;
  if (!verdicts.some((v) => v.host)) {
    // A ListenerSet among the route's other parents adds listeners to a Gateway's proxies: it may serve these hostnames there.
    const viaListenerSet = parentKind === 'Gateway' && route.data.parentRefs.some((p) => p !== ref && p.kind === 'ListenerSet');
    const effect = viaListenerSet ? 'this parent does not serve them (the route\'s ListenerSet parent may)' : '404 there';
    return finding(Rules.NoListenerHostname, route, named.span, `${route.kind} not attached: its hostnames (${hostnames.join(', ')}) match no hostname of the ${selected.length > 1 ? 'listeners' : 'listener'} of ${parent}: ${effect}. Add one to the route or the listener.`, {
      related: rel(selected, (l) => `${l.name.value} hostname ${l.hostname?.value ?? '(any)'}`),
      data: { kind: 'noListenerHostname', gateway, parentKind, hostnames, listeners: selected.map(listenerInfo) } satisfies NoListenerHostname,
    });
  }
  const hosted = verdicts.filter((v) => v.host);
  if (!hosted.some((v) => v.ns !== false)) {
    const listeners = hosted.map((v) => v.l);
    const how = (l: Listener) => (l.from === 'Selector' ? `namespaces with ${Object.entries(l.fromSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')}` : `namespace ${gw.namespace} only (from: Same)`);
    return finding(Rules.RouteNamespaceNotAllowed, route, (ref.namespace ?? ref.name).span, `${route.kind} not attached: ${parent} does not allow routes from namespace ${route.namespace} (${listeners.map((l) => `${l.name.value}: ${how(l)}`).join('; ')}).`, {
      related: rel(listeners, (l) => `${l.name.value} allows routes from ${how(l)}`),
      data: { kind: 'namespaceNotAllowed', gateway, parentKind, routeNamespace: route.namespace, listeners: listeners.map((l) => ({ ...listenerInfo(l), from: l.from, selector: l.fromSelector })) } satisfies NamespaceNotAllowed,
    });
  }
  const listeners = hosted.filter((v) => v.ns !== false).map((v) => v.l);
  const takes = (l: Listener) => `${l.name.value} takes ${allowedKinds(l).join(', ') || 'no route kind'}`;
  return finding(Rules.RouteKindNotAllowed, route, named.span, `${route.kind} not attached: ${listeners.length > 1 ? 'the listeners of ' + parent + ' do' : 'listener ' + listeners[0].name.value + ' of ' + parent + ' does'} not take ${route.kind} (${listeners.map(takes).join('; ')}).`, {
    related: rel(listeners, takes),
    data: { kind: 'routeKindNotAllowed', gateway, parentKind, routeKind: route.kind, listeners: listeners.map((l) => ({ ...listenerInfo(l), allowed: allowedKinds(l) })) } satisfies RouteKindNotAllowed,
  });
}
