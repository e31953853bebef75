// The reference types every Gateway API kind shares: a route's parentRefs and
// backendRefs, object references to Secrets and other resources, and the
// Kubernetes label selector. Facts from kubernetes-sigs/gateway-api
// apis/v1/shared_types.go and object_reference_types.go (CRD validation), and
// from how istiod resolves them (pilot/pkg/config/kube/gateway/conversion.go).
import { PAGES, type FieldDoc, type MessageDoc } from '../types';

export const page = PAGES.gatewayApi;
export const PORT = 'a port number, 1–65535';
export const NAME = 'a resource name, 1–253 characters';
export const KIND = 'a kind name, 1–63 characters, starting with a letter';
export const GROUP = 'a DNS subdomain, at most 253 characters; `""` is the core group';

/** A message documented in the Gateway API reference, which anchors types, not fields. */
export function gwType(anchor: string, fields: Record<string, FieldDoc>): MessageDoc {
  return { page, anchor, links: 'type', fields };
}

export const PARENT_REFERENCE = gwType('ParentReference', {
  group: {
    doc: 'The API group of the parent. Leave it out for a Gateway; a mesh route in Istio names a Service with `group: ""` (or a ServiceEntry with `networking.istio.io`), and then the route applies to traffic sent to that service instead of to a gateway.',
    default: '`gateway.networking.k8s.io`',
    format: GROUP,
  },
  kind: {
    doc: 'The kind of the parent: `Gateway` (or `ListenerSet`) for ingress and egress routes, `Service` or `ServiceEntry` for mesh (east-west) routes in Istio. istiod does not attach the route to a parent of any other kind.',
    default: '`Gateway`',
    format: KIND,
  },
  namespace: {
    doc: 'The namespace of the parent when it is not the route\'s own. Attaching to another namespace\'s Gateway needs no ReferenceGrant, but that listener\'s `allowedRoutes.namespaces` must admit the route\'s namespace, otherwise the route is not accepted (`NotAllowedByListeners`).',
    default: 'the route\'s own namespace',
    format: 'a namespace name (DNS label), 1–63 characters',
  },
  name: {
    doc: 'The name of the Gateway (or Service) the route attaches to. A name that matches nothing leaves the route unattached: its status says `NoMatchingParent` and no traffic reaches its backends.',
    required: true,
    format: NAME,
  },
  sectionName: {
    doc: 'Narrows the attachment to one listener of the Gateway, by the listener\'s `name` (for a Service parent, a port name). A name that no listener has leaves the route unattached; left out, the route attaches to every listener that accepts it.',
    format: 'a listener name: lowercase letters, digits, `-` and `.`, 1–253 characters',
    example: 'parentRefs:\n- name: public\n  namespace: gateways\n  sectionName: https   # the listener\'s name, not its protocol',
  },
  port: {
    doc: 'Narrows the attachment to the listeners of the Gateway on this port (for a Service parent, to this service port). With `sectionName` too, both must match the same listener; a port no listener uses leaves the route unattached.',
    format: PORT,
    range: '1–65535',
  },
});

/** `parentRefs` and `useDefaultGateways` read the same on every route kind. */
export function commonRouteFields(route: string): Record<string, FieldDoc> {
  return {
    parentRefs: {
      doc: `The Gateways (or, for mesh traffic in Istio, the Services) this ${route} attaches to. A ${route} without a parent it is accepted by carries no traffic at all; check its \`status.parents\` for \`Accepted: True\` on each.`,
      range: 'at most 32 references',
      example: 'parentRefs:\n- name: public          # a Gateway in this namespace\n- kind: Service\n  group: ""\n  name: reviews         # mesh route for traffic to reviews',
      message: PARENT_REFERENCE,
    },
    useDefaultGateways: {
      doc: `Asks for this ${route} to be attached to the Gateways that declare themselves defaults (\`spec.defaultScope\`) on top of its \`parentRefs\`. It is experimental, and implementations that do not support default Gateways ignore it.`,
      default: 'none: only `parentRefs` attach the route',
      values: {
        All: 'Attach to every Gateway whose `defaultScope` is `All`.',
        None: 'Attach only where `parentRefs` says.',
      },
    },
  };
}

