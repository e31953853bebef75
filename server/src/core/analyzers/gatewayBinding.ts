// IST0101 (gateway not found) and IST0132 (host not exposed). A VirtualService
// applies at a Gateway only when it lists the Gateway AND one of its hosts is
// exposed by one of the Gateway's servers to the VirtualService's namespace.
// Otherwise the Gateway answers 404 for the host and the routes silently never
// apply. A `gateways` entry is `name` (same namespace), `ns/name`, `mesh`, or
// the legacy `name.ns.svc.cluster.local`, which Istio still accepts (ILS0205
// suggests `ns/name`). A short name in a VirtualService without a namespace
// is not reported when a Gateway of that name exists in some namespace: the
// VirtualService may be applied there (`kubectl apply -n`). A Gateway named
// in another namespace where the workspace declares none, with no close name
// anywhere, belongs to another repository (a platform's shared ingress): not
// reported unless the registry is complete.
import type { Finding, KubeGatewayData, KubeRouteData, Resource, StrRef, VirtualServiceData } from '../model';
import { Rules } from '../catalog';
import { defaultSettings } from '../settings';
import type { Snapshot, Typed } from '../index/snapshot';
import { exposedHosts, fqdn, hasSubstitution, intersects, parseGatewayRef } from '../hosts';
import { gatewayCandidates } from './gatewayCandidates';
import { isInternalGatewayRef } from './internalGatewayRef';
import { GATEWAY_API_GROUP } from '../summary/extractGatewayApi';
import { coexist, finding, related, perResource } from './types';
import { appliedTogether } from '../kustomize/sampleUnits';

/** The payload of a gateway-not-found finding, for the create and rename fixes. */
export interface GatewayNotFound {
  kind: 'gatewayNotFound';
  gateway: string;
  namespace: string;
  name: string;
  /** What the reference probably meant, best first, as the VirtualService would write it (gatewayCandidates.ts). */
  candidates: string[];
}

/** The payload of IST0132, for the expose and bind fixes. */
export interface HostNotExposed {
  kind: 'hostNotExposed';
  gateway: string;
  hosts: string[];
}

export const gatewayBinding = perResource({
  rules: [Rules.ReferencedResourceNotFound, Rules.GatewayNotInWorkspace, Rules.VirtualServiceHostNotInGateway, Rules.LegacyGatewayReference, Rules.VirtualServiceOnKubeGateway],
  kind: 'VirtualService',
  check(vs, snap, report) {
    const listed = new Set(vs.data.gateways.map((g) => g.span.start));
    const refs: StrRef[] = [...vs.data.gateways, ...vs.data.routes.flatMap((r) => r.matchGateways)];
    const seen = new Set<number>();
    for (const g of refs) {
      // An internal generated Gateway is reported once, as IST0165 (internalGatewayRef.ts).
      if (seen.has(g.span.start) || g.value === 'mesh' || isInternalGatewayRef(g.value)) continue;
      seen.add(g.span.start);
      for (const f of checkRef(snap, vs, g, listed.has(g.span.start))) report(vs.uri, f);
    }
  },
});

