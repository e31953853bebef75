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
// the workspace are known, so hosts outside it are never reported.
import type { Destination, Finding, PortRef, Resource, VirtualServiceData } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { fqdn } from '../hosts';
import { destinationsOf } from './vsGateways';
import { finding, label, related, type Report, type WorkspaceAnalyzer } from './types';

export const destinationPort: WorkspaceAnalyzer = {
  rules: [Rules.DestinationPortRequired],
  iterates: 'virtualServices',
  analyze(snap: Snapshot, report: Report): void {
    for (const [vs, d] of destinationsOf(snap.virtualServices)) {
      const f = checkPort(snap, vs, d);
      if (f) report(vs.uri, f);
    }
  },
};

function checkPort(snap: Snapshot, vs: Typed<VirtualServiceData>, d: Destination): Finding | undefined {
  if (d.port) return undefined;
  const host = fqdn(d.host.value, vs.namespace);
  if (host.includes('*')) return undefined;
  const service = registeringService(snap, host, vs.namespace);
  if (!service || service.ports.length < 2) return undefined;
  const ports = service.ports.map((p) => p.number);
  const where = d.role === 'mirror' ? 'This mirror destination' : 'This destination';
  return finding(
    Rules.DestinationPortRequired,
    vs,
    d.host.span,
    `${where} gives no port, and ${label(service.resource)} has ${ports.length} ports (${describePorts(service.ports)}): Envoy then uses the port the request arrived on, which fails with 503 when it is not one of them. Add port.number.`,
    {
      related: [related(service.resource, `${label(service.resource)} declares ports ${ports.join(', ')}`)],
      data: { ports },
    },
  );
}

/** The Service (preferred, as istioctl does) or the first visible ServiceEntry that registers the host. */
function registeringService(snap: Snapshot, host: string, viewer: string): { resource: Resource; ports: PortRef[] } | undefined {
  const l = snap.lookupHost(host, viewer);
  const svc = l.services[0];
  if (svc) return { resource: svc, ports: svc.data.ports };
  const se = l.serviceEntries[0];
  if (se) return { resource: se, ports: se.data.ports };
  return undefined;
}

function describePorts(ports: PortRef[]): string {
  return ports.map((p) => (p.name ? `${p.number} ${p.name}` : String(p.number))).join(', ');
}
