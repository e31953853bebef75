// Completion in an AuthorizationPolicy: principals from the service accounts
// the workspace's workloads run as (`<trust domain>/ns/<ns>/sa/<sa>`, with the
// mesh config's trust domain), and CUSTOM provider names from the mesh
// config's extensionProviders.
import type { CompletionItem } from './completionItem';
import type { Scope } from './workspaceCompletion';
import { resourceLink } from './describe';

const PRINCIPALS = /^spec\.rules\.from\.source\.(?:principals|notPrincipals)$/;

export function principalCompletions(s: Scope, pk: string): CompletionItem[] | undefined {
  if (!PRINCIPALS.test(pk)) return undefined;
  const td = s.snap.meshSecurity?.security.trustDomain ?? 'cluster.local';
  return s.snap.serviceAccounts.sort().map((key) => {
    const [ns, sa] = key.split('/');
    const workloads = s.snap.workloadsRunningAs(ns, sa);
    const value = `${td}/ns/${ns}/sa/${sa}`;
    const listed = workloads.slice(0, 5).map((w) => `- ${w.kind} \`${w.namespace}/${w.name}\` (${resourceLink(s.snap, w)})`);
    return s.item(value, 'Reference', ns === s.viewer ? '0' : '1', `service account ${ns}/${sa}`, [`The identity of the workloads that run as service account \`${sa}\` in \`${ns}\`:`, ...listed].join('\n'));
  });
}

export function providerCompletions(s: Scope, pk: string): CompletionItem[] | undefined {
  if (pk !== 'spec.provider.name') return undefined;
  const mesh = s.snap.meshSecurity;
  if (!mesh) return [];
  return mesh.security.extensionProviders.map((name) => s.item(name, 'Reference', '0', 'extension provider', `Defined in the mesh config's \`extensionProviders\` (${resourceLink(s.snap, mesh.resource)}).`));
}
