// Quick fixes that make a Gateway API listener take a route (kubeParentRefs.ts).
// ILS0805: a listener that admits routes of its own namespace only (`from:
// Same`, the default) also admits the route's namespace, by name:
// `from: Selector` on `kubernetes.io/metadata.name` In [the Gateway's, the
// route's] (Kubernetes sets that label on every Namespace), so what it took
// before it still takes, and nothing else; a `from: Selector` listener's
// labels are added to the route's Namespace object when the workspace holds
// it. ILS0803: the route's only hostname
// becomes a listener's hostname (a typo), or, when the parentRef names no
// listener, the Gateway gains a listener for the route's hostname, copied
// from one on that port (HTTP or TLS passthrough only: an HTTPS listener
// would need a certificate for the new hostname). Both edit the Gateway, the
// platform team's file: never preferred.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { Rules } from '../../catalog';
import type { KubeGatewayData, KubeRouteData, Listener, Resource } from '../../model';
import type { Typed } from '../../index/snapshot';
import type { NamespaceNotAllowed, NoListenerHostname } from '../../analyzers/kubeParentRefs';
import { NAMESPACE_NAME_LABEL } from '../../analyzers/kubeListeners';
import { resourceKey } from '../../resourceKey';
import { EditBuilder, type WorkspaceEdit } from '../../edit/workspaceEdit';
import { addPair, quoteLike } from '../../edit/yamlEdits';
import { appendToList, nodeAt } from '../../edit/resourceEdits';
import type { YamlMap } from '../../edit/render';
import { get, str } from '../../parse/ast';
import { slugOf } from '../../scaffold/egressPlan';
import { isDnsLabel } from '../../validation/names';
import type { FixContext } from './types';
import { dataOf, defineFix, resourceOf } from './types';

type AdmitNamespace = { gateway: string; listener: string; routeNamespace: string; labels?: Record<string, string> };

/** Labels that change more than route admission (injection, revisions, ambient): never added by a fix. */
const MEANINGFUL_LABEL = /(^|\/)(istio-injection|istio\.io\/|kubernetes\.io\/)|^istio\./;

export const admitRouteNamespace = defineFix<AdmitNamespace>({
  id: 'admitRouteNamespace',
  rules: [Rules.RouteNamespaceNotAllowed],
  kind: 'quickfix',
  dataKinds: ['namespaceNotAllowed'],
  offer(f, _uri, ctx) {
    const d = dataOf<NamespaceNotAllowed>(f);
    const gw = typeof d.gateway === 'string' && d.parentKind !== 'ListenerSet' ? onlyGateway(ctx, d.gateway) : undefined; // ListenerSet listeners: no fix yet
    if (!gw || !d.routeNamespace || !isDnsLabel(d.routeNamespace) || !isDnsLabel(gw.namespace) || !Array.isArray(d.listeners)) return [];
    const same = d.listeners
      .filter((l) => l.from === 'Same' && l.selector === undefined)
      .slice(0, 3)
      .map((l) => ({
        title: `Let listener ${l.name} of Gateway ${d.gateway} admit routes of namespace ${d.routeNamespace} too (allowedRoutes selector on ${NAMESPACE_NAME_LABEL})`,
        payload: { gateway: d.gateway!, listener: l.name, routeNamespace: d.routeNamespace! } as AdmitNamespace,
      }));
    return [...same, ...labelOffers(ctx, d)];
  },
  resolve(p, _uri, ctx) {
    if (p.labels) return labelNamespace(ctx, String(p.routeNamespace), p.labels);
    const gw = onlyGateway(ctx, String(p.gateway));
    const file = gw && ctx.source(gw.uri);
    if (!gw || !file) return undefined;
    const item = listenerNode(ctx, gw, String(p.listener));
    if (!item) return undefined;
    const selector: YamlMap = { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [gw.namespace, String(p.routeNamespace)] }] };
    const b = new EditBuilder();
    const allowed = get(item, 'allowedRoutes');
    const namespaces = get(allowed, 'namespaces');
    if (allowed === undefined) {
      b.add(gw.uri, addPair(file.text, item, 'allowedRoutes', { namespaces: { from: 'Selector', selector } }, file.style));
    } else if (!isMap(allowed)) {
      return undefined;
    } else if (namespaces === undefined) {
      b.add(gw.uri, addPair(file.text, allowed, 'namespaces', { from: 'Selector', selector }, file.style));
    } else if (isMap(namespaces) && get(namespaces, 'selector') === undefined) {
      const from = get(namespaces, 'from');
      if (from === undefined) b.add(gw.uri, addPair(file.text, namespaces, 'from', 'Selector', file.style));
      else if (isScalar(from) && str(from) === 'Same' && from.range) b.add(gw.uri, { span: { start: from.range[0], end: from.range[1] }, newText: quoteLike(file.text.slice(from.range[0], from.range[1]), 'Selector') });
      else return undefined;
      b.add(gw.uri, addPair(file.text, namespaces, 'selector', selector, file.style));
    } else {
      return undefined;
    }
    return b.build();
  },
});

