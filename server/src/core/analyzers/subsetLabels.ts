// IST0173 (DestinationRule subset selects no workload). A subset is the set of
// the service's endpoints whose pod labels carry all the subset's labels. When
// no pod has them, the subset's Envoy cluster has no endpoints and every
// request routed to the subset fails with 503 "no healthy upstream" (UH),
// typically after a version label was renamed or a Deployment removed.
// Checked only for in-cluster Service hosts (`name.ns.svc.cluster.local`) whose
// namespace has workloads in the workspace; when the Service itself is in the
// workspace, only the workloads its selector picks are its endpoints (istioctl
// matches the subset labels against every pod of the cluster instead), and
// when none of them is in the workspace nothing is reported. Without the
// Service, the namespace's workloads count only where its registry is known
// complete (the partial registry rule of destinationHosts.ts). A Service or
// workload of another sample of a collection (kustomize/sampleUnits.ts) or of
// another kustomize build is not an endpoint. A subset without
// labels selects every endpoint and is never reported. Topology labels
// (`topology.kubernetes.io/*`, `failure-domain.beta.kubernetes.io/*`,
// `topology.istio.io/*`, `kubernetes.io/hostname`) are added to each endpoint
// from its node's locality (pilot's AugmentLabels), not read from the pod: they
// are left out of the comparison, and a subset of only such labels is skipped.
import type { DestinationRuleData, Labels, ServiceData } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed, Workload } from '../index/snapshot';
import { podLabels } from '../index/tables';
import { clusterNamespace, fqdn, selects } from '../hosts';
import { coexist, finding, label, related, perResource, type Report } from './types';
import { shouldCheckHost } from './destinationHosts';

export const subsetLabels = perResource({
  rules: [Rules.SubsetMatchesNoWorkload],
  kind: 'DestinationRule',
  check(dr, snap, report) {
    if (!dr.data.host || dr.data.subsets.every((s) => Object.keys(s.labels).length === 0)) return;
    const host = fqdn(dr.data.host.value, dr.namespace);
    const ns = host.includes('*') ? undefined : clusterNamespace(host);
    if (!ns || !snap.workloadNamespaces.has(ns)) return;
    // Only a Service and workloads applied together with the rule count (another sample of a collection does not).
    const services = snap.services.get(host)?.filter((s) => coexist(s, dr)) ?? [];
    const service = services[0];
    // A Service without a selector takes its endpoints from elsewhere (manual Endpoints).
    if (services.some((s) => Object.keys(s.data.selector).length === 0)) return;
    // Without its Service, the workloads of the namespace are known only where its registry is (destinationHosts.ts).
    if (!service && !shouldCheckHost(snap, host, dr, dr.data.host.value)) return;
    checkSubsets(snap, dr, ns, service, services.slice(1), report);
  },
});

function checkSubsets(snap: Snapshot, dr: Typed<DestinationRuleData>, ns: string, service: Typed<ServiceData> | undefined, versions: Typed<ServiceData>[], report: Report): void {
  // A Service's workloads come from the label index (every one carries its selector's first pair), not a scan of the namespace.
  const behind = (svc: Typed<ServiceData> | undefined): Workload[] =>
    svc ? snap.workloadsSelectedBy(svc.data.selector, ns).filter((r) => coexist(r, dr)).map((r) => ({ resource: r, labels: podLabels(r) })) : snap.workloadsIn(ns).filter((w) => coexist(w.resource, dr));
  const endpoints = behind(service);
  // The Service's pods are not in the workspace (a chart elsewhere): nothing to compare with.
  if (endpoints.length === 0) return;
  // A kustomize patch of a workload may add labels (an overlay's `version: v1`): its pods' labels are not known.
  if (endpoints.some((w) => w.resource.patched)) return;
  for (const subset of dr.data.subsets) {
    const podLabels = withoutTopology(subset.labels);
    if (Object.keys(podLabels).length === 0) continue;
    if (endpoints.some((w) => carries(w, podLabels))) continue;
    // Versions of the Service kept side by side (an exercise's own, a setup's): one of them may select the subset's pods.
    if (versions.some((v) => behind(v).some((w) => carries(w, podLabels)))) continue;
    // Copies of one workload (a sample kept in several places) are named once.
    const seen = [...new Set(endpoints.map((w) => `${w.resource.name} {${formatLabels(w.labels)}}`))].slice(0, 5);
    const why = service
      ? `none of the workloads behind ${label(service)} has the labels ${formatLabels(subset.labels)} (workloads: ${seen.join(', ')})`
      : `no workload in namespace ${ns} has the labels ${formatLabels(subset.labels)} (workloads: ${seen.join(', ')})`;
    const rel = [
      ...(service ? [related(service, `${label(service)} selects ${formatLabels(service.data.selector)}`)] : []),
      ...endpoints.slice(0, 5).map((w) => related(w.resource, `${label(w.resource)} has labels ${formatLabels(w.labels)}`)),
    ];
    report(
      dr.uri,
      finding(
        Rules.SubsetMatchesNoWorkload,
        dr,
        subset.name.span,
        `Subset "${subset.name.value}" selects no workload: ${why}. Requests routed to this subset get 503 "no healthy upstream".`,
        { related: rel.length ? rel : undefined, data: { subset: subset.name.value, labels: subset.labels } },
      ),
    );
  }
}

/** The workload's pods have these labels, always or in a phase of a rollout (Argo Rollouts' canary and stable metadata). */
function carries(w: Workload, labels: Labels): boolean {
  if (selects(labels, w.labels)) return true;
  const d = w.resource.data;
  return d.kind === 'Workload' && (d.phaseLabels ?? []).some((phase) => selects(labels, phase));
}

function formatLabels(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The subset labels a pod must carry itself: the locality labels Istio derives from the node are dropped. */
function withoutTopology(labels: Labels): Labels {
  const out: Labels = {};
  for (const [k, v] of Object.entries(labels)) if (!isTopologyLabel(k)) out[k] = v;
  return out;
}

function isTopologyLabel(key: string): boolean {
  return key.startsWith('topology.kubernetes.io/') || key.startsWith('failure-domain.beta.kubernetes.io/') || key.startsWith('topology.istio.io/') || key === 'kubernetes.io/hostname';
}
