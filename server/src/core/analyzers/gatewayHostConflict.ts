// ILS0201: two VirtualServices bound to the same Gateway claim the same host
// with routes that shadow each other. At a gateway istiod merges them into one
// Envoy virtual host, appending each VirtualService's routes in creation
// order and then moving the catch-all routes (no match, `uri` prefix `/` or
// regex `.*`) to the end (pilot/pkg/networking/core/gateway.go,
// buildGatewayHTTPRouteConfig; route/route.go, SortVHostRoutes). Splitting one
// host by path across VirtualServices is therefore safe and recommended
// (istio.io, "Split large virtual services"). It breaks only when both have a
// catch-all route, or both match the very same requests: Envoy takes the
// first in creation order, the other route is never used, and re-creating a
// resource silently swaps which one wins. TCP and TLS routes for one host on
// one gateway are not merged by path and always collide.
// Hosts are compared as the gateway sees them: the part of each
// VirtualService host that one of the Gateway's servers exposes to the
// VirtualService's namespace (`*.foo.com` through a server for `a.foo.com`
// is `a.foo.com`). Only VirtualServices exported to a namespace where the
// gateway pods run meet there (any common namespace when the workspace does
// not declare the gateway workload).
import type { GatewayData, Related, Resource, RouteRule, StrRef, VirtualServiceData } from '../model';
import { Rules } from '../catalog';
import type { Typed } from '../index/snapshot';
import { covers, exposedHosts, fqdn, intersects, parseGatewayRef, scopeOf, scopesOverlap } from '../hosts';
import { alternatives } from './alternatives';
import { conflicts, finding, label, related, sameResource } from './types';
import { listedGateways } from './gatewayRefs';

interface Claim {
  vs: Typed<VirtualServiceData>;
  host: StrRef;
  scope: Set<string>;
}

export const gatewayHostConflict = conflicts({
  rules: [Rules.HostClaimedTwiceOnGateway],
  kind: 'VirtualService',
  // Groups: the Gateways (`ns/name`) the VirtualServices list, where the workspace has them.
  groupKeys: (vs, snap) => listedGateways(snap, vs).filter((g) => g.gateway).map((g) => g.key),
  checkGroup(key, members, snap, report) {
    if (members.length < 2) return;
    const [ns, name] = key.split('/');
    const gateway = snap.findGateway(ns, name);
    if (!gateway) return;
    // Served host → claims.
    const hosts = new Map<string, Claim[]>();
    for (const vs of members) {
      const scope = scopeOf(vs.data.exportTo, vs.namespace);
      for (const host of vs.data.hosts) {
        for (const served of servedNames(gateway, vs, host)) {
          const list = hosts.get(served) ?? [];
          if (!list.some((c) => c.vs === vs)) list.push({ vs, host, scope });
          hosts.set(served, list);
        }
      }
    }
    const reported = new Set<string>();
    // Where the gateway pods run, when the workspace declares them: both VirtualServices must be exported there.
    const podNamespaces = new Set(snap.workloadsSelectedBy(gateway.data.selector).map((w) => w.namespace));
    const together = (a: Claim, b: Claim) =>
      podNamespaces.size === 0 ? scopesOverlap(a.scope, b.scope) : [...podNamespaces].some((ns) => inScope(a.scope, ns) && inScope(b.scope, ns));
    for (const [served, claims] of hosts) {
      if (claims.length < 2) continue;
      for (const c of claims) {
        const clashes: { other: Claim; clash: Clash }[] = [];
        for (const o of claims) {
          if (sameResource(o.vs, c.vs) || !together(c, o)) continue;
          const clash = shadowing(c.vs, o.vs, key);
          if (clash && !alternatives(snap, o.vs, c.vs)) clashes.push({ other: o, clash });
        }
        const id = `${c.vs.uri}#${c.host.span.start}#${key}`;
        if (clashes.length === 0 || reported.has(id)) continue;
        reported.add(id);
        // Copies of one resource (overlays, samples) are named once.
        const names = [...new Set(clashes.map((x) => label(x.other.vs)))];
        const first = clashes[0].clash;
        report(
          c.vs.uri,
          finding(
            Rules.HostClaimedTwiceOnGateway,
            c.vs,
            c.host.span,
            `Host ${served} on Gateway ${key}: ${first.what} here and in ${names.join(', ')}. ` +
              'The gateway merges their routes in creation order, so one of them is never used. Keep those routes for this host in one VirtualService.',
            {
              related: [
                ...clashes.map(({ other, clash }) => relatedRule(other.vs, clash.theirs, `${label(other.vs)}: ${clash.what} for ${served} on Gateway ${key}`)),
                related(gateway, `Gateway ${key}`),
              ],
              data: { host: served, gateway: key, others: [...new Set(clashes.map((x) => `${x.other.vs.namespace}/${x.other.vs.name}`))] },
            },
          ),
        );
      }
    }
  },
});

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

interface Clash {
  what: string;
  theirs: RouteRule;
}

/** How the routes of `a` and `b` at one gateway shadow each other, if they do. */
function shadowing(a: Typed<VirtualServiceData>, b: Typed<VirtualServiceData>, gatewayKey: string): Clash | undefined {
  for (const protocol of ['tcp', 'tls'] as const) {
    const theirs = b.data.routes.find((r) => r.protocol === protocol);
    if (theirs && a.data.routes.some((r) => r.protocol === protocol)) return { what: `both have ${protocol.toUpperCase()} routes`, theirs };
  }
  const mine = httpClauses(a, gatewayKey);
  if (mine.length === 0) return undefined;
  for (const { rule, match } of httpClauses(b, gatewayKey)) {
    for (const m of mine) {
      if (m.match.port !== undefined && match.port !== undefined && m.match.port !== match.port) continue;
      if (m.match.catchAll && match.catchAll) return { what: 'a catch-all route', theirs: rule };
      if (m.match.key === match.key) return { what: `the same match ${match.key}`, theirs: rule };
    }
  }
  return undefined;
}

/** The HTTP match clauses of a VirtualService that apply on the gateway `ns/name`. */
function httpClauses(vs: Typed<VirtualServiceData>, gatewayKey: string) {
  const out: { rule: RouteRule; match: NonNullable<RouteRule['matches']>[number] }[] = [];
  for (const rule of vs.data.routes) {
    if (rule.protocol !== 'http') continue;
    for (const match of rule.matches ?? []) {
      if (match.gateways.length > 0 && !match.gateways.some((g) => gatewayKeyOf(g, vs.namespace) === gatewayKey)) continue;
      out.push({ rule, match });
    }
  }
  return out;
}

function gatewayKeyOf(ref: string, vsNamespace: string): string {
  const g = parseGatewayRef(ref, vsNamespace);
  return `${g.namespace}/${g.name}`;
}

function relatedRule(vs: Resource, rule: RouteRule, message: string): Related {
  return { uri: vs.uri, span: rule.span, message };
}
