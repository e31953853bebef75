// IST0112 (destination port selection required). A route destination without
// `port.number` is sent to the service's only port, or, when the service has
// several, to the port the request arrived on (the listener port: Istio's
// GetDestinationCluster). That works only while the listener port happens to
// be a port of the destination too: behind a Gateway on port 80, a route to a
// Service that listens on 9080 and 9090 targets the cluster
// `outbound|80||svc`, which does not exist, and every request on the route
// fails with 503 (NR / "no healthy upstream"). Like `istioctl analyze`
// (virtualservice/destinationhosts.go, checkServiceEntryPorts), every HTTP,
// TCP and TLS route destination and every HTTP mirror is checked, against the
// Service or ServiceEntry that registers the host; only services declared in
// the workspace are known, so hosts outside it are never reported, and nor are
// Services a kustomization of their build patches (a JSON patch may replace
// their ports: Kubeflow's model registry UI gets port 80 that way).
import type { Destination, Finding, PortRef, Resource, ServiceEntryData, Span, VirtualServiceData } from '../model';
import { routeGateways } from './vsGateways';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { fqdn, isClusterLocal } from '../hosts';
import { finding, label, related, perResource } from './types';

/** The payload of the finding: the ports to choose from, for the fix. */
export interface PortChoice {
  ports: number[];
}

export const destinationPort = perResource({
  rules: [Rules.DestinationPortRequired, Rules.ReferencedResourceNotFound],
  kind: 'VirtualService',
  check(vs, snap, report) {
    for (const route of vs.data.routes) {
      for (const d of route.destinations) {
        const f = checkPort(snap, vs, d, routeGateways(vs.data, route).every((g) => g === 'mesh'));
        if (f) report(vs.uri, f);
      }
    }
  },
});

function checkPort(snap: Snapshot, vs: Typed<VirtualServiceData>, d: Destination, sidecars: boolean): Finding | undefined {
  const host = fqdn(d.host.value, vs.namespace);
  if (host.includes('*')) return undefined;
  if (d.port) return checkPortExposed(snap, vs, d, d.port, host);
  // Sidecars build a route for the VirtualService's own host once per port of that host, so a destination
  // of that host without a port takes the listener's port, always one of its ports (route.go GetDestinationCluster).
  // Only with that one host: a second host's listener ports need not be ports of the destination.
  if (sidecars && vs.data.hosts.length === 1 && fqdn(vs.data.hosts[0].value, vs.namespace) === host) return undefined;
  const service = registeringService(snap, host, vs.namespace);
  if (!service || service.ports.length < 2 || service.resource.patched) return undefined;
  // Versions of the Service kept side by side (a demo's deployment-*.yaml): reported only when every one has several ports.
  if (snap.lookupHost(host, vs.namespace).services.some((s) => s.data.ports.length < 2 || s.patched)) return undefined;
  const ports = service.ports.map((p) => p.number);
  const where = d.role === 'mirror' ? 'This mirror destination' : 'This destination';
  return finding(
    Rules.DestinationPortRequired,
    vs,
    d.host.span,
    `${where} gives no port, and ${hostLabel(service.resource, host)} has ${ports.length} ports (${describePorts(service.ports)}): Envoy then uses the port the request arrived on, which fails with 503 when it is not one of them. Add port.number.`,
    {
      related: [related(service.resource, `${hostLabel(service.resource, host)} declares ports ${ports.join(', ')}`)],
      data: { ports } satisfies PortChoice,
    },
  );
}

function checkPortExposed(snap: Snapshot, vs: Typed<VirtualServiceData>, d: Destination, port: { number: number; span: Span }, host: string): Finding | undefined {
  const l = snap.lookupHost(host, vs.namespace);
  // A built-in host (the default gateways) may have a Service outside the workspace.
  if (l.builtin) return undefined;
  const registering: { resource: Resource; ports: PortRef[] }[] = [
    ...l.services.map((s) => ({ resource: s as Resource, ports: s.data.ports })),
    ...portOwners(l.serviceEntries, host).map((s) => ({ resource: s as Resource, ports: s.data.ports })),
  ];
  // A manifest without ports (a selector-less stub) says nothing about them.
  if (registering.length === 0 || registering.some((x) => x.ports.length === 0 || x.resource.patched)) return undefined;
  if (registering.some((x) => x.ports.some((p) => p.number === port.number))) return undefined;
  const ports = [...new Set(registering.flatMap((x) => x.ports.map((p) => p.number)))];
  const named = (r: Resource) => hostLabel(r, host);
  return finding(
    Rules.ReferencedResourceNotFound,
    vs,
    port.span,
    `Referenced host:port not found: "${d.host.value}:${port.number}". ${unique(registering.map((x) => `${named(x.resource)} exposes ${describePorts(x.ports)}`)).join('; ')}: there is no cluster for port ${port.number}, so requests on this route get 503. Use one of ${ports.join(', ')} (a Service port, not its targetPort).`,
    {
      related: registering.map((x) => related(x.resource, `${named(x.resource)} exposes ports ${x.ports.map((p) => p.number).join(', ')}`, x.ports[0]?.span)),
      data: { kind: 'portNotFound', host, port: port.number, ports },
    },
  );
}

/**
 * How a message names the Service behind a host: in the host's namespace, which is the Service's own there (a
 * base that overlays build into several namespaces is one Service in each; `label` gives the first of them).
 */
function hostLabel(r: Resource, host: string): string {
  return r.kind === 'Service' && isClusterLocal(host) ? `Service ${host.split('.')[1]}/${r.name}` : label(r);
}

/** The Service (preferred, as istioctl does) or the first visible ServiceEntry that registers the host. */
function registeringService(snap: Snapshot, host: string, viewer: string): { resource: Resource; ports: PortRef[] } | undefined {
  const l = snap.lookupHost(host, viewer);
  const svc = l.services[0];
  if (svc) return { resource: svc, ports: svc.data.ports };
  const se = portOwners(l.serviceEntries, host)[0];
  if (se) return { resource: se, ports: se.data.ports };
  return undefined;
}

/**
 * The ServiceEntries whose ports are the host's: those that list it, and wildcard ones only for hosts outside
 * the cluster. A wildcard entry does not own a cluster-local host a Service registers (that Service may be
 * outside the workspace), and `*` alone is rejected by validation: it never exists.
 */
function portOwners(entries: readonly Typed<ServiceEntryData>[], host: string): Typed<ServiceEntryData>[] {
  const local = isClusterLocal(host);
  return entries.filter((se) => se.data.hosts.some((h) => fqdn(h.value, se.namespace) === host) || (!local && !se.data.hosts.some((h) => h.value === '*')));
}

/** Copies of one resource (overlays, samples) are named once. */
function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}

function describePorts(ports: PortRef[]): string {
  return ports.map((p) => (p.name ? `${p.number} ${p.name}` : String(p.number))).join(', ');
}

