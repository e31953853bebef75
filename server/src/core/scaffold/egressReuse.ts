// What of the bundle the workspace already has. Istio merges or shadows
// duplicates in ways that break a bundle silently (a second ServiceEntry with
// another protocol for the port, a second Gateway server for the host, a
// DestinationRule in the namespace hiding the one in istio-system), so the
// bundle extends what exists: the ServiceEntry for the host, a Gateway of the
// egress gateway on the port, the DestinationRule of the egress gateway
// service. Anything that would make the result conflict stops the bundle
// with a reason instead.
import type { DestinationRuleData, GatewayData, GatewayServer, Resource, ServiceEntryData, Span } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { covers, fqdn, intersects, parseGatewayRef, parseServerHost, scopeOf, scopesOverlap, visibleTo } from '../hosts';
import { boundToMesh } from '../analyzers/vsGateways';
import { protocolFamily, type EgressPlan, type PortSpec } from './egressPlan';
import { carriedSubsets, type CarriedSubset } from './egressSubsets';

export interface ServiceEntryReuse {
  resource: Typed<ServiceEntryData>;
  addPorts: PortSpec[];
  addExportTo?: string;
}

export interface GatewayReuse {
  resource: Typed<GatewayData>;
  serverIndex: number;
  /** Set when the host must be added to the server's hosts. */
  addHost?: string;
}

export interface Reuse {
  serviceEntry?: ServiceEntryReuse;
  gateway?: GatewayReuse;
  subset: string;
  /** Subsets the namespace's sidecars use from rules of other namespaces, which the bundle's rule would hide. */
  carried: CarriedSubset[];
  originationRule?: Typed<DestinationRuleData>;
  conflicts: string[];
  notes: string[];
  /** Set when a VirtualService already sends the host through this egress gateway. */
  alreadyRouted?: AlreadyRouted;
}

export interface AlreadyRouted {
  message: string;
  /** Where that VirtualService is. */
  uri: string;
  span: Span;
}

function label(r: Resource): string {
  return `${r.kind} ${r.namespace}/${r.name}`;
}

export function findReuse(snap: Snapshot, plan: EgressPlan): Reuse {
  const reuse: Reuse = { subset: plan.slug, carried: [], conflicts: [], notes: [] };
  reuse.serviceEntry = serviceEntryReuse(snap, plan, reuse);
  reuse.gateway = gatewayReuse(snap, plan, reuse);
  checkVirtualServices(snap, plan, reuse);
  subsetRuleReuse(snap, plan, reuse);
  if (plan.originate) {
    const rules = [...snap.destinationRulesFor(plan.host, plan.namespace), ...snap.destinationRulesFor(plan.host, plan.gateway.namespace)];
    reuse.originationRule = rules.find((r) => r.data.host && fqdn(r.data.host.value, r.namespace) === plan.host);
    if (reuse.originationRule) {
      reuse.notes.push(`${label(reuse.originationRule)} already configures ${plan.host}; no second DestinationRule was made. Check that it originates TLS (mode SIMPLE, with caCertificates) on port ${plan.upstream.number}.`);
    }
  }
  return reuse;
}

function serviceEntryReuse(snap: Snapshot, plan: EgressPlan, reuse: Reuse): ServiceEntryReuse | undefined {
  const entries = snap
    .lookupHost(plan.host, plan.namespace)
    .serviceEntries.filter((se) => se.data.hosts.some((h) => fqdn(h.value, se.namespace) === plan.host))
    .sort((a, b) => Number(b.namespace === plan.namespace) - Number(a.namespace === plan.namespace));
  const se = entries[0];
  if (!se) return undefined;
  const addPorts: PortSpec[] = [];
  for (const want of plan.sePorts) {
    const have = se.data.ports.find((p) => p.number === want.number);
    if (!have) addPorts.push(want);
    else if (protocolFamily(have.protocol) !== protocolFamily(want.protocol)) {
      reuse.conflicts.push(
        `${label(se)} declares port ${want.number} of ${plan.host} as ${have.protocol ?? 'TCP'}, but this bundle needs ${want.protocol} there. Change the port's protocol (or choose another variant) and run the command again.`,
      );
    }
  }
  const exported = se.data.exportTo;
  const addExportTo = exported && !visibleTo(exported, se.namespace, plan.gateway.namespace) ? plan.gateway.namespace : undefined;
  reuse.notes.push(`Extended ${label(se)}${addPorts.length ? ` with port ${addPorts.map((p) => p.number).join(', ')}` : ''}${addExportTo ? `${addPorts.length ? ' and' : ''} with exportTo ${addExportTo}` : ''}.`);
  return { resource: se, addPorts, addExportTo };
}

function serverMatches(server: GatewayServer, plan: EgressPlan): boolean {
  const protocol = (server.port?.protocol ?? '').toUpperCase();
  const mode = server.tlsMode?.toUpperCase();
  if (plan.gatewayTlsMode === 'PASSTHROUGH') return (protocol === 'TLS' || protocol === 'HTTPS') && mode === 'PASSTHROUGH';
  if (plan.gatewayTlsMode === 'ISTIO_MUTUAL') return protocol === 'HTTPS' && mode === 'ISTIO_MUTUAL';
  return protocol === 'HTTP' && !mode;
}

