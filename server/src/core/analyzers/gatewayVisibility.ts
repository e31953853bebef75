// ILS0207 and ILS0304: what a gateway's proxies cannot see. A gateway proxy
// takes the VirtualServices, ServiceEntries, Services and DestinationRules
// exported to the namespace its pods run in, not those of the Gateway
// resource's or the VirtualService's namespace (pilot/pkg/model/push_context.go
// VirtualServicesForGateway; sidecar.go DefaultSidecarScopeForGateway).
//  - ILS0207: a VirtualService bound to a Gateway whose proxies run in a
//    namespace it is not exported to (typically `exportTo: ["."]` with the
//    gateway pods in istio-system) never reaches them: 404 for its hosts.
//  - ILS0304: a route applied at a gateway to a host that only ServiceEntries
//    (or Services with the networking.istio.io/exportTo annotation) not
//    exported to the gateway's namespace register: the gateway has no cluster
//    for it and answers 503 (the egress gateway leg of an egress bundle whose
//    ServiceEntry says `exportTo: ["."]`).
// The proxies' namespace is that of the gateway workloads in the workspace,
// else the Gateway's own namespace is assumed (gatewayProxies.ts); when they
// run in several namespaces, only what none of them sees is reported. Not
// reported when a gateway workload has no namespace (it runs wherever it is
// applied), nor, with no workload in the workspace, when exportTo names other
// namespaces: the author knows where the gateway runs and the workspace does
// not show it.
import type { Destination, Finding, Related, Resource, VirtualServiceData } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { fqdn, visibleTo } from '../hosts';
import { finding, label, related, perResource } from './types';
import { listedGateways } from './gatewayRefs';
import { describeClient, gatewayProxyNamespaces, routeClients, type RouteClient } from './gatewayProxies';

export const gatewayVisibility = perResource({
  rules: [Rules.VirtualServiceHiddenFromGateway, Rules.DestinationHiddenFromGateway],
  kind: 'VirtualService',
  check(vs, snap, report) {
    for (const f of hiddenVirtualService(snap, vs)) report(vs.uri, f);
    for (const route of vs.data.routes) {
      const clients = routeClients(snap, vs, route).filter((c) => c.gateway);
      if (clients.length === 0) continue;
      for (const d of route.destinations) {
        const f = hiddenDestination(snap, vs, d, clients);
        if (f) report(vs.uri, f);
      }
    }
  },
});

function hiddenVirtualService(snap: Snapshot, vs: Typed<VirtualServiceData>): Finding[] {
  const exportTo = vs.data.exportTo;
  if (!exportTo || exportTo.length === 0 || exportTo.includes('*')) return [];
  const out: Finding[] = [];
  for (const listed of listedGateways(snap, vs)) {
    const gw = listed.gateway;
    if (!gw) continue;
    const proxies = gatewayProxyNamespaces(snap, gw);
    // A gateway workload without a namespace runs wherever it is applied; and with no workload in the workspace, an
    // exportTo that names other namespaces says where the author knows the gateway runs.
    if (proxies.floating || (!proxies.known && exportTo.some((e) => e !== '.' && e !== vs.namespace))) continue;
    // Proxies in several namespaces (a gateway Deployment per tenant, all with one label set) that see it in one of
    // them serve its hosts there: the others sit behind Services of their own and never get those requests.
    const hidden = proxies.namespaces.filter((ns) => !visibleTo(exportTo, vs.namespace, ns));
    if (hidden.length === 0 || hidden.length < proxies.namespaces.length) continue;
    const where = proxies.known ? `run in namespace ${hidden.join(', ')}` : `are assumed in its namespace ${gw.namespace} (no gateway workload in the workspace)`;
    const rel: Related[] = [related(gw, `Gateway ${gw.namespace}/${gw.name}`)];
    for (const w of proxies.workloads.filter((w) => hidden.includes(w.namespace)).slice(0, 3)) rel.push(related(w, `gateway workload ${label(w)}`));
    out.push(
      finding(
        Rules.VirtualServiceHiddenFromGateway,
        vs,
        listed.ref.span,
        `The proxies of Gateway ${gw.namespace}/${gw.name} ${where}, and this VirtualService has exportTo: ${JSON.stringify(exportTo)}: the gateway never sees it, so requests for its hosts get 404. Add ${hidden.join(', ')} to exportTo.`,
        { related: rel, data: { gateway: `${gw.namespace}/${gw.name}`, namespaces: hidden, assumed: !proxies.known } },
      ),
    );
  }
  return out;
}

function hiddenDestination(snap: Snapshot, vs: Typed<VirtualServiceData>, d: Destination, clients: RouteClient[]): Finding | undefined {
  const host = fqdn(d.host.value, vs.namespace);
  if (host.includes('*')) return undefined;
  const own = snap.lookupHost(host, vs.namespace);
  // Unregistered hosts are IST0101's; built-in hosts may be registered outside the workspace.
  if (own.builtin || (own.services.length === 0 && own.serviceEntries.length === 0)) return undefined;
  const sees = (c: RouteClient) => c.floating || c.namespace === vs.namespace || snap.isRegistered(host, c.namespace);
  for (const client of clients) {
    if (sees(client)) continue;
    // As for the VirtualService: the gateway's proxies in another namespace that see the host serve it.
    if (clients.some((c) => c.gateway === client.gateway && sees(c))) continue;
    const registering: Resource[] = [...own.services, ...own.serviceEntries];
    const scopes = registering.map((r) => `${label(r)} has exportTo: ${JSON.stringify(exportOf(r))}`);
    return finding(
      Rules.DestinationHiddenFromGateway,
      vs,
      d.host.span,
      `${host} is not visible to ${describeClient(client)}: ${scopes.join('; ')}. That gateway has no cluster for it and answers 503. Add ${client.namespace} to the exportTo of ${registering.map((r) => `${r.namespace}/${r.name}`).join(', ')}.`,
      {
        related: registering.map((r) => related(r, `${label(r)}: exportTo ${JSON.stringify(exportOf(r))}`, r.data.kind === 'ServiceEntry' ? r.data.exportToSpan : undefined)),
        data: { host, namespace: client.namespace, gateway: `${client.gateway!.namespace}/${client.gateway!.name}`, assumed: !client.known },
      },
    );
  }
  return undefined;
}

function exportOf(r: Resource): string[] {
  const d = r.data;
  const e = d.kind === 'ServiceEntry' || d.kind === 'Service' ? d.exportTo : undefined;
  return e && e.length ? e : ['*'];
}
