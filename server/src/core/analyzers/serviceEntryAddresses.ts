// IST0134: a ServiceEntry with a TCP (or unset) protocol port and no
// `addresses` gives Envoy nothing to match the connection on: the listener is
// keyed by port alone and captures every TCP connection on that port, or the
// traffic never matches the entry.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';

export const serviceEntryAddresses: ResourceAnalyzer = {
  rules: [Rules.ServiceEntryAddressesRequired],
  analyze(r: Resource): Finding[] {
    if (r.data.kind !== 'ServiceEntry' || r.data.addresses.length > 0 || r.data.hasWorkloadSelector) return [];
    const out: Finding[] = [];
    for (const port of r.data.ports) {
      const protocol = (port.protocol ?? '').toUpperCase();
      if (protocol !== '' && protocol !== 'TCP') continue;
      out.push(
        finding(Rules.ServiceEntryAddressesRequired, r, port.span, `Port ${port.number} has protocol ${protocol || 'unset (TCP)'} but the ServiceEntry has no addresses: set spec.addresses or a protocol such as HTTP or TLS.`),
      );
    }
    return out;
  },
};
