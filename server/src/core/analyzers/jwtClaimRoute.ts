// IST0149: a VirtualService routes on a JWT claim (a `headers` or
// `withoutHeaders` match on `@request.auth.claims.…`) at a gateway whose pods
// no RequestAuthentication applies to. The claims exist only after a
// RequestAuthentication has validated the token on that proxy; without one
// the match never sees a claim, so the routes that require it never match
// (and `withoutHeaders` ones always do). istioctl reports this as an error;
// here it is a warning, and only for gateway pods the workspace shows, since
// the RequestAuthentication may be applied from another repository. Covered
// means a RequestAuthentication of the root namespace or of the pod's
// namespace applies to the pod (whole namespace, selector, or targetRef).
// Source: pkg/config/analysis/analyzers/virtualservice/jwtclaimroute.go.
import { Rules } from '../catalog';
import type { Resource } from '../model';
import type { Snapshot } from '../index/snapshot';
import { finding, label, perResource, related } from './types';
import { listedGateways } from './gatewayRefs';
import { policyWorkloads, type SecurityPolicy } from './policyScope';

export const jwtClaimRoute = perResource({
  rules: [Rules.JwtClaimRoutingWithoutRequestAuthentication],
  kind: 'VirtualService',
  check(vs, snap, report) {
    const keys = vs.data.routes.flatMap((r) => r.jwtClaimKeys ?? []);
    if (keys.length === 0) return;
    for (const { gateway } of listedGateways(snap, vs)) {
      if (!gateway || Object.keys(gateway.data.selector).length === 0) continue;
      const uncovered = snap.workloadsSelectedBy(gateway.data.selector).filter((pod) => !covered(pod, snap));
      if (uncovered.length === 0) continue;
      const pod = uncovered[0];
      const message =
        `Routes on the JWT claim ${keys[0].value}, but no RequestAuthentication applies to the pods of ${label(gateway)} (${pod.kind} ${pod.namespace}/${pod.name}): ` +
        `without a validated token there is no claim, so this match never holds. Add a RequestAuthentication for those pods in ${pod.namespace} or ${snap.rootNamespace}.`;
      report(vs.uri, finding(Rules.JwtClaimRoutingWithoutRequestAuthentication, vs, keys[0].span, message, { related: [related(gateway, 'The Gateway whose pods route on the claim'), related(pod, 'A gateway pod without a RequestAuthentication')] }));
    }
  },
});

function covered(pod: Resource, snap: Snapshot): boolean {
  return snap
    .resourcesOfKind('RequestAuthentication')
    .some((ra) => (ra.namespace === snap.rootNamespace || ra.namespace === pod.namespace) && policyWorkloads(ra as SecurityPolicy, snap).includes(pod));
}
