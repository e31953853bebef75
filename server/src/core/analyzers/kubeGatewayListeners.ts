// ILS0811 and ILS0812 on a Gateway API Gateway. Two listeners with the same
// port, protocol and hostname are refused by the Gateway CRD's validation
// (kubernetes-sigs/gateway-api apis/v1/gateway_types.go, the listeners' CEL
// rule): `kubectl apply` fails. A Gateway whose class is none of Istio's
// (istio, istio-waypoint, istio-east-west, istio-remote) and not a
// GatewayClass of Istio's controller in the workspace is not programmed by
// Istio at all: no deployment, no routes (information, since another
// controller may be meant; pilot/pkg/config/kube/gatewaycommon/classinfo.go).
import { Rules } from '../catalog';
import { isPlaceholder } from '../hosts';
import { isIstioClass, isIstioController } from '../summary/extractGatewayApi';
import { repeatedListeners } from './kubeListeners';
import { finding, perResource, related } from './types';

export const kubeGatewayListeners = perResource({
  rules: [Rules.ConflictingListeners, Rules.GatewayClassNotIstio],
  kind: 'KubeGateway',
  check(gw, snap, report) {
    for (const [first, l] of repeatedListeners(gw.data.listeners)) {
      report(gw.uri, finding(Rules.ConflictingListeners, gw, l.name.span, `Gateway refused: listeners ${first.name.value} and ${l.name.value} both take ${l.protocol} on port ${l.port.value} for ${l.hostname?.value ?? 'every hostname'}; give one another hostname or port.`, {
        related: [related(gw, `Listener ${first.name.value}`, first.span)],
        data: { kind: 'conflictingListeners', listeners: [first.name.value, l.name.value] },
      }));
    }
    const cls = gw.data.className;
    if (!cls || isIstioClass(cls.value) || isPlaceholder(cls.value)) return;
    const classes = snap.gatewayClasses.filter((c) => c.name === cls.value);
    if (classes.some((c) => isIstioController(c.data.controllerName) || c.data.controllerName === undefined)) return;
    const other = classes[0]?.data.controllerName;
    const why = other ? `GatewayClass ${cls.value} belongs to controller ${other}` : `no GatewayClass ${cls.value} in the workspace, and it is none of Istio's classes (istio, istio-waypoint, istio-east-west, istio-remote)`;
    report(gw.uri, finding(Rules.GatewayClassNotIstio, gw, cls.span, `Istio does not program this Gateway: ${why}. Istio's routes, policies and deployment do not apply to it.`, {
      related: classes.slice(0, 1).map((c) => related(c, `GatewayClass ${c.name}: controllerName ${c.data.controllerName}`)),
    }));
  },
});
