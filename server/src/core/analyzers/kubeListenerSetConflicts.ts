// ILS0811 and ILS0821 on a ListenerSet's listeners. The ListenerSet CRD
// refuses two of its listeners with the same port, protocol and hostname
// (kubernetes-sigs/gateway-api apis/v1/listenerset_types.go, CEL rule):
// `kubectl apply` fails (ILS0811, as for a Gateway). A listener that
// collides with one of the parent Gateway's own listeners is not programmed:
// Istio merges the Gateway's listeners first, then the ListenerSets', and
// marks a later listener that is not distinct from an earlier one
// Conflicted (pilot/pkg/config/kube/gatewaycommon/listener_conflict.go
// ComputeGatewayListenerConflicts, listenersDistinct: same port and TCP/UDP
// against anything, or HTTP/HTTPS/TLS with the same hostname); routes on it
// get no traffic (ILS0821). Two ListenerSets that collide are ordered by
// creation time, unknown before apply: not judged.
import type { Listener } from '../model';
import { Rules } from '../catalog';
import { isPlaceholder } from '../hosts';
import { GATEWAY_API_GROUP } from '../summary/extractGatewayApi';
import { admits } from './kubeListenerSets';
import { istioGatewayClass, repeatedListeners } from './kubeListeners';
import { finding, perResource, related } from './types';

export const kubeListenerSetConflicts = perResource({
  rules: [Rules.ConflictingListeners, Rules.ListenerSetListenerConflict],
  kind: 'KubeListenerSet',
  check(ls, snap, report) {
    for (const [first, l] of repeatedListeners(ls.data.listeners)) {
      report(ls.uri, finding(Rules.ConflictingListeners, ls, l.name.span, `ListenerSet refused: listeners ${first.name.value} and ${l.name.value} both take ${l.protocol} on port ${l.port.value} for ${l.hostname?.value ?? 'every hostname'}; give one another hostname or port.`, {
        related: [related(ls, `Listener ${first.name.value}`, first.span)],
      }));
    }
    const ref = ls.data.parentRef;
    if (!ref || ref.group !== GATEWAY_API_GROUP || ref.kind !== 'Gateway' || isPlaceholder(ref.name.value)) return;
    const gateways = snap.findKubeGateways(ref.namespace?.value ?? ls.namespace, ref.name.value);
    // One declaration only (overlays may differ), of Istio's class, and not refused (ILS0819 says that).
    if (gateways.length !== 1 || !istioGatewayClass(snap, gateways[0]) || admits(snap, gateways[0], ls).admitted === false) return;
    const gw = gateways[0];
    // The Gateway's listeners that Istio accepts, in order (one that collides with an earlier one is Conflicted itself).
    const accepted: Listener[] = [];
    for (const g of gw.data.listeners) if (g.port && g.protocol && !accepted.some((a) => collide(a, g))) accepted.push(g);
    for (const l of ls.data.listeners) {
      if (!l.port || !l.protocol) continue;
      const prior = accepted.find((g) => collide(g, l));
      if (!prior) continue;
      const why = isL4(l.protocol) || isL4(prior.protocol!) || l.protocol !== prior.protocol ? `${prior.protocol} and ${l.protocol} on one port` : `the same hostname ${l.hostname?.value ?? '(any)'}`;
      report(ls.uri, finding(Rules.ListenerSetListenerConflict, ls, l.name.span, `Listener ${l.name.value} is not programmed (Conflicted): Gateway ${gw.namespace}/${gw.name} has listener ${prior.name.value} on port ${l.port.value} with ${why}, and the Gateway's own listeners come first. Use another port or hostname.`, {
        related: [related(gw, `Listener ${prior.name.value} of Gateway ${gw.namespace}/${gw.name}`, prior.span)],
      }));
    }
  },
});

function isL4(protocol: string): boolean {
  return protocol === 'TCP' || protocol === 'UDP';
}

function isHttpLike(protocol: string): boolean {
  return protocol === 'HTTP' || protocol === 'HTTPS' || protocol === 'TLS';
}

function collide(a: Listener, b: Listener): boolean {
  return a.port?.value === b.port?.value && !distinct(a, b);
}

/** Can two listeners on one port coexist (Istio's listenersDistinct)? */
function distinct(a: Listener, b: Listener): boolean {
  const pa = a.protocol!;
  const pb = b.protocol!;
  if (isL4(pa) || isL4(pb)) return !((isL4(pa) || isHttpLike(pa)) && (isL4(pb) || isHttpLike(pb)));
  if (isHttpLike(pa) && isHttpLike(pb)) return (a.hostname?.value ?? '*') !== (b.hostname?.value ?? '*');
  return pa !== pb;
}
