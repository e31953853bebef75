// Completion in an AuthorizationPolicy: principals from the service accounts
// the workspace's workloads run as (`<trust domain>/ns/<ns>/sa/<sa>`, with the
// mesh config's trust domain), and CUSTOM provider names from the mesh
// config's extensionProviders. Also the value of the label
// `istio.io/use-waypoint` (any kind): the Gateways of the waypoint's
// namespace, waypoints (class istio-waypoint) first, and `none`.
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

const USE_WAYPOINT = 'istio.io/use-waypoint';

/** The value of `istio.io/use-waypoint` in `metadata.labels` (or a pod template's): the Gateways of the namespace the waypoint is looked up in. */
export function waypointCompletions(s: Scope): CompletionItem[] | undefined {
  const path = s.ctx.path;
  const n = path.length;
  if (n < 3 || path[n - 1] !== USE_WAYPOINT || path[n - 2] !== 'labels' || path[n - 3] !== 'metadata') return undefined;
  // A Namespace looks up its waypoint in itself; any other object in its own namespace, unless the sibling label names another.
  const own = s.ctx.kind === 'Namespace' ? (s.doc.scalar(['metadata', 'name']) ?? s.viewer) : s.viewer;
  const ns = s.ctx.siblings['istio.io/use-waypoint-namespace'] || own;
  const out = s.snap.kubeGateways
    .filter((g) => g.namespace === ns)
    .map((g) => {
      const waypoint = g.data.className?.value === 'istio-waypoint';
      return s.item(g.name, 'Reference', waypoint ? '0' : '1', waypoint ? `waypoint ${ns}/${g.name}` : `Gateway ${ns}/${g.name} (class ${g.data.className?.value ?? 'unset'})`, `The ${waypoint ? 'waypoint' : 'Gateway'} \`${ns}/${g.name}\` (${resourceLink(s.snap, g)}): L7 traffic to this object goes through it.`);
    });
  out.push(s.item('none', 'Keyword', '2', 'no waypoint', 'Opts this object out of the waypoint its namespace names: its traffic goes through ztunnel only.'));
  return out;
}
