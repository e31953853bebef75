// IST0111: several Sidecars without a workloadSelector in one namespace. Such
// a Sidecar is the namespace default for every pod no other Sidecar selects;
// a namespace has one default, so istiod takes the oldest and ignores the
// rest. Which egress imports the namespace's pods get then depends on
// creation order. Keep one selector-less Sidecar per namespace.
import { Rules } from '../catalog';
import { conflicts, finding, label, related, sameResource } from './types';

export const sidecarNamespaceDefault = conflicts({
  rules: [Rules.MultipleDefaultSidecars],
  kind: 'Sidecar',
  groupKeys: (sc) => (sc.data.workloadSelector === undefined ? [sc.namespace] : []),
  checkGroup(namespace, members, _snap, report) {
    for (const sc of members) {
      const others = members.filter((o) => o !== sc && !sameResource(o, sc));
      if (others.length === 0) continue;
      report(
        sc.uri,
        finding(
          Rules.MultipleDefaultSidecars,
          sc,
          sc.nameSpan ?? sc.span,
          `${label(sc)} and ${others.map(label).join(', ')} are all Sidecars without a workloadSelector in namespace ${namespace}. ` +
            'A namespace has one default Sidecar: istiod uses the oldest and ignores the others. Keep one, or give the others a workloadSelector.',
          { related: others.map((o) => related(o, `${label(o)} is also a selector-less Sidecar in ${namespace}`)) },
        ),
      );
    }
  },
});