/** The route kinds that match on a hostname (HTTP, GRPC, TLS). */
export function hostnames(route: string, extra = ''): FieldDoc {
  return {
    doc:
      `The hostnames (the HTTP Host header, or the TLS SNI) this ${route} serves; they are intersected with the hostname of each listener it attaches to. ` +
      `When no hostname overlaps a listener's, the route is not attached there (\`NoMatchingListenerHostname\`).${extra}`,
    default: 'every hostname the listener accepts',
    format: 'a DNS name or a `*.`-prefixed wildcard, lowercase, at most 253 characters; no IP addresses and no port',
    range: 'at most 16 hostnames',
    example: 'hostnames:\n- shop.example.com\n- "*.shop.example.com"   # quote a leading *',
  };
}

const backendObjectFields: Record<string, FieldDoc> = {
  group: {
    doc: 'The API group of the backend: `""` for a Service, `networking.istio.io` for Istio\'s `kind: Hostname` (a ServiceEntry host). istiod reports `InvalidKind` for a group and kind it does not know.',
    default: '`""`, the core group (a Service)',
    format: GROUP,
  },
  kind: {
    doc: 'The kind of the backend: `Service` by default. Istio also accepts `kind: Hostname` with `group: networking.istio.io`, whose `name` is a ServiceEntry host, and `ServiceImport` for multi-cluster services.',
    default: '`Service`',
    format: KIND,
    example: 'backendRefs:\n- kind: Hostname\n  group: networking.istio.io\n  name: api.example.com\n  port: 443',
  },
  name: {
    doc: 'The name of the backend: the Service\'s `metadata.name`, not its DNS name (istiod rejects `reviews.prod.svc.cluster.local` here). For `kind: Hostname` it is the ServiceEntry host itself. A backend that does not exist makes its share of the traffic fail with 500 (`BackendNotFound`).',
    required: true,
    format: NAME,
  },
  namespace: {
    doc: 'The backend\'s namespace when it is not the route\'s own. A cross-namespace backend needs a ReferenceGrant in the backend\'s namespace that allows this route kind; without one the reference is refused (`RefNotPermitted`). istiod rejects a namespace on `kind: Hostname`.',
    default: 'the route\'s own namespace',
    format: 'a namespace name (DNS label), 1–63 characters',
  },
  port: {
    doc: 'The port of the backend Service that receives the traffic: the Service `port`, not the container\'s `targetPort`. It is required when the backend is a Service; a port the Service does not expose sends nothing.',
    required: 'for a Service backend',
    format: PORT,
    range: '1–65535',
  },
};

/** A reference to a backend without a weight (mirror and external auth targets). */
export const BACKEND_OBJECT_REFERENCE = gwType('BackendObjectReference', backendObjectFields);

/** `weight` of a backendRef. */
export const WEIGHT: FieldDoc = {
  doc: 'This backend\'s share of the rule\'s traffic, relative to the sum of the weights of all its backendRefs: with weights 90 and 10, one request in ten goes here. Weight 0 sends it nothing; when every weight is 0 (or every backend is invalid) the rule answers 500.',
  default: '`1`',
  format: 'an integer',
  range: '0–1000000',
  example: 'backendRefs:\n- name: reviews-v1\n  port: 9080\n  weight: 90\n- name: reviews-v2\n  port: 9080\n  weight: 10',
};

/** The fields of a weighted backendRef, plus the route kind's own `filters`. */
export function backendRefFields(extra: Record<string, FieldDoc> = {}): Record<string, FieldDoc> {
  return { ...backendObjectFields, weight: WEIGHT, ...extra };
}

/** `backendRefs` of a route rule. */
export function backendRefs(route: string, message: MessageDoc, extra = ''): FieldDoc {
  return {
    doc: `Where this rule sends the matched ${route} traffic, split by \`weight\`.${extra} A backendRef that cannot be resolved keeps its share of the traffic and fails it instead of moving it to the other backends.`,
    range: 'at most 16 backends',
    message,
  };
}

export const LOCAL_OBJECT_REFERENCE = gwType('LocalObjectReference', {
  group: {
    doc: 'The API group of the referenced resource, which lives in the same namespace. For a filter\'s `extensionRef` it is the group of the implementation\'s custom filter resource.',
    required: true,
    format: GROUP,
  },
  kind: {
    doc: 'The kind of the referenced resource in the same namespace. A kind the implementation does not know makes it reject the filter, and the rule with it.',
    required: true,
    format: KIND,
  },
  name: {
    doc: 'The name of the referenced resource in the route\'s namespace. A name that matches nothing makes the implementation reject the rule.',
    required: true,
    format: NAME,
  },
});

