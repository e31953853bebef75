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
// WorkloadEntry or IstioMeshGateway of the workspace must carry the labels;
// but only a workspace that deploys some gateway can tell (one that shows no
// gateway pods at all relies on gateways installed elsewhere).
import type { Labels, Related, Resource } from '../model';
import { Rules } from '../catalog';
import type { Snapshot } from '../index/snapshot';
import { finding, related, perResource } from './types';
import { selectorText } from './gatewayRefs';
import { hasSubstitution, selects } from '../hosts';
import { distance } from '../schema/suggest';
import { sampleUnit } from '../kustomize/sampleUnits';
import { isGatewayChart } from '../summary/extractInstalls';

export const gatewaySelector = perResource({
  rules: [Rules.GatewaySelectorMatchesNoWorkload],
  kind: 'Gateway',
  check(gw, snap, report) {
    const selector = gw.data.selector;
    // A label value a deploy tool substitutes (`istio: ${GATEWAY_NAME}`) is not known yet.
    if (Object.keys(selector).length === 0 || Object.values(selector).some(hasSubstitution)) return;
    if (snap.isKnownGatewaySelector(selector) || snap.workloadsSelectedBy(selector).length > 0) return;
    // A release of the gateway chart whose name a generator fills in: its pods' labels are not known.
    if (snap.resourcesOfKind('Deploy').some((d) => d.data.charts.some(isGatewayChart) && d.data.installs.workloads.length === 0)) return;
    // A workspace that shows no gateway pods at all (test inputs of a policy engine, a team's routes with the
    // gateways installed by the platform) cannot tell whether these labels are deployed.
    const near = nearMisses(snap, selector);
    if (!showsGatewayPods(snap, gw.uri) && !near.some((n) => n.close)) return;
    const known = snap.knownGatewayLabels.map(selectorText).join('; ');
    const message =
      `Gateway selector ${selectorText(selector)} matches no workload: no pod template, WorkloadEntry, IstioMeshGateway or installed gateway in the workspace carries these labels, ` +
      `and they are not a known gateway label set (${known}). No proxy serves this Gateway, so its ports are never opened. ` +
      'If the gateway is deployed outside this workspace, add its labels to the setting istio.knownGatewayLabels.';
    report(
      gw.uri,
      finding(Rules.GatewaySelectorMatchesNoWorkload, gw, gw.data.selectorSpan ?? gw.nameSpan ?? gw.span, message, {
        related: near.length ? near.map((n) => n.related) : undefined,
        data: { kind: 'selectorNotFound', selector },
      }),
    );
  },
});

/**
 * Whether the workspace deploys some gateway or Istio itself: a pod template or install with Istio's `istio`
 * label or the gateway injection template, an IstioMeshGateway, pods another Gateway selects, or a release of
 * one of Istio's charts.
 */
function showsGatewayPods(snap: Snapshot, uri: string): boolean {
  // Only what may be applied with the Gateway: another chapter's or sample's gateway says nothing of this one's cluster.
  const unit = sampleUnit(uri);
  // derived, not shared: every caller records what the answer was built from (the incremental engine re-checks on its change).
  return snap.derived('gatewaySelector:gatewayPods', unit, '', (s) => gatewayPodsIn(s, unit));
}

function gatewayPodsIn(snap: Snapshot, unit: string): boolean {
  const near = (r: Resource) => {
    const other = sampleUnit(r.uri);
    return other === unit || other === '';
  };
  if (snap.resourcesOfKind('Deploy').some((r) => near(r) && r.data.charts.some((c) => /(^|\/)(istio[-\w]*|base|istiod|gateway)$/.test(c)))) return true;
  const selectors: Labels[] = [];
  for (const list of snap.gateways.values()) for (const gw of list) if (Object.keys(gw.data.selector).length && near(gw)) selectors.push(gw.data.selector);
  return snap.workloads.some((w) => {
    if (!near(w.resource)) return false;
    const d = w.resource.data;
    if (/Gateway$/.test(w.resource.kind) || 'istio' in w.labels) return true;
    if (d.kind === 'Workload' && (d.annotations['inject.istio.io/templates'] ?? '').includes('gateway')) return true;
    return selectors.some((selector) => selects(selector, w.labels));
  });
}

/** Two label values one typo apart (`egde`, `edge`) or one the other's abbreviation (`edge-gw`, `edge-gateway`). */
function closeValues(a: string, b: string): boolean {
  const limit = Math.max(1, Math.min(3, Math.floor(Math.min(a.length, b.length) / 3)));
  if (distance(a, b, limit) <= limit) return true;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 4 && common * 2 >= Math.min(a.length, b.length);
}

/** Workloads that share a selector key but not its value: likely the intended target (`close` when a value is one typo away). */
function nearMisses(snap: Snapshot, selector: Record<string, string>): { related: Related; close: boolean }[] {
  const out: { related: Related; close: boolean }[] = [];
  const seen = new Set<Resource>();
  for (const w of snap.workloads) {
    if (seen.has(w.resource) || out.length >= 3) continue;
    const shared = Object.keys(selector).filter((k) => k in w.labels);
    if (shared.length === 0) continue;
    seen.add(w.resource);
    const labels = shared.map((k) => `${k}=${w.labels[k]}`).join(',');
    const close = shared.some((k) => w.labels[k] !== selector[k] && closeValues(w.labels[k], selector[k]));
    out.push({ related: related(w.resource, `${w.resource.kind} ${w.resource.namespace}/${w.resource.name} has ${labels}`), close });
  }
  return out;
}
