// Navigation for the Gateway API: definition, references, rename and hover
// of Gateway names (a Gateway's metadata.name, a route's parentRefs[].name, a
// VirtualService `gateways` entry naming a Gateway API Gateway), listener
// names (a listener's name, a parentRef's sectionName) and backendRefs. A
// parentRef naming a ListenerSet goes to the ListenerSet and its listeners.
import type { KubeGatewayData, KubeListenerSetData, Listener, Resource, Span, StrRef } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import type { TextEdit } from '../edit/workspaceEdit';
import { CLUSTER_DOMAIN, fqdn } from '../hosts';
import { innerSpan, type Reference } from './referenceAt';
import { gatewayUses, hostOccurrences, type Location } from './referenceTargets';
import { attachedRoutes, gatewayListenerSets, listenerSetRoutes, namesListenerSet, parentGateway, parentListenerSet, parentNamespace, selectedListeners } from './kubeGatewayRefs';
import { kubeGatewayMarkdown, listenerLine, resourceLink, serviceEntryMarkdown, serviceMarkdown } from './describe';

export type KubeReference = Extract<Reference, { kind: 'kubeGateway' | 'listener' | 'parentRef' | 'sectionName' | 'backendRef' }>;
type GatewayRef = Extract<Reference, { kind: 'gatewayRef' }>;

const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function nameLocation(r: Resource): Location {
  return { uri: r.uri, span: r.nameSpan ? innerSpan({ value: r.name, span: r.nameSpan }) : r.span };
}

function at(r: Resource, ref: StrRef): Location {
  return { uri: r.uri, span: innerSpan(ref) };
}

/** The Gateway API Gateway a VirtualService `gateways` entry names, when no Istio Gateway has that name. */
export function vsKubeGateway(snap: Snapshot, ref: GatewayRef): Typed<KubeGatewayData> | undefined {
  if (ref.target.mesh || snap.findGateway(ref.target.namespace, ref.target.name)) return undefined;
  return snap.findKubeGateway(ref.target.namespace, ref.target.name);
}

/** The Gateway a Gateway-name reference stands for. */
function gatewayOf(snap: Snapshot, ref: KubeReference): Typed<KubeGatewayData> | undefined {
  if (ref.kind === 'kubeGateway' || ref.kind === 'listener') return ref.resource;
  if (ref.kind === 'parentRef' || ref.kind === 'sectionName') return parentGateway(snap, ref.resource, ref.parent);
  return undefined;
}

type ListenerOwner = Typed<KubeGatewayData | KubeListenerSetData>;

/** The listeners a listener reference names: itself, or those of the parent Gateway (or ListenerSet) its sectionName names. */
function listenersOf(snap: Snapshot, ref: Extract<KubeReference, { kind: 'listener' | 'sectionName' }>): { gw: ListenerOwner; listener: Listener }[] {
  if (ref.kind === 'listener') return [{ gw: ref.resource, listener: ref.listener }];
  const gw: ListenerOwner | undefined = parentGateway(snap, ref.resource, ref.parent) ?? parentListenerSet(snap, ref.resource, ref.parent);
  return gw ? gw.data.listeners.filter((l) => l.name.value === ref.ref.value).map((listener) => ({ gw, listener })) : [];
}

