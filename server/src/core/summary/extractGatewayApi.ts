// What istio-ls reads of the Kubernetes Gateway API kinds, and what Istio
// deploys for a Gateway of one of its classes (pilot/pkg/config/kube/
// gatewaycommon: deploymentcontroller.go, classinfo.go, gateway_utils.go;
// manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml):
// a Deployment and a Service named `<gateway>-<class>` (`<gateway>` for the
// waypoint and east-west classes, or the `gateway.istio.io/name-override`
// annotation), in the Gateway's namespace, unless `spec.addresses` points at
// an existing gateway (a hostname, or more than one address). The Service
// has the status port 15021 and one port per distinct listener port, and
// selects the pods by `gateway.networking.k8s.io/gateway-name`.
import type { AllowedListeners, Installs, KubeGatewayData, KubeListenerSetData, KubeRouteData, Labels, Listener, NumRef, ObjectRef, ParentRef, ReferenceGrantData, Resource } from '../model';
import { get, items, labels, num, span, str, strRef, strRefs } from '../parse/ast';
import { CLUSTER_DOMAIN } from '../hosts';
import { routeMatchKeys } from './routeMatchKeys';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

/** Istio's built-in classes: whether the deployment name carries the class, and whether Istio deploys anything. */
const ISTIO_CLASSES: Record<string, { suffix: boolean; deploys: boolean }> = {
  istio: { suffix: true, deploys: true },
  'istio-waypoint': { suffix: false, deploys: true },
  'istio-east-west': { suffix: false, deploys: true },
  'istio-remote': { suffix: false, deploys: false },
};

export function isIstioClass(name: string | undefined): boolean {
  return name !== undefined && name in ISTIO_CLASSES;
}

/**
 * A GatewayClass controller that istiod runs: Istio's own (istio.io/gateway-controller, mesh-controller,
 * eastwest-controller, unmanaged-gateway), and OpenShift's Gateway API, whose Istio control plane is started with
 * PILOT_GATEWAY_API_CONTROLLER_NAME=openshift.io/gateway-controller/v1.
 */
export function isIstioController(name: string | undefined): boolean {
  return name !== undefined && (/^istio\.io\/(gateway|mesh|eastwest)-controller$|^istio\.io\/unmanaged-gateway$/.test(name) || name === 'openshift.io/gateway-controller/v1');
}

function numRef(node: unknown): NumRef | undefined {
  const value = num(node);
  const s = span(node);
  return value !== undefined && s ? { value, span: s } : undefined;
}

function objectRef(node: unknown, defaultKind: string, defaultGroup = ''): ObjectRef | undefined {
  const name = strRef(get(node, 'name'));
  const s = span(node);
  if (!name || !s) return undefined;
  const portNode = get(node, 'port');
  const port = numRef(portNode);
  return {
    group: str(get(node, 'group')) ?? defaultGroup,
    kind: str(get(node, 'kind')) ?? defaultKind,
    name,
    namespace: strRef(get(node, 'namespace')),
    port,
    ...(port === undefined && portNode !== undefined ? { portUnread: true as const } : {}),
    span: s,
  };
}

function listener(node: unknown): Listener | undefined {
  const name = strRef(get(node, 'name'));
  const s = span(node);
  if (!name || !s) return undefined;
  const allowed = get(node, 'allowedRoutes');
  const kinds = get(allowed, 'kinds');
  return {
    name,
    hostname: strRef(get(node, 'hostname')),
    port: numRef(get(node, 'port')),
    protocol: str(get(node, 'protocol')),
    tlsMode: str(get(node, 'tls', 'mode')),
    certificateRefs: items(get(node, 'tls', 'certificateRefs')).flatMap((r) => objectRef(r, 'Secret') ?? []),
    from: str(get(allowed, 'namespaces', 'from')) ?? 'Same',
    fromSelector: get(allowed, 'namespaces', 'selector') ? labels(get(allowed, 'namespaces', 'selector', 'matchLabels')) : undefined,
    kinds: kinds ? items(kinds).map((k) => ({ group: str(get(k, 'group')) ?? GATEWAY_API_GROUP, kind: str(get(k, 'kind')) ?? '' })) : undefined,
    span: s,
  };
}

