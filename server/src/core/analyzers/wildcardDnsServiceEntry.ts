// ILS0302: Istio rejects a ServiceEntry whose wildcard host has
// `resolution: DNS` (or DNS_ROUND_ROBIN) and no endpoints: there is no single
// name to resolve (validation.go ValidateServiceEntry: hosts must be FQDNs).
// Use `resolution: NONE` for wildcard hosts (DYNAMIC_DNS, where the release has
// it, takes only HTTP, TLS, GRPC and HTTP2 ports and no addresses: not offered).
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';

export const wildcardDnsServiceEntry: ResourceAnalyzer = {
  rules: [Rules.WildcardDnsWithoutEndpoints],
  analyze(r: Resource): Finding[] {
    const d = r.data;
    const resolution = d.kind === 'ServiceEntry' ? d.resolution?.value : undefined;
    if (d.kind !== 'ServiceEntry' || (resolution !== 'DNS' && resolution !== 'DNS_ROUND_ROBIN') || d.endpointCount > 0) return [];
    return d.hosts
      .filter((h) => h.value.startsWith('*'))
      .map((h) =>
        finding(Rules.WildcardDnsWithoutEndpoints, r, h.span, `Wildcard host ${h.value} with resolution ${resolution} needs endpoints; Istio rejects this ServiceEntry. Use resolution NONE, or add endpoints.`, {
          related: d.resolution ? [{ uri: r.uri, span: d.resolution.span, message: `resolution: ${resolution}` }] : undefined,
        }),
      );
  },
};
