// IST0167: a Sidecar that applies only to ambient workloads. Ambient pods
// have no sidecar proxy: ztunnel and waypoints carry their traffic and never
// read Sidecar resources, so the egress imports, outbound policy and ingress
// listeners it declares do nothing. Reported for a selector-less Sidecar in
// a Namespace labelled `istio.io/dataplane-mode: ambient` where no workload
// of the workspace opts out into a sidecar, and for a Sidecar
// whose selected workloads of the workspace are all ambient.
import { Rules } from '../catalog';
import { namespaceInAmbient, namespaceObject, workloadInAmbient } from '../index/ambientMode';
import { finding, perResource } from './types';

export const sidecarInAmbient = perResource({
  rules: [Rules.IneffectivePolicy],
  kind: 'Sidecar',
  check(sc, snap, report) {
    const ambient = namespaceInAmbient(namespaceObject(snap, sc.namespace));
    let why: string | undefined;
    if (sc.data.workloadSelector === undefined) {
      // A pod of the namespace that opts out into a sidecar still reads the namespace default.
      const withSidecar = ambient && snap.workloadsIn(sc.namespace).some((w) => w.resource.data.kind === 'Workload' && !workloadInAmbient(w.resource, true));
      if (ambient && !withSidecar) why = `namespace ${sc.namespace} is in ambient mode (istio.io/dataplane-mode: ambient)`;
    } else {
      const selected = snap.workloadsSelectedBy(sc.data.workloadSelector, sc.namespace).filter((w) => w.data.kind === 'Workload');
      if (selected.length > 0 && selected.every((w) => workloadInAmbient(w, ambient))) {
        why = `the workload${selected.length > 1 ? 's' : ''} it selects (${selected.slice(0, 3).map((w) => `${w.kind} ${w.name}`).join(', ')}) ${selected.length > 1 ? 'are' : 'is'} in ambient mode`;
      }
    }
    if (!why) return;
    report(
      sc.uri,
      finding(
        Rules.IneffectivePolicy,
        sc,
        sc.nameSpan ?? sc.span,
        `This Sidecar has no effect: ${why}. Ambient pods run no sidecar proxy; ztunnel and waypoints never read Sidecar resources. ` +
          'Remove it, or move the workloads that need it out of ambient mode (istio.io/dataplane-mode: none and sidecar injection).',
      ),
    );
  },
});
