// The egress bundle in the Kubernetes Gateway API, as istio.io's egress
// tasks write it in their "Gateway API" tab: a Gateway of class istio in the
// bundle's namespace (Istio deploys `<name>-istio` for it, a ClusterIP Service
// here), a route whose parent is the host's ServiceEntry (the sidecars' leg,
// sending the host to that Service) and a route on the Gateway (the gateway's
// leg, sending it out to the host as a `kind: Hostname` backend).
//
// - http: HTTP listener, two HTTPRoutes.
// - https-passthrough: TLS listener in Passthrough mode, two TLSRoutes
//   (gateway.networking.k8s.io/v1alpha2, as istio.io writes them).
// - tls-origination: the sidecars reach the gateway over Istio mutual TLS on
//   port 80 (an HTTPS listener terminating ISTIO_MUTUAL, and a DestinationRule
//   for `<name>-istio` that makes the sidecars use it), the gateway opens TLS
//   to the host (DestinationRule SIMPLE), as the "Egress Gateways with TLS
//   Origination" task does.
// - mutual-tls: the same on the gateway's port 443.
// The ServiceEntry, a DestinationRule that already originates TLS for the
// host and a Gateway of the namespace with a listener for the host are
// reused (egressReuse.ts, findGatewayApiReuse below).
import type { KubeGatewayData, KubeRouteData, Listener } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { covers, fqdn, intersects } from '../hosts';
import type { YamlMap } from '../edit/render';
import { emptyEdit } from '../edit/workspaceEdit';
import { appendToList } from '../edit/resourceEdits';
import { assemble, failed, NameTaker, type EgressResult, type ScaffoldContext } from './egressBundle';
import type { EgressParams } from './egressParams';
import { makePlan, type EgressPlan, type PortSpec } from './egressPlan';
import { findReuse, type Reuse } from './egressReuse';
import { infrastructureValue, placementConfigMapDoc } from './egressDedicated';
import { sidecarImports } from './egressSidecarImport';
import { networkPolicyDoc, originationRuleDoc, serviceEntryDoc, type GeneratedDoc } from './egressResources';

const GATEWAY_API = 'gateway.networking.k8s.io';
const NAME_LABEL = `${GATEWAY_API}/gateway-name`;

const TEXT: Record<EgressParams['variant'], string> = {
  http: 'HTTP',
  'https-passthrough': 'HTTPS passed through (TLS, routed by SNI)',
  'tls-origination': 'HTTP from the application, Istio mutual TLS to the gateway, TLS originated by the gateway',
  'mutual-tls': 'Istio mutual TLS between the sidecars and the egress gateway on its port 443',
};

interface GatewayChoice {
  name: string;
  listener: string;
  existing?: Typed<KubeGatewayData>;
  /** The chosen Gateway has no listener for the host: the bundle adds this one. */
  addListener?: boolean;
}

