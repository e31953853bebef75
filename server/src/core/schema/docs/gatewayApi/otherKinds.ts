// TLSRoute, TCPRoute, UDPRoute, ReferenceGrant, GatewayClass, BackendTLSPolicy
// and ListenerSet. Facts from kubernetes-sigs/gateway-api apis/v1 and
// apis/v1alpha2 (*_types.go, CRD validation) and from istiod
// (pilot/pkg/config/kube/gateway: conversion.go, backend_policies.go,
// gateway_collection.go; gatewaycommon/classinfo.go).
import type { FieldDoc, MessageDoc } from '../types';
import { LISTENER_ENTRY } from './gateway';
import { GROUP, KIND, NAME, backendRefFields, backendRefs, commonRouteFields, gwType, hostnames } from './references';

const RULE_NAME: FieldDoc = {
  doc: 'A name for the rule, unique in the route, that policies and `status` can refer to. It changes no routing.',
  format: 'lowercase letters, digits, `-` and `.`, 1–253 characters',
};

/** TCP, TLS and UDP rules: only backends, weighted. */
function streamRoute(route: string, ruleAnchor: string, specAnchor: string, protocol: string, extra: Record<string, FieldDoc> = {}, rulesDoc = ''): MessageDoc {
  const rule = gwType(ruleAnchor, {
    name: RULE_NAME,
    backendRefs: { ...backendRefs(protocol, gwType('BackendRef', backendRefFields())), required: true },
  });
  return gwType(specAnchor, {
    ...commonRouteFields(route),
    ...extra,
    rules: {
      doc: `The backends that receive the ${protocol} connections this ${route} accepts.${rulesDoc}`,
      required: true,
      range: route === 'TLSRoute' ? '`v1`: exactly 1 rule; `v1alpha2`: 1–16 rules' : '1–16 rules',
      example: 'rules:\n- backendRefs:\n  - name: db\n    port: 5432',
      message: rule,
    },
  });
}

export const TLS_ROUTE = streamRoute(
  'TLSRoute',
  'TLSRouteRule',
  'TLSRouteSpec',
  'TLS',
  {
    hostnames: {
      ...hostnames('TLSRoute', ' The match is on the SNI the client sends; a client that sends none (connecting by IP) matches no TLSRoute hostname.'),
      required: 'in `v1` (at least one); optional in `v1alpha2`',
      range: 'at most 1024 hostnames',
    },
  },
  ' With a `Passthrough` listener the backends receive the encrypted stream and must serve the certificate for the hostname themselves.',
);

export const TCP_ROUTE = streamRoute('TCPRoute', 'TCPRouteRule', 'TCPRouteSpec', 'TCP', {}, ' A TCP listener cannot tell connections apart, so several TCPRoutes on one listener cannot be routed separately: give each its own listener (port).');

export const UDP_ROUTE = streamRoute('UDPRoute', 'UDPRouteRule', 'UDPRouteSpec', 'UDP', {}, ' Istio does not support UDP listeners, so with Istio a UDPRoute is never attached.');

// ReferenceGrant.

