// The Gateways a reference that finds nothing probably meant. The most common
// cause is a Gateway of another namespace written without its namespace
// (`public-gw` for `istio-system/public-gw`): Istio then looks in the
// VirtualService's namespace only, and the routes never apply at the gateway.
// Same-named Gateways of every namespace come first, then similar names;
// among them, those that expose the VirtualService's hosts first.
import type { GatewayData, VirtualServiceData } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { distance } from '../schema/suggest';
import { allGateways } from './gatewayRefs';
import { exposesAny } from './gatewayBinding';

export interface GatewayCandidate {
  gateway: Typed<GatewayData>;
  /** How the VirtualService names it: `name` in its own namespace, else `ns/name`. */
  ref: string;
  sameName: boolean;
  /** It exposes one of the VirtualService's hosts to its namespace (binding to it leaves no IST0132). */
  exposes: boolean;
}

export function gatewayCandidates(snap: Snapshot, vs: Typed<VirtualServiceData>, namespace: string, name: string): GatewayCandidate[] {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: { c: GatewayCandidate; score: number }[] = [];
  const seen = new Set<string>();
  // Every VirtualService that lost a renamed Gateway asks for the same name: one distance per Gateway name and snapshot.
  const distances = snap.shared(`gatewayNameDistances:${wanted}`, () => new Map<string, number>());
  for (const gw of allGateways(snap)) {
    const key = `${gw.namespace}/${gw.name}`;
    if (seen.has(key) || (gw.namespace === namespace && gw.name === name)) continue;
    seen.add(key);
    // The distance is at least the difference in length.
    if (Math.abs(gw.name.length - name.length) > limit) continue;
    let d = distances.get(gw.name);
    if (d === undefined) distances.set(gw.name, (d = distance(wanted, gw.name.toLowerCase(), limit)));
    const score = d === 0 ? 0 : d + (gw.namespace === namespace ? 0 : 1);
    if (d > 0 && score > limit) continue;
    const exposes = vs.data.hosts.length === 0 || exposesAny(gw, vs);
    const ref = gw.namespace === vs.namespace ? gw.name : key;
    scored.push({ c: { gateway: gw, ref, sameName: d === 0, exposes }, score });
  }
  return scored
    .sort((a, b) => Number(b.c.exposes) - Number(a.c.exposes) || a.score - b.score || a.c.ref.localeCompare(b.c.ref))
    .slice(0, 3)
    .map((s) => s.c);
}