export function scaffoldGatewayApiBundle(params: EgressParams, ctx: ScaffoldContext): EgressResult {
  const snap = ctx.snapshot;
  const ns = params.namespace;
  const names = new NameTaker(snap, ns);
  const mtls = params.variant === 'tls-origination' || params.variant === 'mutual-tls';
  const gwPort = listenerPort(params);
  // A dedicated gateway is a new Gateway whose pods go to their own nodes (egressDedicated.ts).
  const found = params.dedicated ? undefined : findGateway(snap, params, gwPort);
  if (typeof found === 'string') return { edit: emptyEdit(), uris: [], notes: [], error: found };
  const gateway: GatewayChoice = found ?? { name: names.take('Gateway', params.gatewayName ?? `egress-${slug(params.host)}`), listener: gwPort.name };
  const serviceName = `${gateway.name}-istio`;
  const plan = makePlan({ ...params, egressGateway: { selector: { [NAME_LABEL]: gateway.name }, serviceHost: `${serviceName}.${ns}.svc.cluster.local`, port: gwPort.number } }, {
    selector: { [NAME_LABEL]: gateway.name },
    serviceHost: `${serviceName}.${ns}.svc.cluster.local`,
    namespace: ns,
  });
  plan.gatewayPort = gwPort;
  const reuse = findReuse(snap, plan);
  routedAlready(snap, plan, reuse);
  if (reuse.alreadyRouted && reuse.conflicts.length === 0) return { edit: emptyEdit(), uris: [], notes: [], alreadyRouted: reuse.alreadyRouted };
  if (reuse.conflicts.length) return failed(reuse, reuse.conflicts.join(' '));
  const extensions: Parameters<typeof assemble>[3] = [];
  if (gateway.existing && gateway.addListener) {
    reuse.notes.push(`Added the listener "${gateway.listener}" for ${plan.host} on port ${gwPort.number} to Gateway ${ns}/${gateway.name}.`);
    extensions.push({ resource: gateway.existing, change: `add the listener "${gateway.listener}" for ${plan.host}`, edit: (f, k) => appendToList(f, k, ['spec'], 'listeners', listenerValue(plan, gateway.listener)) });
  } else if (gateway.existing) reuse.notes.push(`Used Gateway ${ns}/${gateway.name}, whose listener "${gateway.listener}" takes ${plan.host} on port ${gwPort.number}.`);

  const docs: GeneratedDoc[] = [];
  let seName: string;
  let seNamespace = ns;
  const se = reuse.serviceEntry;
  if (se) {
    seName = se.resource.name;
    seNamespace = se.resource.namespace;
    if (se.addPorts.length) return failed(reuse, `ServiceEntry ${se.resource.namespace}/${se.resource.name} lacks port ${se.addPorts.map((p) => p.number).join(', ')} of ${plan.host}: add it and run the command again (a route attached to a ServiceEntry takes its ports).`);
  } else {
    seName = names.take('ServiceEntry', plan.slug);
    docs.push(serviceEntryDoc(plan, seName));
  }
  if (!gateway.existing) {
    const placement = params.dedicated ? names.take('ConfigMap', `${gateway.name}-placement`) : undefined;
    docs.push(gatewayDoc(plan, gateway, placement));
    if (placement) docs.push(placementConfigMapDoc(params.dedicated!, gateway.name, placement, ns));
  }
  if (mtls) {
    const rule = snap.destinationRulesFor(plan.gateway.serviceHost, ns).find((r) => r.data.host && fqdn(r.data.host.value, r.namespace) === plan.gateway.serviceHost);
    if (rule) reuse.notes.push(`DestinationRule ${rule.namespace}/${rule.name} already configures ${serviceName}; no second one was made. Check that it sets ISTIO_MUTUAL with SNI ${plan.host} on port ${gwPort.number}.`);
    else docs.push(gatewayRuleDoc(plan, names.take('DestinationRule', `${serviceName}-mtls`), serviceName));
  }
  if (plan.originate && !reuse.originationRule) docs.push(originationRuleDoc(plan, names.take('DestinationRule', `${plan.slug}-tls-origination`)));
  const routeKind = params.variant === 'https-passthrough' ? 'TLSRoute' : 'HTTPRoute';
  docs.push(meshRouteDoc(plan, routeKind, names.take(routeKind, `${plan.slug}-to-egress-gateway`), { name: seName, namespace: seNamespace }, serviceName));
  docs.push(gatewayRouteDoc(plan, routeKind, names.take(routeKind, `${plan.slug}-from-egress-gateway`), gateway));
  // The clients' Sidecar must import the host from where the ServiceEntry (the routes' parent) and the routes are defined.
  extensions.push(...sidecarImports(plan, [seNamespace, plan.namespace], ctx, reuse.notes));
  if (params.options.networkPolicy) {
    const name = `egress-only-via-${gateway.name}`;
    if (names.exists('NetworkPolicy', name)) reuse.notes.push(`Kept the existing NetworkPolicy ${ns}/${name}.`);
    else docs.push(ownPodsExempt(networkPolicyDoc(plan, name), gateway.name));
  }
  return assemble(plan, reuse, docs, extensions, ctx, `${plan.host} through an egress Gateway of the Kubernetes Gateway API: ${TEXT[params.variant]}.`);
}

function slug(host: string): string {
  // `<name>-istio` must stay a valid Service name (63 characters).
  return host.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '');
}

/** The listener's port: 80 for HTTP and TLS origination, 443 for passthrough and mutual TLS, unless the user gave one. */
function listenerPort(params: EgressParams): PortSpec {
  const v = params.variant;
  const number = params.egressGateway.port ?? (v === 'http' || v === 'tls-origination' ? 80 : 443);
  const protocol = v === 'http' ? 'HTTP' : v === 'https-passthrough' ? 'TLS' : 'HTTPS';
  const standard = (protocol === 'HTTP' && number === 80) || (protocol !== 'HTTP' && number === 443);
  return { number, protocol, name: standard ? protocol.toLowerCase() : `${protocol.toLowerCase()}-${number}` };
}

/** A listener of this bundle's kind: HTTP, or TLS passthrough (an HTTPS listener's TLS options are not indexed, so it is never reused). */
function listenerFits(l: Listener, port: PortSpec): boolean {
  if (l.port?.value !== port.number) return false;
  const protocol = (l.protocol ?? '').toUpperCase();
  if (port.protocol === 'HTTP') return protocol === 'HTTP';
  if (port.protocol === 'TLS') return protocol === 'TLS' && (l.tlsMode ?? '').toLowerCase() === 'passthrough';
  return false;
}

