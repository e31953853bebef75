// Completion in Gateway API routes: parentRefs (Gateway names, their
// namespaces, a listener's sectionName and port), backendRefs (Services and
// ServiceEntries with their ports; a ServiceEntry brings the `kind` and
// `group` Istio needs to find it) and route hostnames from the listeners the
// route attaches to. A name from another namespace brings its `namespace:`.
import type { KubeGatewayData, KubeListenerSetData, KubeRouteData, Listener, ServiceData } from '../model';
import type { Typed } from '../index/snapshot';
import { splitApiVersion, isGatewayApiGroup } from '../schema/schema';
import type { CompletionItem } from './completionItem';
import { pathKey } from './yamlContext';
import type { Scope } from './workspaceCompletion';
import { kubeGatewayMarkdown, listenerLine, resourceLink, serviceEntryMarkdown, serviceMarkdown } from './describe';
import { routeListeners } from './kubeGatewayRefs';

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);
const ISTIO_GROUP = 'networking.istio.io';

export function isGatewayApiRoute(kind: string | undefined, apiVersion: string | undefined): boolean {
  return !!kind && !!apiVersion && ROUTE_KINDS.has(kind) && isGatewayApiGroup(splitApiVersion(apiVersion).group);
}

export function isListenerSet(kind: string | undefined, apiVersion: string | undefined): boolean {
  return kind === 'ListenerSet' && !!apiVersion && isGatewayApiGroup(splitApiVersion(apiVersion).group);
}

/** Items for a ListenerSet's `parentRef` (the Gateway it adds listeners to), or undefined elsewhere. */
export function listenerSetCompletions(s: Scope): CompletionItem[] | undefined {
  if (s.ctx.position === 'key') return undefined;
  const pk = pathKey(s.ctx.path);
  if (pk === 'spec.parentRef.name') return parentNames(s);
  if (pk === 'spec.parentRef.namespace') return gatewayNamespaces(s);
  return undefined;
}

/** Items for a route document, or undefined when the cursor is elsewhere. */
export function routeCompletions(s: Scope): CompletionItem[] | undefined {
  const pk = pathKey(s.ctx.path);
  const inList = typeof s.ctx.path[s.ctx.path.length - 1] === 'number';
  if (s.ctx.position === 'key') return undefined;
  if (inList) return pk === 'spec.hostnames' ? hostnames(s) : undefined;
  switch (pk) {
    case 'spec.parentRefs.name':
      return parentNames(s);
    case 'spec.parentRefs.namespace':
      return gatewayNamespaces(s);
    case 'spec.parentRefs.sectionName':
      return listenersOf(s).map((l, i) => s.item(l.name.value, 'Reference', String(i).padStart(3, '0'), listenerDetail(l), `Listener ${listenerLine(l)}`));
    case 'spec.parentRefs.port':
      return parentPorts(s);
    case 'spec.rules.backendRefs.name':
      return backendNames(s);
    case 'spec.rules.backendRefs.port':
      return backendPorts(s);
    default:
      return undefined;
  }
}

function listenerDetail(l: Listener): string {
  return `listener ${[l.protocol, l.port?.value].filter((x) => x !== undefined).join(' ')}`.trim();
}

/** The column of the key on the cursor's line: siblings written after the value go there. */
function siblingIndent(s: Scope): string {
  const line = s.ctx.lines[s.ctx.line];
  return ' '.repeat(line.keyCol ?? s.ctx.keyColumn);
}

/** A name item that also writes sibling keys (`namespace:`, `kind:`, `group:`) the user has not written. */
function withSiblings(s: Scope, it: CompletionItem, extra: [string, string][]): CompletionItem {
  const missing = extra.filter(([k]) => !(k in s.ctx.siblings));
  if (missing.length === 0 || s.ctx.quote || s.ctx.flow) return it;
  const pad = siblingIndent(s);
  return { ...it, insertText: it.insertText + missing.map(([k, v]) => `\n${pad}${k}: ${v}`).join('') };
}

function targetNamespace(s: Scope): string {
  return s.ctx.siblings.namespace ?? s.viewer;
}

