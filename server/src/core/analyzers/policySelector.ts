// IST0127 (a security policy matches no workload). An AuthorizationPolicy,
// PeerAuthentication or RequestAuthentication configures only the proxies of
// the workloads its selector (or targetRefs) picks in its namespace, or in
// every namespace when it sits in the root namespace. When none matches, the
// policy does nothing: the access rule, mTLS mode or JWT check the author
// meant is simply not there, typically after a label was renamed.
// Trust first: with `istio.registry: partial` a selector is reported only in
// a namespace the workspace shows whole (it declares workloads there and the
// Namespace object, the policy's namespace is written, nothing may add pods
// there unseen: no chart, template or other operator's resource, and the policy is not in the root namespace, whose selectors
// reach every namespace); the selectors of the built-in and known gateways count as
// deployed. With `complete`, every unmatched selector is reported, and so is
// a namespace-wide policy in a namespace without workloads (as istioctl
// does). A targetRef is reported when Istio attaches it to nothing: a
// GatewayClass other than istio-waypoint, or istio-waypoint outside the root
// namespace (when the workspace declares the mesh config); a Gateway API
// Gateway missing from a namespace the workspace creates and whose Gateways it declares; a
// Service of the workspace that selects no workload (as selectors above). A
// missing Service or ServiceEntry is reported only with `complete`.
import type { Resource } from '../model';
import { Rules } from '../catalog';
import type { Snapshot } from '../index/snapshot';
import { knownKubeGateways } from '../index/kubeGatewayScope';
import { CLUSTER_DOMAIN } from '../hosts';
import { finding, label, perResource, type Report } from './types';
import { policyWorkloads, POLICY_KINDS, type SecurityPolicy } from './policyScope';
import { selectorText } from './gatewayRefs';
import { didYouMean } from '../schema/suggest';
import { sampleUnit } from '../kustomize/sampleUnits';

/** The GatewayClass of waypoints (constants.WaypointGatewayClassName). */
const WAYPOINT_CLASS = 'istio-waypoint';

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
    const message = targetRefProblem(ref, policy, snap, complete);
    if (message) report(policy.uri, finding(Rules.PolicyMatchesNoWorkload, policy, ref.name.span, message));
  }
}

type TargetRef = SecurityPolicy['data']['targetRefs'][number];

/** Why a targetRef attaches the policy to nothing, when the workspace can tell. */
function targetRefProblem(ref: TargetRef, policy: SecurityPolicy, snap: Snapshot, complete: boolean): string | undefined {
  const ns = policy.namespace;
  const name = ref.name.value;
  const group = ref.group === 'core' ? '' : ref.group;
  if (ref.kind === 'Service' && group === '') {
    const service = snap.services.get(`${name}.${ns}.${CLUSTER_DOMAIN}`)?.[0];
    if (!service) return complete && !snap.isIncompleteNamespace(ns) ? `No Service ${name} in namespace ${ns}: this targetRef attaches the ${policy.kind} to nothing.` : undefined;
    // A Service without a selector is not judged.
    if (Object.keys(service.data.selector).length === 0) return undefined;
    if (!complete && !namespaceShownWhole(policy, snap)) return undefined;
    if (policyWorkloads({ ...policy, data: { ...policy.data, targetRefs: [ref] } } as SecurityPolicy, snap).length > 0) return undefined;
    return `No workload in namespace ${ns} is selected by ${label(service)} (${selectorText(service.data.selector)}): this ${policy.kind} applies to no proxy.`;
  }
  if (ref.kind === 'ServiceEntry' && group === 'networking.istio.io') {
    if (!complete || snap.findServiceEntry(ns, name)) return undefined;
    return `No ServiceEntry ${name} in namespace ${ns}: this targetRef attaches the ${policy.kind} to nothing.`;
  }
  if (group !== 'gateway.networking.k8s.io') return undefined;
  if (ref.kind === 'GatewayClass') {
    // Istio honours a GatewayClass only for its waypoint class, and only from the root namespace (policyattachment.go).
    if (name !== WAYPOINT_CLASS) return `Istio attaches a policy to a GatewayClass only for ${WAYPOINT_CLASS} (every waypoint of the mesh), not ${name}: this targetRef attaches the ${policy.kind} to nothing.`;
    const rootKnown = complete || snap.members('meshConfig', '').length > 0;
    if (ns !== snap.rootNamespace && rootKnown) return `A targetRef to GatewayClass ${WAYPOINT_CLASS} counts only in the root namespace (${snap.rootNamespace}); from namespace ${ns} it attaches the ${policy.kind} to nothing.`;
    return undefined;
  }
  if (ref.kind !== 'Gateway' || snap.findKubeGateway(ns, name)) return undefined;
  // A namespace whose Gateway API Gateways the workspace declares, with none of that name: likely a misspelling.
  // A policy without a namespace is applied wherever `kubectl apply -n` puts it.
  const declared = complete || policy.explicitNamespace !== undefined ? knownKubeGateways(snap, ns) : undefined;
  if (!declared) return undefined;
  const others = declared.map((g) => g.name);
  const guess = didYouMean(name, others);
  return `No Gateway API Gateway ${name} in namespace ${ns}${guess ? ` (did you mean ${guess}?)` : ''}: this targetRef attaches the ${policy.kind} to nothing.`;
}

/**
 * Partial registry: the workspace shows every pod of the policy's namespace.
 * It must create the namespace (declare its Namespace object, in the same
 * sample unit: a test setup creating it does not count): a namespace made
 * elsewhere is shared with whoever made it (net-istio's policies sit in
 * knative-serving next to Knative Serving's own webhook, from another repository).
 */
function namespaceShownWhole(policy: Resource, snap: Snapshot): boolean {
  const ns = policy.namespace;
  return (
    policy.explicitNamespace !== undefined &&
    ns !== snap.rootNamespace &&
    snap.workloadNamespaces.has(ns) &&
    snap.members('namespaceObject', ns).some((n) => sampleUnit(n.uri) === sampleUnit(policy.uri)) &&
    !snap.isIncompleteNamespace(ns) &&
    !snap.unknownNamespaceUnread &&
    // Another operator's resource there (ECK's Elasticsearch, Strimzi's Kafka, a Kubeflow Notebook) makes pods of its own.
    snap.members('operatorNs', ns).length === 0
  );
}

export const [authorizationPolicySelector, peerAuthenticationSelector, requestAuthenticationSelector] = POLICY_KINDS.map((kind) =>
  perResource({ rules: [Rules.PolicyMatchesNoWorkload], kind, check: (r, q, report) => check(r as SecurityPolicy, q, report) }),
);
