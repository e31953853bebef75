// IST0101 (credentialName not found). A Gateway server's `tls.credentialName`
// names a Secret that the gateway proxies read from the namespace their pods
// run in (istioctl: pkg/config/analysis/analyzers/gateway/secret.go). When it
// is missing there, the server has no certificate: istiod skips the TLS
// listener's filter chain and TLS handshakes to that host fail. Reported only
// where the workspace can know: the gateway workload is in the workspace
// (its namespace is where the Secret must be), and the workspace declares
// Secrets in that namespace (a Secret, a cert-manager Certificate, an
// ExternalSecret or a SealedSecret) and nothing there may make it (a kustomize
// secretGenerator, an operator's resource), so a credential created out of band
// (`kubectl create secret tls`, the istio.io way) in a namespace the
// workspace does not manage is never reported. The workload and the Secrets
// must be applied with the Gateway (same sample of a collection, same build).
import type { Resource } from '../model';
import { Rules } from '../catalog';
import type { Snapshot } from '../index/snapshot';
import { coexist, finding, label, related, perResource } from './types';
import { secretDeclaredWith } from './sampleScope';
import { selectorText } from './gatewayRefs';
import { gatewayProxyNamespaces } from './gatewayProxies';
import { didYouMean } from '../schema/suggest';

export const gatewayCredential = perResource({
  rules: [Rules.ReferencedResourceNotFound],
  kind: 'Gateway',
  check(gw, snap, report) {
    const proxies = gatewayProxyNamespaces(snap, gw);
    if (!proxies.known) return;
    for (const server of gw.data.servers) {
      const cn = server.credentialName;
      if (!cn || !isPlainSecretName(cn.value)) continue;
      for (const ns of proxies.namespaces) {
        // Only a workload and Secrets applied with the Gateway count (another sample's say nothing of this one's cluster).
        const workload = proxies.workloads.find((w) => w.namespace === ns && coexist(w, gw));
        if (!workload) continue;
        const declared = secretsIn(snap, ns).filter((r) => secretDeclaredWith(r, gw));
        // A Secret of that name anywhere in the repository may be applied to the same cluster by another build (an Argo CD app of its own).
        if (declared.length === 0 || secretsIn(snap, ns).some((r) => secretName(r) === cn.value)) continue;
        if (secretMadeElsewhere(snap, ns, cn.value, declared.map(secretName))) continue;
        report(
          gw.uri,
          finding(
            Rules.ReferencedResourceNotFound,
            gw,
            cn.span,
            `Referenced credentialName not found: no Secret ${cn.value} in namespace ${ns}, where the gateway workload ${label(workload)} (${selectorText(gw.data.selector)}) reads it (Secrets there: ${declared.slice(0, 6).map(secretName).join(', ')}). Without it this server has no certificate and TLS handshakes fail.`,
            {
              related: [related(workload, `gateway workload ${label(workload)}`), ...declared.slice(0, 3).map((r) => related(r, `${r.kind} ${r.namespace}/${r.name} provides Secret ${secretName(r)}`))],
              data: { kind: 'credentialNotFound', secret: cn.value, namespace: ns },
            },
          ),
        );
        break;
      }
    }
  },
});

/** A Secret name in the proxy's namespace: not `kubernetes-gateway://…`, `sds://…` or `ns/name`. */
export function isPlainSecretName(value: string): boolean {
  return value.length > 0 && !value.includes('/') && !value.includes(':');
}

/**
 * A Secret the workspace does not declare may still be made by what it shows: a kustomize `secretGenerator`
 * of that name (in whatever namespace its build lands), or an operator's resource in the namespace (Vault
 * Secrets Operator, 1Password, Infisical: their controllers write Secrets). A declared Secret of a close name
 * keeps the report: then it is more likely a typo.
 */
export function secretMadeElsewhere(snap: Snapshot, ns: string, name: string, declared: readonly string[]): boolean {
  if (snap.members('secretGenerator', name).length > 0) return true;
  return snap.members('operatorNs', ns).length > 0 && didYouMean(name, declared) === undefined;
}

export function secretName(r: Resource): string {
  return r.data.kind === 'Secret' ? r.data.secretName : r.name;
}

function secretsIn(snap: Snapshot, namespace: string): readonly Resource[] {
  return snap.secretsIn(namespace);
}
