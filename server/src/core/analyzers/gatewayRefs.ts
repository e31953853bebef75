// The Gateways a VirtualService lists in `gateways`, resolved the way Istio
// resolves them (`name`, `ns/name`, legacy `name.ns.svc.cluster.local`), with
// the Gateway resource when the workspace has it. `mesh` is left out.
import type { GatewayData, StrRef, VirtualServiceData } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { parseGatewayRef } from '../hosts';

export interface ListedGateway {
  ref: StrRef;
  /** `ns/name` of the referenced Gateway. */
  key: string;
  gateway?: Typed<GatewayData>;
}

/** Every non-mesh entry of `gateways`, once per resolved Gateway. */
export function listedGateways(snap: Snapshot, vs: Typed<VirtualServiceData>): ListedGateway[] {
  const out: ListedGateway[] = [];
  const seen = new Set<string>();
  for (const ref of vs.data.gateways) {
    const g = parseGatewayRef(ref.value, vs.namespace);
    if (g.mesh || g.invalid) continue;
    const key = `${g.namespace}/${g.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ref, key, gateway: snap.findGateway(g.namespace, g.name, vs) });
  }
  return out;
}

/** Every Gateway of the workspace, duplicates included, in a stable order (uri, then position). */
export function allGateways(snap: Snapshot): readonly Typed<GatewayData>[] {
  // Each caller reads the table itself (its analysis then depends on it); the list is made once per snapshot.
  const table = snap.gateways;
  return snap.shared('allGateways', () => {
    // A Gateway that overlays place in several namespaces is listed under each: take it once.
    const out = new Set<Typed<GatewayData>>();
    for (const list of table.values()) for (const gw of list) out.add(gw);
    return [...out].sort(byLocation);
  });
}

export function byLocation(a: { uri: string; span: { start: number } }, b: { uri: string; span: { start: number } }): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start;
}

/** `key=value,key=value`, as istioctl prints a selector. */
export function selectorText(selector: Record<string, string>): string {
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(',');
}
