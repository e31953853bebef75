// The traffic map: where requests go, drawn from the workspace alone. Ingress
// runs Gateway → VirtualService (per route, with its match and weight) →
// Service or ServiceEntry (with the DestinationRule and subset) → workloads;
// egress runs sidecars (`mesh`) → VirtualService → egress gateway Service →
// gateway pods → Gateway → VirtualService → ServiceEntry, as one chain because
// every hop is a node. A leg that resolves to nothing is an edge to a red node
// (a missing Gateway, a host outside the registry: the BlackHoleCluster under
// REGISTRY_ONLY), and findings sit on the node or edge they concern.
import type { Finding, Resource, Span, GatewayData, VirtualServiceData, DestinationRuleData, ServiceEntryData, ServiceData, Labels } from '../model';
import { covers, fqdn, parseGatewayRef, selects, isClusterLocal } from '../hosts';
import { drawGatewayApi } from './gatewayApiGraph';

export type GraphNodeKind =
  | 'Mesh'
  | 'Gateway'
  | 'VirtualService'
  | 'Route'
  | 'DestinationRule'
  | 'Service'
  | 'ServiceEntry'
  | 'Workload'
  | 'Missing';

export interface GraphFinding {
  code: string;
  severity: Finding['severity'];
  message: string;
}

export interface GraphNode {
  id: string;
  /** The resource key (`Kind/namespace/name`) when the id is not it (one leg of a VirtualService). */
  resource?: string;
  kind: GraphNodeKind;
  label: string;
  namespace?: string;
  /** Where the resource is written; absent for nodes Istio provides (mesh, default gateways) and missing ones. */
  uri?: string;
  span?: Span;
  /** Hosts this node answers for, for the host filter. */
  hosts: string[];
  findings: GraphFinding[];
}

export type GraphEdgeKind = 'binds' | 'routes' | 'mirrors' | 'policy' | 'selects' | 'serves';

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: GraphEdgeKind;
  label?: string;
  /** Subsets the edge names: the one a route sends to, those a DestinationRule defines. */
  subsets?: string[];
  findings: GraphFinding[];
}

export interface TrafficGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphInput {
  resources: readonly Resource[];
  findings: ReadonlyMap<string, readonly Finding[]>;
  /** Hosts Istio provides without a manifest (the default gateways' Services). */
  builtinHosts: readonly string[];
  /** Label sets of gateway pods Istio provides (`istio: ingressgateway`, `istio: egressgateway`). */
  builtinGatewayLabels: readonly Labels[];
  /** `REGISTRY_ONLY` makes an unknown external host the BlackHoleCluster. */
  outboundPolicy: string;
}

const key = (r: Resource) => `${r.kind}/${r.namespace}/${r.name}`;
const within = (inner: Span, outer: Span) => inner.start >= outer.start && inner.end <= outer.end;
const short = (f: Finding): GraphFinding => ({ code: f.code, severity: f.severity, message: f.message });