/** What a backendRef names: Services, ServiceEntries (by name, or by host for `kind: Hostname`). */
export function backendTargets(snap: Snapshot, ref: Extract<KubeReference, { kind: 'backendRef' }>): { resource: Resource; span: Span; markdown: string }[] {
  const b = ref.backend;
  const ns = b.namespace?.value ?? ref.resource.namespace;
  if (b.kind === 'Service' && b.group === '') {
    return snap.lookupHost(`${b.name.value}.${ns}.${CLUSTER_DOMAIN}`, ref.resource.namespace).services.map((svc) => ({ resource: svc, span: nameLocation(svc).span, markdown: serviceMarkdown(snap, svc) }));
  }
  if (b.kind === 'ServiceEntry') {
    return snap.serviceEntries.filter((se) => se.namespace === ns && se.name === b.name.value).map((se) => ({ resource: se, span: nameLocation(se).span, markdown: serviceEntryMarkdown(snap, se) }));
  }
  if (b.kind === 'Hostname') {
    return snap.lookupHost(fqdn(b.name.value, ref.resource.namespace), ref.resource.namespace).serviceEntries.map((se) => {
      const h = se.data.hosts.find((x) => x.value === b.name.value);
      return { resource: se, span: h ? innerSpan(h) : nameLocation(se).span, markdown: serviceEntryMarkdown(snap, se) };
    });
  }
  return [];
}

export function kubeDefinition(snap: Snapshot, ref: KubeReference): Location[] {
  switch (ref.kind) {
    case 'kubeGateway':
    case 'listener':
      return [{ uri: ref.resource.uri, span: ref.span }];
    case 'parentRef': {
      const gw = gatewayOf(snap, ref) ?? parentListenerSet(snap, ref.resource, ref.parent);
      return gw ? [nameLocation(gw)] : [];
    }
    case 'sectionName':
      return listenersOf(snap, ref).map(({ gw, listener }) => at(gw, listener.name));
    case 'backendRef':
      return backendTargets(snap, ref).map((t) => ({ uri: t.resource.uri, span: t.span }));
  }
}

/** The Gateway's name, every parentRef naming it and every VirtualService entry naming it. */
function gatewayLocations(snap: Snapshot, gw: Typed<KubeGatewayData>): { decls: Location[]; uses: Location[] } {
  const uses = attachedRoutes(snap, gw).map((a) => at(a.route, a.ref.name));
  for (const ls of gatewayListenerSets(snap, gw)) uses.push(at(ls, ls.data.parentRef!.name));
  for (const use of gatewayUses(snap, gw)) uses.push({ uri: use.vs.uri, span: use.ref.span });
  return { decls: [nameLocation(gw)], uses };
}

/** A listener's name and the sectionNames of parentRefs to its Gateway (or ListenerSet) that name it. */
function listenerLocations(snap: Snapshot, gw: ListenerOwner, listener: Listener): { decls: Location[]; uses: Location[] } {
  const uses = (gw.data.kind === 'KubeListenerSet' ? listenerSetRoutes(snap, gw as Typed<KubeListenerSetData>) : attachedRoutes(snap, gw as Typed<KubeGatewayData>))
    .filter((a) => a.ref.sectionName?.value === listener.name.value)
    .map((a) => at(a.route, a.ref.sectionName!));
  return { decls: [at(gw, listener.name)], uses };
}

export function kubeReferences(snap: Snapshot, ref: KubeReference | GatewayRef): { decls: Location[]; uses: Location[] } {
  if (ref.kind === 'gatewayRef') {
    const gw = vsKubeGateway(snap, ref);
    return gw ? gatewayLocations(snap, gw) : { decls: [], uses: [] };
  }
  if (ref.kind === 'listener' || ref.kind === 'sectionName') {
    const found = listenersOf(snap, ref).map(({ gw, listener }) => listenerLocations(snap, gw, listener));
    if (found.length === 0) return { decls: [], uses: [at(ref.resource, ref.ref)] };
    return { decls: found.flatMap((f) => f.decls), uses: found.flatMap((f) => f.uses) };
  }
  if (ref.kind === 'backendRef') {
    const targets = backendTargets(snap, ref).map((t) => t.resource);
    const uses: Location[] = [];
    for (const route of snap.kubeRoutes) {
      for (const b of route.data.backendRefs) {
        const other = { ...ref, resource: route, backend: b, ref: b.name };
        if (b === ref.backend || backendTargets(snap, other).some((t) => targets.includes(t.resource))) uses.push(at(route, b.name));
      }
    }
    return { decls: backendTargets(snap, ref).map((t) => ({ uri: t.resource.uri, span: t.span })), uses };
  }
  const ls = ref.kind === 'parentRef' ? parentListenerSet(snap, ref.resource, ref.parent) : undefined;
  if (ls) return { decls: [nameLocation(ls)], uses: listenerSetRoutes(snap, ls).map((a) => at(a.route, a.ref.name)) };
  const gw = gatewayOf(snap, ref);
  return gw ? gatewayLocations(snap, gw) : { decls: [], uses: [{ uri: ref.resource.uri, span: ref.span }] };
}