/**
 * A `from: Selector` listener admits namespaces by their labels: when the
 * route's Namespace object is in the workspace (once), offer to give it the
 * labels the selector wants, unless one of them means more than admission.
 */
function labelOffers(ctx: FixContext, d: Partial<NamespaceNotAllowed>) {
  const ns = d.routeNamespace;
  const objects = ns ? ctx.snapshot.members('namespaceObject', ns) : [];
  if (!ns || objects.length !== 1 || objects[0].builds) return [];
  return (d.listeners ?? [])
    .filter((l) => l.from === 'Selector' && l.selector && Object.keys(l.selector).length > 0 && !Object.keys(l.selector).some((k) => MEANINGFUL_LABEL.test(k)))
    .filter((l) => Object.entries(l.selector!).some(([k, v]) => objects[0].labels[k] !== v))
    .slice(0, 2)
    .map((l) => {
      const wanted = Object.entries(l.selector!).filter(([k, v]) => objects[0].labels[k] !== v);
      return {
        title: `Label Namespace ${ns} with ${wanted.map(([k, v]) => `${k}=${v}`).join(', ')} (listener ${l.name} of Gateway ${d.gateway} admits namespaces with it)`,
        payload: { gateway: d.gateway!, listener: l.name, routeNamespace: ns, labels: Object.fromEntries(wanted) } as AdmitNamespace,
      };
    });
}

/** Adds the labels to the Namespace object's metadata.labels (a value already there for a key is left alone: no offer then). */
function labelNamespace(ctx: FixContext, ns: string, labels: Record<string, string>): WorkspaceEdit | undefined {
  const objects = ctx.snapshot.members('namespaceObject', ns);
  const obj = objects.length === 1 ? objects[0] : undefined;
  const file = obj && ctx.source(obj.uri);
  if (!obj || !file) return undefined;
  const key = resourceKey(obj);
  const metadata = nodeAt(file, key, ['metadata']);
  if (!isMap(metadata)) return undefined;
  const existing = get(metadata, 'labels');
  const b = new EditBuilder();
  if (existing === undefined) {
    b.add(obj.uri, addPair(file.text, metadata, 'labels', { ...labels }, file.style));
  } else if (isMap(existing)) {
    for (const [k, v] of Object.entries(labels)) {
      if (get(existing, k) !== undefined) return undefined;
      b.add(obj.uri, addPair(file.text, existing, k, String(v), file.style));
    }
  } else {
    return undefined;
  }
  return b.build();
}

type ListenerHostname = { route: string; gateway: string; change?: { from: string; to: string }; add?: ListenerCopy };
type ListenerCopy = { from: string; hostname: string; name: string };

