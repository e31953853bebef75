// ILS0203: a route's `match[].gateways` only ever matches gateways the
// VirtualService is bound to. Naming another one (typically `mesh`, dropped
// from `gateways` in an egress bundle) makes the route dead: sidecars never
// send the traffic to the egress gateway.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { parseGatewayRef } from '../hosts';
import { finding, type ResourceAnalyzer } from './types';
import { effectiveGateways } from './vsGateways';

/** The payload of ILS0203 and ILS0204: the gateway to add to \`gateways\`. */
export interface MissingGateway {
  gateway: string;
}

export const matchGatewayNotListed: ResourceAnalyzer = {
  rules: [Rules.MatchGatewayNotListed],
  analyze(r: Resource): Finding[] {
    if (r.data.kind !== 'VirtualService') return [];
    const key = (g: string) => {
      const ref = parseGatewayRef(g, r.namespace);
      return ref.mesh ? 'mesh' : `${ref.namespace}/${ref.name}`;
    };
    const bound = new Set(effectiveGateways(r.data).map(key));
    const out: Finding[] = [];
    for (const route of r.data.routes) {
      for (const g of route.matchGateways) {
        if (bound.has(key(g.value))) continue;
        out.push(
          finding(Rules.MatchGatewayNotListed, r, g.span, `This route matches gateway "${g.value}", which is not in the VirtualService's gateways (${effectiveGateways(r.data).join(', ')}): the route can never match. Add "${g.value}" to spec.gateways.`, {
            data: { gateway: g.value } satisfies MissingGateway,
          }),
        );
      }
    }
    return out;
  },
};