/**
 * A Gateway of an Istio class in the bundle's namespace with a listener that
 * takes the host on the port; the chosen one when the user named it. A
 * listener on the port for the host that cannot take the bundle's traffic
 * is a conflict (a string: the reason).
 */
function findGateway(snap: Snapshot, params: EgressParams, port: PortSpec): GatewayChoice | string | undefined {
  const ns = params.namespace;
  const gateways = snap.resources.filter((r): r is Typed<KubeGatewayData> => r.namespace === ns && r.data.kind === 'KubeGateway' && !!r.data.installs);
  for (const gw of gateways) {
    if (params.gatewayName && gw.name !== params.gatewayName) continue;
    for (const l of gw.data.listeners) {
      if (l.port?.value !== port.number) continue;
      const hostname = l.hostname?.value;
      if (hostname && !intersects(hostname, params.host)) continue;
      if (listenerFits(l, port) && (!hostname || covers(hostname, params.host)) && l.from !== 'Selector') return { name: gw.name, listener: l.name.value, existing: gw };
      if (hostname || params.gatewayName) {
        return `Gateway ${ns}/${gw.name} already has listener "${l.name.value}" on port ${port.number} (${l.protocol ?? '?'}${l.tlsMode ? `, TLS ${l.tlsMode}` : ''}) for ${hostname ?? 'every host'}, which cannot take this bundle's ${port.protocol}: use that setup, or choose another port or Gateway, and run the command again.`;
      }
    }
  }
  if (!params.gatewayName) return undefined;
  const chosen = gateways.find((g) => g.name === params.gatewayName);
  if (!chosen) return `There is no Gateway ${ns}/${params.gatewayName} of an Istio class in the workspace.`;
  // Listeners sharing a port must agree on the protocol; their hostnames tell them apart.
  const clash = chosen.data.listeners.find((l) => l.port?.value === port.number && (l.protocol ?? '').toUpperCase() !== port.protocol);
  if (clash) return `Gateway ${ns}/${chosen.name} uses port ${port.number} for ${clash.protocol ?? '?'} (listener "${clash.name.value}"), not ${port.protocol}: choose another port or Gateway and run the command again.`;
  const taken = new Set(chosen.data.listeners.map((l) => l.name.value));
  let listener = taken.has(port.name) ? `${port.name}-${slug(params.host)}`.slice(0, 63).replace(/-+$/, '') : port.name;
  for (let n = 2; taken.has(listener); n++) listener = `${port.name}-${n}`;
  return { name: chosen.name, listener, existing: chosen, addListener: true };
}

/** A route of the Gateway API that already sends the host, for the sidecars, somewhere: through a Gateway's Service (nothing to do) or elsewhere (a conflict). */
function routedAlready(snap: Snapshot, plan: EgressPlan, reuse: Reuse): void {
  const gatewayServices = new Set<string>();
  for (const r of snap.resources) if (r.data.kind === 'KubeGateway') for (const h of r.data.installs?.hosts ?? []) gatewayServices.add(h);
  for (const r of snap.resources) {
    if (r.data.kind !== 'KubeRoute') continue;
    const route = r as Typed<KubeRouteData>;
    const onEntry = route.data.parentRefs.some((p) => {
      if (p.kind !== 'ServiceEntry') return false;
      const se = snap.resources.find((s) => s.data.kind === 'ServiceEntry' && s.name === p.name.value && s.namespace === (p.namespace?.value ?? r.namespace));
      return se?.data.kind === 'ServiceEntry' && se.data.hosts.some((h) => fqdn(h.value, se.namespace) === plan.host);
    });
    if (!onEntry) continue;
    const via = route.data.backendRefs.find((b) => b.kind === 'Service' && gatewayServices.has(`${b.name.value}.${b.namespace?.value ?? r.namespace}.svc.cluster.local`));
    if (via) {
      reuse.alreadyRouted ??= { message: `${plan.host} is already routed through the egress Gateway's Service ${via.name.value} by ${r.kind} ${r.namespace}/${r.name}: nothing to write.`, uri: r.uri, span: r.nameSpan ?? r.span };
    } else {
      reuse.conflicts.push(`${r.kind} ${r.namespace}/${r.name} already routes ${plan.host} for the sidecars: add the egress route to it, or remove it, and run the command again.`);
    }
  }
}

function meta(name: string, namespace: string): YamlMap {
  return { name, namespace };
}

function listenerValue(plan: EgressPlan, name: string): YamlMap {
  const p = plan.gatewayPort;
  const tls =
    p.protocol === 'TLS'
      ? { mode: 'Passthrough' }
      : p.protocol === 'HTTPS'
        ? { mode: 'Terminate', options: { 'gateway.istio.io/tls-terminate-mode': 'ISTIO_MUTUAL' } }
        : undefined;
  return { name, hostname: plan.host, port: p.number, protocol: p.protocol, tls, allowedRoutes: { namespaces: { from: 'Same' } } };
}

