// ILS0809–ILS0810 on a Gateway API Gateway: a listener's TLS
// `certificateRefs`. Istio reads the Secret when it builds the listener
// (pilot/pkg/config/kube/gateway/conversion.go buildListener); a missing
// Secret (InvalidCertificateRef) or one in another namespace without a
// ReferenceGrant there (RefNotPermitted) leaves the listener without a
// certificate: it is not Programmed and TLS handshakes on it fail. A missing
// Secret is reported only where the workspace declares Secrets (or what
// makes one: Certificate, ExternalSecret, SealedSecret) in that namespace,
// applied with the Gateway (same sample of a collection, same build), and
// none of that name is declared anywhere (another build may apply it) or
// made by a kustomize secretGenerator or an operator's resource there,
// and not for a Gateway annotated for cert-manager (`cert-manager.io/issuer`
// or `cluster-issuer`): its gateway-shim makes a Certificate, hence the
// Secret, for each Terminate listener with a hostname, named after the
// listener's certificateRefs in the Gateway's namespace.
// A ListenerSet's listeners are built the same way with the ListenerSet as
// the object: its namespace by default, and grants `from` kind ListenerSet.
import type { Listener, Resource } from '../model';
import type { Snapshot } from '../index/snapshot';
import { Rules } from '../catalog';
import { isPlaceholder } from '../hosts';
import { secretMadeElsewhere, secretName } from './gatewayCredential';
import { missingGrant } from './kubeGrants';
import { finding, perResource, related, type Report } from './types';
import { secretDeclaredWith } from './sampleScope';

/** ILS0810: the Secret looked for and the ones the namespace has. */
export interface CertificateNotFound {
  kind: 'certificateNotFound';
  namespace: string;
  name: string;
  listener: string;
  secrets: string[];
}

export const kubeCertificateRefs = perResource({
  rules: [Rules.ReferenceNotPermitted, Rules.CertificateRefNotFound],
  kind: 'KubeGateway',
  check(gw, snap, report) {
    checkCertificates(snap, gw, gw.data.listeners, report);
  },
});

export const kubeListenerSetCertificateRefs = perResource({
  rules: [Rules.ReferenceNotPermitted, Rules.CertificateRefNotFound],
  kind: 'KubeListenerSet',
  check(ls, snap, report) {
    checkCertificates(snap, ls, ls.data.listeners, report);
  },
});

function checkCertificates(snap: Snapshot, gw: Resource, listeners: Listener[], report: Report): void {
  for (const l of listeners) {
    for (const ref of l.certificateRefs) {
      if (ref.group !== '' || ref.kind !== 'Secret' || isPlaceholder(ref.name.value)) continue;
      const ns = ref.namespace?.value ?? gw.namespace;
      // A namespace a deploy tool fills in (`${DNSPOLICY_NAMESPACE}`) is not known yet.
      if (isPlaceholder(ns)) continue;
      // Only Secrets applied with the Gateway count (another sample's say nothing of this one's cluster).
      const declared = snap.secretsIn(ns).filter((r) => secretDeclaredWith(r, gw));
      // A Secret of that name made by another build of the repository (an Argo CD app of its own) may be in the same cluster.
      const found = declared.find((r) => secretName(r) === ref.name.value) ?? snap.secretsIn(ns).find((r) => secretName(r) === ref.name.value);
      const grant = missingGrant(snap, gw, ref.namespace, '', 'Secret', ref.name.value, found !== undefined && found.explicitNamespace !== undefined);
      if (grant) {
        report(gw.uri, finding(Rules.ReferenceNotPermitted, gw, ref.namespace!.span, `Listener ${l.name.value} has no certificate: no ReferenceGrant in namespace ${ns} lets ${gw.kind}s of namespace ${gw.namespace} read Secret ${ref.name.value}.`, { data: grant }));
        continue;
      }
      if (found || declared.length === 0 || (gw.explicitNamespace === undefined && !ref.namespace) || snap.isIncompleteNamespace(ns)) continue;
      if (secretMadeElsewhere(snap, ns, ref.name.value, declared.map(secretName))) continue;
      if (gw.data.kind === 'KubeGateway' && gw.data.certManager && ns === gw.namespace && l.hostname && l.tlsMode !== 'Passthrough') continue;
      const secrets = [...new Set(declared.map(secretName))].sort();
      report(gw.uri, finding(Rules.CertificateRefNotFound, gw, ref.name.span, `Listener ${l.name.value} has no certificate: no Secret ${ref.name.value} in namespace ${ns} (Secrets there: ${secrets.slice(0, 6).join(', ')}). TLS handshakes on it fail.`, {
        related: declared.slice(0, 3).map((r) => related(r, `${r.kind} ${r.namespace}/${r.name} provides Secret ${secretName(r)}`)),
        data: { kind: 'certificateNotFound', namespace: ns, name: ref.name.value, listener: l.name.value, secrets } satisfies CertificateNotFound,
      }));
    }
  }
}