function checkRef(snap: Snapshot, vs: Typed<VirtualServiceData>, g: StrRef, listed: boolean): Finding[] {
  // A variable a deploy tool substitutes (`${GATEWAY_NS}/${GATEWAY}`, or in the namespace) names what is not known yet.
  if (hasSubstitution(g.value) || hasSubstitution(vs.namespace)) return [];
  const ref = parseGatewayRef(g.value, vs.namespace);
  if (ref.invalid) return []; // rejected by validation: ILS0611
  const gw = snap.findGateway(ref.namespace, ref.name, vs);
  if (!gw) {
    const kube = snap.findKubeGateway(ref.namespace, ref.name);
    if (kube) return listed ? kubeBinding(snap, vs, g, kube) : [];
    // A skipped template may be that Gateway (a chart's gateway.yaml with `{{ }}` values).
    if (appliedWhereItExists(snap, vs, g.value, ref.name) || snap.hasUnread('Gateway')) return [];
    // A Gateway of that name without a namespace, applied with it, goes wherever `kubectl apply -n` puts it: this namespace too.
    if (!ref.legacy && ref.namespace === vs.namespace && implicitGatewayNamed(snap, ref.name, vs)) return [];
    // So does one named in another namespace (`project1/frontend-gateway`): the guide's `kubectl apply -n project1` puts it there.
    if (!ref.legacy && ref.namespace !== vs.namespace && placeableGatewayNamed(snap, ref.name, vs)) return [];
    // A Gateway of that name whose namespace a deploy tool fills in (`namespace: ${namespace}`, Terraform's templatefile) may be it.
    for (const [key, list] of snap.gateways) if (list.some((gw) => gw.name === ref.name && hasSubstitution(gw.namespace)) && key.endsWith(`/${ref.name}`)) return [];
    const candidates = gatewayCandidates(snap, vs, ref.namespace, ref.name);
    // Nothing close by, in a namespace where the workspace declares no Gateway: the Gateway is another
    // repository's (a platform's shared ingress, or the platform's Gateway in the namespace an add-on is installed
    // into: kserve's Kubeflow bundle names kubeflow/kubeflow-gateway), which the workspace cannot show; a close
    // name in another sample of a collection is no evidence either.
    // So is one of a namespace that a chart release or a remote base fills, beside the Gateways the workspace declares there.
    if (!candidates.some((c) => coexist(c.gateway, vs)) && (!declaresGateways(snap, ref.namespace, vs) || (snap.settings.registry !== 'complete' && snap.filledElsewhere(ref.namespace)))) {
      // Its own namespace's Gateway is usually its team's to write: said, as information, since it may be installed elsewhere.
      return ref.namespace === vs.namespace ? [notInWorkspace(vs, g, ref.namespace, ref.name)] : [];
    }
    return [notFound(snap, vs, g, ref.namespace, ref.name, candidates)];
  }
  // The legacy form still binds, so it gets the hint and, like any reference, the binding check.
  const out: Finding[] = [];
  if (ref.legacy) {
    out.push(finding(Rules.LegacyGatewayReference, vs, g.span, `"${g.value}" is the legacy form of a gateway reference; write "${ref.namespace}/${ref.name}".`, {
      data: { gateway: g.value, replacement: `${ref.namespace}/${ref.name}` },
      related: [related(gw, `Gateway ${ref.namespace}/${ref.name}`)],
    }));
  }
  if (!listed || vs.data.hosts.length === 0 || exposesAny(gw, vs)) return out;
  // A VirtualService without a namespace goes where `kubectl apply -n` puts it: `bookinfo/*` exposes its hosts there.
  if (appliedAnywhere(snap, vs) && exposesAny(gw, vs, true)) return out;
  // Another definition of the same Gateway (a version kept beside it) that exposes a host may be the one applied.
  if (snap.gatewayDefinitions(ref.namespace, ref.name).some((d) => d !== gw && coexist(d, vs) && exposesAny(d, vs))) return out;
  const exposed = [...new Set(gw.data.servers.flatMap((s) => s.hosts.map((h) => h.value)))];
  out.push(finding(
    Rules.VirtualServiceHostNotInGateway,
    vs,
    g.span,
    // Consequence and fix first (a Problems row cuts long messages); the hosts are in the related information.
    `Gateway ${gw.namespace}/${gw.name} exposes none of these hosts to namespace ${vs.namespace}: 404 there. Expose one, or bind to a Gateway that does.`,
    {
      related: [
        related(gw, `Gateway ${gw.namespace}/${gw.name} exposes ${exposed.join(', ') || 'no hosts'}`, gw.data.servers[0]?.span),
        related(vs, `VirtualService ${vs.namespace}/${vs.name} has hosts ${vs.data.hosts.map((h) => h.value).join(', ')}`, vs.data.hostsSpan),
      ],
      data: { kind: 'hostNotExposed', gateway: `${gw.namespace}/${gw.name}`, hosts: vs.data.hosts.map((h) => h.value) } satisfies HostNotExposed,
    },
  ));
  return out;
}

/** The workspace holds Gateways of the namespace (applied with the VirtualService), or claims to hold every Gateway. */
function declaresGateways(snap: Snapshot, namespace: string, vs: Typed<VirtualServiceData>): boolean {
  if (snap.settings.registry === 'complete') return true;
  for (const [key, list] of snap.gateways) if (key.startsWith(`${namespace}/`) && list.some((gw) => coexist(gw, vs))) return true;
  return false;
}

/**
 * A VirtualService without a namespace goes wherever `kubectl apply -n` (or a
 * parent kustomization outside the workspace) puts it, and a short gateway
 * name resolves there: when a Gateway of that name exists in some namespace,
 * that is probably where it is applied (kubeflow's components name
 * `kubeflow-gateway` of namespace kubeflow this way). Otherwise the name is
 * looked up among the Gateways without a namespace applied with it, and is
 * unknown when there are none (a sample relying on a Gateway its platform
 * installs) and no Gateway of the workspace has a close name.
 */
/** A VirtualService without a namespace, where nothing says which one it gets (no default namespace chosen, no complete registry). */
function appliedAnywhere(snap: Snapshot, vs: Typed<VirtualServiceData>): boolean {
  return vs.explicitNamespace === undefined && snap.settings.defaultNamespace === defaultSettings.defaultNamespace && snap.settings.registry !== 'complete';
}