function gatewayDoc(plan: EgressPlan, gw: GatewayChoice, placement?: string): GeneratedDoc {
  const p = plan.gatewayPort;
  const how =
    p.protocol === 'TLS'
      ? `passes the TLS connections for ${plan.host} through on port ${p.number}, routed by SNI name`
      : p.protocol === 'HTTPS'
        ? `accepts ${plan.host} on port ${p.number} only over Istio mutual TLS from the sidecars`
        : `accepts HTTP for ${plan.host} on port ${p.number}`;
  return {
    kind: 'Gateway',
    name: gw.name,
    comments: [
      `The egress gateway: Istio deploys its pods and the ClusterIP Service ${gw.name}-istio in ${plan.namespace} for this Gateway of class istio${placement ? `, on the nodes that ConfigMap ${placement} names` : ''}. It ${how}, for routes of this namespace.`,
    ],
    body: {
      apiVersion: `${GATEWAY_API}/v1`,
      kind: 'Gateway',
      metadata: { name: gw.name, namespace: plan.namespace, annotations: { 'networking.istio.io/service-type': 'ClusterIP' } },
      spec: {
        gatewayClassName: 'istio',
        infrastructure: placement ? infrastructureValue(placement) : undefined,
        listeners: [listenerValue(plan, gw.listener)],
      },
    },
  };
}

/** Sidecars open Istio mutual TLS to the gateway's Service, with the host as SNI so that the listener for it takes the connection. */
function gatewayRuleDoc(plan: EgressPlan, name: string, serviceName: string): GeneratedDoc {
  return {
    kind: 'DestinationRule',
    name,
    comments: [`The sidecars of ${plan.namespace} reach ${serviceName} on port ${plan.gatewayPort.number} over Istio mutual TLS, with SNI ${plan.host} (the gateway's listener terminates it).`],
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: meta(name, plan.namespace),
      spec: {
        host: plan.gateway.serviceHost,
        exportTo: ['.'],
        trafficPolicy: { portLevelSettings: [{ port: { number: plan.gatewayPort.number }, tls: { mode: 'ISTIO_MUTUAL', sni: plan.host } }] },
      },
    },
  };
}

function apiVersionOf(kind: string): string {
  // istio.io's tasks write TLSRoute in v1alpha2 (the experimental channel), HTTPRoute in v1.
  return kind === 'TLSRoute' ? `${GATEWAY_API}/v1alpha2` : `${GATEWAY_API}/v1`;
}

function meshRouteDoc(plan: EgressPlan, kind: string, name: string, se: { name: string; namespace: string }, serviceName: string): GeneratedDoc {
  const parent: YamlMap = { kind: 'ServiceEntry', group: 'networking.istio.io', name: se.name, namespace: se.namespace === plan.namespace ? undefined : se.namespace };
  return {
    kind,
    name,
    comments: [`The sidecars' leg: requests for ${plan.host} (its ServiceEntry is the parent) go to the egress gateway's Service ${serviceName} on port ${plan.gatewayPort.number}.`],
    body: {
      apiVersion: apiVersionOf(kind),
      kind,
      metadata: meta(name, plan.namespace),
      spec: { parentRefs: [parent], rules: [{ backendRefs: [{ name: serviceName, port: plan.gatewayPort.number }] }] },
    },
  };
}

function gatewayRouteDoc(plan: EgressPlan, kind: string, name: string, gw: GatewayChoice): GeneratedDoc {
  const out = plan.originate ? ` (the DestinationRule for ${plan.host} adds TLS)` : '';
  return {
    kind,
    name,
    comments: [`The gateway's leg: on Gateway ${gw.name}, ${plan.host} goes out to ${plan.host}:${plan.upstream.number}${out}.`],
    body: {
      apiVersion: apiVersionOf(kind),
      kind,
      metadata: meta(name, plan.namespace),
      spec: {
        parentRefs: [{ name: gw.name, sectionName: gw.listener }],
        hostnames: [plan.host],
        rules: [{ backendRefs: [{ kind: 'Hostname', group: 'networking.istio.io', name: plan.host, port: plan.upstream.number }] }],
      },
    },
  };
}

/** The gateway's own pods run in the namespace and must keep their way out. */
function ownPodsExempt(doc: GeneratedDoc, gatewayName: string): GeneratedDoc {
  const spec = doc.body.spec as YamlMap;
  const comments = [...doc.comments, `The egress gateway's own pods (${NAME_LABEL}: ${gatewayName}) run here too and are left out: they must reach the host.`];
  return { ...doc, comments, body: { ...doc.body, spec: { ...spec, podSelector: { matchExpressions: [{ key: NAME_LABEL, operator: 'NotIn', values: [gatewayName] }] } } } };
}