export const REFERENCE_GRANT = gwType('ReferenceGrantSpec', {
  from: {
    doc: 'The resources in other namespaces allowed to refer to resources in the grant\'s namespace. A grant is only read in the namespace of the target (the Service or Secret), so putting it in the route\'s namespace allows nothing.',
    required: true,
    range: '1–16 entries',
    example: '# in the namespace of the Service\nfrom:\n- group: gateway.networking.k8s.io\n  kind: HTTPRoute\n  namespace: frontend\nto:\n- group: ""\n  kind: Service',
    message: gwType('ReferenceGrantFrom', {
      group: {
        doc: 'The API group of the referring kind: `gateway.networking.k8s.io` for routes and Gateways. A wrong group makes the grant match no reference, and the reference stays `RefNotPermitted`.',
        required: true,
        format: GROUP,
      },
      kind: {
        doc: 'The kind allowed to refer: `HTTPRoute`, `GRPCRoute`, `TLSRoute`, `TCPRoute` for backendRefs, `Gateway` for certificateRefs. Each route kind needs its own entry.',
        required: true,
        format: KIND,
      },
      namespace: {
        doc: 'The namespace the referring resources live in. Every such resource in that namespace is allowed; a grant cannot name one route.',
        required: true,
        format: 'a namespace name (DNS label), 1–63 characters',
      },
    }),
  },
  to: {
    doc: 'The resources of this namespace that the `from` resources may refer to: Services for backends, Secrets for TLS certificates. A reference to a kind not listed stays refused.',
    required: true,
    range: '1–16 entries',
    message: gwType('ReferenceGrantTo', {
      group: { doc: 'The API group of the target kind: `""` for Services and Secrets (write it explicitly; it is required).', required: true, format: GROUP },
      kind: { doc: 'The kind that may be referred to, such as `Service` or `Secret`.', required: true, format: KIND },
      name: { doc: 'Limits the grant to the one resource of this name. Left out, every resource of the kind in the namespace may be referred to.', default: 'every resource of the kind', format: NAME },
    }),
  },
});

// GatewayClass.

export const GATEWAY_CLASS = gwType('GatewayClassSpec', {
  controllerName: {
    doc: 'The controller that runs the Gateways of this class. Istio owns `istio.io/gateway-controller` (class `istio`), `istio.io/mesh-controller` (`istio-waypoint`), `istio.io/eastwest-controller` (`istio-east-west`) and `istio.io/unmanaged-gateway` (`istio-remote`); a name no controller owns leaves the class `Accepted: Unknown`. It cannot be changed after creation.',
    required: true,
    format: 'a domain-prefixed path (`example.net/gateway-controller`), 1–253 characters',
  },
  parametersRef: {
    doc: 'Controller-specific settings shared by every Gateway of the class. Istio does not read it: class-wide defaults come from a ConfigMap in the root namespace labelled `gateway.istio.io/defaults-for-class: <class>`, and per-Gateway settings from `infrastructure.parametersRef`.',
    message: gwType('ParametersReference', {
      group: { doc: 'The API group of the parameters resource; `""` for a ConfigMap.', required: true, format: GROUP },
      kind: { doc: 'The kind of the parameters resource; Istio reads a `ConfigMap`.', required: true, format: KIND },
      name: { doc: 'The name of the parameters resource. A missing one makes the class report `InvalidParameters`.', required: true, format: NAME },
      namespace: { doc: 'The namespace of a namespaced parameters resource (a ConfigMap). It must be set for namespaced kinds and left out for cluster-scoped ones.', required: 'for a namespaced kind', format: 'a namespace name (DNS label), 1–63 characters' },
    }),
  },
  description: { doc: 'A short human-readable note on what the class is for, shown to people choosing a class. It has no effect on traffic.', format: 'at most 64 characters' },
});

// BackendTLSPolicy.