/** Gateway names: the target namespace's first; others carry their namespace. */
function parentNames(s: Scope): CompletionItem[] {
  const kind = s.ctx.siblings.kind ?? 'Gateway';
  if (kind === 'ListenerSet') return listenerSetNames(s);
  if (kind !== 'Gateway') return backendLike(s, kind);
  const ns = targetNamespace(s);
  const out: CompletionItem[] = [];
  for (const gw of s.snap.kubeGateways) {
    const doc = kubeGatewayMarkdown(s.snap, gw);
    const detail = `Gateway ${gw.namespace}/${gw.name}`;
    if (gw.namespace === ns) out.push(s.item(gw.name, 'Reference', '0', detail, doc));
    else if (s.ctx.siblings.namespace === undefined) {
      const it = s.item(gw.name, 'Reference', `1${gw.namespace}/`, detail, doc);
      out.push(withSiblings(s, { ...it, label: `${gw.namespace}/${gw.name}` }, [['namespace', gw.namespace]]));
    }
  }
  return out;
}

/** ListenerSets (`kind: ListenerSet` written): those of the target namespace. */
function listenerSetNames(s: Scope): CompletionItem[] {
  const ns = targetNamespace(s);
  return s.snap
    .members<Typed<KubeListenerSetData>>('kind', 'KubeListenerSet')
    .filter((ls) => ls.namespace === ns)
    .map((ls) => s.item(ls.name, 'Reference', '0', `ListenerSet ${ls.namespace}/${ls.name}`, [`**ListenerSet** \`${ls.namespace}/${ls.name}\` — ${resourceLink(s.snap, ls)}`, '', ...ls.data.listeners.map((l) => `- ${listenerLine(l)}`)].join('\n')));
}

/** Mesh routes name a Service (or a ServiceEntry) as their parent. */
function backendLike(s: Scope, kind: string): CompletionItem[] {
  const ns = targetNamespace(s);
  if (kind === 'Service') return servicesIn(s, ns).map((svc) => s.item(svc.name, 'Reference', '0', `Service ${svc.namespace}/${svc.name}`, serviceMarkdown(s.snap, svc)));
  if (kind === 'ServiceEntry') return entriesIn(s, ns).map((se) => s.item(se.name, 'Reference', '0', `ServiceEntry ${se.namespace}/${se.name}`, serviceEntryMarkdown(s.snap, se)));
  return [];
}

function gatewayNamespaces(s: Scope): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const gw of s.snap.kubeGateways) {
    if (seen.has(gw.namespace)) continue;
    seen.add(gw.namespace);
    const names = s.snap.kubeGateways.filter((g) => g.namespace === gw.namespace).map((g) => `\`${g.name}\``);
    out.push(s.item(gw.namespace, 'Folder', '0', 'namespace with Gateways', `Gateway API Gateways: ${names.join(', ')}`));
  }
  return out;
}

/** The parentRef's Gateway (or ListenerSet), as written next to the cursor. */
function parentGatewayAt(s: Scope): Typed<KubeGatewayData | KubeListenerSetData> | undefined {
  const name = s.ctx.siblings.name;
  const kind = s.ctx.siblings.kind ?? 'Gateway';
  if (!name) return undefined;
  if (kind === 'ListenerSet') return s.snap.members<Typed<KubeListenerSetData>>('kubeListenerSet', `${targetNamespace(s)}/${unquoted(name)}`)[0];
  return kind === 'Gateway' ? s.snap.findKubeGateway(targetNamespace(s), unquoted(name)) : undefined;
}

function listenersOf(s: Scope): Listener[] {
  return parentGatewayAt(s)?.data.listeners ?? [];
}

function parentPorts(s: Scope): CompletionItem[] {
  const section = s.ctx.siblings.sectionName;
  const seen = new Set<number>();
  const out: CompletionItem[] = [];
  for (const l of listenersOf(s)) {
    if (!l.port || seen.has(l.port.value) || (section && unquoted(section) !== l.name.value)) continue;
    seen.add(l.port.value);
    const listeners = listenersOf(s).filter((x) => x.port?.value === l.port!.value);
    out.push(s.item(String(l.port.value), 'Value', String(l.port.value).padStart(5, '0'), `listeners ${listeners.map((x) => x.name.value).join(', ')}`, listeners.map((x) => `- ${listenerLine(x)}`).join('\n'), true));
  }
  return out;
}

