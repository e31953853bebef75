// IST0128 / IST0129: a DestinationRule that originates TLS (SIMPLE or MUTUAL)
// without caCertificates or credentialName does not pin who may serve the
// host. Before Istio 1.20 (or with VERIFY_CERTIFICATE_AT_CLIENT=false) Envoy
// accepts any server certificate, so a man in the middle goes unnoticed; since
// 1.20 it checks the certificate only against the proxy image's OS CA bundle,
// so any public CA can vouch for the host. A credentialName counts only with
// a workloadSelector (istioctl's ca-certificates.go): without one, gateways
// read the Secret but sidecars get no TLS settings from the rule at all
// (cluster_tls.go, buildUpstreamClusterTLSContext returns none for them), so
// a sidecar calling the host directly sends plain text.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';

export const tlsOrigination: ResourceAnalyzer = {
  rules: [Rules.NoCaForTlsOrigination, Rules.NoCaForPortTlsOrigination],
  analyze(r: Resource): Finding[] {
    if (r.data.kind !== 'DestinationRule') return [];
    const host = r.data.host?.value ?? '';
    const out: Finding[] = [];
    for (const tls of r.data.tls) {
      if (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL') continue;
      const selected = r.data.workloadSelector !== undefined;
      if (tls.hasCa || (tls.hasCredential && selected)) continue;
      const portLevel = tls.where.includes('portLevelSettings');
      const rule = portLevel ? Rules.NoCaForPortTlsOrigination : Rules.NoCaForTlsOrigination;
      out.push(
        finding(
          rule,
          r,
          tls.span,
          tls.skipVerify
            ? `TLS mode ${tls.mode} in ${tls.where} sets insecureSkipVerify: the server certificate of ${host} is not verified at all, so anything on the path can impersonate it (istioctl reports this too). If the server has its own CA (a self-signed appliance), set caCertificates to it instead.`
            : tls.hasCredential
            ? `TLS mode ${tls.mode} in ${tls.where} has a credentialName but the DestinationRule no workloadSelector: gateways read the Secret, but sidecars take no TLS settings from this rule (Istio skips a credentialName for them), so a sidecar that calls ${host} directly does not originate TLS. If the rule is for a gateway, add a workloadSelector that selects it (istio.io's egress TLS origination task does); sidecars that must originate TLS need a rule with a workloadSelector for them.`
            : `TLS mode ${tls.mode} in ${tls.where} has no caCertificates (or credentialName): the server certificate of ${host} is checked only against the proxy's OS CA bundle (Istio 1.20+), or not at all on older Istio or with VERIFY_CERTIFICATE_AT_CLIENT=false. Set caCertificates to pin the CA.`,
          { data: { where: tls.where } },
        ),
      );
    }
    return out;
  },
};