function appliedWhereItExists(snap: Snapshot, vs: Typed<VirtualServiceData>, written: string, name: string): boolean {
  // A default namespace the user chose (`--namespace`, `defaultNamespace` in the configuration or the editor) says where it is
  // applied; the complete registry says the workspace holds every Gateway.
  if (!appliedAnywhere(snap, vs) || written.includes('/') || written.includes('.')) return false;
  let implicitGateways = false;
  for (const [key, list] of snap.gateways) {
    if (key.slice(key.indexOf('/') + 1) === name) return true;
    // `-n` holds for one command: only Gateways one `kubectl apply -n … -f <dir>` would apply with it count (not a sibling lesson's).
    if (list.some((gw) => appliedWithoutNamespace(gw, vs))) implicitGateways = true;
  }
  // Like its short hosts (destinationHosts.ts), the name resolves among the Gateways without a namespace applied with it:
  // known only when there are some, or when a Gateway of a close name suggests a typo.
  return !implicitGateways && gatewayCandidates(snap, vs, vs.namespace, name).length === 0;
}

function notInWorkspace(vs: Typed<VirtualServiceData>, g: StrRef, namespace: string, name: string): Finding {
  const data: GatewayNotFound = { kind: 'gatewayNotFound', gateway: g.value, namespace, name, candidates: [] };
  const message = `Gateway ${namespace}/${name} is not in the workspace, which declares no Gateway in namespace ${namespace}. If it is installed elsewhere (a platform's chart), nothing is wrong; if it does not exist, requests for these hosts get 404.`;
  return finding(Rules.GatewayNotInWorkspace, vs, g.span, message, { data });
}

/** A Gateway without a namespace that one `kubectl apply -n` would apply with the VirtualService. */
function appliedWithoutNamespace(gw: Resource, vs: Typed<VirtualServiceData>): boolean {
  return gw.explicitNamespace === undefined && coexist(gw, vs) && appliedTogether(gw.uri, vs.uri);
}

/** A Gateway named `name` without a namespace, applied with the VirtualService. */
function implicitGatewayNamed(snap: Snapshot, name: string, vs: Typed<VirtualServiceData>): boolean {
  for (const [key, list] of snap.gateways) {
    if (key.slice(key.indexOf('/') + 1) !== name) continue;
    if (list.some((gw) => appliedWithoutNamespace(gw, vs))) return true;
  }
  return false;
}

/** A Gateway named `name` without a namespace (or with one a template fills in), of a build the VirtualService shares: `-n` may put it anywhere. */
function placeableGatewayNamed(snap: Snapshot, name: string, vs: Typed<VirtualServiceData>): boolean {
  for (const [key, list] of snap.gateways) {
    if (key.slice(key.indexOf('/') + 1) !== name) continue;
    if (list.some((gw) => gw.explicitNamespace === undefined && coexist(gw, vs))) return true;
  }
  return false;
}

function notFound(snap: Snapshot, vs: Typed<VirtualServiceData>, g: StrRef, namespace: string, name: string, candidates: ReturnType<typeof gatewayCandidates>): Finding {
  const data: GatewayNotFound = { kind: 'gatewayNotFound', gateway: g.value, namespace, name, candidates: candidates.map((c) => c.ref) };
  const rel = candidates.map((c) => {
    const why = c.sameName ? `same name, in namespace ${c.gateway.namespace}` : 'similar name';
    return related(c.gateway, `Gateway ${c.gateway.namespace}/${c.gateway.name}: ${why}${c.exposes ? '' : ", but it does not expose this VirtualService's hosts"}`);
  });
  const best = candidates[0];
  if (best) {
    const hint = best.sameName && !g.value.includes('/') ? ` A Gateway of another namespace is written namespace/name.` : '';
    return finding(Rules.ReferencedResourceNotFound, vs, g.span, `Gateway "${g.value}" not found in namespace ${namespace}: did you mean "${best.ref}"?${hint}`, { data, related: rel });
  }
  // Sorted: the order of a table's keys changes with edits, a message must not.
  const inNs = [...snap.gateways.keys()].filter((k) => k.startsWith(`${namespace}/`)).map((k) => k.slice(namespace.length + 1)).sort();
  const searched = inNs.length ? `Gateways in ${namespace}: ${inNs.slice(0, 8).join(', ')}` : `the workspace has no Gateway in namespace ${namespace}`;
  return finding(Rules.ReferencedResourceNotFound, vs, g.span, `Gateway "${g.value}" not found: no Gateway ${name} in namespace ${namespace} (${searched}).`, { data });
}