export type KubeRename = { edits: { uri: string; edit: TextEdit }[] } | { error: string };

export function prepareKubeRename(snap: Snapshot, ref: KubeReference | GatewayRef): { span: Span; placeholder: string } | { error: string } {
  if (ref.kind === 'backendRef') return { error: 'A backendRef names a Service or a ServiceEntry and cannot be renamed here; istio-ls renames Gateways, listeners and subsets.' };
  if (ref.kind === 'listener' || ref.kind === 'sectionName') {
    if (listenersOf(snap, ref).length === 0) return { error: `The parent Gateway has no listener named ${ref.ref.value} in the workspace; there is nothing to rename.` };
    return { span: ref.span, placeholder: ref.ref.value };
  }
  if (ref.kind === 'parentRef' && namesListenerSet(ref.parent)) return { error: 'This parentRef names a ListenerSet; istio-ls renames Gateways, listeners and subsets, not ListenerSets.' };
  const gw = ref.kind === 'gatewayRef' ? vsKubeGateway(snap, ref) : gatewayOf(snap, ref);
  if (!gw) return { error: 'There is no Gateway of that name in the workspace to rename.' };
  return { span: ref.span, placeholder: gw.name };
}

export function kubeRename(snap: Snapshot, ref: KubeReference | GatewayRef, newName: string): KubeRename {
  const ready = prepareKubeRename(snap, ref);
  if ('error' in ready) return ready;
  if (ref.kind === 'listener' || ref.kind === 'sectionName') {
    if (!SECTION_NAME.test(newName) || newName.length > 253) return { error: `"${newName}" is not a valid listener name: lower case letters, digits and '-', starting and ending with a letter or digit.` };
    const found = listenersOf(snap, ref);
    const clash = found.find(({ gw }) => gw.data.listeners.some((l) => l.name.value === newName));
    if (clash && newName !== ref.ref.value) return { error: `${clash.gw.data.kind === 'KubeListenerSet' ? 'ListenerSet' : 'Gateway'} ${clash.gw.namespace}/${clash.gw.name} already has a listener named ${newName}.` };
    return { edits: found.flatMap(({ gw, listener }) => locationsEdits(listenerLocations(snap, gw, listener), newName)) };
  }
  if (!DNS_SUBDOMAIN.test(newName)) return { error: `"${newName}" is not a valid Gateway name: lower case letters, digits, '-' and '.', starting and ending with a letter or digit.` };
  const gw = (ref.kind === 'gatewayRef' ? vsKubeGateway(snap, ref) : gatewayOf(snap, ref))!;
  if (newName !== gw.name && snap.findKubeGateway(gw.namespace, newName)) return { error: `A Gateway named ${newName} already exists in namespace ${gw.namespace}.` };
  // Istio names the Service it deploys after the Gateway: what routes to that Service would break.
  for (const svc of gw.data.installs?.services ?? []) {
    const host = `${svc.name}.${svc.namespace}.${CLUSTER_DOMAIN}`;
    const users = hostOccurrences(snap, host).filter((o) => o.role !== 'service').length + snap.kubeRoutes.filter((r) => r.data.backendRefs.some((b) => b.name.value === svc.name && (b.namespace?.value ?? r.namespace) === svc.namespace)).length;
    if (users > 0) return { error: `Istio names the Service it deploys for this Gateway ${svc.name}, and ${users} reference${users === 1 ? '' : 's'} in the workspace name it; renaming the Gateway renames that Service. Rename those by hand.` };
  }
  return { edits: locationsEdits(gatewayLocations(snap, gw), newName) };
}

