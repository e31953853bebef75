// ILS0704: an ALLOW AuthorizationPolicy requires `requestPrincipals` on
// workloads that no RequestAuthentication covers. A request principal
// (`<iss>/<sub>`) exists only after a RequestAuthentication has validated the
// request's JWT on that proxy; without one no request has it, the rule never
// matches, and (an ALLOW policy applying) every request is denied with 403
// "RBAC: access denied". A RequestAuthentication covers the policy when it
// sits in the root namespace, the policy's namespace or (for a policy of the
// root namespace, which applies mesh-wide) the namespace of one of its
// workloads, and applies to the whole namespace or to one of its workloads. RequestAuthentications
// live with the policies in practice, but one applied from elsewhere cannot
// be seen, hence a warning.
import { Rules } from '../catalog';
import type { Resource } from '../model';
import { finding, perResource } from './types';
import { policyReach, policyWorkloads } from './policyScope';

export const requestPrincipalsWithoutJwt = perResource({
  rules: [Rules.RequestPrincipalsWithoutJwt],
  kind: 'AuthorizationPolicy',
  check(policy, snap, report) {
    const d = policy.data;
    if (d.action !== 'ALLOW' || d.requestPrincipals.length === 0) return;
    const root = snap.rootNamespace;
    const targets = new Set<Resource>(policyWorkloads(policy, snap));
    // A policy of the root namespace applies in every namespace: a RequestAuthentication of its workloads' namespaces covers them too.
    const namespaces = new Set([root, policy.namespace, ...(policy.namespace === root ? [...targets].map((w) => w.namespace) : [])]);
    for (const ra of snap.resourcesOfKind('RequestAuthentication')) {
      if (policy.namespace === root && targets.size === 0) return;
      if (!namespaces.has(ra.namespace)) continue;
      if (policyReach(ra, snap) !== 'selected') return;
      // Workloads unknown on either side: the RequestAuthentication may well cover them.
      if (targets.size === 0) return;
      const covered = policyWorkloads(ra, snap);
      if (covered.length === 0 || covered.some((w) => targets.has(w))) return;
    }
    // A skipped chart template may be the RequestAuthentication (an issuer written as `{{ .Values.issuer }}`).
    if (snap.hasUnread('RequestAuthentication')) return;
    const message =
      `No RequestAuthentication of the workspace in namespace ${[...namespaces].join(' or ')} applies to the workloads of this policy: no request carries a validated JWT, so requestPrincipals never match and this ALLOW rule lets nothing in (403 "RBAC: access denied").`;
    report(policy.uri, finding(Rules.RequestPrincipalsWithoutJwt, policy, d.requestPrincipals[0].span, message));
  },
});