export function extractKubeGateway(doc: unknown, owner: Resource): KubeGatewayData {
  const spec = get(doc, 'spec');
  const className = strRef(get(spec, 'gatewayClassName'));
  const listeners = items(get(spec, 'listeners')).flatMap((l) => listener(l) ?? []);
  const data: KubeGatewayData = { kind: 'KubeGateway', className, listeners, allowedListeners: allowedListeners(get(spec, 'allowedListeners')) };
  const annotations = get(doc, 'metadata', 'annotations');
  if (get(annotations, 'cert-manager.io/issuer') !== undefined || get(annotations, 'cert-manager.io/cluster-issuer') !== undefined) data.certManager = true;
  const istio = className ? ISTIO_CLASSES[className.value] : undefined;
  if (istio?.deploys && managed(get(spec, 'addresses'))) data.installs = deployed(doc, owner, className!.value, istio.suffix, listeners);
  return data;
}

/** `allowedListeners.namespaces` with the CRD's defaults: `from: None` when left out. */
function allowedListeners(node: unknown): AllowedListeners {
  const namespaces = get(node, 'namespaces');
  const selector = get(namespaces, 'selector');
  return {
    from: str(get(namespaces, 'from')) ?? 'None',
    selector: selector === undefined || get(selector, 'matchExpressions') !== undefined ? undefined : labels(get(selector, 'matchLabels')),
    span: span(node),
  };
}

/** A ListenerSet: its parent Gateway and its listeners (read like a Gateway's). */
export function extractListenerSet(doc: unknown): KubeListenerSetData {
  const spec = get(doc, 'spec');
  const p = get(spec, 'parentRef');
  const name = strRef(get(p, 'name'));
  const s = span(p);
  const parentRef = name && s ? { group: str(get(p, 'group')) ?? GATEWAY_API_GROUP, kind: str(get(p, 'kind')) ?? 'Gateway', name, namespace: strRef(get(p, 'namespace')), span: s } : undefined;
  return { kind: 'KubeListenerSet', parentRef, listeners: items(get(spec, 'listeners')).flatMap((l) => listener(l) ?? []) };
}

/** Istio deploys the gateway unless `addresses` names an existing one (a hostname, or several addresses). */
function managed(addresses: unknown): boolean {
  const list = items(addresses);
  if (list.length === 0) return true;
  if (list.length > 1) return false;
  const type = str(get(list[0], 'type'));
  return type === undefined || type === 'IPAddress';
}

function deployed(doc: unknown, owner: Resource, className: string, suffix: boolean, listeners: Listener[]): Installs {
  const annotations = labels(get(doc, 'metadata', 'annotations'));
  const name = annotations['gateway.istio.io/name-override'] ?? (suffix ? `${owner.name}-${className}` : owner.name);
  const namespace = owner.namespace;
  const at = owner.nameSpan ?? owner.span;
  const infra = labels(get(doc, 'spec', 'infrastructure', 'labels'));
  const podLabels: Labels = {
    'service.istio.io/canonical-name': name,
    'service.istio.io/canonical-revision': 'latest',
    ...infra,
    'gateway.networking.k8s.io/gateway-name': owner.name,
    'gateway.networking.k8s.io/gateway-class-name': className,
    'gateway.istio.io/managed': 'istio.io-gateway-controller',
  };
  const seen = new Set<number>();
  const ports = [{ number: 15021, name: 'status-port', protocol: 'TCP', span: at }];
  for (const l of listeners) {
    if (!l.port || seen.has(l.port.value)) continue;
    seen.add(l.port.value);
    ports.push({ number: l.port.value, name: l.name.value.replace(/\./g, '-'), protocol: l.protocol ?? 'TCP', span: l.port.span });
  }
  const base = { ...owner, name, namespace, explicitNamespace: owner.explicitNamespace, span: at, nameSpan: at, suppress: [], istio: false };
  const workload: Resource = {
    ...base,
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    labels: podLabels,
    data: { kind: 'Workload', labels: podLabels, annotations: {}, annotationSpans: {}, ports: [...seen] },
  };
  const service: Resource = {
    ...base,
    kind: 'Service',
    apiVersion: 'v1',
    labels: { 'gateway.networking.k8s.io/gateway-name': owner.name },
    data: {
      kind: 'Service',
      selector: { 'gateway.networking.k8s.io/gateway-name': owner.name },
      ports,
      type: annotations['networking.istio.io/service-type'] ?? (className === 'istio' ? 'LoadBalancer' : 'ClusterIP'),
    },
  };
  return { workloads: [workload], hosts: [`${name}.${namespace}.${CLUSTER_DOMAIN}`], services: [service] };
}

