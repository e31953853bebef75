// IST0134: a ServiceEntry with a TCP (or unset) protocol port and no
// `addresses` gives Envoy nothing to match the connection on: the listener is
// keyed by port alone and captures every TCP connection on that port, or the
// traffic never matches the entry. Not when istiod has allocated addresses
// (`status.addresses`), or when a mesh config applied with the entry turns on
// DNS capture with address auto-allocation: the sidecar's DNS proxy then
// answers with an allocated address the listener is keyed on
// (serviceentry/protocoladdresses.go). Nor, from Istio 1.25 (the release
// that turned PILOT_ENABLE_IP_AUTOALLOCATE on by default), for an entry istiod
// allocates an address to: resolution other than NONE and no opt-out label
// `networking.istio.io/enable-autoallocate-ip: "false"` (the validation webhook
// then drops this warning: validation.go ValidateServiceEntry,
// serviceentry/ip_autoallocation.go shouldV2AutoAllocateIPFromPieces).
import { Rules } from '../catalog';
import { compareIstioVersions } from '../schema/istioVersion';
import { meshSecurityFor } from './sampleScope';
import { finding, perResource } from './types';

export const serviceEntryAddresses = perResource({
  rules: [Rules.ServiceEntryAddressesRequired],
  kind: 'ServiceEntry',
  check(se, snap, report) {
    const d = se.data;
    if (d.addresses.length > 0 || d.hasWorkloadSelector || d.allocated) return;
    if (autoAllocated(se.labels, d.resolution?.value, snap.settings.istioVersion)) return;
    const tcp = d.ports.filter((p) => (p.protocol ?? '').toUpperCase() === '' || p.protocol!.toUpperCase() === 'TCP');
    if (tcp.length === 0 || meshSecurityFor(snap, se).some((m) => m.security.dnsAutoAllocate)) return;
    for (const port of tcp) {
      const protocol = (port.protocol ?? '').toUpperCase();
      report(
        se.uri,
        finding(Rules.ServiceEntryAddressesRequired, se, port.span, `Port ${port.number} has protocol ${protocol || 'unset (TCP)'} but the ServiceEntry has no addresses: set spec.addresses or a protocol such as HTTP or TLS.`),
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
