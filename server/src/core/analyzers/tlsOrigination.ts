// IST0128 / IST0129: a DestinationRule that originates TLS (SIMPLE or MUTUAL)
// without caCertificates or credentialName makes Envoy accept any server
// certificate: the connection is encrypted but the server is not verified,
// so a man in the middle goes unnoticed.
import type { Finding, Resource } from '../model';
import { finding, type ResourceAnalyzer } from './types';

export const tlsOrigination: ResourceAnalyzer = {
  codes: ['IST0128', 'IST0129'],
  analyze(r: Resource): Finding[] {
    if (r.data.kind !== 'DestinationRule') return [];
    const host = r.data.host?.value ?? '';
    const out: Finding[] = [];
    for (const tls of r.data.tls) {
      if (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL') continue;
      if (tls.hasCa || tls.hasCredential) continue;
      const portLevel = tls.where.includes('portLevelSettings');
      const code = portLevel ? 'IST0129' : 'IST0128';
      out.push(
        finding(
          code,
          r,
          tls.span,
          `TLS mode ${tls.mode} in ${tls.where} has no caCertificates (or credentialName): the server certificate of ${host} is not verified.`,
          { data: { where: tls.where } },
        ),
      );
    }
    return out;
  },
};