/** A reference to a Secret (certificates), by default in the referrer's namespace. */
export const SECRET_OBJECT_REFERENCE = gwType('SecretObjectReference', {
  group: {
    doc: 'The API group of the certificate resource: `""` for a Kubernetes Secret, which is what Istio reads.',
    default: '`""`, the core group',
    format: GROUP,
  },
  kind: {
    doc: 'The kind of the certificate resource: a Secret of type `kubernetes.io/tls` (keys `tls.crt` and `tls.key`) or an opaque Secret with the same keys. A kind Istio does not read leaves the listener without a certificate (`InvalidCertificateRef`).',
    default: '`Secret`',
    format: KIND,
  },
  name: {
    doc: 'The name of the Secret that holds the certificate and key. A Secret that istiod cannot find or read makes the listener invalid, and HTTPS clients then fail the handshake.',
    required: true,
    format: NAME,
  },
  namespace: {
    doc: 'The namespace of the Secret when it is not the Gateway\'s own. A Secret in another namespace needs a ReferenceGrant there that allows `Gateway` to read `Secret`s; without one the listener reports `RefNotPermitted`.',
    default: 'the referring resource\'s namespace',
    format: 'a namespace name (DNS label), 1–63 characters',
  },
});

/** A reference to a CA bundle (ConfigMap or Secret) for TLS validation. */
export const OBJECT_REFERENCE = gwType('ObjectReference', {
  group: {
    doc: 'The API group of the CA bundle: `""` for a ConfigMap or Secret. It is required, so write `group: ""` explicitly for core resources.',
    required: true,
    format: GROUP,
  },
  kind: {
    doc: 'The kind of the resource holding the CA certificates, typically `ConfigMap` (key `ca.crt`). An unsupported kind leaves validation without trust anchors, so clients or backends fail the handshake.',
    required: true,
    format: KIND,
  },
  name: {
    doc: 'The name of the resource holding the PEM CA certificates. A name that does not resolve makes the TLS configuration invalid.',
    required: true,
    format: NAME,
  },
  namespace: {
    doc: 'The namespace of the CA bundle when it is not the referrer\'s. Another namespace needs a ReferenceGrant there.',
    default: 'the referring resource\'s namespace',
    format: 'a namespace name (DNS label), 1–63 characters',
  },
});

const LABEL_SELECTOR_REQUIREMENT: MessageDoc = {
  page: 'https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/',
  anchor: 'LabelSelector',
  links: 'type',
  fields: {
    key: { doc: 'The label name this requirement tests on each namespace.', required: true, format: 'a label name, optionally `prefix/`-qualified' },
    operator: {
      doc: 'How the label is compared with `values`: `In`, `NotIn`, `Exists` or `DoesNotExist`. A misspelt operator makes the API server reject the resource.',
      required: true,
      values: {
        In: 'The label is set to one of `values`.',
        NotIn: 'The label is missing or set to none of `values`.',
        Exists: 'The label is set, to anything; `values` must be empty.',
        DoesNotExist: 'The label is not set; `values` must be empty.',
      },
    },
    values: { doc: 'The values compared with the label for `In` and `NotIn`. They must be empty for `Exists` and `DoesNotExist`.', format: 'a list of label values' },
  },
};

/** A Kubernetes label selector over namespaces (allowedRoutes, allowedListeners). */
export function namespaceSelector(what: string): FieldDoc {
  return {
    doc: `Selects the namespaces whose ${what} may attach, by the namespaces' labels; it is used only when \`from\` is \`Selector\`, and then it is required. Every namespace carries \`kubernetes.io/metadata.name\`, which selects namespaces by name.`,
    required: 'when `from` is `Selector`',
    example: 'namespaces:\n  from: Selector\n  selector:\n    matchLabels:\n      kubernetes.io/metadata.name: shop',
    message: {
      ...LABEL_SELECTOR_REQUIREMENT,
      fields: {
        matchLabels: { doc: 'Labels a namespace must all carry, with exactly these values. An empty selector matches every namespace.', format: 'map of label name to exact value' },
        matchExpressions: { doc: 'Further requirements on the namespace labels, all of which must hold (they are ANDed with `matchLabels`).', message: LABEL_SELECTOR_REQUIREMENT },
      },
    },
  };
}
