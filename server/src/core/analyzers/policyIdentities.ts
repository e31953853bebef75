// Identities an AuthorizationPolicy names that the workspace says do not
// exist; judged only with `istio.registry: complete`, where the user says the
// workspace holds every namespace and workload.
// - IST0101: a `namespaces`/`notNamespaces` value (exact, or with a `*`
//   prefix or suffix) that names no namespace of the workspace, as istioctl's
//   authz analyzer reports it (analyzeNamespaceNotFound).
// - ILS0708: a principal `<trust domain>/ns/<ns>/sa/<sa>` of this mesh's trust
//   domain whose service account no workload of that namespace runs as. The
//   principal matches no peer: an ALLOW rule with it lets nothing in, a DENY
//   rule denies nothing. Skipped for namespaces the workspace does not show
//   whole (no workloads there, install namespaces, chart releases).
import { Rules } from '../catalog';
import type { StrRef } from '../model';
import type { Snapshot } from '../index/snapshot';
import { didYouMean } from '../schema/suggest';
import { finding, perResource } from './types';

// Namespaces every cluster has.
const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'istio-system'];
const PRINCIPAL = /^([^/*]+)\/ns\/([^/*]+)\/sa\/([^/*]+)$/;

export const policyIdentities = perResource({
  rules: [Rules.ReferencedResourceNotFound, Rules.PrincipalUnknownServiceAccount],
  kind: 'AuthorizationPolicy',
  check(policy, snap, report) {
    const d = policy.data;
    if (snap.settings.registry !== 'complete' || (d.namespaces.length === 0 && d.principals.length === 0)) return;
    const known = knownNamespaces(snap);
    for (const ns of d.namespaces) {
      if (ns.value === '' || [...known].some((k) => namespaceMatches(k, ns.value))) continue;
      const guess = didYouMean(ns.value, [...known]);
      const message = `No namespace ${ns.value} in the workspace${guess ? ` (did you mean ${guess}?)` : ''}: this source never matches a peer.`;
      report(policy.uri, finding(Rules.ReferencedResourceNotFound, policy, ns.span, message));
    }
    for (const p of d.principals) checkPrincipal(p, snap, (message) => report(policy.uri, finding(Rules.PrincipalUnknownServiceAccount, policy, p.span, message)));
  },
});

function checkPrincipal(p: StrRef, snap: Snapshot, say: (message: string) => void): void {
  const m = PRINCIPAL.exec(p.value);
  if (!m) return;
  const [, td, ns, sa] = m;
  const mesh = snap.meshSecurity?.security;
  const trusted = ['cluster.local', ...(mesh?.trustDomain ? [mesh.trustDomain] : []), ...(mesh?.trustDomainAliases ?? [])];
  // Another trust domain is ILS0703's; a namespace the workspace does not show whole is not judged.
  if (!trusted.includes(td) || !snap.workloadNamespaces.has(ns) || snap.isIncompleteNamespace(ns)) return;
  if (snap.workloadsRunningAs(ns, sa).length > 0) return;
  const accounts = snap.serviceAccounts.filter((k) => k.startsWith(`${ns}/`)).map((k) => k.slice(ns.length + 1));
  const guess = didYouMean(sa, accounts);
  say(
    `No workload of namespace ${ns} runs as service account ${sa}${guess ? ` (did you mean ${guess}?)` : ''}: this principal matches no peer. ` +
      `Workloads there run as ${accounts.slice(0, 5).join(', ')}.`,
  );
}

function knownNamespaces(snap: Snapshot): Set<string> {
  const out = new Set<string>([...BUILTIN_NAMESPACES, ...snap.namespaces]);
  for (const r of snap.members('kind', 'Other')) if (r.kind === 'Namespace' && r.apiVersion === 'v1') out.add(r.name);
  return out;
}

/** Istio's namespace match: `*`, a `*` prefix or suffix, else equal (case-insensitive, as istioctl compares). */
function namespaceMatches(ns: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return ns.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return ns.startsWith(pattern.slice(0, -1));
  return ns.toLowerCase() === pattern.toLowerCase();
}