export function buildTrafficGraph(input: GraphInput): TrafficGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  // Findings not yet placed on an edge, by resource key; whatever is left goes on the node.
  const pending = new Map<string, Finding[]>();
  for (const list of input.findings.values()) {
    for (const f of list) if (f.resource) (pending.get(f.resource) ?? pending.set(f.resource, []).get(f.resource)!).push(f);
  }
  const take = (resource: string, span: Span): GraphFinding[] => {
    const list = pending.get(resource);
    if (!list) return [];
    const hit = list.filter((f) => within(f.span, span));
    if (hit.length) pending.set(resource, list.filter((f) => !hit.includes(f)));
    return hit.map(short);
  };
  const node = (n: Omit<GraphNode, 'findings' | 'hosts'> & { hosts?: string[] }): GraphNode => {
    const had = nodes.get(n.id);
    if (had) return had;
    const made: GraphNode = { ...n, hosts: n.hosts ?? [], findings: [] };
    nodes.set(n.id, made);
    return made;
  };
  const edge = (from: string, to: string, kind: GraphEdgeKind, label: string | undefined, findings: GraphFinding[] = [], subsets?: string[]) => {
    const id = `${from}->${to}:${kind}:${label ?? ''}`;
    const had = edges.get(id);
    if (had) had.findings.push(...findings);
    else edges.set(id, { id, from, to, kind, label, ...(subsets?.length ? { subsets } : {}), findings });
  };
  const resourceNode = (r: Resource, kind: GraphNodeKind, hosts: string[] = []) =>
    node({ id: key(r), kind, label: `${r.kind} ${r.namespace}/${r.name}`, namespace: r.namespace, uri: r.uri, span: r.span, hosts });

  const of = <D>(kind: string) => input.resources.filter((r) => r.data.kind === kind) as (Resource & { data: D })[];
  const gateways = of<GatewayData>('Gateway');
  const virtualServices = of<VirtualServiceData>('VirtualService');
  const destinationRules = of<DestinationRuleData>('DestinationRule');
  const serviceEntries = of<ServiceEntryData>('ServiceEntry');
  // What Istio deploys for a Gateway API Gateway of its classes counts as written.
  const installs = input.resources.flatMap((r) => (r.data.kind === 'KubeGateway' && r.data.installs ? [r.data.installs] : []));
  const services = [...of<ServiceData>('Service'), ...(installs.flatMap((i) => i.services ?? []) as (Resource & { data: ServiceData })[])];
  const workloads = [...input.resources.filter((r) => r.data.kind === 'Workload' || r.data.kind === 'WorkloadEntry' || r.data.kind === 'IstioMeshGateway'), ...installs.flatMap((i) => i.workloads)];
  const workloadLabels = (r: Resource): Labels => ('labels' in r.data ? (r.data as { labels: Labels }).labels : r.labels);

  // Pods: the workloads a selector picks in a namespace (any namespace for gateways,
  // whose selector applies mesh-wide unless PILOT_SCOPE_GATEWAY_TO_NAMESPACE is set),
  // else the pods Istio's default gateways run.
  const podsFor = (selector: Labels, namespace: string | undefined): string[] => {
    const hit = workloads.filter((w) => (namespace === undefined || w.namespace === namespace) && selects(selector, workloadLabels(w)));
    for (const w of hit) resourceNode(w, 'Workload');
    if (hit.length) return hit.map(key);
    const builtin = input.builtinGatewayLabels.find((l) => Object.keys(l).length && selects(selector, l));
    if (!builtin) return [];
    const text = Object.entries(builtin).map(([k, v]) => `${k}=${v}`).join(',');
    const name = builtin.istio ? `istio=${builtin.istio}` : text;
    return [node({ id: `pods:${text}`, kind: 'Workload', label: `${name} pods (Istio's default)` }).id];
  };

  const serviceByHost = new Map<string, Resource & { data: ServiceData }>();
  for (const s of services) serviceByHost.set(fqdn(s.name, s.namespace), s);

  // A destination host as a node: its Service, a ServiceEntry that covers it, a
  // default gateway's Service, or a red node for a host nothing declares.
  const hostNode = (host: string, viewer: string): string => {
    const h = fqdn(host, viewer);
    const svc = serviceByHost.get(h);
    if (svc) {
      const n = resourceNode(svc, 'Service', [h]);
      for (const pod of podsFor(svc.data.selector, svc.namespace)) edge(n.id, pod, 'selects', undefined);
      return n.id;
    }
    const se = serviceEntries.find((s) => s.data.hosts.some((sh) => covers(fqdn(sh.value, s.namespace), h)));
    if (se) return resourceNode(se, 'ServiceEntry', se.data.hosts.map((x) => x.value)).id;
    if (input.builtinHosts.includes(h)) {
      const [name, namespace] = h.split('.');
      const n = node({ id: `Service/${namespace}/${name}`, kind: 'Service', label: `Service ${namespace}/${name} (Istio's default)`, namespace, hosts: [h] });
      const labels: Labels = { istio: name.replace(/^istio-/, '') };
      for (const pod of podsFor(labels, undefined)) edge(n.id, pod, 'selects', undefined);
      return n.id;
    }
    const blackHole = !isClusterLocal(h) && input.outboundPolicy === 'REGISTRY_ONLY';
    return node({ id: `missing:${h}`, kind: 'Missing', label: blackHole ? `${h}: BlackHoleCluster (502)` : `${h}: not in the registry`, hosts: [h] }).id;
  };

  for (const g of gateways) {
    const hosts = g.data.servers.flatMap((s) => s.hosts.map((h) => h.value));
    const n = resourceNode(g, 'Gateway', hosts);
    for (const pod of podsFor(g.data.selector, undefined)) edge(pod, n.id, 'serves', ports(g.data));
  }

  drawGatewayApi({ resources: input.resources, nodes, node, edge, resourceNode, hostNode, podsFor, take });

  // A VirtualService bound to several gateways is drawn once per leg (the mesh
  // leg, each gateway leg) with the routes that apply there, so an egress path
  // reads as one chain instead of a loop back into the same VirtualService.
  for (const vs of virtualServices) {
    const explicit = vs.data.gateways.length > 0;
    const refs = explicit ? vs.data.gateways : [{ value: 'mesh', span: { start: 0, end: 0 } }];
    const legs = refs.map((ref) => ({ ref, parsed: parseGatewayRef(ref.value, vs.namespace) }));
    for (const { ref, parsed } of legs) {
      const legName = parsed.mesh ? 'mesh' : `${parsed.namespace}/${parsed.name}`;
      const hosts = vs.data.hosts.map((h) => fqdn(h.value, vs.namespace));
      const n =
        legs.length === 1
          ? resourceNode(vs, 'VirtualService', hosts)
          : node({ id: `${key(vs)}@${legName}`, resource: key(vs), kind: 'VirtualService', label: `VirtualService ${vs.namespace}/${vs.name} (${parsed.mesh ? 'mesh' : 'gateway'} leg)`, namespace: vs.namespace, uri: vs.uri, span: vs.span, hosts });
      let from: string;
      if (parsed.mesh) from = node({ id: 'mesh', kind: 'Mesh', label: 'sidecars (mesh)' }).id;
      else {
        const id = `Gateway/${parsed.namespace}/${parsed.name}`;
        from = nodes.has(id) ? id : node({ id: `missing:${id}`, kind: 'Missing', label: `Gateway ${legName}: not in the workspace` }).id;
      }
      edge(from, n.id, 'binds', vs.data.hosts.map((h) => h.value).join(', '), take(key(vs), ref.span));
      for (const route of vs.data.routes) {
        // Routes that name gateways in their match apply on those legs only.
        if (legs.length > 1 && route.matchGateways.length && !route.matchGateways.some((g) => g.value === ref.value)) continue;
        for (const d of route.destinations) {
          // A subset nobody defines is a route to nowhere (503 NR at run time): an edge to a red node.
          const subsetFindings = d.subset ? take(key(vs), d.subset.span) : [];
          const host = hostNode(d.host.value, vs.namespace);
          const to = subsetFindings.length
            ? node({ id: `missing:subset:${host}/${d.subset!.value}`, kind: 'Missing', label: `subset ${d.subset!.value} of ${d.host.value}: not defined` }).id
            : host;
          const parts = [
            `${route.protocol}[${route.index}]${route.name ? ` ${route.name}` : ''}`,
            route.matchText && `match ${route.matchText}`,
            d.subset && `subset ${d.subset.value}`,
            d.port && `to port ${d.port.number}`,
            d.weight !== undefined && `${d.weight}%`,
          ];
          edge(n.id, to, d.role === 'mirror' ? 'mirrors' : 'routes', parts.filter(Boolean).join(' · '), [...subsetFindings, ...take(key(vs), d.span)], d.subset ? [d.subset.value] : undefined);
        }
      }
    }
  }

  // External hosts appear even when no route names them yet (a bundle being written).
  for (const se of serviceEntries) resourceNode(se, 'ServiceEntry', se.data.hosts.map((x) => x.value));

  for (const dr of destinationRules) {
    if (!dr.data.host) continue;
    const n = resourceNode(dr, 'DestinationRule', [fqdn(dr.data.host.value, dr.namespace)]);
    const subsets = dr.data.subsets.map((s) => s.name.value);
    edge(n.id, hostNode(dr.data.host.value, dr.namespace), 'policy', subsets.length ? `subsets ${subsets.join(', ')}` : 'traffic policy', take(key(dr), dr.data.host.span), subsets);
  }

  // Findings left over sit on the resource's node, or on its first leg.
  for (const [id, list] of pending) {
    const n = nodes.get(id) ?? [...nodes.values()].find((x) => x.resource === id);
    n?.findings.push(...list.map(short));
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function ports(g: GatewayData): string | undefined {
  const list = g.servers.map((s) => s.port && `${s.port.protocol ?? ''} ${s.port.number}`.trim()).filter(Boolean);
  return list.length ? [...new Set(list)].join(', ') : undefined;
}
