// ILS0705 (information): a DENY AuthorizationPolicy, or an ALLOW policy
// without rules (it allows nothing), in the root namespace without selector
// or targetRefs. istiod applies root-namespace policies to every workload of
// every namespace, so this one denies traffic mesh-wide, not in one
// namespace: it is the documented way to start from default deny, and the
// fastest way to lock every service out when that was not meant.
// Source: pilot/pkg/model/authorization.go (root namespace policies apply to all).
import { Rules } from '../catalog';
import { finding, perResource } from './types';
import { policyReach } from './policyScope';

export const meshWidePolicy = perResource({
  rules: [Rules.MeshWideDenyPolicy],
  kind: 'AuthorizationPolicy',
  check(policy, snap, report) {
    const d = policy.data;
    const allowNothing = d.action === 'ALLOW' && !d.hasRules;
    if ((d.action !== 'DENY' && !allowNothing) || policyReach(policy, snap) !== 'mesh') return;
    const what = allowNothing ? 'allows nothing' : 'denies the requests its rules match';
    const message = `This policy is in the root namespace ${snap.rootNamespace} without a selector: it ${what} for every workload of every namespace in the mesh, not only in ${policy.namespace}.`;
    report(policy.uri, finding(Rules.MeshWideDenyPolicy, policy, policy.nameSpan ?? policy.span, message));
  },
});
