// Hover on a reference: a gateway name shows that Gateway (namespace,
// selector, servers) and its file; a host shows what defines it (Service
// ports, or ServiceEntry location/resolution/ports) and which
// VirtualServices claim it; a subset shows its labels and its DestinationRule.
import type { Snapshot } from '../index/snapshot';
import type { Reference } from './referenceAt';
import { kubeHover, vsKubeGateway } from './kubeNavigation';
import { kubeGatewayMarkdown } from './describe';
import { gatewayMarkdown, resourceLink, serviceEntryMarkdown, serviceMarkdown, subsetMarkdown } from './describe';
import { gatewayTargets, gatewayUses, hostClaims, subsetRules } from './referenceTargets';
import { exposedHosts, fqdn, intersects, parseGatewayRef, parseServerHost } from '../hosts';

const MAX_LISTED = 5;

export function referenceHover(snap: Snapshot, ref: Reference): string | undefined {
  switch (ref.kind) {
    case 'gatewayRef':
      return gatewayHover(snap, ref);
    case 'host':
      if (ref.role === 'service') return undefined;
      if (ref.role === 'gatewayHost') return gatewayHostHover(snap, ref);
      return hostHover(snap, ref.host, ref.resource.namespace) + (ref.role === 'claim' ? exposedBy(snap, ref) : '');
    case 'subsetRef':
      return subsetHover(snap, ref);
    case 'gateway':
    case 'subset':
    case 'credential':
    case 'secret':
      return undefined;
    default:
      return kubeHover(snap, ref);
  }
}

function gatewayHover(snap: Snapshot, ref: Extract<Reference, { kind: 'gatewayRef' }>): string {
  if (ref.target.mesh) return '**Gateway** `mesh` — the reserved name for the sidecars of every workload in the mesh. A VirtualService without `gateways` applies to `mesh` only.';
  const found = gatewayTargets(snap, ref);
  const kube = found.length === 0 ? vsKubeGateway(snap, ref) : undefined;
  if (kube) return kubeGatewayMarkdown(snap, kube);
  if (found.length === 0) return `**Gateway** \`${ref.target.namespace}/${ref.target.name}\` — not found in the workspace.`;
  return found.map((gw) => gatewayMarkdown(snap, gw)).join('\n\n---\n\n');
}

function hostHover(snap: Snapshot, host: string, viewer: string): string {
  const lines = [`**Host** \`${host}\``, ''];
  const found = snap.lookupHost(host, viewer);
  for (const svc of found.services) lines.push(`- ${serviceMarkdown(snap, svc)}`);
  for (const se of found.serviceEntries) lines.push(`- ${serviceEntryMarkdown(snap, se)}`);
  if (found.builtin) lines.push('- built-in (an Istio gateway service, or the setting `istio.knownHosts`)');
  if (found.services.length + found.serviceEntries.length === 0 && !found.builtin) lines.push(`- not defined by any Service or ServiceEntry visible from namespace \`${viewer}\``);
  const owners = hostClaims(snap, host);
  if (owners.length) {
    const listed = owners.slice(0, MAX_LISTED).map((vs) => `\`${vs.namespace}/${vs.name}\` (${resourceLink(snap, vs)})`);
    const more = owners.length > MAX_LISTED ? ` and ${owners.length - MAX_LISTED} more` : '';
    lines.push('', `Claimed by VirtualService ${listed.join(', ')}${more}`);
  }
  return lines.join('\n');
}

/**
 * A VirtualService's own host, when the VirtualService is bound to gateways:
 * the servers of those Gateways that expose the host to its namespace (port,
 * protocol, TLS), or that none does (then the gateway drops it: IST0132).
 */
function exposedBy(snap: Snapshot, ref: Extract<Reference, { kind: 'host' }>): string {
  const vs = ref.resource;
  if (vs.data.kind !== 'VirtualService') return '';
  const lines: string[] = [];
  let bound = false;
  for (const g of vs.data.gateways) {
    const target = parseGatewayRef(g.value, vs.namespace);
    if (target.mesh) continue;
    bound = true;
    for (const gw of snap.gateways.get(`${target.namespace}/${target.name}`) ?? []) {
      for (const server of gw.data.servers) {
        if (!exposedHosts(server.hosts.map((h) => h.value), gw.namespace, vs.namespace).some((h) => intersects(h, ref.host) || intersects(h, ref.ref.value.toLowerCase()))) continue;
        const port = server.port ? `${server.port.number}/${server.port.protocol ?? '?'}` : '?';
        lines.push(`- Gateway \`${gw.namespace}/${gw.name}\` ${port}${server.tlsMode ? ` (TLS ${server.tlsMode})` : ''} — ${resourceLink(snap, gw)}`);
      }
    }
  }
  if (!bound) return '';
  return lines.length ? ['', '', 'Exposed by', ...lines].join('\n') : '\n\nExposed by none of the Gateways it binds to.';
}

/** A Gateway server host: what defines it, and the VirtualServices bound to this Gateway that claim it (not every claim of the host). */
function gatewayHostHover(snap: Snapshot, ref: Extract<Reference, { kind: 'host' }>): string {
  const gw = ref.resource;
  const entry = parseServerHost(ref.ref.value, gw.namespace);
  const lines = [`**Host** \`${ref.ref.value}\` on Gateway \`${gw.namespace}/${gw.name}\``];
  const bound = [...new Set(gatewayUses(snap, gw).filter((u) => u.listed).map((u) => u.vs))].filter(
    (vs) => (entry.namespace === '*' || entry.namespace === vs.namespace) && vs.data.hosts.some((h) => intersects(entry.host, fqdn(h.value, vs.namespace)) || intersects(entry.host, h.value.toLowerCase())),
  );
  if (bound.length === 0) lines.push('', 'No VirtualService bound to this Gateway claims it: the gateway has no route for it.');
  else {
    const listed = bound.slice(0, MAX_LISTED).map((vs) => `\`${vs.namespace}/${vs.name}\` (${resourceLink(snap, vs)})`);
    lines.push('', `Routed by VirtualService ${listed.join(', ')}${bound.length > MAX_LISTED ? ` and ${bound.length - MAX_LISTED} more` : ''}`);
  }
  return lines.join('\n');
}

function subsetHover(snap: Snapshot, ref: Extract<Reference, { kind: 'subsetRef' }>): string {
  const defs = subsetRules(snap, ref);
  if (defs.length === 0) return `**Subset** \`${ref.ref.value}\` — no DestinationRule for \`${ref.host}\` visible from namespace \`${ref.resource.namespace}\` defines it.`;
  return [`**Subset** \`${ref.ref.value}\` of \`${ref.host}\``, '', ...defs.map((d) => `- ${subsetMarkdown(snap, d.dr, d.subset)}`)].join('\n');
}