export const fixListenerHostname = defineFix<ListenerHostname>({
  id: 'fixListenerHostname',
  rules: [Rules.NoListenerHostname],
  kind: 'quickfix',
  dataKinds: ['noListenerHostname'],
  offer(f, uri, ctx) {
    const d = dataOf<NoListenerHostname>(f);
    const route = resourceOf(ctx, uri, f.resource) as Typed<KubeRouteData> | undefined;
    const gw = typeof d.gateway === 'string' && d.parentKind !== 'ListenerSet' ? onlyGateway(ctx, d.gateway) : undefined; // ListenerSet listeners: no fix yet
    if (!route || route.data.kind !== 'KubeRoute' || !gw || !f.resource) return [];
    const ref = route.data.parentRefs.find((r) => [r.sectionName?.span, r.port?.span, r.name.span].some((s) => s?.start === f.span.start));
    if (!ref) return [];
    const selected = gw.data.listeners.filter((l) => (!ref.sectionName || l.name.value === ref.sectionName.value) && (!ref.port || l.port?.value === ref.port.value));
    const offers = [];
    const only = route.data.hostnames.length === 1 ? route.data.hostnames[0].value : undefined;
    if (only) {
      for (const to of [...new Set(selected.map((l) => l.hostname?.value).filter((h): h is string => !!h && !h.startsWith('*')))].slice(0, 3)) {
        offers.push({ title: `Change hostname "${only}" to "${to}" (listener hostname of Gateway ${d.gateway})`, payload: { route: f.resource, gateway: d.gateway!, change: { from: only, to } } });
      }
    }
    // A new listener is reached only by a parentRef that names none.
    const model = !ref.sectionName && selected.find((l) => l.port && (l.protocol === 'HTTP' || (l.protocol === 'TLS' && l.tlsMode === 'Passthrough')));
    if (model && route.data.hostnames.length) {
      const hostname = route.data.hostnames[0].value;
      const name = freeListenerName(gw, `${model.protocol!.toLowerCase()}-${slugOf(hostname.replace(/^\*\./, 'wildcard.'))}`);
      offers.push({ title: `Add listener ${name} for ${hostname} to Gateway ${d.gateway} (copy of ${model.name.value})`, payload: { route: f.resource, gateway: d.gateway!, add: { from: model.name.value, hostname, name } } });
    }
    return offers;
  },
  resolve(p, uri, ctx) {
    if (p.change) {
      const route = resourceOf(ctx, uri, p.route) as Typed<KubeRouteData> | undefined;
      const file = ctx.source(uri);
      const h = route?.data.kind === 'KubeRoute' ? route.data.hostnames.find((x) => x.value === p.change!.from) : undefined;
      if (!file || !h) return undefined;
      const b = new EditBuilder();
      b.add(uri, { span: h.span, newText: quoteLike(file.text.slice(h.span.start, h.span.end), p.change.to) });
      return b.build();
    }
    if (p.add) return addListener(ctx, String(p.gateway), p.add);
    return undefined;
  },
});

function addListener(ctx: FixContext, gateway: string, add: ListenerCopy): WorkspaceEdit | undefined {
  const gw = onlyGateway(ctx, gateway);
  const file = gw && ctx.source(gw.uri);
  const model = gw?.data.listeners.find((l) => l.name.value === add.from);
  if (!gw || !file || !model?.port || gw.data.listeners.some((l) => l.name.value === add.name)) return undefined; // a listener without a port is no model
  const edit = appendToList(file, resourceKey(gw), ['spec'], 'listeners', listenerCopy(model, add));
  if (!edit) return undefined;
  const b = new EditBuilder();
  b.add(gw.uri, edit);
  return b.build();
}

/** The listener written again with another name and hostname: port, protocol, TLS mode and allowedRoutes as the model has them. */
function listenerCopy(l: Listener, add: ListenerCopy): YamlMap {
  const out: YamlMap = { name: add.name, hostname: add.hostname, port: l.port!.value, protocol: l.protocol! };
  if (l.tlsMode) out.tls = { mode: l.tlsMode };
  const namespaces: YamlMap | undefined = l.from === 'Same' ? undefined : { from: l.from, ...(l.fromSelector && Object.keys(l.fromSelector).length ? { selector: { matchLabels: { ...l.fromSelector } } } : {}) };
  const kinds = l.kinds?.map((k) => ({ kind: k.kind }));
  if (namespaces || kinds) out.allowedRoutes = { ...(namespaces ? { namespaces } : {}), ...(kinds ? { kinds } : {}) };
  return out;
}

function freeListenerName(gw: Typed<KubeGatewayData>, base: string): string {
  const used = new Set(gw.data.listeners.map((l) => l.name.value));
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  return name;
}

/** The Gateway `ns/name` when the workspace declares it once (an overlay's second copy makes the file to edit ambiguous). */
function onlyGateway(ctx: FixContext, ref: string): Typed<KubeGatewayData> | undefined {
  const [ns, name] = ref.split('/');
  const all = ctx.snapshot.findKubeGateways(ns, name);
  return all.length === 1 ? all[0] : undefined;
}

/** The YAML node of a listener, from the Gateway's file parsed fresh. */
function listenerNode(ctx: FixContext, gw: Resource, name: string): YAMLMap | undefined {
  const file = ctx.source(gw.uri);
  const list = file && nodeAt(file, resourceKey(gw), ['spec', 'listeners']);
  if (!isSeq(list)) return undefined;
  const item = list.items.find((i) => str(get(i, 'name')) === name);
  return isMap(item) ? item : undefined;
}