function servicesIn(s: Scope, ns: string): Typed<ServiceData>[] {
  const out: Typed<ServiceData>[] = [];
  for (const list of s.snap.services.values()) if (list[0].namespace === ns) out.push(list[0]);
  return out;
}

function entriesIn(s: Scope, ns: string) {
  return s.snap.serviceEntries.filter((se) => se.namespace === ns);
}

/**
 * backendRef names: Services of the target namespace; ServiceEntry hosts, which Istio takes as `kind: Hostname`
 * (it takes no `kind: ServiceEntry` backend: that is a parent kind).
 */
function backendNames(s: Scope): CompletionItem[] {
  const kind = s.ctx.siblings.kind;
  if (kind === 'Hostname') return hostnameBackends(s);
  if (kind && kind !== 'Service') return [];
  const out: CompletionItem[] = [...backendLike(s, 'Service')];
  if (!kind) {
    for (const it of hostnameBackends(s)) out.push(withSiblings(s, { ...it, label: `${it.label} (Hostname)`, sortText: `1${it.sortText ?? ''}` }, [['kind', 'Hostname'], ['group', ISTIO_GROUP]]));
  }
  return out;
}

/** `kind: Hostname` (group networking.istio.io): a host of a ServiceEntry, never with a namespace. */
function hostnameBackends(s: Scope): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const se of s.snap.serviceEntries) {
    for (const h of se.data.hosts) out.push(s.item(h.value, 'Reference', '0', `ServiceEntry ${se.namespace}/${se.name}`, serviceEntryMarkdown(s.snap, se)));
  }
  return out;
}

/** The port of a backendRef is the Service's (or the ServiceEntry's) port. */
function backendPorts(s: Scope): CompletionItem[] {
  const name = s.ctx.siblings.name && unquoted(s.ctx.siblings.name);
  if (!name) return [];
  const kind = s.ctx.siblings.kind ?? 'Service';
  const ns = targetNamespace(s);
  const ports: { number: number; text: string; doc: string }[] = [];
  if (kind === 'Service') {
    for (const svc of servicesIn(s, ns).filter((x) => x.name === name)) {
      for (const p of svc.data.ports) ports.push({ number: p.number, text: [p.name, p.protocol].filter(Boolean).join('/'), doc: serviceMarkdown(s.snap, svc) });
    }
  } else if (kind === 'ServiceEntry' || kind === 'Hostname') {
    const found = kind === 'Hostname' ? s.snap.serviceEntries.filter((se) => se.data.hosts.some((h) => h.value === name)) : entriesIn(s, ns).filter((se) => se.name === name);
    for (const se of found) for (const p of se.data.ports) ports.push({ number: p.number, text: [p.name, p.protocol].filter(Boolean).join('/'), doc: serviceEntryMarkdown(s.snap, se) });
  }
  const seen = new Set<number>();
  return ports
    .filter((p) => !seen.has(p.number) && !!seen.add(p.number))
    .map((p) => s.item(String(p.number), 'Value', String(p.number).padStart(5, '0'), `port ${p.number}${p.text ? ` (${p.text})` : ''}`, p.doc, true));
}

/** Route hostnames: the hostnames of the listeners this route's parentRefs reach, as the index holds the route. */
function hostnames(s: Scope): CompletionItem[] {
  const present = new Set(s.ctx.present);
  const offset = s.ctx.lines[s.ctx.line].start;
  const route = s.snap.resourcesIn(s.uri).find((r) => r.data.kind === 'KubeRoute' && r.span.start <= offset && offset <= r.span.end) as Typed<KubeRouteData> | undefined;
  if (!route) return [];
  const out: CompletionItem[] = [];
  for (const { gw, listener } of routeListeners(s.snap, route)) {
    const h = listener.hostname?.value;
    if (!h || present.has(h)) continue;
    out.push(s.item(h, 'Reference', '0', `listener ${listener.name.value} of ${gw.data.kind === 'KubeListenerSet' ? 'ListenerSet' : 'Gateway'} ${gw.namespace}/${gw.name}`, `${listenerLine(listener)} — ${resourceLink(s.snap, gw)}`));
  }
  return out;
}

function unquoted(v: string): string {
  return v.replace(/^["']|["']$/g, '');
}
