// Which gateways a VirtualService applies to: its `gateways`, or `mesh` when the list is empty.
import type { Destination, RouteRule, VirtualServiceData } from '../model';
import type { Typed } from '../index/snapshot';

export function boundToMesh(vs: VirtualServiceData): boolean {
  return vs.gateways.length === 0 || vs.gateways.some((g) => g.value === 'mesh');
}

export function effectiveGateways(vs: VirtualServiceData): string[] {
  return vs.gateways.length === 0 ? ['mesh'] : vs.gateways.map((g) => g.value);
}

/** The gateways one rule applies on: its `match[].gateways`, else the VirtualService's (`mesh` when none). */
export function routeGateways(vs: VirtualServiceData, route: RouteRule): string[] {
  return route.matchGateways.length ? route.matchGateways.map((g) => g.value) : effectiveGateways(vs);
}

/** Every route, mirror, TCP and TLS destination of the VirtualServices, with its VirtualService. */
export function* destinationsOf(virtualServices: Iterable<Typed<VirtualServiceData>>): Generator<[Typed<VirtualServiceData>, Destination]> {
  for (const vs of virtualServices) for (const route of vs.data.routes) for (const d of route.destinations) yield [vs, d];
}
