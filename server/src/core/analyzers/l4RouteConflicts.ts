// ILS0820: a TLSRoute or TCPRoute that a Gateway never uses because another
// route holds what it claims. Istio turns each route into VirtualServices and
// a gateway takes them in one order (pilot/pkg/model/push_context.go
// VirtualServicesForGateway: routes of the Gateway's namespace first; then
// virtualservice_controller.go: oldest creationTimestamp, then name, then
// namespace). pilot/pkg/networking/core/gateway.go then:
// - TLS passthrough listeners (buildGatewayNetworkFiltersFromTLSRoutes): a
//   route whose SNI hostnames on a listener repeat one another route took on
//   the same port before it is skipped there whole ("duplicate SNI host
//   names"), all its hostnames of that listener;
// - TCP listeners (buildGatewayNetworkFiltersFromTCPRoutes): the first
//   TCPRoute takes the listener, every later one is ignored
//   (route_collections.go: "each listener can have at most one route bound
//   to it"). TLS listeners that terminate behave alike, but TLSRoutes compete
//   for them too: not judged.
// The Gateway API leaves such conflicts to the implementation, by the same
// oldest-then-name order (apis/v1/gateway_types.go AllowedRoutes).
// Creation times are unknown before apply unless written: the message says
// which route wins when they are applied together. Only Gateways Istio
// programs with this code are judged: class `istio`, or a GatewayClass of
// Istio's gateway controller in the workspace (other controllers differ).
import type { KubeRouteData } from '../model';
import { Rules } from '../catalog';
import type { Typed } from '../index/snapshot';
import { istioGatewayClass } from './kubeListeners';
import { placements, type Placement } from './kubePlacements';
import { conflicts, finding, related, sameResource } from './types';

type Route = Typed<KubeRouteData>;

export const l4RouteConflicts = conflicts({
  rules: [Rules.UnusedL4Route],
  kind: 'KubeRoute',
  groupKeys(route, snap) {
    if (!isCandidate(route)) return [];
    const keys = new Set<string>();
    for (const p of placements(snap, route)) {
      if (!p.gateway || !istioGatewayClass(snap, p.gateway)) continue;
      const key = groupKey(route.kind, p);
      if (key) keys.add(key);
    }
    return keys;
  },
  checkGroup(key, members, snap, report) {
    if (members.length < 2) return;
    const [mode, parent, where] = key.split('|');
    const mine = (r: Route) => placements(snap, r).filter((p) => groupKey(r.kind, p) === key);
    const proxyNamespace = mine(members[0])[0]?.proxyNamespace ?? '';
    const ordered = [...members].sort((a, b) => istioOrder(a, b, proxyNamespace));
    if (mode === 'TCP') {
      const [first, ...rest] = ordered;
      for (const loser of rest) {
        if (sameResource(first, loser)) continue;
        const at = mine(loser)[0]?.ref ?? loser.data.parentRefs[0];
        report(loser.uri, finding(Rules.UnusedL4Route, loser, at.name.span, `Not used: listener ${where} of ${parent} already takes TCPRoute ${first.namespace}/${first.name}, and Istio serves one TCPRoute per listener (${why(first, loser, proxyNamespace)}). Give this route its own listener.`, {
          related: [related(first, `TCPRoute ${first.namespace}/${first.name} takes the listener`)],
        }));
      }
      return;
    }
    // TLS passthrough: Istio registers the SNI hostnames of each (route, listener) on the port in order; a repeat skips that match whole.
    const taken = new Map<string, Route>();
    const reported = new Set<Route>();
    for (const route of ordered) {
      const byListener = new Map<unknown, Set<string>>();
      for (const p of mine(route)) byListener.set(p.listener, (byListener.get(p.listener) ?? new Set()).add(p.host));
      for (const set of byListener.values()) {
        const hosts = [...set];
        const held = hosts.filter((h) => taken.has(h));
        if (held.length === 0) {
          for (const h of hosts) taken.set(h, route);
          continue;
        }
        const clash = held.filter((h) => !sameResource(taken.get(h)!, route));
        if (clash.length === 0 || reported.has(route)) continue; // its own hostnames from another listener: harmless
        reported.add(route);
        const winner = taken.get(clash[0])!;
        const at = route.data.hostnames.find((h) => h.value.toLowerCase() === clash[0]) ?? mine(route)[0]?.ref.name ?? route.data.parentRefs[0].name;
        const free = hosts.filter((h) => !taken.has(h));
        const lost = free.length ? ` Istio skips its whole match there, so ${free.join(', ')} is not served either.` : '';
        report(route.uri, finding(Rules.UnusedL4Route, route, at.span, `Not used on port ${where} of ${parent}: TLSRoute ${winner.namespace}/${winner.name} already claims SNI ${clash.join(', ')} there (${why(winner, route, proxyNamespace)}).${lost} Merge them or use other hostnames.`, {
          related: [related(winner, `TLSRoute ${winner.namespace}/${winner.name} claims ${clash.join(', ')}`, winner.data.hostnames.find((h) => h.value.toLowerCase() === clash[0])?.span)],
        }));
      }
    }
  },
});

/** Routes that compete: those with backends (Istio passes over a rule without any). */
function isCandidate(route: Route): boolean {
  return (route.kind === 'TCPRoute' || route.kind === 'TLSRoute') && route.data.backendRefs.length > 0;
}

/** TCPRoutes compete per TCP listener; TLSRoutes on passthrough listeners per port, by SNI hostname. */
function groupKey(kind: string, p: Placement): string | undefined {
  const l = p.listener;
  if (kind === 'TCPRoute' && l.protocol === 'TCP') return `TCP|${p.parent}|${l.name.value}`;
  if (kind === 'TLSRoute' && l.protocol === 'TLS' && l.tlsMode === 'Passthrough' && l.port) return `TLS|${p.parent}|${l.port.value}`;
  return undefined;
}

/** The order a gateway takes the routes' VirtualServices in (`<route>~tcp~N~…`, `<route>~tls~N~…`). */
function istioOrder(a: Route, b: Route, proxyNamespace: string): number {
  const local = Number(b.namespace === proxyNamespace) - Number(a.namespace === proxyNamespace);
  if (local !== 0) return local;
  if (a.data.created && b.data.created && a.data.created !== b.data.created) return a.data.created < b.data.created ? -1 : 1;
  return cmp(`${a.name}~`, `${b.name}~`) || cmp(a.namespace, b.namespace);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Why the winner comes first, as far as the workspace can tell. */
function why(winner: Route, loser: Route, proxyNamespace: string): string {
  if (winner.namespace === proxyNamespace && loser.namespace !== proxyNamespace) return `Istio takes the routes of the Gateway's namespace ${proxyNamespace} first`;
  if (winner.data.created && loser.data.created && winner.data.created !== loser.data.created) return `${winner.namespace}/${winner.name} is older`;
  return `applied together, ${winner.namespace}/${winner.name} wins by name; otherwise the older route`;
}
