// IST0127 (a security policy matches no workload). An AuthorizationPolicy,
// PeerAuthentication or RequestAuthentication configures only the proxies of
// the workloads its selector (or targetRefs) picks in its namespace, or in
// every namespace when it sits in the root namespace. When none matches, the
// policy does nothing: the access rule, mTLS mode or JWT check the author
// meant is simply not there, typically after a label was renamed.
// Trust first: with `istio.registry: partial` a selector is reported only in
// a namespace the workspace shows whole (it declares workloads there and the
// Namespace object, the policy's namespace is written, nothing may add pods
// there unseen, and the policy is not in the root namespace, whose selectors
// reach every namespace); the selectors of the built-in and known gateways count as
// deployed. With `complete`, every unmatched selector is reported, and so is
// a namespace-wide policy in a namespace without workloads (as istioctl
// does). A targetRef is reported only for a Service of the workspace that
// selects no workload.
import type { Resource } from '../model';
import { Rules } from '../catalog';
import type { Snapshot } from '../index/snapshot';
import { CLUSTER_DOMAIN } from '../hosts';
import { finding, label, perResource, type Report } from './types';
import { policyWorkloads, POLICY_KINDS, type SecurityPolicy } from './policyScope';
import { selectorText } from './gatewayRefs';

function check(policy: SecurityPolicy, snap: Snapshot, report: Report): void {
  const d = policy.data;
  const complete = snap.settings.registry === 'complete';
  const hasSelector = !!d.selector && Object.keys(d.selector).length > 0;
  if (!hasSelector && d.targetRefs.length === 0) {
    if (!complete || policy.namespace === snap.rootNamespace || snap.isIncompleteNamespace(policy.namespace)) return;
    if (snap.workloadsIn(policy.namespace).length > 0) return;
    const message = `${label(policy)} applies to every workload of namespace ${policy.namespace}, and the workspace has none there: it has no effect.`;
    report(policy.uri, finding(Rules.PolicyMatchesNoWorkload, policy, policy.nameSpan ?? policy.span, message));
    return;
  }
  if (hasSelector) {
    if (snap.isKnownGatewaySelector(d.selector!)) return;
    if (!complete && !namespaceShownWhole(policy, snap)) return;
    if (policyWorkloads(policy, snap).length > 0) return;
    const where = policy.namespace === snap.rootNamespace ? 'in any namespace (the policy is in the root namespace)' : `in namespace ${policy.namespace}`;
    const message = `No workload ${where} has the labels ${selectorText(d.selector!)}: this ${policy.kind} applies to no proxy and has no effect.`;
    report(policy.uri, finding(Rules.PolicyMatchesNoWorkload, policy, d.selectorSpan ?? policy.nameSpan ?? policy.span, message, { data: { selector: d.selector } }));
    return;
  }
  for (const ref of d.targetRefs) {
    if (ref.kind !== 'Service' || (ref.group !== '' && ref.group !== 'core')) continue;
    const service = snap.services.get(`${ref.name.value}.${policy.namespace}.${CLUSTER_DOMAIN}`)?.[0];
    // A Service outside the workspace, or one without a selector, is not judged.
    if (!service || Object.keys(service.data.selector).length === 0) continue;
    if (!complete && !namespaceShownWhole(policy, snap)) return;
    if (policyWorkloads({ ...policy, data: { ...d, targetRefs: [ref] } } as SecurityPolicy, snap).length > 0) continue;
    const message = `No workload in namespace ${policy.namespace} is selected by ${label(service)} (${selectorText(service.data.selector)}): this ${policy.kind} applies to no proxy.`;
    report(policy.uri, finding(Rules.PolicyMatchesNoWorkload, policy, ref.name.span, message));
  }
}

/**
 * Partial registry: the workspace shows every pod of the policy's namespace.
 * It must create the namespace (declare its Namespace object): a namespace
 * made elsewhere is shared with whoever made it (net-istio's policies sit in
 * knative-serving next to Knative Serving's own webhook, from another repository).
 */
function namespaceShownWhole(policy: Resource, snap: Snapshot): boolean {
  const ns = policy.namespace;
  return (
    policy.explicitNamespace !== undefined &&
    ns !== snap.rootNamespace &&
    snap.workloadNamespaces.has(ns) &&
    snap.members('namespaceObject', ns).length > 0 &&
    !snap.isIncompleteNamespace(ns) &&
    !snap.unknownNamespaceUnread
  );
}

export const [authorizationPolicySelector, peerAuthenticationSelector, requestAuthenticationSelector] = POLICY_KINDS.map((kind) =>
  perResource({ rules: [Rules.PolicyMatchesNoWorkload], kind, check: (r, q, report) => check(r as SecurityPolicy, q, report) }),
);
