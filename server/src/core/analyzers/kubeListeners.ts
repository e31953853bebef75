// What a Gateway API listener admits, as Istio decides it when it attaches a
// route (pilot/pkg/config/kube/gateway/conversion.go referenceAllowed,
// generateSupportedKinds): the route's hostnames must intersect the
// listener's hostname, the listener must allow the route's kind and the
// route's namespace. Each answer is true, false, or undefined where the
// workspace cannot know (a namespace set at apply time, labels of a
// Namespace object it does not hold, a protocol Istio does not serve).
import type { KubeGatewayData, Labels, Listener, Resource, StrRef } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { hasSubstitution, intersects } from '../hosts';
import { GATEWAY_API_GROUP, isIstioController } from '../summary/extractGatewayApi';
import { coexist } from '../kustomize/sampleUnits';

/** The label Kubernetes sets on every Namespace (since 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A listener as payloads and messages name it. */
export interface ListenerInfo {
  name: string;
  port?: number;
  hostname?: string;
  protocol?: string;
}

export function listenerInfo(l: Listener): ListenerInfo {
  return { name: l.name.value, port: l.port?.value, hostname: l.hostname?.value, protocol: l.protocol };
}

export function describeListener(l: Listener): string {
  return `${l.name.value} (${l.protocol ?? '?'} ${l.port?.value ?? '?'}${l.hostname ? ` ${l.hostname.value}` : ''})`;
}

/**
 * Does one route hostname meet the listener's hostname? A listener or route without hostnames meets every one;
 * a hostname a deploy tool fills in (`*.${DOMAIN}`, Terraform's templatefile, Flux substitutions) may meet anything.
 */
export function hostnamesMeet(l: Listener, hostnames: readonly StrRef[]): boolean {
  const lh = l.hostname?.value.toLowerCase();
  if (!lh || hostnames.length === 0 || hasSubstitution(lh)) return true;
  return hostnames.some((h) => hasSubstitution(h.value) || intersects(lh, h.value.toLowerCase()));
}

/**
 * The route kinds a listener's protocol carries in Istio. TLS takes the union
 * of the releases: TLSRoute, and TCPRoute unless the mode is Passthrough
 * (older releases gave Terminate only TCPRoute, newer ones both). Undefined
 * for protocols Istio serves no route kind on (UDP, vendor protocols).
 */
function kindsOfProtocol(l: Listener): string[] | undefined {
  switch (l.protocol) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'TLS':
      return l.tlsMode === 'Passthrough' ? ['TLSRoute'] : ['TLSRoute', 'TCPRoute'];
    default:
      return undefined;
  }
}

/** Does the listener take routes of this kind (its protocol, narrowed by `allowedRoutes.kinds`)? */
export function kindAllowed(l: Listener, routeKind: string): boolean | undefined {
  const supported = kindsOfProtocol(l);
  if (!supported) return undefined;
  if (!supported.includes(routeKind)) return false;
  return !l.kinds || l.kinds.some((k) => k.kind === routeKind && k.group === GATEWAY_API_GROUP);
}

/** The kinds a listener takes, for messages. */
export function allowedKinds(l: Listener): string[] {
  const supported = kindsOfProtocol(l) ?? [];
  return l.kinds ? supported.filter((s) => l.kinds!.some((k) => k.kind === s && k.group === GATEWAY_API_GROUP)) : supported;
}

/**
 * Does the listener admit routes of `route`'s namespace (`allowedRoutes.namespaces`)?
 * `gw` is the listener's owner: a Gateway, or a ListenerSet (whose `Same` is
 * its own namespace: pilot/pkg/config/kube/gateway/conversion.go
 * buildHostnameMatch gets the ListenerSet as the object). `Same` compares
 * namespaces only when both are written (or set by kustomize);
 * `Selector` reads the labels of the route's Namespace object when the
 * workspace holds it, and otherwise only `kubernetes.io/metadata.name`.
 */
export function namespaceAdmitted(snap: Snapshot, gw: Resource, l: Listener, route: Resource): boolean | undefined {
  const ns = route.namespace;
  switch (l.from) {
    case 'All':
      return true;
    case 'Same':
      if (ns === gw.namespace) return true;
      return route.explicitNamespace !== undefined && gw.explicitNamespace !== undefined ? false : undefined;
    case 'Selector':
      return namespaceSelected(snap, route, l.fromSelector ?? {});
    default:
      return undefined;
  }
}

/**
 * Do the labels of `r`'s Namespace satisfy `selector` (matchLabels)? Read from
 * the Namespace object when the workspace holds it, and otherwise only
 * `kubernetes.io/metadata.name`; undefined where the workspace cannot know.
 */
export function namespaceSelected(snap: Snapshot, r: Resource, selector: Labels): boolean | undefined {
  if (r.explicitNamespace === undefined) return undefined;
  const ns = r.namespace;
  // Only a Namespace object applied with the route says what labels it has (another sample's says nothing).
  const objects = snap.members<Resource>('namespaceObject', ns).filter((o) => coexist(o, r));
  // A Namespace of a kustomize build may get labels from the build (`labels`, `commonLabels`).
  if (objects.some((o) => o.builds)) return undefined;
  const keys = Object.keys(selector);
  if (objects.length === 0 && keys.some((k) => k !== NAMESPACE_NAME_LABEL)) return undefined;
  // Overlays may declare the Namespace more than once: admitted if one of them matches.
  const labelSets = objects.length ? objects.map((o) => ({ ...o.labels, [NAMESPACE_NAME_LABEL]: ns })) : [{ [NAMESPACE_NAME_LABEL]: ns }];
  return labelSets.some((labels: Record<string, string>) => keys.every((k) => labels[k] === selector[k]));
}

/**
 * Is the Gateway programmed by Istio's gateway controller (class `istio`, or a
 * GatewayClass of a controller istiod runs in the workspace)? The checks
 * that follow that controller's code, not the Gateway API's, ask this first.
 */
export function istioGatewayClass(snap: Snapshot, gw: Typed<KubeGatewayData>): boolean {
  const cls = gw.data.className?.value;
  if (!cls) return false;
  if (cls === 'istio') return true;
  const classes = snap.gatewayClasses.filter((c) => c.name === cls);
  return classes.length > 0 && classes.every((c) => isIstioController(c.data.controllerName));
}

/**
 * Listeners that repeat an earlier one's port, protocol and hostname (the
 * Gateway and ListenerSet CRDs refuse the whole object), each with the first.
 */
export function repeatedListeners(listeners: readonly Listener[]): [first: Listener, repeat: PortedListener][] {
  const seen = new Map<string, Listener>();
  const out: [Listener, PortedListener][] = [];
  for (const l of listeners) {
    if (!hasPortAndProtocol(l)) continue;
    const key = `${l.port.value}/${l.protocol}/${l.hostname?.value.toLowerCase() ?? ''}`;
    const first = seen.get(key);
    if (first) out.push([first, l]);
    else seen.set(key, l);
  }
  return out;
}

type PortedListener = Listener & Required<Pick<Listener, 'port' | 'protocol'>>;

function hasPortAndProtocol(l: Listener): l is PortedListener {
  return !!l.port && !!l.protocol;
}
