// IST0101 (gateway not found) and IST0132 (host not exposed). A VirtualService
// applies at a Gateway only when it lists the Gateway AND one of its hosts is
// exposed by one of the Gateway's servers to the VirtualService's namespace.
// Otherwise the Gateway answers 404 for the host and the routes silently never
// apply. A `gateways` entry is `name` (same namespace), `ns/name`, `mesh`, or
// the legacy `name.ns.svc.cluster.local`, which Istio still accepts (ILS0205
// suggests `ns/name`).
import type { Finding, StrRef, VirtualServiceData } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { exposedHosts, fqdn, intersects, parseGatewayRef } from '../hosts';
import { didYouMean } from '../schema/suggest';
import { isInternalGatewayRef } from './internalGatewayRef';
import { finding, label, related, type Report, type WorkspaceAnalyzer } from './types';

/** The payload of a gateway-not-found finding, for the create and rename fixes. */
export interface GatewayNotFound {
  kind: 'gatewayNotFound';
  gateway: string;
  namespace: string;
  name: string;
  suggestion?: string;
}

/** The payload of IST0132, for the expose and bind fixes. */
export interface HostNotExposed {
  kind: 'hostNotExposed';
  gateway: string;
  hosts: string[];
}

export const gatewayBinding: WorkspaceAnalyzer = {
  rules: [Rules.ReferencedResourceNotFound, Rules.VirtualServiceHostNotInGateway, Rules.LegacyGatewayReference],
  iterates: 'virtualServices',
  analyze(snap: Snapshot, report: Report): void {
    for (const vs of snap.virtualServices) {
      const listed = new Set(vs.data.gateways.map((g) => g.span.start));
      const refs: StrRef[] = [...vs.data.gateways, ...vs.data.routes.flatMap((r) => r.matchGateways)];
      const seen = new Set<number>();
      for (const g of refs) {
        // An internal generated Gateway is reported once, as IST0165 (internalGatewayRef.ts).
        if (seen.has(g.span.start) || g.value === 'mesh' || isInternalGatewayRef(g.value)) continue;
        seen.add(g.span.start);
        for (const f of checkRef(snap, vs, g, listed.has(g.span.start))) report(vs.uri, f);
      }
    }
  },
};

function checkRef(snap: Snapshot, vs: Typed<VirtualServiceData>, g: StrRef, listed: boolean): Finding[] {
  const ref = parseGatewayRef(g.value, vs.namespace);
  if (ref.invalid) return []; // rejected by validation: ILS0611
  const gw = snap.findGateway(ref.namespace, ref.name);
  if (!gw) {
    const inNs = [...snap.gateways.keys()].filter((k) => k.startsWith(`${ref.namespace}/`)).map((k) => k.slice(ref.namespace.length + 1));
    const near = didYouMean(ref.name, inNs);
    const nearGw = near ? snap.findGateway(ref.namespace, near) : undefined;
    const searched = inNs.length ? `Gateways in ${ref.namespace}: ${inNs.slice(0, 8).join(', ')}` : `the workspace has no Gateway in namespace ${ref.namespace}`;
    return [finding(Rules.ReferencedResourceNotFound, vs, g.span, `Gateway "${g.value}" not found: no Gateway ${ref.name} in namespace ${ref.namespace} (${searched}).${near ? ` Did you mean "${near}"?` : ''}`, {
      data: { kind: 'gatewayNotFound', gateway: g.value, namespace: ref.namespace, name: ref.name, suggestion: near } satisfies GatewayNotFound,
      related: nearGw ? [related(nearGw, `Gateway ${ref.namespace}/${near}`)] : undefined,
    })];
  }
  // The legacy form still binds, so it gets the hint and, like any reference, the binding check.
  const out: Finding[] = [];
  if (ref.legacy) {
    out.push(finding(Rules.LegacyGatewayReference, vs, g.span, `"${g.value}" is the legacy form of a gateway reference; write "${ref.namespace}/${ref.name}".`, {
      data: { replacement: `${ref.namespace}/${ref.name}` },
      related: [related(gw, `Gateway ${ref.namespace}/${ref.name}`)],
    }));
  }
  if (!listed || vs.data.hosts.length === 0 || exposesAny(gw, vs)) return out;
  const exposed = [...new Set(gw.data.servers.flatMap((s) => s.hosts.map((h) => h.value)))];
  out.push(finding(
    Rules.VirtualServiceHostNotInGateway,
    vs,
    g.span,
    `VirtualService does not bind to Gateway ${label(gw).slice(8)}: none of its hosts (${vs.data.hosts.map((h) => h.value).join(', ')}) is exposed to namespace ${vs.namespace} by the Gateway's servers (${exposed.join(', ') || 'no hosts'}). Requests for these hosts get 404 at the gateway.`,
    {
      related: [related(gw, `Gateway ${gw.namespace}/${gw.name} exposes ${exposed.join(', ') || 'no hosts'}`, gw.data.servers[0]?.span)],
      data: { kind: 'hostNotExposed', gateway: `${gw.namespace}/${gw.name}`, hosts: vs.data.hosts.map((h) => h.value) } satisfies HostNotExposed,
    },
  ));
  return out;
}

/** Does the Gateway expose at least one of the VirtualService's hosts to its namespace? */
export function exposesAny(gw: Typed<import('../model').GatewayData>, vs: Typed<VirtualServiceData>): boolean {
  const exposed = exposedHosts(
    gw.data.servers.flatMap((s) => s.hosts.map((h) => h.value)),
    gw.namespace,
    vs.namespace,
  );
  return exposed.some((sh) => vs.data.hosts.some((vh) => intersects(sh, fqdn(vh.value, vs.namespace)) || intersects(sh, vh.value.toLowerCase())));
}