function sameSelector(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function gatewayReuse(snap: Snapshot, plan: EgressPlan, reuse: Reuse): GatewayReuse | undefined {
  const gateways: Typed<GatewayData>[] = [];
  for (const list of snap.gateways.values()) for (const gw of list) if (sameSelector(gw.data.selector, plan.gateway.selector)) gateways.push(gw);
  gateways.sort((a, b) => Number(b.namespace === plan.namespace) - Number(a.namespace === plan.namespace) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start));
  let extendable: GatewayReuse | undefined;
  for (const gw of gateways) {
    gw.data.servers.forEach((server, serverIndex) => {
      if (server.port?.number !== plan.gatewayPort.number) return;
      const hosts = server.hosts.map((h) => parseServerHost(h.value, gw.namespace));
      const matches = serverMatches(server, plan);
      if (hosts.some((h) => intersects(h.host, plan.host))) {
        const exposes = hosts.some((h) => (h.namespace === '*' || h.namespace === plan.namespace) && covers(h.host, plan.host));
        if (exposes && matches) {
          reuse.gateway ??= { resource: gw, serverIndex };
        } else {
          reuse.conflicts.push(
            `${label(gw)} already serves ${plan.host} on port ${plan.gatewayPort.number} of the egress gateway (protocol ${server.port?.protocol ?? '?'}${server.tlsMode ? `, TLS ${server.tlsMode}` : ''}${exposes ? '' : `, not for namespace ${plan.namespace}`}): a second server for it would conflict (IST0145). Use that Gateway's setup or remove the host from it first.`,
          );
        }
      } else if (matches && gw.namespace === plan.namespace && !extendable) {
        extendable = { resource: gw, serverIndex, addHost: serverHostFor(server, plan) };
      }
    });
  }
  if (reuse.gateway) {
    reuse.notes.push(`Used ${label(reuse.gateway.resource)}, which already exposes ${plan.host} on port ${plan.gatewayPort.number}.`);
    return reuse.gateway;
  }
  if (extendable && reuse.conflicts.length === 0) {
    reuse.notes.push(`Added ${plan.host} to ${label(extendable.resource)} (port ${plan.gatewayPort.number}).`);
    return extendable;
  }
  return undefined;
}

/** A server host entry in the style of its neighbours: `./host` when they all name a namespace. */
function serverHostFor(server: GatewayServer, plan: EgressPlan): string {
  return server.hosts.length > 0 && server.hosts.every((h) => h.value.includes('/')) ? `./${plan.host}` : plan.host;
}

function checkVirtualServices(snap: Snapshot, plan: EgressPlan, reuse: Reuse): void {
  const scope = scopeOf(plan.exportTo.virtualService, plan.namespace);
  const gw = reuse.gateway?.resource;
  for (const vs of snap.virtualServices) {
    if (!vs.data.hosts.some((h) => fqdn(h.value, vs.namespace) === plan.host)) continue;
    const onMesh = boundToMesh(vs.data) && scopesOverlap(scope, scopeOf(vs.data.exportTo, vs.namespace));
    const onGateway =
      gw !== undefined &&
      vs.data.gateways.some((g) => {
        const ref = parseGatewayRef(g.value, vs.namespace);
        return !ref.mesh && ref.namespace === gw.namespace && ref.name === gw.name;
      });
    if (!onMesh && !onGateway) continue;
    const via = vs.data.routes.some((r) => r.destinations.some((d) => fqdn(d.host.value, vs.namespace) === plan.gateway.serviceHost));
    if (via) {
      // Nothing to do is not a failure: the answer says so, and where.
      reuse.alreadyRouted ??= { message: `${plan.host} is already routed through the egress gateway ${plan.gateway.serviceHost} by ${label(vs)}: nothing to write.`, uri: vs.uri, span: vs.nameSpan ?? vs.span };
      continue;
    }
    reuse.conflicts.push(
      `${label(vs)} already routes ${plan.host}${onMesh ? ' for the sidecars (mesh)' : ` on ${label(gw!)}`}. Istio keeps one VirtualService per host there: add the egress routes to it, or remove it, and run the command again.`,
    );
  }
}

/**
 * The bundle's subset goes into a DestinationRule of its own, in the
 * namespace of the VirtualService that routes to it (the sidecars there look
 * up rules in their own namespace first and never merge rules across
 * namespaces). When that namespace has no rule for the gateway host yet, the
 * new one hides the rules of other namespaces for its sidecars: it carries
 * the subsets those sidecars use (egressSubsets.ts), and says so.
 */
function subsetRuleReuse(snap: Snapshot, plan: EgressPlan, reuse: Reuse): void {
  const host = fqdn(plan.gateway.serviceHost, plan.namespace);
  const taken = new Set<string>();
  for (const list of snap.destinationRulesByHost().get(host) ?? []) for (const s of list.data.subsets) taken.add(s.name.value);
  let subset = plan.slug;
  for (let n = 2; taken.has(subset); n++) subset = `${plan.slug}-${n}`;
  reuse.subset = subset;
  const visible = snap.destinationRulesFor(host, plan.namespace).filter((r) => !r.data.workloadSelector && r.data.host && fqdn(r.data.host.value, r.namespace) === host);
  if (visible.some((r) => r.namespace === plan.namespace)) return;
  reuse.carried = carriedSubsets(snap, plan.namespace, host, visible);
  for (const c of reuse.carried) reuse.notes.push(`Carried the subset "${c.name}" of ${label(c.rule)} into the bundle's DestinationRule: ${c.users.join(', ')} use${c.users.length === 1 ? 's' : ''} it from ${plan.namespace}, and a rule there hides that one.`);
}
