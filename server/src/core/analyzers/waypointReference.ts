// ILS0901: `istio.io/use-waypoint` (on a Namespace, Service, ServiceEntry,
// WorkloadEntry or pod template) names a waypoint, a Gateway API Gateway in
// the object's namespace or in `istio.io/use-waypoint-namespace`, that does
// not exist. istiod then marks the binding "waypoint not ready" and the
// traffic goes straight through ztunnel: the L7 policies and routes meant to
// run at the waypoint (AuthorizationPolicies with targetRefs, HTTPRoutes) are
// not applied. Trust first: waypoints are often made by `istioctl waypoint
// apply` outside the repository, so a missing one is reported only where the
// workspace creates the namespace (its Namespace object) and declares its
// Gateway API Gateways (a name among them is then likely misspelt), or with
// `istio.registry: complete`.
// Source: pilot/pkg/serviceregistry/ambient/waypoints.go (GetUseWaypoint,
// fetchWaypointForTarget).
import { Rules } from '../catalog';
import { didYouMean } from '../schema/suggest';
import { knownKubeGateways } from '../index/kubeGatewayScope';
import { finding, perResource } from './types';

const WAYPOINT_CLASS = 'istio-waypoint';

export const [namespaceWaypoint, serviceWaypoint, serviceEntryWaypoint, workloadWaypoint, workloadEntryWaypoint] = (['Other', 'Service', 'ServiceEntry', 'Workload', 'WorkloadEntry'] as const).map((kind) =>
  perResource({
    rules: [Rules.WaypointNotFound],
    kind,
    check(r, snap, report) {
      const ref = r.useWaypoint;
      if (!ref) return;
      const ns = ref.namespace ?? r.namespace;
      const name = ref.name.value;
      if (snap.findKubeGateway(ns, name)) return;
      const declared = knownKubeGateways(snap, ns);
      if (!declared) return;
      // Suggest waypoints first (Gateways of the waypoint class), then any Gateway of the namespace.
      const waypoints = declared.filter((g) => g.data.kind === 'KubeGateway' && g.data.className?.value === WAYPOINT_CLASS).map((g) => g.name);
      const guess = didYouMean(name, waypoints) ?? didYouMean(name, declared.map((g) => g.name));
      const known = waypoints.length ? ` Waypoints there: ${waypoints.slice(0, 5).join(', ')}.` : '';
      const message =
        `No waypoint ${name} in namespace ${ns}${guess ? ` (did you mean ${guess}?)` : ''}: istiod reports it not ready and the traffic bypasses the waypoint, ` +
        `so the L7 policies and routes attached there are not applied. Create a Gateway of class ${WAYPOINT_CLASS} named ${name}, or fix the label.${known}`;
      report(r.uri, finding(Rules.WaypointNotFound, r, ref.name.span, message));
    },
  }),
);
