// The subsets a namespace's sidecars take from DestinationRules of other
// namespaces for a host. A sidecar uses the rules of its own namespace for a
// host when there are any, and only then those exported from elsewhere; it
// never merges the two. So a bundle that writes the first rule for the egress
// gateway host into a namespace must carry the subsets that the
// VirtualServices applied there (its own and those exported to it) already
// route to, or their routes lose them.
import type { DestinationRuleData } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { fqdn, visibleTo } from '../hosts';
import { boundToMesh } from '../analyzers/vsGateways';

export interface CarriedSubset {
  name: string;
  /** The rule that defines it for the namespace today, and the subset's index there. */
  rule: Typed<DestinationRuleData>;
  index: number;
  /** The VirtualServices that route to it, as `VirtualService ns/name`. */
  users: string[];
}

export function carriedSubsets(snap: Snapshot, namespace: string, host: string, visible: Typed<DestinationRuleData>[]): CarriedSubset[] {
  const users = new Map<string, string[]>();
  for (const vs of snap.virtualServices) {
    if (!boundToMesh(vs.data) || !visibleTo(vs.data.exportTo, vs.namespace, namespace)) continue;
    for (const route of vs.data.routes) {
      for (const d of route.destinations) {
        if (!d.subset || fqdn(d.host.value, vs.namespace) !== host) continue;
        const list = users.get(d.subset.value) ?? [];
        const name = `VirtualService ${vs.namespace}/${vs.name}`;
        if (!list.includes(name)) list.push(name);
        users.set(d.subset.value, list);
      }
    }
  }
  const out: CarriedSubset[] = [];
  for (const [name, list] of users) {
    for (const rule of visible) {
      const index = rule.data.subsets.findIndex((s) => s.name.value === name);
      if (index < 0) continue;
      out.push({ name, rule, index, users: list });
      break;
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
