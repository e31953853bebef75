// ILS0206: a Gateway's `selector` matches no workload. A Gateway
// configures only the proxies whose pod labels satisfy its selector (in any
// namespace). When none does, no Envoy ever opens its ports: clients get
// "connection refused" and every VirtualService bound to it is dead config.
// Gateway deployments often live outside the repository (installed by Helm
// or the operator), so the built-in label sets (the default ingress, egress
// and east-west gateways, the istio/gateway chart as `gateway` or
// `istio-ingress`) and the setting `istio.knownGatewayLabels` count as
// deployed; so do the gateways an IstioOperator's components or an
// istio/gateway chart release (Flux HelmRelease, Argo CD Application)
// create. Otherwise a pod template (Deployment, CronJob, Argo Rollout…), Pod,
// WorkloadEntry or IstioMeshGateway of the workspace must carry the labels.
import type { Related, Resource } from '../model';
import { Rules } from '../catalog';
import type { Snapshot } from '../index/snapshot';
import { finding, related, perResource } from './types';
import { selectorText } from './gatewayRefs';
import { hasSubstitution } from '../hosts';

export const gatewaySelector = perResource({
  rules: [Rules.GatewaySelectorMatchesNoWorkload],
  kind: 'Gateway',
  check(gw, snap, report) {
    const selector = gw.data.selector;
    // A label value a deploy tool substitutes (`istio: ${GATEWAY_NAME}`) is not known yet.
    if (Object.keys(selector).length === 0 || Object.values(selector).some(hasSubstitution)) return;
    if (snap.isKnownGatewaySelector(selector) || snap.workloadsSelectedBy(selector).length > 0) return;
    const near = nearMisses(snap, selector);
    const known = snap.knownGatewayLabels.map(selectorText).join('; ');
    const message =
      `Gateway selector ${selectorText(selector)} matches no workload: no pod template, WorkloadEntry, IstioMeshGateway or installed gateway in the workspace carries these labels, ` +
      `and they are not a known gateway label set (${known}). No proxy serves this Gateway, so its ports are never opened. ` +
      'If the gateway is deployed outside this workspace, add its labels to the setting istio.knownGatewayLabels.';
    report(
      gw.uri,
      finding(Rules.GatewaySelectorMatchesNoWorkload, gw, gw.data.selectorSpan ?? gw.nameSpan ?? gw.span, message, {
        related: near.length ? near : undefined,
        data: { kind: 'selectorNotFound', selector },
      }),
    );
  },
});

/** Workloads that share a selector key but not its value: likely the intended target. */
function nearMisses(snap: Snapshot, selector: Record<string, string>): Related[] {
  const out: Related[] = [];
  const seen = new Set<Resource>();
  for (const w of snap.workloads) {
    if (seen.has(w.resource) || out.length >= 3) continue;
    const shared = Object.keys(selector).filter((k) => k in w.labels);
    if (shared.length === 0) continue;
    seen.add(w.resource);
    const labels = shared.map((k) => `${k}=${w.labels[k]}`).join(',');
    out.push(related(w.resource, `${w.resource.kind} ${w.resource.namespace}/${w.resource.name} has ${labels}`));
  }
  return out;
}
