// The Kubernetes Gateway API on the traffic map. A Gateway of an Istio class
// is drawn as Istio deploys it: the `<name>-istio` Service (a destination
// like any other) → its pods → the Gateway → one node per listener → the
// routes attached there (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute), one edge
// per backend of each rule with the rule's match and weight → Service,
// ServiceEntry or `kind: Hostname` host. A route whose parent is a
// ServiceEntry or a Service applies on the sidecars (GAMMA): it hangs off the
// mesh node, which makes istio.io's Gateway API egress one chain: sidecars →
// route → gateway Service → pods → Gateway → listener → route → host.
import type { KubeGatewayData, KubeRouteData, ObjectRef, Resource, Span, ServiceEntryData } from '../model';
import { fqdn, intersects } from '../hosts';
import type { GraphEdgeKind, GraphFinding, GraphNode, GraphNodeKind } from './trafficGraph';

/** What the map builder lends this file: its node and edge makers and the host resolution it uses for VirtualServices. */
export interface GraphBuilder {
  resources: readonly Resource[];
  nodes: Map<string, GraphNode>;
  node: (n: Omit<GraphNode, 'findings' | 'hosts'> & { hosts?: string[] }) => GraphNode;
  edge: (from: string, to: string, kind: GraphEdgeKind, label: string | undefined, findings?: GraphFinding[]) => void;
  resourceNode: (r: Resource, kind: GraphNodeKind, hosts?: string[]) => GraphNode;
  hostNode: (host: string, viewer: string) => string;
  podsFor: (selector: Record<string, string>, namespace: string | undefined) => string[];
  take: (resource: string, span: Span) => GraphFinding[];
}

const key = (r: Resource) => `${r.kind}/${r.namespace}/${r.name}`;

export function drawGatewayApi(b: GraphBuilder): void {
  const gateways = b.resources.filter((r): r is Resource & { data: KubeGatewayData } => r.data.kind === 'KubeGateway');
  const listenerIds = new Map<string, { id: string; name: string; port?: number; hostname?: string }[]>();
  for (const g of gateways) {
    const n = b.resourceNode(g, 'Gateway', g.data.listeners.map((l) => l.hostname?.value ?? '*'));
    for (const w of g.data.installs?.workloads ?? []) for (const pod of b.podsFor(w.labels, g.namespace)) b.edge(pod, n.id, 'serves', ports(g.data));
    const list = g.data.listeners.map((l) => {
      const id = `${n.id}#${l.name.value}`;
      const what = [l.protocol, l.port?.value, l.tlsMode].filter((x) => x !== undefined).join(' ');
      b.node({ id, resource: n.id, kind: 'Gateway', label: `listener ${l.name.value} (${what}${l.hostname ? `, ${l.hostname.value}` : ''})`, namespace: g.namespace, uri: g.uri, span: l.span, hosts: [l.hostname?.value ?? '*'] });
      b.edge(n.id, id, 'serves', undefined, b.take(key(g), l.span));
      return { id, name: l.name.value, port: l.port?.value, hostname: l.hostname?.value };
    });
    listenerIds.set(n.id, list);
  }
  const entries = b.resources.filter((r): r is Resource & { data: ServiceEntryData } => r.data.kind === 'ServiceEntry');
  for (const r of b.resources) {
    if (r.data.kind !== 'KubeRoute') continue;
    const route = r.data as KubeRouteData;
    const hostnames = route.hostnames.map((h) => h.value);
    const parentHosts: string[] = [];
    const froms: { from: string; label: string; span: Span }[] = [];
    for (const p of route.parentRefs) {
      const ns = p.namespace?.value ?? r.namespace;
      if (p.kind === 'ServiceEntry' || p.kind === 'Service') {
        // GAMMA: the sidecars apply the route to requests for the parent's hosts.
        const se = p.kind === 'ServiceEntry' ? entries.find((s) => s.name === p.name.value && s.namespace === ns) : undefined;
        const hosts = se ? se.data.hosts.map((h) => h.value) : [fqdn(p.name.value, ns)];
        parentHosts.push(...hosts);
        froms.push({ from: b.node({ id: 'mesh', kind: 'Mesh', label: 'sidecars (mesh)' }).id, label: `${p.kind} ${ns}/${p.name.value}${p.port ? ` port ${p.port.value}` : ''}`, span: p.span });
        continue;
      }
      const gwId = `Gateway/${ns}/${p.name.value}`;
      const listeners = listenerIds.get(gwId);
      if (!listeners) {
        froms.push({ from: b.node({ id: `missing:${gwId}`, kind: 'Missing', label: `Gateway ${ns}/${p.name.value}: not in the workspace` }).id, label: hostnames.join(', '), span: p.span });
        continue;
      }
      const fit = listeners.filter(
        (l) => (!p.sectionName || l.name === p.sectionName.value) && (!p.port || l.port === p.port.value) && (!l.hostname || !hostnames.length || hostnames.some((h) => intersects(h, l.hostname!))),
      );
      for (const l of fit.length ? fit : [{ id: `missing:${gwId}#${p.sectionName?.value ?? p.port?.value ?? ''}` }]) {
        const from = 'name' in l ? l.id : b.node({ id: l.id, kind: 'Missing', label: `no listener of Gateway ${ns}/${p.name.value} takes the route` }).id;
        froms.push({ from, label: hostnames.join(', '), span: p.span });
      }
    }
    const n = b.resourceNode(r, 'Route', [...hostnames, ...parentHosts]);
    for (const f of froms) b.edge(f.from, n.id, 'binds', f.label || undefined, b.take(key(r), f.span));
    for (const ref of route.backendRefs) {
      const parts = [
        `rule[${ref.rule ?? 0}]`,
        route.ruleMatches?.[ref.rule ?? 0] && `match ${route.ruleMatches[ref.rule ?? 0]}`,
        ref.port && `to port ${ref.port.value}`,
        ref.weight !== undefined && `weight ${ref.weight}`,
      ];
      b.edge(n.id, backend(b, ref, r.namespace, entries), 'routes', parts.filter(Boolean).join(' · '), b.take(key(r), ref.span));
    }
  }
}

/** A backendRef as a node: a Service (or the Service Istio deploys for a Gateway), a ServiceEntry by name, or a Hostname. */
function backend(b: GraphBuilder, ref: ObjectRef, namespace: string, entries: (Resource & { data: ServiceEntryData })[]): string {
  const ns = ref.namespace?.value ?? namespace;
  if (ref.kind === 'Hostname') return b.hostNode(ref.name.value, ns);
  if (ref.kind === 'ServiceEntry') {
    const se = entries.find((s) => s.name === ref.name.value && s.namespace === ns);
    return se ? b.resourceNode(se, 'ServiceEntry', se.data.hosts.map((h) => h.value)).id : b.node({ id: `missing:ServiceEntry/${ns}/${ref.name.value}`, kind: 'Missing', label: `ServiceEntry ${ns}/${ref.name.value}: not in the workspace` }).id;
  }
  return b.hostNode(`${ref.name.value}.${ns}.svc.cluster.local`, ns);
}

function ports(g: KubeGatewayData): string | undefined {
  const list = g.listeners.map((l) => l.port && `${l.protocol ?? ''} ${l.port.value}`.trim()).filter(Boolean);
  return list.length ? [...new Set(list)].join(', ') : undefined;
}
