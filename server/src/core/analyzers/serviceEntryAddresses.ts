// IST0134: a ServiceEntry with a TCP (or unset) protocol port and no
// `addresses` gives Envoy nothing to match the connection on: the listener is
// keyed by port alone and captures every TCP connection on that port, or the
// traffic never matches the entry. Not when istiod has allocated addresses
// (`status.addresses`), or when a mesh config applied with the entry turns on
// DNS capture with address auto-allocation: the sidecar's DNS proxy then
// answers with an allocated address the listener is keyed on
// (serviceentry/protocoladdresses.go).
import { Rules } from '../catalog';
import { meshSecurityFor } from './sampleScope';
import { finding, perResource } from './types';

export const serviceEntryAddresses = perResource({
  rules: [Rules.ServiceEntryAddressesRequired],
  kind: 'ServiceEntry',
  check(se, snap, report) {
    const d = se.data;
    if (d.addresses.length > 0 || d.hasWorkloadSelector || d.allocated) return;
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
