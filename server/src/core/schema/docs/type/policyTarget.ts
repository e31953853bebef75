// The way the policy kinds (AuthorizationPolicy, RequestAuthentication,
// Telemetry, WasmPlugin) attach to a Gateway, GatewayClass, Service or
// ServiceEntry instead of selecting pods by label. Facts from istio/api
// type/v1beta1/selector.proto and istiod's validation of target references
// (pkg/config/validation/validation.go).
import { PAGES, type FieldDoc, type MessageDoc } from '../types';

export const POLICY_TARGET_REFERENCE: MessageDoc = {
  page: PAGES.workloadSelector,
  anchor: 'PolicyTargetReference',
  fields: {
    group: {
      doc: 'The API group of the target: `gateway.networking.k8s.io` for a `Gateway` or `GatewayClass`, `networking.istio.io` for a `ServiceEntry`, empty (or `core`) for a `Service`. istiod rejects the policy when group and kind do not form one of these pairs.',
      default: '`""`, the core group (right for `kind: Service` only)',
      format: 'a DNS subdomain, at most 253 characters',
      since: '1.20',
    },
    kind: {
      doc: 'The kind of the target: `Gateway`, `GatewayClass`, `Service` or `ServiceEntry`; istiod rejects any other. A `Service` target only takes effect in the waypoint proxy that serves the Service (ambient mode), never in sidecars.',
      required: true,
      format: 'a kind name, 1–63 characters',
      since: '1.20',
    },
    name: {
      doc: 'The name of the target resource, which has to live in the policy\'s own namespace. A name that matches no resource attaches the policy to nothing, and Istio reports no error.',
      required: true,
      format: '1–253 characters',
      since: '1.20',
    },
    namespace: {
      doc: 'Leave it out: the target is always looked up in the policy\'s own namespace, and istiod rejects a policy that sets this field, because cross-namespace targets are not supported.',
      default: 'the policy\'s own namespace',
      since: '1.20',
    },
  },
};

/** `targetRefs` reads the same on every policy kind; `what` names the kind, `since` the release the kind gained it. */
export function targetRefs(what: string, since = '1.22'): FieldDoc {
  const upgrade =
    since === '1.22'
      ? ' Proxies of control planes older than 1.22 do not know the field and treat the policy as namespace-wide, so pin such a policy with an `istio.io/rev` label during upgrades.'
      : '';
  return {
    doc:
      `The resources this ${what} attaches to: a Gateway API \`Gateway\`, a \`Service\` or a \`ServiceEntry\` in the same namespace, or a \`GatewayClass\` when the ${what} is in the root namespace. ` +
      `It replaces \`selector\` (setting both is rejected) and is the only way to reach a waypoint proxy, which ignores \`selector\`.${upgrade}`,
    range: 'at most 16 references',
    since,
    example: `targetRefs:\n- kind: Gateway\n  group: gateway.networking.k8s.io\n  name: waypoint`,
    message: POLICY_TARGET_REFERENCE,
    // The proto spells this field in camelCase, and istio.io's anchor follows it.
    proto: 'targetRefs',
  };
}

/** The older single `targetRef`, which the proto hides from istio.io. */
export function targetRef(what: string): FieldDoc {
  return {
    doc: `A single resource this ${what} attaches to, the form Istio 1.20 and 1.21 read before \`targetRefs\`. Setting it together with \`selector\` or \`targetRefs\` is rejected.`,
    deprecated: 'write `targetRefs`, a list of the same references.',
    since: '1.20',
    hidden: true,
    message: POLICY_TARGET_REFERENCE,
  };
}
