// IST0134: a ServiceEntry with a TCP (or unset) protocol port and no
// `addresses` gives Envoy nothing to match the connection on: the listener is
// keyed by port alone and captures every TCP connection on that port, or the
// traffic never matches the entry. Not when istiod has allocated addresses
// (`status.addresses`), or when a mesh config applied with the entry turns on
// DNS capture with address auto-allocation: the sidecar's DNS proxy then
// answers with an allocated address the listener is keyed on
// (serviceentry/protocoladdresses.go). From Istio 1.25, which turned
// PILOT_ENABLE_IP_AUTOALLOCATE on by default, istiod allocates an address to
// an entry whose resolution is not NONE and that does not opt out with
// `networking.istio.io/enable-autoallocate-ip: "false"`
// (serviceentry/ip_autoallocation.go), but only proxies that capture DNS, and
// waypoints, use it (model/service.go nodeUsesAutoallocatedIPs): such an entry
// is not reported when the mesh config turns on DNS capture, the entry is
// bound to a waypoint (its own or its namespace's `istio.io/use-waypoint`), or
// its namespace is in ambient mode (ztunnel's DNS proxy, on by default since
// 1.25, answers with the allocated address).
// Sidecars without DNS capture still key the listener on the port alone.
import { Rules } from '../catalog';
import { compareIstioVersions } from '../schema/istioVersion';
import { namespaceInAmbient, namespaceObject } from '../index/ambientMode';
import { meshSecurityFor } from './sampleScope';
import { finding, perResource } from './types';

export const serviceEntryAddresses = perResource({
  rules: [Rules.ServiceEntryAddressesRequired],
  kind: 'ServiceEntry',
  check(se, snap, report) {
    const d = se.data;
    if (d.addresses.length > 0 || d.hasWorkloadSelector || d.allocated) return;
    const tcp = d.ports.filter((p) => (p.protocol ?? '').toUpperCase() === '' || p.protocol!.toUpperCase() === 'TCP');
    const meshes = meshSecurityFor(snap, se);
    if (tcp.length === 0 || meshes.some((m) => m.security.dns === 'allocate')) return;
    const ns = namespaceObject(snap, se.namespace);
    const usesAllocated = meshes.some((m) => m.security.dns === 'capture') || !!se.useWaypoint || !!ns?.useWaypoint || namespaceInAmbient(ns);
    if (usesAllocated && autoAllocated(se.labels, d.resolution?.value, snap.settings.istioVersion)) return;
    for (const port of tcp) {
      const protocol = (port.protocol ?? '').toUpperCase();
      report(
        se.uri,
        finding(Rules.ServiceEntryAddressesRequired, se, port.span, `Port ${port.number} ${protocol ? `has protocol ${protocol}` : 'has no protocol (detected from the traffic, so TCP connections are possible)'} but the ServiceEntry has no addresses: set spec.addresses or a protocol such as HTTP or TLS.`),
      );
    }
  },
});

/** Will istiod allocate the entry an address (Istio 1.25 and later, unless resolution NONE or opted out)? */
function autoAllocated(labels: Record<string, string>, resolution: string | undefined, version: string): boolean {
  if (compareIstioVersions(version, AUTO_ALLOCATE_BY_DEFAULT) < 0) return false;
  if ((resolution ?? 'NONE') === 'NONE') return false;
  return (labels['networking.istio.io/enable-autoallocate-ip'] ?? '').toLowerCase() !== 'false';
}

const AUTO_ALLOCATE_BY_DEFAULT = '1.25';
