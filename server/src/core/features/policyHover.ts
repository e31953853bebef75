// Hover on a security policy's name or selector: the workloads it applies to.
// Hover on a principal (`<td>/ns/<ns>/sa/<sa>`): the workloads that run as
// that service account. Both answer from the workspace's workloads only.
import type { Resource, Span } from '../model';
import type { Snapshot } from '../index/snapshot';
import { isSecurityPolicy, policyReach, policyWorkloads, type SecurityPolicy } from '../analyzers/policyScope';
import { resourceLink } from './describe';

const MAX_LISTED = 10;
const PRINCIPAL = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

export function policyHover(snap: Snapshot, resources: Resource[], offset: number): { markdown: string; span: Span } | undefined {
  for (const r of resources) {
    if (!isSecurityPolicy(r) || offset < r.span.start || offset > r.span.end) continue;
    for (const at of [r.nameSpan, r.data.selectorSpan]) if (at && offset >= at.start && offset <= at.end) return { markdown: appliesTo(snap, r), span: at };
    if (r.data.kind !== 'AuthorizationPolicy') continue;
    const p = r.data.principals.find((x) => offset >= x.span.start && offset <= x.span.end);
    if (p) return { markdown: principalMarkdown(snap, p.value), span: p.span };
  }
  return undefined;
}

/** "applies to …" for a policy: its reach and the workloads of the workspace it selects. */
export function appliesTo(snap: Snapshot, policy: SecurityPolicy): string {
  const workloads = policyWorkloads(policy, snap);
  const reach = policyReach(policy, snap);
  const head =
    reach === 'mesh'
      ? `**${policy.kind}** \`${policy.namespace}/${policy.name}\` is in the root namespace without a selector: it applies to every workload of the mesh (${count(workloads.length)} in the workspace).`
      : reach === 'namespace'
        ? `**${policy.kind}** \`${policy.namespace}/${policy.name}\` applies to every workload of namespace \`${policy.namespace}\` (${count(workloads.length)} in the workspace).`
        : `**${policy.kind}** \`${policy.namespace}/${policy.name}\` applies to ${count(workloads.length)} of the workspace.`;
  return [head, '', ...listed(snap, workloads)].join('\n');
}

function principalMarkdown(snap: Snapshot, principal: string): string {
  const m = PRINCIPAL.exec(principal.replace(/^spiffe:\/\//, ''));
  if (!m) return `**Principal** \`${principal}\``;
  const [, td, ns, sa] = m;
  if (ns.includes('*') || sa.includes('*')) return `**Principal** \`${principal}\`: service account \`${sa}\` in namespace \`${ns}\` (trust domain \`${td}\`), with wildcards.`;
  const workloads = snap.workloadsRunningAs(ns, sa);
  const head = `**Principal** \`${principal}\`: the identity of service account \`${sa}\` in namespace \`${ns}\` (trust domain \`${td}\`).`;
  if (workloads.length === 0) return `${head}\n\nNo workload of the workspace runs as it.`;
  return [head, '', `Workloads that run as it (${workloads.length}):`, ...listed(snap, [...workloads])].join('\n');
}

function listed(snap: Snapshot, workloads: Resource[]): string[] {
  const lines = workloads.slice(0, MAX_LISTED).map((w) => `- ${w.kind} \`${w.namespace}/${w.name}\` (${resourceLink(snap, w)})`);
  if (workloads.length > MAX_LISTED) lines.push(`- and ${workloads.length - MAX_LISTED} more`);
  return lines;
}

function count(n: number): string {
  return `${n} workload${n === 1 ? '' : 's'}`;
}
