// IST0167 for EnvoyFilters: an EnvoyFilter without targetRefs configures
// sidecars and gateway proxies only. Ambient pods have no sidecar, and
// waypoints take only EnvoyFilters that name them in targetRefs
// (pilot/pkg/model/policyattachment.go: waypoints never use selectors), so a
// filter in an ambient namespace whose workloads of the workspace all run
// without a sidecar changes nothing. Reported only when the workspace shows
// the namespace whole (its workloads, nothing installed there unseen) and the
// filter is not in the root namespace (where it applies mesh-wide).
import { Rules } from '../catalog';
import { namespaceInAmbient, namespaceObject, workloadInAmbient } from '../index/ambientMode';
import { selects } from '../hosts';
import { podLabels } from '../index/tables';
import { finding, perResource } from './types';

export const envoyFilterInAmbient = perResource({
  rules: [Rules.IneffectivePolicy],
  kind: 'EnvoyFilter',
  check(ef, snap, report) {
    const ns = ef.namespace;
    if (ef.data.targeted || ef.explicitNamespace === undefined || ns === snap.rootNamespace || snap.isIncompleteNamespace(ns) || snap.unknownNamespaceUnread) return;
    if (!namespaceInAmbient(namespaceObject(snap, ns))) return;
    const workloads = snap.workloadsIn(ns).map((w) => w.resource);
    // Every pod of the namespace must be a plain ambient workload: a sidecar or a gateway proxy would read the filter.
    const plain = workloads.every((w) => w.data.kind === 'Workload' && podLabels(w)['gateway.networking.k8s.io/gateway-name'] === undefined && podLabels(w)['istio'] === undefined && workloadInAmbient(w, true));
    if (workloads.length === 0 || !plain) return;
    const selector = ef.data.workloadSelector;
    if (selector && Object.keys(selector).length > 0 && !workloads.some((w) => selects(selector, podLabels(w)))) return;
    const message =
      `This EnvoyFilter has no effect: namespace ${ns} is in ambient mode and its workloads run no sidecar; waypoints take only EnvoyFilters that name them in targetRefs. ` +
      'Attach it to the waypoint with targetRefs, or move the workloads that need it out of ambient mode.';
    report(ef.uri, finding(Rules.IneffectivePolicy, ef, ef.nameSpan ?? ef.span, message));
  },
});
