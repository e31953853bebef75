// ILS0902: an AuthorizationPolicy with HTTP attributes (paths, methods,
// hosts, request principals, remote IPs, L7 `when` keys) attached by
// `selector`, or to a whole namespace, applies to ambient workloads of the
// workspace. Ambient pods have no sidecar: ztunnel enforces such a policy
// and sees only L4. istiod drops the HTTP attributes for it: in an ALLOW
// policy the rules that use them never match (the requests they were meant
// to allow are denied), a DENY policy is enforced without them (it denies
// more than written, or nothing when it had only HTTP attributes). L7 rules
// belong on a waypoint, through `targetRefs` to the Service or the waypoint
// Gateway. Policies with `targetRefs` are never given to ztunnel and are not
// reported. Source: pilot/pkg/serviceregistry/ambient/authorization.go
// (convertAuthorizationPolicy, handleRule); istio.io, Ambient › Layer 7
// features.
import { Rules } from '../catalog';
import { namespaceInAmbient, namespaceObject, workloadInAmbient } from '../index/ambientMode';
import { podLabels } from '../index/tables';
import { finding, perResource } from './types';
import { policyWorkloads, type SecurityPolicy } from './policyScope';

export const ambientHttpPolicy = perResource({
  rules: [Rules.HttpPolicyAtZtunnel],
  kind: 'AuthorizationPolicy',
  check(policy, snap, report) {
    const d = policy.data;
    const http = d.httpAttributes ?? [];
    if (http.length === 0 || d.targetRefs.length > 0 || (d.action !== 'ALLOW' && d.action !== 'DENY')) return;
    const ambientNs = new Map<string, boolean>();
    const inAmbient = policyWorkloads(policy as SecurityPolicy, snap).filter((w) => {
      // Istio's own gateway pods (Gateway API deployments, waypoints) are not captured by ztunnel.
      if (w.data.kind !== 'Workload' || podLabels(w)['gateway.networking.k8s.io/gateway-name'] !== undefined) return false;
      let ns = ambientNs.get(w.namespace);
      if (ns === undefined) ambientNs.set(w.namespace, (ns = namespaceInAmbient(namespaceObject(snap, w.namespace))));
      return workloadInAmbient(w, ns);
    });
    if (inAmbient.length === 0) return;
    const fields = [...new Set(http.map((h) => h.value))].join(', ');
    const names = inAmbient.slice(0, 3).map((w) => `${w.kind} ${w.namespace}/${w.name}`).join(', ');
    const effect = d.action === 'ALLOW' ? 'the rules that use them never match, so the requests they allow are denied' : 'the DENY is enforced without them: it denies more than written, or nothing if it had only HTTP attributes';
    const message =
      `ztunnel enforces this policy for ambient workloads (${names}) and cannot see ${fields}: ${effect}. ` +
      'Attach it to a waypoint with targetRefs (the Service, or the waypoint Gateway) instead of a selector.';
    report(policy.uri, finding(Rules.HttpPolicyAtZtunnel, policy, http[0].span, message));
  },
});
