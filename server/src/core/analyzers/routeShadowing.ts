// ILS0817: a Gateway API route match that never takes a request because
// another match selects exactly the same requests and wins. Istio orders the
// rules of all HTTPRoutes (GRPCRoutes) for one hostname on one listener as the
// Gateway API prescribes (pilot/pkg/config/kube/gateway/conversion.go
// sortHTTPRoutes, sortRoutesByCreationTime): Exact path before PathPrefix,
// longer prefix first, then method, more header matches, more query
// matches; a less specific match therefore never hides a more specific one.
// Only equal matches tie, and the tie goes to the oldest route, then the
// first by namespace/name; within one route to the first rule
// (kubernetes-sigs/gateway-api apis/v1/httproute_types.go, HTTPRouteRule).
// Creation times are unknown before apply: the route that loses when both
// are applied together (later by namespace/name) gets the warning, and the
// message says the winner depends on which was created first. Routes for
// different hostnames never tie: each hostname gets its own virtual host, an
// exact one before a wildcard.
import type { KubeRouteData, Resource, KubeRouteMatch } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { placements } from './kubePlacements';
import { conflicts, finding, related, sameResource, type ResourceAnalyzer } from './types';

/** Within one route: a later rule's match equal to an earlier rule's never matches. */
export const ruleShadowing: ResourceAnalyzer = {
  rules: [Rules.ShadowedRouteMatch],
  analyze(r: Resource) {
    const data = r.data as KubeRouteData;
    if (data.kind !== 'KubeRoute' || !data.matches) return [];
    const first = new Map<string, KubeRouteMatch>();
    const out = [];
    for (const m of data.matches) {
      const earlier = first.get(m.key);
      if (!earlier) first.set(m.key, m);
      else if (earlier.rule !== m.rule) {
        out.push(finding(Rules.ShadowedRouteMatch, r, m.span, `Never matches: rule ${earlier.rule + 1} of this ${r.kind} has the same match (${m.key}) and comes first.`, {
          related: [related(r, `rule ${earlier.rule + 1}: ${earlier.key}`, earlier.span)],
        }));
      }
    }
    return out;
  },
};

/**
 * The same route defined in other files (a lab's later step that replaces it): the cluster holds one of the
 * versions, so a clash that one of them does not have is not certain. Read only on the way to a finding.
 */
function otherVersions(snap: Snapshot, route: Typed<KubeRouteData>): Typed<KubeRouteData>[] {
  return snap.resourcesOfKind('KubeRoute').filter((r) => r.uri !== route.uri && r.kind === route.kind && r.namespace === route.namespace && r.name === route.name);
}

/** Across routes: the same match for the same hostname on one listener. */
export const routeShadowing = conflicts({
  rules: [Rules.ShadowedRouteMatch],
  kind: 'KubeRoute',
  groupKeys(route, snap) {
    if (!route.data.matches?.length) return [];
    const keys: string[] = [];
    for (const { parent, host } of placements(snap, route)) {
      for (const m of route.data.matches) keys.push(`${route.kind}|${parent}|${host}|${m.key}`);
    }
    return keys;
  },
  checkGroup(key, members, snap, report) {
    if (members.length < 2) return;
    const [kind, gateway, host, ...rest] = key.split('|');
    const matchKey = rest.join('|');
    const listenersOf = (r: Typed<KubeRouteData>) => new Set(placements(snap, r).filter((p) => p.parent === gateway && p.host === host).map((p) => p.listener));
    const sorted = [...members].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
    for (let i = 1; i < sorted.length; i++) {
      const loser = sorted[i];
      const mine = listenersOf(loser);
      const clashes = (w: Typed<KubeRouteData>) => !sameResource(w, loser) && [...listenersOf(w)].some((l) => mine.has(l));
      const winner = sorted.slice(0, i).find(clashes);
      if (!winner || otherVersions(snap, winner).some((v) => !members.includes(v) || !clashes(v)) || otherVersions(snap, loser).some((v) => !members.includes(v))) continue;
      const at = loser.data.matches!.find((m) => m.key === matchKey)!;
      const theirs = winner.data.matches!.find((m) => m.key === matchKey)!;
      const w = `${winner.namespace}/${winner.name}`;
      report(loser.uri, finding(Rules.ShadowedRouteMatch, loser, at.span, `Shadowed: ${kind} ${w} has the same match (${matchKey}) for ${host} on ${gateway}, and only one serves it. Applied together, ${w} wins (first by namespace/name); otherwise the older route. Merge the rules or make the matches differ.`, {
        related: [related(winner, `${kind} ${w}: ${theirs.key}`, theirs.span)],
      }));
    }
  },
});
