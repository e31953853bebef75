// ILS0703: a principal (`<trust domain>/ns/<ns>/sa/<sa>`) whose trust domain
// is neither the mesh's `trustDomain` nor one of its `trustDomainAliases`.
// Workload identities carry the mesh's trust domain; istiod rewrites
// principals written with it, an alias or `cluster.local` to every trust
// domain of the bundle and keeps any other as written, so such a principal
// matches no peer of this mesh: an ALLOW rule with it lets nothing in, a
// DENY rule lets everything through. Checked only when the workspace declares
// the mesh config; principals with a `*` in the trust domain are left alone.
// Peers of the trust domains `caCertificates` lists are accepted too, and a
// trust domain a deploy tool substitutes is not judged.
// Source: pilot/pkg/security/trustdomain/bundle.go (ReplaceTrustDomainAliases).
import { Rules } from '../catalog';
import { hasSubstitution } from '../hosts';
import { meshSecurityFor } from './sampleScope';
import { finding, label, related, perResource } from './types';

const PRINCIPAL = /^([^/*]+)\/ns\/[^/]+\/sa\/[^/]+$/;

export const principalTrustDomain = perResource({
  rules: [Rules.PrincipalTrustDomain],
  kind: 'AuthorizationPolicy',
  check(policy, snap, report) {
    if (policy.data.principals.length === 0) return;
    // Every mesh config that may apply with the policy (its own sample or build, patches of the istio ConfigMap) counts.
    const configs = meshSecurityFor(snap, policy);
    const mesh = configs[0];
    if (!mesh) return;
    // A trust domain a deploy tool substitutes (`${CLUSTER}.local`) is not known here.
    if (configs.some((c) => c.security.trustDomain !== undefined && hasSubstitution(c.security.trustDomain))) return;
    // Peers of the trust domains of `caCertificates` are accepted too (federated meshes).
    const trusted = [
      mesh.security.trustDomain ?? 'cluster.local',
      ...configs.flatMap((c) => [c.security.trustDomain ?? 'cluster.local', ...c.security.trustDomainAliases, ...(c.security.caTrustDomains ?? [])]),
      'cluster.local',
    ];
    for (const p of policy.data.principals) {
      const td = PRINCIPAL.exec(p.value)?.[1];
      if (!td || trusted.includes(td)) continue;
      const aliases = mesh.security.trustDomainAliases;
      const message =
        `Trust domain "${td}" is not the mesh's trust domain "${trusted[0]}"${aliases.length ? ` nor one of its aliases (${aliases.join(', ')})` : ''} (${label(mesh.resource)}): ` +
        'no workload of this mesh has this identity, so the principal never matches.';
      report(policy.uri, finding(Rules.PrincipalTrustDomain, policy, p.span, message, { related: [related(mesh.resource, 'The mesh config that sets the trust domain', mesh.security.span)] }));
    }
  },
});