/**
 * A Gateway API Gateway named in `gateways` is found, as istioctl finds it
 * (analyzers/virtualservice/gateways.go vsHostInKubernetesGateway): the
 * binding then needs one VirtualService host that a listener's hostname
 * matches, and a listener without hostname matches every host (IST0132).
 * Even then pilot never applies the VirtualService there: the Gateway's
 * proxies know its listeners only under the internal names
 * `<name>~istio-autogenerated-k8s-gateway~<listener>` (pilot/pkg/model/gateway.go
 * mergeGateways, pkg/config/gateway/kube InternalGatewayName), and a
 * VirtualService's `ns/name` matches none of them (ILS0814). When a route
 * attached to that Gateway already serves one of the hosts, ILS0813 on the
 * route says it instead.
 */
function kubeBinding(snap: Snapshot, vs: Typed<VirtualServiceData>, g: StrRef, gw: Typed<KubeGatewayData>): Finding[] {
  const names = gw.data.listeners.map((l) => l.hostname?.value);
  if (names.length === 0 || vs.data.hosts.length === 0) return [];
  const matched = names.some((h) => h === undefined || h === '') || vs.data.hosts.some((h) => names.some((n) => intersects(n!, fqdn(h.value, vs.namespace)) || intersects(n!, h.value)));
  if (!matched) {
    const listed = [...new Set(names)].join(', ');
    return [finding(
      Rules.VirtualServiceHostNotInGateway,
      vs,
      g.span,
      `VirtualService does not bind to Gateway ${gw.namespace}/${gw.name} (Gateway API): none of its hosts (${vs.data.hosts.map((h) => h.value).join(', ')}) matches a listener hostname (${listed}). Requests for these hosts get 404 at the gateway.`,
      { related: [related(gw, `Gateway ${gw.namespace}/${gw.name} listens for ${listed}`, gw.data.listeners[0]?.span)] },
    )];
  }
  if (routedByKubeRoute(snap, vs, gw)) return [];
  const hosts = vs.data.hosts.map((h) => h.value);
  return [finding(
    Rules.VirtualServiceOnKubeGateway,
    vs,
    g.span,
    `Not applied at Gateway ${gw.namespace}/${gw.name}: a Gateway API Gateway serves only Gateway API routes. Write an HTTPRoute with parentRefs ${gw.name}${gw.namespace === vs.namespace ? '' : ` (namespace ${gw.namespace})`} and hostnames ${hosts.join(', ')}.`,
    {
      related: [related(gw, `Gateway ${gw.namespace}/${gw.name} (gateway.networking.k8s.io, class ${gw.data.className?.value ?? '?'})`, gw.nameSpan)],
      data: { kind: 'virtualServiceOnKubeGateway', gateway: `${gw.namespace}/${gw.name}`, hosts },
    },
  )];
}

/** Does an HTTPRoute or GRPCRoute attached to `gw` claim one of the VirtualService's hosts (ILS0813's case)? */
function routedByKubeRoute(snap: Snapshot, vs: Typed<VirtualServiceData>, gw: Typed<KubeGatewayData>): boolean {
  return snap.members<Typed<KubeRouteData>>('kubeRouteParent', `${gw.namespace}/${gw.name}`).some((r) =>
    (r.kind === 'HTTPRoute' || r.kind === 'GRPCRoute') &&
    r.data.parentRefs.some((p) => p.group === GATEWAY_API_GROUP && p.kind === 'Gateway' && p.name.value === gw.name && (p.namespace?.value ?? r.namespace) === gw.namespace) &&
    vs.data.hosts.some((h) => r.data.hostnames.length === 0 || r.data.hostnames.some((n) => intersects(n.value.toLowerCase(), h.value.toLowerCase()))));
}

/** Does the Gateway expose at least one of the VirtualService's hosts to its namespace? */
export function exposesAny(gw: Typed<import('../model').GatewayData>, vs: Typed<VirtualServiceData>, anyNamespace = false): boolean {
  // A host a deploy tool fills in (`*.${DOMAIN}`) may be any host.
  if (vs.data.hosts.some((h) => hasSubstitution(h.value)) || gw.data.servers.some((s) => s.hosts.some((h) => hasSubstitution(h.value)))) return true;
  const exposed = exposedHosts(
    gw.data.servers.flatMap((s) => s.hosts.map((h) => h.value)),
    gw.namespace,
    anyNamespace ? '*' : vs.namespace,
  );
  return exposed.some((sh) => vs.data.hosts.some((vh) => intersects(sh, fqdn(vh.value, vs.namespace)) || intersects(sh, vh.value.toLowerCase())));
}
