// Code lenses: above a Gateway, the VirtualServices bound to it; above a VirtualService, the gateways it binds to; above each
// DestinationRule subset, how many routes use it; above a security policy, the workloads it applies to; above a Gateway API
// Gateway and each of its listeners, how many routes attach to it. Each lens carries the
// locations that clicking it shows.
import type { Resource, Span } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import type { DestinationRuleData, GatewayData, KubeGatewayData, KubeListenerSetData, Listener, VirtualServiceData } from '../model';
import { attachedRoutes, listenerSetRoutes, type Attachment } from './kubeGatewayRefs';
import { parseGatewayRef } from '../hosts';
import { exposesAny } from '../analyzers/gatewayBinding';
import { innerSpan } from './referenceAt';
import { gatewayUses, subsetUses, type Location } from './referenceTargets';
import { sortLocations } from './references';
import { isSecurityPolicy, policyReach, policyWorkloads, type SecurityPolicy } from '../analyzers/policyScope';

export interface CodeLensInfo {
  span: Span;
  title: string;
  /** What clicking the lens shows. */
  locations: Location[];
}

const MAX_NAMES = 4;

export function findCodeLenses(snap: Snapshot, resources: Resource[]): CodeLensInfo[] {
  const out: CodeLensInfo[] = [];
  for (const r of resources) {
    if (r.data.kind === 'Gateway') out.push(gatewayLens(snap, r as Typed<GatewayData>));
    else if (r.data.kind === 'VirtualService') out.push(virtualServiceLens(snap, r as Typed<VirtualServiceData>));
    else if (r.data.kind === 'DestinationRule') out.push(...subsetLenses(snap, r as Typed<DestinationRuleData>));
    else if (isSecurityPolicy(r)) out.push(policyLens(snap, r));
    else if (r.data.kind === 'KubeGateway') out.push(...kubeGatewayLenses(snap, r as Typed<KubeGatewayData>));
    else if (r.data.kind === 'KubeListenerSet') out.push(...listenerSetLenses(snap, r as Typed<KubeListenerSetData>));
  }
  return out;
}

function names(list: string[]): string {
  const unique = [...new Set(list)];
  return unique.length > MAX_NAMES ? `${unique.slice(0, MAX_NAMES).join(', ')} +${unique.length - MAX_NAMES} more` : unique.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function lensSpan(r: Resource): Span {
  return r.nameSpan ?? r.kindSpan ?? r.span;
}

function gatewayLens(snap: Snapshot, gw: Typed<GatewayData>): CodeLensInfo {
  const bound = gatewayUses(snap, gw).filter((u) => u.listed && exposesAny(gw, u.vs));
  const vss = [...new Set(bound.map((u) => u.vs))];
  // Named as a reader finds them: by name, with the namespace when it is another one.
  const vsNames = vss.map((vs) => (vs.namespace === gw.namespace ? vs.name : `${vs.namespace}/${vs.name}`));
  const title = vss.length ? `bound by ${plural(vss.length, 'VirtualService')}: ${names(vsNames)}` : 'bound by no VirtualService';
  return { span: lensSpan(gw), title, locations: sortLocations(bound.map((u) => ({ uri: u.vs.uri, span: u.ref.span }))) };
}

function virtualServiceLens(snap: Snapshot, vs: Typed<VirtualServiceData>): CodeLensInfo {
  if (vs.data.gateways.length === 0) return { span: lensSpan(vs), title: 'binds to mesh', locations: [] };
  const bound: string[] = [];
  const unbound: string[] = [];
  const locations: Location[] = [];
  for (const g of vs.data.gateways) {
    const ref = parseGatewayRef(g.value, vs.namespace);
    if (ref.mesh) {
      bound.push('mesh');
      continue;
    }
    const gw = snap.findGateway(ref.namespace, ref.name);
    const kube = gw ? undefined : snap.findKubeGateway(ref.namespace, ref.name);
    if (gw && exposesAny(gw, vs)) {
      bound.push(g.value);
      if (gw.nameSpan) locations.push({ uri: gw.uri, span: innerSpan({ value: gw.name, span: gw.nameSpan }) });
    } else if (kube) {
      // A Gateway API Gateway applies only Gateway API routes (ILS0814): clicking shows it, where the HTTPRoute would attach.
      unbound.push(`${g.value} (Gateway API: HTTPRoutes only)`);
      if (kube.nameSpan) locations.push({ uri: kube.uri, span: innerSpan({ value: kube.name, span: kube.nameSpan }) });
    } else {
      unbound.push(g.value);
    }
  }
  const title = `binds to ${bound.length ? names(bound) : 'no gateway'}${unbound.length ? `; not bound: ${names(unbound)}` : ''}`;
  return { span: lensSpan(vs), title, locations: sortLocations(locations) };
}

/** Above a security policy: the workloads of the workspace it applies to. */
function policyLens(snap: Snapshot, policy: SecurityPolicy): CodeLensInfo {
  const workloads = policyWorkloads(policy, snap);
  const scope = { mesh: ' (whole mesh)', namespace: ` (all of ${policy.namespace})`, selected: '' }[policyReach(policy, snap)];
  const title = workloads.length ? `applies to ${plural(workloads.length, 'workload')}${scope}: ${names(workloads.map((w) => w.name))}` : `applies to no workload in the workspace${scope}`;
  return { span: lensSpan(policy), title, locations: sortLocations(workloads.map((w) => ({ uri: w.uri, span: w.nameSpan ?? w.span }))) };
}

function subsetLenses(snap: Snapshot, dr: Typed<DestinationRuleData>): CodeLensInfo[] {
  return dr.data.subsets.map((subset) => {
    const uses = subsetUses(snap, [dr], subset.name.value);
    const title = uses.length ? `used by ${plural(uses.length, 'route')}` : 'used by no route';
    return { span: subset.name.span, title, locations: sortLocations(uses.map((u) => ({ uri: u.vs.uri, span: innerSpan(u.ref) }))) };
  });
}

/** "N routes attached" on the Gateway (routes naming it) and on each listener (routes whose parentRef reaches it). */
function kubeGatewayLenses(snap: Snapshot, gw: Typed<KubeGatewayData>): CodeLensInfo[] {
  return attachmentLenses(gw, gw.data.listeners, (l) => attachedRoutes(snap, gw, l));
}

/** The same on a ListenerSet and its listeners: routes whose parentRef names the ListenerSet. */
function listenerSetLenses(snap: Snapshot, ls: Typed<KubeListenerSetData>): CodeLensInfo[] {
  return attachmentLenses(ls, ls.data.listeners, (l) => listenerSetRoutes(snap, ls, l));
}

function attachmentLenses(owner: Resource, listeners: Listener[], attached: (listener?: Listener) => Attachment[]): CodeLensInfo[] {
  const lens = (span: Span, listener?: Listener): CodeLensInfo => {
    const found = attached(listener);
    const routes = new Set(found.map((a) => a.route)).size;
    const at = (a: Attachment) => (listener && a.ref.sectionName ? a.ref.sectionName : a.ref.name);
    return { span, title: `${plural(routes, 'route')} attached`, locations: sortLocations(found.map((a) => ({ uri: a.route.uri, span: innerSpan(at(a)) }))) };
  };
  return [lens(lensSpan(owner)), ...listeners.map((l) => lens(l.name.span, l))];
}