function locationsEdits(found: { decls: Location[]; uses: Location[] }, newName: string): { uri: string; edit: TextEdit }[] {
  return [...found.decls, ...found.uses].map((l) => ({ uri: l.uri, edit: { span: l.span, newText: newName } }));
}

export function kubeHover(snap: Snapshot, ref: KubeReference | GatewayRef): string | undefined {
  switch (ref.kind) {
    case 'gatewayRef': {
      const gw = vsKubeGateway(snap, ref);
      return gw ? kubeGatewayMarkdown(snap, gw) : undefined;
    }
    case 'parentRef':
    case 'sectionName': {
      const ls = parentListenerSet(snap, ref.resource, ref.parent);
      if (ls) return listenerSetHover(snap, ls, ref.parent);
      if (namesListenerSet(ref.parent)) return `**ListenerSet** \`${parentNamespace(ref.resource, ref.parent)}/${ref.parent.name.value}\` — not found in the workspace.`;
      const gw = parentGateway(snap, ref.resource, ref.parent);
      if (gw && ref.resource.data.kind === 'KubeListenerSet') return kubeGatewayMarkdown(snap, gw);
      if (!gw) return `**Gateway** \`${parentNamespace(ref.resource, ref.parent)}/${ref.parent.name.value}\` — not found in the workspace.`;
      const listeners = selectedListeners(gw, ref.parent);
      const head = `**Gateway** \`${gw.namespace}/${gw.name}\` — ${resourceLink(snap, gw)}`;
      if (listeners.length === 0) return `${head}\n\nNo listener matches this parentRef's ${ref.parent.sectionName ? 'sectionName' : 'port'}.`;
      return [head, '', `Attaches to ${listeners.length === 1 ? 'listener' : 'listeners'}:`, ...listeners.map((l) => `- ${listenerLine(l)}`)].join('\n');
    }
    case 'listener': {
      const routes = attachedRoutes(snap, ref.resource, ref.listener);
      const lines = [`**Listener** ${listenerLine(ref.listener)}`, ''];
      if (routes.length === 0) lines.push('No route attaches to it in the workspace.');
      else lines.push(`Routes attached (${routes.length}):`, ...routes.map((a) => `- ${a.route.kind} \`${a.route.namespace}/${a.route.name}\` — ${resourceLink(snap, a.route)}`));
      return lines.join('\n');
    }
    case 'backendRef': {
      const found = backendTargets(snap, ref);
      if (found.length === 0) return `**${ref.backend.kind}** \`${ref.backend.name.value}\` — not found in the workspace.`;
      return found.map((t) => t.markdown).join('\n\n');
    }
    default:
      return undefined;
  }
}

/** A ListenerSet a parentRef names: its parent Gateway and the listeners the parentRef selects. */
function listenerSetHover(snap: Snapshot, ls: Typed<KubeListenerSetData>, parent: Parameters<typeof selectedListeners>[1]): string {
  const p = ls.data.parentRef;
  const gateway = p ? ` (adds listeners to Gateway \`${p.namespace?.value ?? ls.namespace}/${p.name.value}\`)` : '';
  const head = `**ListenerSet** \`${ls.namespace}/${ls.name}\`${gateway} — ${resourceLink(snap, ls)}`;
  const listeners = selectedListeners(ls, parent);
  if (listeners.length === 0) return `${head}\n\nNo listener matches this parentRef's ${parent.sectionName ? 'sectionName' : 'port'}.`;
  return [head, '', `Attaches to ${listeners.length === 1 ? 'listener' : 'listeners'}:`, ...listeners.map((l) => `- ${listenerLine(l)}`)].join('\n');
}
