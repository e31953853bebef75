// ILS0707: a DestinationRule sends plaintext (`tls.mode: DISABLE`) to an
// in-mesh Service whose namespace requires mutual TLS: a PeerAuthentication
// with mode STRICT for the whole namespace, or in the root namespace for the
// whole mesh with no namespace policy relaxing it. The server sidecars refuse
// every plaintext connection, so the clients get "connection reset" / 503 UC.
// Reported only for Services of the workspace, and not when a
// workload-level PeerAuthentication in that namespace may relax the mode.
// Source: istio/istio pilot/pkg/security/authn/policy_applier.go (mesh,
// namespace and workload policy precedence); istio.io, Tasks › Security ›
// Authentication › Mutual TLS Migration.
import type { PeerAuthenticationData } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { clusterNamespace, fqdn } from '../hosts';
import { finding, label, related, perResource } from './types';

export const strictMtlsPlaintext = perResource({
  rules: [Rules.StrictMtlsPlaintext],
  kind: 'DestinationRule',
  check(dr, snap, report) {
    if (!dr.data.host) return;
    const disabled = dr.data.tls.filter((t) => t.mode === 'DISABLE');
    if (disabled.length === 0) return;
    const host = fqdn(dr.data.host.value, dr.namespace);
    const ns = host.includes('*') ? undefined : clusterNamespace(host);
    if (!ns || !snap.services.get(host)?.length) return;
    const strict = strictPolicy(snap, ns);
    if (!strict) return;
    const scope = strict.namespace === ns ? `namespace ${ns}` : 'the whole mesh';
    for (const t of disabled) {
      const message = `${label(strict)} requires mutual TLS for ${scope} (mode STRICT), but this DestinationRule sends plaintext to ${host} (${t.where}): the server sidecars refuse the connections.`;
      report(dr.uri, finding(Rules.StrictMtlsPlaintext, dr, t.span, message, { related: [related(strict, `${label(strict)} sets STRICT`, strict.data.mode?.span)] }));
    }
  },
});

/** The namespace- or mesh-wide STRICT PeerAuthentication in force for `ns`, unless a workload policy there may change it. */
function strictPolicy(snap: Snapshot, ns: string): Typed<PeerAuthenticationData> | undefined {
  const all = snap.resourcesOfKind('PeerAuthentication');
  const wide = (p: Typed<PeerAuthenticationData>) => !(p.data.selector && Object.keys(p.data.selector).length) && p.data.targetRefs.length === 0;
  if (all.some((p) => p.namespace === ns && !wide(p))) return undefined;
  const own = all.find((p) => p.namespace === ns && wide(p));
  if (own && own.data.mode && own.data.mode.value !== 'UNSET') return own.data.mode.value === 'STRICT' ? own : undefined;
  const root = snap.rootNamespace;
  const mesh = all.find((p) => p.namespace === root && wide(p));
  return mesh?.data.mode?.value === 'STRICT' ? mesh : undefined;
}