export function extractKubeRoute(doc: unknown, kind: string): KubeRouteData {
  const spec = get(doc, 'spec');
  const parentRefs: ParentRef[] = items(get(spec, 'parentRefs')).flatMap((p) => {
    const ref = objectRef(p, 'Gateway', GATEWAY_API_GROUP);
    if (!ref) return [];
    return [{ group: ref.group, kind: ref.kind, name: ref.name, namespace: ref.namespace, sectionName: strRef(get(p, 'sectionName')), port: ref.port, span: ref.span }];
  });
  const backendRefs: ObjectRef[] = [];
  const ruleMatches: string[] = [];
  items(get(spec, 'rules')).forEach((rule, index) => {
    ruleMatches.push(matchText(rule));
    for (const b of items(get(rule, 'backendRefs'))) {
      const ref = objectRef(b, 'Service');
      if (ref) backendRefs.push({ ...ref, rule: index, weight: num(get(b, 'weight')) });
    }
  });
  const matches = kind === 'HTTPRoute' || kind === 'GRPCRoute' ? routeMatchKeys(kind, items(get(spec, 'rules'))) : undefined;
  const created = str(get(doc, 'metadata', 'creationTimestamp'));
  return { kind: 'KubeRoute', parentRefs, hostnames: strRefs(get(spec, 'hostnames')), backendRefs, ruleMatches, matches, ...(created ? { created } : {}) };
}

/** A rule's matches in a few words, for the traffic map (HTTPRoute paths, methods, headers; GRPCRoute methods). */
function matchText(rule: unknown): string {
  const PATH: Record<string, string> = { Exact: '= ', PathPrefix: '', RegularExpression: '~ ' };
  return items(get(rule, 'matches'))
    .map((m) => {
      const parts: string[] = [];
      const path = get(m, 'path');
      const value = str(get(path, 'value'));
      if (value) parts.push(`${PATH[str(get(path, 'type')) ?? 'PathPrefix'] ?? ''}${value}`);
      const method = get(m, 'method');
      const verb = str(method);
      if (verb) parts.push(verb);
      else if (method) parts.push([str(get(method, 'service')), str(get(method, 'method'))].filter(Boolean).join('/'));
      for (const h of items(get(m, 'headers'))) parts.push(`${str(get(h, 'name')) ?? '?'}=${str(get(h, 'value')) ?? ''}`);
      return parts.join(' ');
    })
    .filter(Boolean)
    .join(' or ');
}

export function extractReferenceGrant(doc: unknown): ReferenceGrantData {
  const spec = get(doc, 'spec');
  return {
    kind: 'ReferenceGrant',
    from: items(get(spec, 'from')).flatMap((f) => {
      const s = span(f);
      const namespace = str(get(f, 'namespace'));
      return s && namespace ? [{ group: str(get(f, 'group')) ?? '', kind: str(get(f, 'kind')) ?? '', namespace, span: s, namespaceSpan: span(get(f, 'namespace')) }] : [];
    }),
    to: items(get(spec, 'to')).flatMap((t) => {
      const s = span(t);
      return s ? [{ group: str(get(t, 'group')) ?? '', kind: str(get(t, 'kind')) ?? '', name: str(get(t, 'name')), span: s }] : [];
    }),
  };
}


