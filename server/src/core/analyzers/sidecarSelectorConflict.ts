// IST0110: two Sidecars with a workloadSelector select the same pod. A proxy
// takes exactly one Sidecar: when several select it, istiod keeps the oldest
// and ignores the others, so which egress imports, ingress listeners and
// outbound policy a pod gets depends on creation order and can change after a
// re-apply. Make the selectors disjoint, or merge the Sidecars.
import type { Resource, SidecarData } from '../model';
import { Rules } from '../catalog';
import type { Typed } from '../index/snapshot';
import { conflicts, finding, label, related, sameResource } from './types';

export const sidecarSelectorConflict = conflicts({
  rules: [Rules.ConflictingSidecarSelectors],
  kind: 'Sidecar',
  // One group per namespace: selectors apply to the pods of the Sidecar's namespace only.
  groupKeys: (sc) => (hasSelector(sc.data) ? [sc.namespace] : []),
  checkGroup(namespace, members, snap, report) {
    if (members.length < 2) return;
    const selected = new Map<Typed<SidecarData>, Resource[]>(members.map((sc) => [sc, snap.workloadsSelectedBy(sc.data.workloadSelector!, namespace)]));
    for (const sc of members) {
      const mine = selected.get(sc)!;
      const others: { other: Typed<SidecarData>; pod: Resource }[] = [];
      for (const other of members) {
        if (other === sc || sameResource(other, sc)) continue;
        const pod = mine.find((w) => selected.get(other)!.includes(w));
        if (pod) others.push({ other, pod });
      }
      if (others.length === 0) continue;
      const first = others[0];
      report(
        sc.uri,
        finding(
          Rules.ConflictingSidecarSelectors,
          sc,
          sc.nameSpan ?? sc.span,
          `${label(sc)} and ${others.map((o) => label(o.other)).join(', ')} both select ${first.pod.kind} ${namespace}/${first.pod.name}. ` +
            'A proxy takes one Sidecar: istiod keeps the oldest and ignores the others, so the outcome depends on creation order. Make the workloadSelectors disjoint or merge the Sidecars.',
          { related: others.map((o) => related(o.other, `${label(o.other)} also selects ${o.pod.kind} ${namespace}/${o.pod.name}`)) },
        ),
      );
    }
  },
});

function hasSelector(d: SidecarData): boolean {
  return d.workloadSelector !== undefined && Object.keys(d.workloadSelector).length > 0;
}
