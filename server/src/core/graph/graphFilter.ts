// Narrowing the traffic map to what a reader asks about: a namespace (its
// resources and their direct neighbours), a host, or the resource under the
// cursor. For a host or a resource the answer is the whole chain through it:
// everything upstream that sends traffic there and everything downstream it
// sends to, but not the siblings of the chain (other routes of the mesh).
import { covers } from '../hosts';
import type { TrafficGraph } from './trafficGraph';

export interface GraphFilter {
  namespace?: string;
  host?: string;
  /** A node id (`Kind/namespace/name`). */
  around?: string;
}

export function filterGraph(graph: TrafficGraph, filter: GraphFilter): TrafficGraph {
  let keep: Set<string> | undefined;
  const narrow = (ids: Set<string>) => {
    keep = keep ? new Set([...keep].filter((id) => ids.has(id))) : ids;
  };
  if (filter.namespace) {
    const inside = new Set(graph.nodes.filter((n) => n.namespace === filter.namespace).map((n) => n.id));
    const ids = new Set(inside);
    for (const e of graph.edges) {
      if (inside.has(e.from)) ids.add(e.to);
      if (inside.has(e.to)) ids.add(e.from);
    }
    narrow(ids);
  }
  if (filter.host) {
    const host = filter.host.toLowerCase();
    // The nodes naming the host, else the most specific wildcard covering it (`*` last: it covers everything).
    const named = (match: (h: string) => boolean) => graph.nodes.filter((n) => n.hosts.some(match)).map((n) => n.id);
    let seeds = named((h) => h === host || covers(host, h));
    if (!seeds.length) seeds = named((h) => h !== '*' && covers(h, host));
    if (!seeds.length) seeds = named((h) => h === '*');
    narrow(chainThrough(graph, seeds, [host]));
  }
  if (filter.around) {
    const seeds = graph.nodes.filter((n) => n.id === filter.around || n.resource === filter.around);
    // Around a route or an external host, stay with its hosts where a shared gateway fans out.
    const focus = seeds.some((n) => n.kind === 'VirtualService' || n.kind === 'Route' || n.kind === 'ServiceEntry') ? seeds.flatMap((n) => n.hosts) : undefined;
    narrow(chainThrough(graph, seeds.map((n) => n.id), focus));
  }
  if (!keep) return graph;
  const ids = keep;
  return { nodes: graph.nodes.filter((n) => ids.has(n.id)), edges: graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to)) };
}

// Gateways and VirtualServices are where one chain fans out into others (a
// shared egress gateway serves every external host): with `focus`, the walk
// enters them only when they name one of the focus hosts.
const namesFocus = (n: { hosts: string[] } | undefined, focus: string[]) => !!n && n.hosts.some((h) => focus.some((f) => covers(h, f) || covers(f, h)));

function chainThrough(graph: TrafficGraph, seeds: string[], focus?: string[]): Set<string> {
  const out = new Set(seeds);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const enters = (id: string) => {
    const n = byId.get(id);
    if (!focus || !n || (n.kind !== 'Gateway' && n.kind !== 'VirtualService' && n.kind !== 'Route')) return true;
    return namesFocus(n, focus);
  };
  const walk = (next: (id: string) => string[]) => {
    const queue = [...seeds];
    const seen = new Set(seeds);
    while (queue.length) {
      for (const id of next(queue.pop()!)) {
        if (seen.has(id) || !enters(id)) continue;
        seen.add(id);
        out.add(id);
        queue.push(id);
      }
    }
  };
  const after = new Map<string, string[]>();
  const before = new Map<string, string[]>();
  for (const e of graph.edges) {
    (after.get(e.from) ?? after.set(e.from, []).get(e.from)!).push(e.to);
    (before.get(e.to) ?? before.set(e.to, []).get(e.to)!).push(e.from);
  }
  walk((id) => after.get(id) ?? []);
  walk((id) => before.get(id) ?? []);
  if (focus) {
    // A shared host (the egress gateway's Service) has DestinationRules for every chain:
    // keep those whose subsets the chain's routes use, or that name a focus host.
    const used = new Set(graph.edges.filter((e) => e.kind === 'routes' && out.has(e.from) && out.has(e.to)).flatMap((e) => e.subsets ?? []));
    for (const e of graph.edges) {
      if (e.kind !== 'policy' || !out.has(e.from) || seeds.includes(e.from) || namesFocus(byId.get(e.from), focus)) continue;
      if (!(e.subsets ?? []).some((s) => used.has(s))) out.delete(e.from);
    }
  }
  return out;
}
