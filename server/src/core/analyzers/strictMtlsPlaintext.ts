// ILS0707: a DestinationRule sends plaintext (`tls.mode: DISABLE`) to an
// in-mesh Service whose namespace requires mutual TLS: a PeerAuthentication
// with mode STRICT for the whole namespace, or in the root namespace for the
// whole mesh with no namespace policy relaxing it. The server sidecars refuse
// every plaintext connection, so the clients get "connection reset" / 503 UC.
// Reported only for Services of the workspace, not when a workload-level
// PeerAuthentication in that namespace may relax the mode, and not for a
// Service whose pods run no proxy (its namespace or every pod of it opts out
// of injection): nothing enforces STRICT there, and plaintext is right.
// Source: istio/istio pilot/pkg/security/authn/policy_applier.go (mesh,
// namespace and workload policy precedence); istio.io, Tasks › Security ›
// Authentication › Mutual TLS Migration.
import type { PeerAuthenticationData, ServiceData } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { clusterNamespace, fqdn, selects } from '../hosts';
import { namespaceInAmbient, namespaceObject, workloadInAmbient } from '../index/ambientMode';
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
    const services = ns ? snap.services.get(host) : undefined;
    if (!ns || !services?.length || outsideTheMesh(snap, ns, services)) return;
    const strict = strictPolicy(snap, ns);
    if (!strict) return;
    const scope = strict.namespace === ns ? `namespace ${ns}` : 'the whole mesh';
    for (const t of disabled) {
      const message = `${label(strict)} requires mutual TLS for ${scope} (mode STRICT), but this DestinationRule sends plaintext to ${host} (${t.where}): the server sidecars refuse the connections.`;
      report(dr.uri, finding(Rules.StrictMtlsPlaintext, dr, t.span, message, { related: [related(strict, `${label(strict)} sets STRICT`, strict.data.mode?.span)] }));
    }
  },
});

/**
 * The Service's pods run no proxy, so nothing enforces STRICT on them and plaintext is what they take: its
 * namespace opts out of injection (`istio-injection: disabled`, not ambient), or every pod of the workspace
 * behind it does (`sidecar.istio.io/inject: "false"`, not in ambient mode).
 */
function outsideTheMesh(snap: Snapshot, ns: string, services: readonly Typed<ServiceData>[]): boolean {
  const nsObject = namespaceObject(snap, ns);
  if (nsObject?.labels['istio-injection'] === 'disabled' && !namespaceInAmbient(nsObject)) return true;
  const pods = snap.workloadsIn(ns).filter((w) => services.some((svc) => Object.keys(svc.data.selector).length > 0 && selects(svc.data.selector, w.labels)));
  const optsOut = (w: (typeof pods)[number]) => {
    const d = w.resource.data;
    const annotation = d.kind === 'Workload' ? d.annotations['sidecar.istio.io/inject'] : undefined;
    return (w.labels['sidecar.istio.io/inject'] === 'false' || annotation === 'false') && !workloadInAmbient(w.resource, namespaceInAmbient(nsObject));
  };
  return pods.length > 0 && pods.every(optsOut);
}

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
