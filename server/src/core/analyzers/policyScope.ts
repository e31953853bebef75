// Which workloads a security policy (AuthorizationPolicy, PeerAuthentication,
// RequestAuthentication) applies to, as istiod decides it: a policy in the
// root namespace without selector applies to the whole mesh, one with a
// selector to the matching workloads of every namespace; elsewhere to the
// workloads of its own namespace, all of them or those its selector or
// targetRefs pick (pilot/pkg/model/policyattachment.go, authorization.go).
import type { AuthorizationPolicyData, PeerAuthenticationData, RequestAuthenticationData, Resource } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { CLUSTER_DOMAIN, selects } from '../hosts';

export type SecurityPolicy = Typed<AuthorizationPolicyData | PeerAuthenticationData | RequestAuthenticationData>;

export const POLICY_KINDS = ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'] as const;

export function isSecurityPolicy(r: Resource): r is SecurityPolicy {
  return r.data.kind === 'AuthorizationPolicy' || r.data.kind === 'PeerAuthentication' || r.data.kind === 'RequestAuthentication';
}

/** How far a policy reaches: the whole mesh, its namespace, or the workloads a selector or targetRefs pick. */
export function policyReach(policy: SecurityPolicy, snap: Snapshot): 'mesh' | 'namespace' | 'selected' {
  const d = policy.data;
  const selected = (d.selector && Object.keys(d.selector).length > 0) || d.targetRefs.length > 0;
  if (selected) return 'selected';
  return policy.namespace === snap.rootNamespace ? 'mesh' : 'namespace';
}

/** The workloads of the workspace the policy applies to, in workspace order. */
export function policyWorkloads(policy: SecurityPolicy, snap: Snapshot): Resource[] {
  const d = policy.data;
  const root = policy.namespace === snap.rootNamespace;
  switch (policyReach(policy, snap)) {
    case 'mesh':
      return snap.workloads.map((w) => w.resource);
    case 'namespace':
      return snap.workloadsIn(policy.namespace).map((w) => w.resource);
  }
  if (d.selector && Object.keys(d.selector).length > 0) return snap.workloadsSelectedBy(d.selector, root ? undefined : policy.namespace);
  const out = new Set<Resource>();
  for (const ref of d.targetRefs) for (const w of targetRefWorkloads(ref, policy.namespace, snap)) out.add(w);
  return [...out].sort((a, b) => snap.compare(a, b));
}

/** The pods behind a targetRef: a Service's selected workloads, or a Gateway API Gateway's deployment. */
function targetRefWorkloads(ref: AuthorizationPolicyData['targetRefs'][number], namespace: string, snap: Snapshot): Resource[] {
  if (ref.kind === 'Service' && (ref.group === '' || ref.group === 'core')) {
    const service = snap.services.get(`${ref.name.value}.${namespace}.${CLUSTER_DOMAIN}`)?.[0];
    const selector = service?.data.selector ?? {};
    return Object.keys(selector).length ? snap.workloadsIn(namespace).filter((w) => selects(selector, w.labels)).map((w) => w.resource) : [];
  }
  if (ref.kind === 'Gateway' && ref.group === 'gateway.networking.k8s.io') {
    return snap.workloadsWithLabel('gateway.networking.k8s.io/gateway-name', ref.name.value).filter((w) => w.resource.namespace === namespace).map((w) => w.resource);
  }
  return [];
}
