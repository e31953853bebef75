// Hover on a reference: a gateway name shows that Gateway (namespace,
// selector, servers) and its file; a host shows what defines it (Service
// ports, or ServiceEntry location/resolution/ports) and which
// VirtualServices claim it; a subset shows its labels and its DestinationRule.
import type { Snapshot } from '../index/snapshot';
import type { Reference } from './referenceAt';
import { kubeHover, vsKubeGateway } from './kubeNavigation';
import { kubeGatewayMarkdown } from './describe';
import { gatewayMarkdown, resourceLink, serviceEntryMarkdown, serviceMarkdown, subsetMarkdown } from './describe';
import { gatewayTargets, hostOccurrences, subsetRules } from './referenceTargets';

const MAX_LISTED = 5;

export function referenceHover(snap: Snapshot, ref: Reference): string | undefined {
  switch (ref.kind) {
    case 'gatewayRef':
      return gatewayHover(snap, ref);
    case 'host':
      return ref.role === 'service' ? undefined : hostHover(snap, ref.host, ref.resource.namespace);
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
  const claims = hostOccurrences(snap, host).filter((o) => o.role === 'claim');
  const owners = [...new Set(claims.map((c) => c.resource))];
  if (owners.length) {
    const listed = owners.slice(0, MAX_LISTED).map((vs) => `\`${vs.namespace}/${vs.name}\` (${resourceLink(snap, vs)})`);
    const more = owners.length > MAX_LISTED ? ` and ${owners.length - MAX_LISTED} more` : '';
    lines.push('', `Claimed by VirtualService ${listed.join(', ')}${more}`);
  }
  return lines.join('\n');
}

function subsetHover(snap: Snapshot, ref: Extract<Reference, { kind: 'subsetRef' }>): string {
  const defs = subsetRules(snap, ref);
  if (defs.length === 0) return `**Subset** \`${ref.ref.value}\` — no DestinationRule for \`${ref.host}\` visible from namespace \`${ref.resource.namespace}\` defines it.`;
  return [`**Subset** \`${ref.ref.value}\` of \`${ref.host}\``, '', ...defs.map((d) => `- ${subsetMarkdown(snap, d.dr, d.subset)}`)].join('\n');
}
