// ILS0903: a Gateway API route attached to a Service (or ServiceEntry) of an
// ambient namespace that no waypoint serves: neither the parent nor its
// Namespace carries `istio.io/use-waypoint`. Ambient clients reach such a
// Service through ztunnel, which reads no routes: the route's matches,
// weights, retries and filters are not applied for them (only clients that
// run a sidecar apply it). istiod says so only in the route's status
// (ResolvedWaypoints: "istio.io/use-waypoint label missing from parent and
// parent namespace; in ambient mode, route will not be respected";
// pilot/pkg/config/kube/gateway/conversion.go referenceAllowed,
// conditions.go). Trust first: reported only where the workspace shows the
// parent and its Namespace object labelled `istio.io/dataplane-mode: ambient`
// (a namespace in sidecar mode applies the route at the clients' sidecars),
// and where no waypoint is declared in the namespace (one that is may be
// enrolled from the command line).
// ILS0904: the same for a security policy whose `targetRefs` name such a
// Service: only a waypoint enforces a Service-attached policy, so none does
// (an AuthorizationPolicy's status says so: pilot/pkg/serviceregistry/ambient/
// policies.go, "Service … is not bound to a waypoint", AncestorNotBound; a
// RequestAuthentication gets no such status).
import type { Resource, Span } from '../model';
import { Rules, type Rule } from '../catalog';
import { CLUSTER_DOMAIN, isPlaceholder } from '../hosts';
import { namespaceInAmbient, namespaceObject, serviceWaypoints } from '../index/ambientMode';
import type { Snapshot } from '../index/snapshot';
import { coexist, finding, perResource, related, type Report } from './types';

/** ILS0903/ILS0904: the namespace to enroll in a waypoint. */
export interface RouteWithoutWaypoint {
  kind: 'routeWithoutWaypoint';
  namespace: string;
}

interface Target {
  group: string;
  kind: string;
  name: { value: string; span: Span };
  namespace?: { value: string };
}

export const routeWithoutWaypoint = perResource({
  rules: [Rules.RouteWithoutWaypoint],
  kind: 'KubeRoute',
  check(route, snap, report) {
    for (const ref of route.data.parentRefs) {
      checkTarget(snap, route, ref, Rules.RouteWithoutWaypoint, `ambient clients reach it through ztunnel, which reads no routes, so this ${route.kind} is not applied for them`, report);
    }
  },
});

export const [authorizationWithoutWaypoint, requestAuthenticationWithoutWaypoint] = (['AuthorizationPolicy', 'RequestAuthentication'] as const).map((kind) =>
  perResource({
    rules: [Rules.PolicyWithoutWaypoint],
    kind,
    check(policy, snap, report) {
      for (const ref of policy.data.targetRefs) {
        checkTarget(snap, policy, ref, Rules.PolicyWithoutWaypoint, `only a waypoint enforces a policy attached to a ${ref.kind}, so no proxy enforces this ${policy.kind}`, report);
      }
    },
  }),
);

function checkTarget(snap: Snapshot, owner: Resource, ref: Target, rule: Rule, effect: string, report: Report): void {
  if (isPlaceholder(ref.name.value)) return;
  const parents = parentsOf(snap, ref, ref.namespace?.value ?? owner.namespace).filter((p) => coexist(p, owner));
  // A kustomize patch of the parent or its Namespace may add the label (an overlay enrolling the namespace).
  if (parents.length === 0 || parents.some((p) => p.useWaypoint || p.patched)) return;
  const ns = namespaceObject(snap, parents[0].namespace);
  if (!ns || !coexist(ns, owner) || ns.useWaypoint || ns.patched || !namespaceInAmbient(ns)) return;
  // A waypoint declared in the namespace is usually enrolled from the command line (`istioctl waypoint apply
  // --enroll-namespace`, `kubectl label namespace … istio.io/use-waypoint=…`): a label the workspace cannot show.
  if (serviceWaypoints(snap, parents[0].namespace).some((w) => coexist(w, owner))) return;
  const parent = `${ref.kind} ${parents[0].namespace}/${ref.name.value}`;
  const message =
    `No waypoint serves ${parent} (neither it nor namespace ${ns.name} is labelled istio.io/use-waypoint), and the namespace is in ambient mode: ${effect}. ` +
    `Deploy a waypoint and label the namespace or the ${ref.kind} with istio.io/use-waypoint.`;
  report(owner.uri, finding(rule, owner, ref.name.span, message, {
    related: [related(parents[0], `${parent} has no istio.io/use-waypoint label`), related(ns, `Namespace ${ns.name}: istio.io/dataplane-mode: ambient`)],
    data: { kind: 'routeWithoutWaypoint', namespace: ns.name } satisfies RouteWithoutWaypoint,
  }));
}

function parentsOf(snap: Snapshot, ref: Target, ns: string): readonly Resource[] {
  if (ref.group === '' && ref.kind === 'Service') return snap.members('service', `${ref.name.value}.${ns}.${CLUSTER_DOMAIN}`).filter((s) => s.namespace === ns && s.name === ref.name.value);
  if (ref.group === 'networking.istio.io' && ref.kind === 'ServiceEntry') {
    const se = snap.findServiceEntry(ns, ref.name.value);
    return se ? [se] : [];
  }
  return [];
}