export const BACKEND_TLS_POLICY = gwType('BackendTLSPolicySpec', {
  targetRefs: {
    doc: 'The Services (and, with `sectionName`, their named ports) whose connections from the gateway are to use TLS. The targets live in the policy\'s namespace; with Istio this replaces a DestinationRule `tls` setting for gateway traffic.',
    required: true,
    range: '1–16 references',
    message: gwType('LocalPolicyTargetReferenceWithSectionName', {
      group: { doc: 'The API group of the target: `""` for a Service, `networking.istio.io` for a ServiceEntry in Istio.', required: true, format: GROUP },
      kind: { doc: 'The kind of the target, usually `Service` (Istio also accepts `ServiceEntry`).', required: true, format: KIND },
      name: { doc: 'The name of the target in the policy\'s namespace. A name that matches nothing leaves the policy unattached, and the connections stay plaintext.', required: true, format: NAME },
      sectionName: { doc: 'Limits the policy to one named port of the Service. Left out, it applies to every port.', default: 'every port', format: 'a port name, 1–253 characters' },
    }),
  },
  validation: {
    doc: 'How the gateway verifies the backend\'s certificate: the trust anchors and the hostname it must carry. A wrong CA or hostname fails every handshake, and clients see 503.',
    required: true,
    message: gwType('BackendTLSPolicyValidation', {
      caCertificateRefs: {
        doc: 'ConfigMaps (key `ca.crt`) in the policy\'s namespace holding the CA certificates that sign the backend\'s certificate. Set it or `wellKnownCACertificates`, not both.',
        range: 'at most 8 references',
        message: gwType('LocalObjectReference', {
          group: { doc: 'The API group of the CA bundle: `""` for a ConfigMap (write it explicitly).', required: true, format: GROUP },
          kind: { doc: 'The kind of the CA bundle, normally `ConfigMap`. An unsupported kind makes the policy invalid.', required: true, format: KIND },
          name: { doc: 'The name of the ConfigMap in the policy\'s namespace. A missing one leaves no trust anchor, so the handshake fails.', required: true, format: NAME },
        }),
      },
      wellKnownCACertificates: {
        doc: 'Trusts the CAs of the gateway\'s system store instead of a listed bundle, for backends with publicly signed certificates.',
        format: '`System`',
      },
      hostname: {
        doc: 'The name the gateway sends as SNI and expects in the backend\'s certificate (unless `subjectAltNames` says otherwise). A mismatch fails the handshake.',
        required: true,
        format: 'a DNS name without wildcard, at most 253 characters',
      },
      subjectAltNames: {
        doc: 'Names any one of which the backend\'s certificate must carry, instead of `hostname`. Use it when the certificate does not name the SNI hostname.',
        range: 'at most 5 names',
        message: gwType('SubjectAltName', {
          type: {
            doc: 'Which kind of subject alternative name this entry is, and so which of `hostname` and `uri` is set.',
            required: true,
            values: { Hostname: 'A DNS name in `hostname`.', URI: 'A URI in `uri`, such as a SPIFFE ID (`spiffe://cluster.local/ns/prod/sa/db`).' },
          },
          hostname: { doc: 'The DNS name the certificate must carry, when `type` is `Hostname`.', required: 'when `type` is `Hostname`', format: 'a DNS name, wildcards allowed' },
          uri: { doc: 'The URI the certificate must carry, when `type` is `URI`.', required: 'when `type` is `URI`', format: 'an absolute URI' },
        }),
      },
    }),
  },
  options: {
    doc: 'Implementation-specific TLS settings as key/value pairs; keys an implementation does not know are ignored.',
    format: 'map of a prefixed key to a string; at most 16 entries',
  },
});

// ListenerSet.

export const LISTENER_SET = gwType('ListenerSetSpec', {
  parentRef: {
    doc: 'The Gateway this ListenerSet adds its listeners to. That Gateway must admit it through `spec.allowedListeners`, which by default admits none; otherwise the ListenerSet reports `NotAllowed` and its listeners carry no traffic.',
    required: true,
    message: gwType('ParentGatewayReference', {
      group: { doc: 'The API group of the parent Gateway.', default: '`gateway.networking.k8s.io`', format: GROUP },
      kind: { doc: 'The kind of the parent, `Gateway`.', default: '`Gateway`', format: KIND },
      name: { doc: 'The name of the parent Gateway. A name that matches nothing leaves the listeners unattached.', required: true, format: NAME },
      namespace: { doc: 'The namespace of the parent Gateway when it is not the ListenerSet\'s own; the Gateway\'s `allowedListeners` must admit this namespace.', default: 'the ListenerSet\'s namespace', format: 'a namespace name (DNS label), 1–63 characters' },
    }),
  },
  listeners: {
    doc: 'Listeners added to the parent Gateway, written like the Gateway\'s own. Routes attach to them with `parentRefs` naming the ListenerSet (`kind: ListenerSet`); a listener that conflicts with another on the Gateway is not programmed.',
    required: true,
    range: '1–64 listeners',
    message: LISTENER_ENTRY,
  },
});
