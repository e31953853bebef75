// ILS0704: an ALLOW AuthorizationPolicy requires `requestPrincipals` on
// workloads that no RequestAuthentication covers. A request principal
// (`<iss>/<sub>`) exists only after a RequestAuthentication has validated the
// request's JWT on that proxy; without one no request has it, the rule never
// matches, and (an ALLOW policy applying) every request is denied with 403
// "RBAC: access denied". A RequestAuthentication covers the policy when it
// sits in the root namespace or the policy's namespace and applies to the
// whole namespace or to one of the policy's workloads. RequestAuthentications
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
    for (const ra of snap.resourcesOfKind('RequestAuthentication')) {
      if (ra.namespace !== root && ra.namespace !== policy.namespace) continue;
      if (policyReach(ra, snap) !== 'selected') return;
      // Workloads unknown on either side: the RequestAuthentication may well cover them.
      if (targets.size === 0) return;
      const covered = policyWorkloads(ra, snap);
      if (covered.length === 0 || covered.some((w) => targets.has(w))) return;
    }
    // A skipped chart template may be the RequestAuthentication (an issuer written as `{{ .Values.issuer }}`).
    if (snap.hasUnread('RequestAuthentication')) return;
    const message =
      `No RequestAuthentication of the workspace in namespace ${policy.namespace}${policy.namespace === root ? '' : ` or ${root}`} applies to the workloads of this policy: no request carries a validated JWT, so requestPrincipals never match and this ALLOW rule lets nothing in (403 "RBAC: access denied").`;
    report(policy.uri, finding(Rules.RequestPrincipalsWithoutJwt, policy, d.requestPrincipals[0].span, message));
  },
});
