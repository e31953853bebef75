// AuthorizationPolicy: which requests the selected workloads accept. Facts
// from istio/api security/v1beta1/authorization_policy.proto and istiod's
// validation (pkg/config/validation/validation.go).
import { PAGES, type MessageDoc } from '../types';
import { workloadSelector } from '../networking/common';
import { targetRef, targetRefs } from '../type/policyTarget';
import { RULE } from './authorizationRule';

const page = PAGES.authorizationPolicy;

export const AUTHORIZATION_POLICY: MessageDoc = {
  page,
  anchor: 'AuthorizationPolicy',
  fields: {
    selector: {
      ...workloadSelector(
        'The workloads (by pod labels) in the policy\'s namespace that enforce it; a policy in the root namespace (`istio-system` by default) selects matching workloads in every namespace. ' +
          'Without `selector` and `targetRefs` it applies to every workload of the namespace, or of the whole mesh from the root namespace, which is how a stray ALLOW policy locks out far more than intended. Waypoint proxies ignore it; they need `targetRefs`.',
      ),
      default: 'every workload in the namespace (the mesh, in the root namespace)',
    },
    targetRef: targetRef('policy'),
    targetRefs: targetRefs('policy'),
    rules: {
      doc:
        'The requests the policy is about; a request matches when any rule matches, and an empty rule `{}` matches everything. ' +
        'Without rules an ALLOW policy matches nothing, so it denies every request to the workloads it selects; DENY and CUSTOM policies without rules are rejected, since they could never fire.',
      default: 'no rule: matches no request',
      range: 'at most 512 rules',
      example: 'rules:\n- from:\n  - source:\n      principals: ["cluster.local/ns/web/sa/frontend"]\n  to:\n  - operation:\n      methods: ["GET"]',
      message: RULE,
    },
    action: {
      doc:
        'What happens to a request that matches the rules. Proxies evaluate CUSTOM first, then DENY, then ALLOW: a DENY match always wins, and once any ALLOW policy selects a workload, requests that match no ALLOW rule there are refused with 403 (`RBAC: access denied`).',
      default: '`ALLOW`',
      values: {
        ALLOW: 'Let the request through if it matches a rule. As soon as a workload has one ALLOW policy, everything not allowed by some ALLOW policy is denied.',
        DENY: 'Refuse the request if it matches a rule, whatever ALLOW policies say. Needs at least one rule.',
        AUDIT: 'Mark a matching request for auditing without changing the decision; only telemetry plugins that read the audit flag use it. Added in Istio 1.8.',
        CUSTOM: 'Ask the external authorization provider named in `provider` about matching requests, before DENY and ALLOW; it can refuse a request but cannot let through one that DENY or ALLOW policies refuse. Needs `provider.name` and rules, and cannot test identities (principals, namespaces, JWT). Added in Istio 1.8.',
      },
      example: 'action: DENY\nrules:\n- to:\n  - operation:\n      paths: ["/admin/*"]',
    },
    provider: {
      doc:
        'The external authorizer that a CUSTOM policy calls, named as an `extensionProviders` entry of the mesh config (for example an `envoyExtAuthzHttp` provider). Setting it with any other action is rejected; a name that the mesh config does not define makes the proxies deny the matching requests.',
      required: 'when `action` is `CUSTOM`',
      since: '1.8',
      message: {
        page,
        anchor: 'AuthorizationPolicy-ExtensionProvider',
        fields: {
          name: {
            doc: 'The `name` of an `extensionProviders` entry in the mesh config. Before Istio 1.30 a workload could use only one provider across all its CUSTOM policies; from 1.30 several are allowed.',
            required: true,
            since: '1.8',
            example: 'action: CUSTOM\nprovider:\n  name: my-ext-authz   # meshConfig.extensionProviders[].name\nrules:\n- to:\n  - operation:\n      paths: ["/admin/*"]',
          },
        },
      },
    },
  },
};
