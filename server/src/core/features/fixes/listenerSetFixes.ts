// ILS0819: let the Gateway admit the ListenerSet's namespace. A Gateway
// without `allowedListeners` (or with `from: None`) gets a selector on
// `kubernetes.io/metadata.name` for that one namespace (or `from: Same` when
// the ListenerSet is in the Gateway's namespace); a `from: Same` Gateway keeps
// its own namespace and adds the ListenerSet's (a matchExpressions `In`).
// Kubernetes sets that label on every Namespace, so nothing else is admitted.
// It edits the Gateway, the platform team's file: never preferred.
import { isMap, isScalar } from 'yaml';
import { Rules } from '../../catalog';
import type { KubeGatewayData } from '../../model';
import type { Typed } from '../../index/snapshot';
import type { ListenerSetNotAllowed } from '../../analyzers/kubeListenerSets';
import { NAMESPACE_NAME_LABEL } from '../../analyzers/kubeListeners';
import { resourceKey } from '../../resourceKey';
import { EditBuilder } from '../../edit/workspaceEdit';
import { addPair, quoteLike } from '../../edit/yamlEdits';
import { nodeAt } from '../../edit/resourceEdits';
import type { YamlMap } from '../../edit/render';
import { get } from '../../parse/ast';
import { isDnsLabel } from '../../validation/names';
import type { FixContext } from './types';
import { dataOf, defineFix } from './types';

type AdmitListenerSet = { gateway: string; namespace: string };

export const admitListenerSet = defineFix<AdmitListenerSet>({
  id: 'admitListenerSet',
  rules: [Rules.ListenerSetNotAllowed],
  kind: 'quickfix',
  dataKinds: ['listenerSetNotAllowed'],
  offer(f, _uri, ctx) {
    const d = dataOf<ListenerSetNotAllowed>(f);
    const gw = d.reason === 'allowedListeners' && typeof d.gateway === 'string' ? onlyGateway(ctx, d.gateway) : undefined;
    if (!gw || typeof d.namespace !== 'string' || !isDnsLabel(d.namespace) || !['None', 'Same'].includes(gw.data.allowedListeners.from)) return [];
    return [{ title: `Let Gateway ${d.gateway} admit the ListenerSets of namespace ${d.namespace} (allowedListeners${d.namespace === gw.namespace ? ' from: Same' : ` selector on ${NAMESPACE_NAME_LABEL}`})`, payload: { gateway: d.gateway!, namespace: d.namespace } }];
  },
  resolve(p, _uri, ctx) {
    const gw = onlyGateway(ctx, String(p.gateway));
    const file = gw && ctx.source(gw.uri);
    const spec = file && nodeAt(file, resourceKey(gw), ['spec']);
    const ns = String(p.namespace);
    if (!gw || !file || !isMap(spec)) return undefined;
    const selector: YamlMap = gw.data.allowedListeners.from === 'Same' ? { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [gw.namespace, ns] }] } : { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } };
    const namespaces: YamlMap = ns === gw.namespace ? { from: 'Same' } : { from: 'Selector', selector };
    const b = new EditBuilder();
    const allowed = get(spec, 'allowedListeners');
    const existing = get(allowed, 'namespaces');
    if (allowed === undefined) b.add(gw.uri, addPair(file.text, spec, 'allowedListeners', { namespaces }, file.style, 'gatewayClassName'));
    else if (!isMap(allowed)) return undefined;
    else if (existing === undefined) b.add(gw.uri, addPair(file.text, allowed, 'namespaces', namespaces, file.style));
    else if (isMap(existing) && get(existing, 'selector') === undefined) {
      const from = get(existing, 'from');
      if (!isScalar(from) || !from.range) return undefined;
      b.add(gw.uri, { span: { start: from.range[0], end: from.range[1] }, newText: quoteLike(file.text.slice(from.range[0], from.range[1]), String(namespaces.from)) });
      if (namespaces.selector) b.add(gw.uri, addPair(file.text, existing, 'selector', selector, file.style));
    } else return undefined;
    return b.build();
  },
});

/** The Gateway `ns/name` when the workspace declares it once (a second copy makes the file to edit ambiguous). */
function onlyGateway(ctx: FixContext, ref: string): Typed<KubeGatewayData> | undefined {
  const [ns, name] = ref.split('/');
  const all = ctx.snapshot.findKubeGateways(ns, name);
  return all.length === 1 ? all[0] : undefined;
}
