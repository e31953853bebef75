// Where the proxies that serve a Gateway run, and which proxies a route
// applies to. A gateway proxy sees the configuration exported to the
// namespace of its pod, not to the Gateway resource's namespace
// (pilot/pkg/model/sidecar.go DefaultSidecarScopeForGateway,
// push_context.go VirtualServicesForGateway).
import type { GatewayData, Resource, RouteRule, VirtualServiceData } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { parseGatewayRef, visibleTo } from '../hosts';
import { sameSampleUnit } from '../kustomize/sampleUnits';
import { routeGateways } from './vsGateways';

export interface ProxyNamespaces {
  namespaces: string[];
  /** True when the gateway workloads are in the workspace; else the Gateway's own namespace is assumed. */
  known: boolean;
  workloads: Resource[];
  /** Some workload has no namespace (`kubectl apply -n`): the proxies may also run in a namespace nobody can tell. */
  floating?: true;
}

/** The namespaces of the workloads a Gateway selects (applied with it); the Gateway's namespace when none is in the workspace. */
export function gatewayProxyNamespaces(snap: Snapshot, gw: Typed<GatewayData>): ProxyNamespaces {
  // Not another sample's gateway deployment (it says nothing of this one's cluster); another build's does count: the
  // ingress Deployment of an `infra` build serves the Gateways of an `apps` build in the same cluster. But when the
  // Gateway's own build deploys its proxies, those are the ones: another build's copy is another example's.
  const selected = Object.keys(gw.data.selector).length ? snap.workloadsSelectedBy(gw.data.selector).filter((w) => sameSampleUnit(w.uri, gw.uri)) : [];
  const own = gw.builds ? selected.filter((w) => w.builds?.some((b) => gw.builds!.includes(b))) : [];
  const workloads = own.length ? own : selected;
  if (workloads.length === 0) return { namespaces: [gw.namespace], known: false, workloads };
  const out: ProxyNamespaces = { namespaces: [...new Set(workloads.map((w) => w.namespace))], known: true, workloads };
  if (workloads.some((w) => w.explicitNamespace === undefined)) out.floating = true;
  return out;
}

export interface RouteClient {
  namespace: string;
  /** The Gateway whose proxies these are; undefined for the sidecars (`mesh`). */
  gateway?: Typed<GatewayData>;
  known: boolean;
  /** Some of the Gateway's workloads have no namespace (ProxyNamespaces.floating). */
  floating?: true;
}

/**
 * The proxies a route is applied by: the sidecars of the VirtualService's
 * namespace for `mesh` (the namespace that owns the rule; other namespaces it
 * is exported to are not followed), and the proxies of each Gateway in the
 * workspace the route is bound to (the route's `match[].gateways`, else the
 * VirtualService's `gateways`).
 */
export function routeClients(snap: Snapshot, vs: Typed<VirtualServiceData>, route: RouteRule): RouteClient[] {
  const refs = routeGateways(vs.data, route);
  const out: RouteClient[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const g = parseGatewayRef(ref, vs.namespace);
    if (g.mesh) {
      // The sidecars of its own namespace, unless exportTo keeps it from them: then those of the namespaces it names.
      const own = visibleTo(vs.data.exportTo, vs.namespace, vs.namespace);
      for (const ns of own ? [vs.namespace] : (vs.data.exportTo ?? []).filter((e) => e !== '.' && e !== '*' && e !== '~')) {
        if (!seen.has(`mesh ${ns}`)) out.push({ namespace: ns, known: true });
        seen.add(`mesh ${ns}`);
      }
      continue;
    }
    const gw = snap.findGateway(g.namespace, g.name, vs);
    if (!gw) continue;
    const proxies = gatewayProxyNamespaces(snap, gw);
    for (const ns of proxies.namespaces) {
      const key = `${gw.namespace}/${gw.name} ${ns}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ namespace: ns, gateway: gw, known: proxies.known, ...(proxies.floating ? { floating: true as const } : {}) });
    }
  }
  return out;
}

/** How a message names the proxies of a client. */
export function describeClient(c: RouteClient): string {
  if (!c.gateway) return `sidecars in namespace ${c.namespace}`;
  const gw = `${c.gateway.namespace}/${c.gateway.name}`;
  return c.known ? `the proxies of Gateway ${gw} (namespace ${c.namespace})` : `the proxies of Gateway ${gw} (assumed in its namespace ${c.namespace}: no gateway workload in the workspace)`;
}
