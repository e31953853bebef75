// ILS0818, ILS0819: a ListenerSet (gateway.networking.k8s.io/v1) whose
// listeners are never programmed. Istio adds a ListenerSet's listeners to its
// parent Gateway only when that Gateway exists, is of a class that supports
// ListenerSets (`istio`; not the waypoint, east-west or remote classes:
// gatewaycommon/classinfo.go SupportsListenerSet), and admits the
// ListenerSet's namespace through `spec.allowedListeners.namespaces`, which
// admits none by default (gateway_utils.go NamespaceAcceptedByAllowListeners;
// gateway-api apis/v1/gateway_types.go AllowedListeners). Otherwise the
// ListenerSet is not Accepted (NotAllowed) and every route attached to it
// gets no traffic (gateway_collection.go ListenerSetCollection).
import type { Finding, KubeGatewayData, KubeListenerSetData, ParentRef } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { isPlaceholder } from '../hosts';
import { GATEWAY_API_GROUP } from '../summary/extractGatewayApi';
import { namespaceSelected } from './kubeListeners';
import { appliedWith } from './kubeParentRefs';
import { coexist, finding, perResource, related } from './types';

/** ILS0819: the Gateway to open and the namespace to admit (`reason` class: no fix, the class decides). */
export interface ListenerSetNotAllowed {
  kind: 'listenerSetNotAllowed';
  gateway: string;
  namespace: string;
  reason: 'allowedListeners' | 'class';
}

/** Istio's classes that refuse every ListenerSet. */
const NO_LISTENER_SETS = new Set(['istio-waypoint', 'istio-east-west', 'istio-remote']);

export const kubeListenerSets = perResource({
  rules: [Rules.ListenerSetParentNotFound, Rules.ListenerSetNotAllowed],
  kind: 'KubeListenerSet',
  check(ls, snap, report) {
    const ref = ls.data.parentRef;
    if (!ref || ref.group !== GATEWAY_API_GROUP || ref.kind !== 'Gateway' || isPlaceholder(ref.name.value)) return;
    const f = checkParent(snap, ls, ref);
    if (f) report(ls.uri, f);
  },
});

function checkParent(snap: Snapshot, ls: Typed<KubeListenerSetData>, ref: ParentRef): Finding | undefined {
  const ns = ref.namespace?.value ?? ls.namespace;
  const declared = snap.findKubeGateways(ns, ref.name.value);
  // As for routes: only a Gateway applied with the ListenerSet answers for it.
  const gateways = declared.filter((gw) => coexist(gw, ls));
  if (declared.length && gateways.length === 0) return undefined;
  if (gateways.length === 0) {
    // As for routes (kubeParentRefs.ts): only where the workspace shows that namespace's Gateways.
    const written = ref.namespace !== undefined || ls.explicitNamespace !== undefined;
    const known = snap.settings.registry === 'complete' || (written && appliedWith(snap, 'kubeGatewayNs', ns, ls) && !snap.isIncompleteNamespace(ns) && !snap.unknownNamespaceUnread);
    if (!known) return undefined;
    return finding(Rules.ListenerSetParentNotFound, ls, ref.name.span, `ListenerSet not attached: Gateway ${ns}/${ref.name.value} not found (the workspace declares Gateways in namespace ${ns}, none named ${ref.name.value}); its listeners carry no traffic.`);
  }
  // One Gateway declared several times (overlays): refused only if every copy refuses.
  const verdicts = gateways.map((gw) => ({ gw, ...admits(snap, gw, ls) }));
  if (verdicts.some((v) => v.admitted !== false)) return undefined;
  const { gw, why, reason } = verdicts[0];
  const at = gw.data.allowedListeners.span ?? gw.nameSpan ?? gw.span;
  return finding(Rules.ListenerSetNotAllowed, ls, ref.name.span, `ListenerSet not attached: Gateway ${gw.namespace}/${gw.name} ${why}; its listeners carry no traffic.`, {
    related: [related(gw, `Gateway ${gw.namespace}/${gw.name}: ${why}`, at)],
    data: { kind: 'listenerSetNotAllowed', gateway: `${gw.namespace}/${gw.name}`, namespace: ls.namespace, reason } satisfies ListenerSetNotAllowed,
  });
}

/** Does the Gateway take the ListenerSet (true, false, or undefined where the workspace cannot know), and why not (ILS0819). */
export function admits(snap: Snapshot, gw: Typed<KubeGatewayData>, ls: Typed<KubeListenerSetData>): { admitted: boolean | undefined; why: string; reason: ListenerSetNotAllowed['reason'] } {
  const cls = gw.data.className?.value;
  if (cls && NO_LISTENER_SETS.has(cls)) return { admitted: false, why: `is of class ${cls}, which does not support ListenerSets (only class istio does)`, reason: 'class' };
  return { ...allowedBy(snap, gw, ls), reason: 'allowedListeners' };
}

function allowedBy(snap: Snapshot, gw: Typed<KubeGatewayData>, ls: Typed<KubeListenerSetData>): { admitted: boolean | undefined; why: string } {
  const { from, selector } = gw.data.allowedListeners;
  switch (from) {
    case 'All':
      return { admitted: true, why: '' };
    case 'None':
      return { admitted: false, why: gw.data.allowedListeners.span ? 'admits no ListenerSet (allowedListeners from: None)' : 'admits no ListenerSet: it has no spec.allowedListeners, and the default is from: None' };
    case 'Same':
      if (ls.namespace === gw.namespace) return { admitted: true, why: '' };
      return { admitted: ls.explicitNamespace !== undefined && gw.explicitNamespace !== undefined ? false : undefined, why: `admits ListenerSets of namespace ${gw.namespace} only (allowedListeners from: Same), not of ${ls.namespace}` };
    case 'Selector': {
      if (!selector) return { admitted: undefined, why: '' };
      const text = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(', ');
      return { admitted: namespaceSelected(snap, ls, selector), why: `admits ListenerSets of namespaces labelled ${text} only (allowedListeners from: Selector), and namespace ${ls.namespace} is not` };
    }
    default:
      return { admitted: undefined, why: '' };
  }
}
