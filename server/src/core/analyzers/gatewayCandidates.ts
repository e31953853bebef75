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
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: { c: GatewayCandidate; score: number }[] = [];
  for (const { gw, d, first } of closeGateways(snap, name, limit)) {
    if (first !== gw || (gw.namespace === namespace && gw.name === name)) continue;
    const score = d === 0 ? 0 : d + (gw.namespace === namespace ? 0 : 1);
    if (d > 0 && score > limit) continue;
    const exposes = vs.data.hosts.length === 0 || exposesAny(gw, vs);
    const ref = gw.namespace === vs.namespace ? gw.name : `${gw.namespace}/${gw.name}`;
    scored.push({ c: { gateway: gw, ref, sameName: d === 0, exposes }, score });
  }
  return scored
    .sort((a, b) => Number(b.c.exposes) - Number(a.c.exposes) || a.score - b.score || a.c.ref.localeCompare(b.c.ref))
    .slice(0, 3)
    .map((s) => s.c);
}

interface CloseGateway {
  gw: Typed<GatewayData>;
  d: number;
  /** The first Gateway of the workspace with this namespace and name (a name declared twice is offered once). */
  first: Typed<GatewayData>;
}

/**
 * The Gateways whose name is within `limit` edits of `name`, in workspace
 * order: once per snapshot and name, as every VirtualService that lost a
 * renamed Gateway asks for the same one.
 */
function closeGateways(snap: Snapshot, name: string, limit: number): CloseGateway[] {
  // Each caller reads the table itself (allGateways), so its analysis depends on every Gateway's name.
  const all = allGateways(snap);
  return snap.shared(`closeGateways:${name}`, () => {
    const firsts = new Map<string, Map<string, Typed<GatewayData>>>();
    const out: CloseGateway[] = [];
    for (const gw of all) {
      // The distance is at least the difference in length.
      if (Math.abs(gw.name.length - name.length) > limit) continue;
      const d = nameDistance(name, gw.name, limit);
      if (d > limit) continue;
      let names = firsts.get(gw.namespace);
      if (!names) firsts.set(gw.namespace, (names = new Map()));
      const first = names.get(gw.name) ?? gw;
      names.set(gw.name, first);
      out.push({ gw, d, first });
    }
    return out;
  });
}

// Each change of a Gateway re-runs the search of every reference that finds
// nothing (it reads every Gateway's name), and all of them compare the same
// names again: distances are kept across snapshots, a bounded memo of a pure
// function.
const distances = new Map<string, Map<string, number>>();
let memoized = 0;

function nameDistance(name: string, other: string, limit: number): number {
  let row = distances.get(name);
  if (!row) distances.set(name, (row = new Map()));
  let d = row.get(other);
  if (d === undefined) {
    if (++memoized > 50_000) {
      distances.clear();
      memoized = 0;
    }
    row.set(other, (d = distance(name.toLowerCase(), other.toLowerCase(), limit)));
  }
  return d;
}
