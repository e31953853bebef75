// IST0177 (conflicting ServiceEntry port protocols). When ServiceEntries seen
// by the same namespaces give one host and port different protocols, Istio
// builds a single listener and cluster for host:port with one of the
// protocols, chosen by which entry it meets first: the other entry's traffic
// is then handled as the wrong protocol (HTTP parsed as raw TCP loses routing,
// retries and metrics; TLS or TCP parsed as HTTP is reset). As in istioctl's
// ConflictingServiceEntryProtocolAnalyzer, protocols are compared without case
// and an unset protocol differs from any set one; entries conflict only when
// their exportTo scopes overlap. Each entry is reported on the port, once per
// port, with the other entries as related information.
import type { PortRef, ServiceEntryData } from '../model';
import { Rules } from '../catalog';
import type { Typed } from '../index/snapshot';
import { fqdn, scopeOf, scopesOverlap } from '../hosts';
import { conflicts, finding, label, related, sameResource } from './types';

interface Claim {
  se: Typed<ServiceEntryData>;
  port: PortRef;
  protocol: string;
  scope: Set<string>;
}

export const serviceEntryProtocol = conflicts({
  rules: [Rules.ConflictingServiceEntryProtocols],
  kind: 'ServiceEntry',
  // Groups: port numbers (a finding is one per ServiceEntry port, whatever the number of hosts it conflicts on).
  groupKeys: (se) => se.data.ports.map((p) => String(p.number)),
  checkGroup(portNumber, members, _snap, report) {
    const byHostPort = new Map<string, Claim[]>();
    for (const se of members) {
      const scope = scopeOf(se.data.exportTo, se.namespace);
      for (const h of se.data.hosts) {
        const host = fqdn(h.value, se.namespace);
        for (const port of se.data.ports) {
          if (String(port.number) !== portNumber) continue;
          const key = `${host}:${port.number}`;
          const claim = { se, port, protocol: (port.protocol ?? '').toUpperCase(), scope };
          const list = byHostPort.get(key);
          if (list) list.push(claim);
          else byHostPort.set(key, [claim]);
        }
      }
    }
    // One finding per ServiceEntry port, whatever the number of hosts it conflicts on.
    const conflicts = new Map<PortRef, { claim: Claim; hosts: Set<string>; others: Claim[] }>();
    for (const [key, claims] of byHostPort) {
      for (const c of claims) {
        const others = claims.filter((o) => !sameResource(o.se, c.se) && o.protocol !== c.protocol && scopesOverlap(o.scope, c.scope));
        if (others.length === 0) continue;
        const entry = conflicts.get(c.port) ?? { claim: c, hosts: new Set<string>(), others: [] };
        entry.hosts.add(key.slice(0, key.lastIndexOf(':')));
        for (const o of others) if (!entry.others.some((x) => x.se === o.se)) entry.others.push(o);
        conflicts.set(c.port, entry);
      }
    }
    for (const { claim, hosts, others } of conflicts.values()) {
      const what = [...new Set(others.map((o) => `${show(o.protocol)} in ${label(o.se)}`))].join(', ');
      report(
        claim.se.uri,
        finding(
          Rules.ConflictingServiceEntryProtocols,
          claim.se,
          claim.port.span,
          `Port ${claim.port.number} of ${[...hosts].join(', ')} has protocol ${show(claim.protocol)} here but ${what}, visible to the same namespaces: Istio uses only one of them for this host and port, so part of the traffic is handled as the wrong protocol. Give every entry the same protocol.`,
          {
            related: others.map((o) => related(o.se, `${label(o.se)} declares port ${o.port.number} as ${show(o.protocol)}`, o.port.span)),
            data: { port: claim.port.number, protocols: [claim.protocol, ...others.map((o) => o.protocol)] },
          },
        ),
      );
    }
  },
});

function show(protocol: string): string {
  return protocol === '' ? 'unset' : protocol;
}
