// Gateway (gateway.networking.k8s.io): listeners, addresses and TLS of a
// proxy deployment. Facts from kubernetes-sigs/gateway-api
// apis/v1/gateway_types.go (CRD validation, defaults) and from istiod
// (pilot/pkg/config/kube/gateway/conversion.go, gatewaycommon/deploymentcontroller.go).
import type { FieldDoc, MessageDoc } from '../types';
import { GROUP, KIND, NAME, OBJECT_REFERENCE, PORT, SECRET_OBJECT_REFERENCE, gwType, namespaceSelector } from './references';

const ROUTE_GROUP_KIND = gwType('RouteGroupKind', {
  group: {
    doc: 'The API group of the allowed route kind. The default is right for the Gateway API\'s own route kinds; a kind from another group needs its group here.',
    default: '`gateway.networking.k8s.io`',
    format: GROUP,
  },
  kind: {
    doc: 'A route kind this listener accepts, such as `HTTPRoute` or `TLSRoute`. A kind the listener\'s protocol cannot carry is left out of the listener\'s supported kinds (its status says so), and routes of that kind do not attach.',
    required: true,
    format: KIND,
  },
});

const FROM: Record<string, string> = {
  All: 'Routes from every namespace may attach.',
  Same: 'Only routes in the Gateway\'s own namespace may attach.',
  Selector: 'Routes from the namespaces that `selector` matches may attach.',
};

const ROUTE_NAMESPACES = gwType('RouteNamespaces', {
  from: {
    doc: 'Which namespaces may attach routes to this listener. With the default `Same`, a route in another namespace that names this Gateway in its `parentRefs` is refused (`NotAllowedByListeners`): the usual reason a shared Gateway "ignores" an application team\'s route.',
    default: '`Same`',
    values: FROM,
    example: 'allowedRoutes:\n  namespaces:\n    from: All',
  },
  selector: namespaceSelector('routes'),
});

const ALLOWED_ROUTES = gwType('AllowedRoutes', {
  namespaces: {
    doc: 'The namespaces whose routes may attach to this listener. Without it only routes in the Gateway\'s own namespace attach.',
    default: '`from: Same`',
    message: ROUTE_NAMESPACES,
  },
  kinds: {
    doc: 'The route kinds this listener accepts. Left out, the protocol decides: `HTTPRoute` and `GRPCRoute` on HTTP and HTTPS, `TLSRoute` on TLS, `TCPRoute` on TCP, `UDPRoute` on UDP.',
    default: 'the kinds that fit the listener\'s protocol',
    range: 'at most 8 kinds',
    message: ROUTE_GROUP_KIND,
  },
});

const LISTENER_TLS = gwType('ListenerTLSConfig', {
  mode: {
    doc: 'Whether the Gateway ends TLS itself (`Terminate`, with `certificateRefs`) or forwards the encrypted stream by SNI (`Passthrough`, only on a `TLS` listener, with TLSRoutes). Passthrough on an HTTPS listener is invalid, because HTTP routing needs the decrypted request.',
    default: '`Terminate`',
    values: {
      Terminate: 'The Gateway completes the TLS handshake with the certificates of `certificateRefs` and routes the decrypted traffic.',
      Passthrough: 'The Gateway does not decrypt; it routes the TLS stream by its SNI to the backends of a TLSRoute, which hold the certificates.',
    },
  },
  certificateRefs: {
    doc: 'The Secrets holding the certificate and key the listener serves; required in `Terminate` mode. Istio accepts at most two (an RSA and an ECDSA certificate), and a Secret in another namespace needs a ReferenceGrant there.',
    required: 'when `mode` is `Terminate`',
    range: 'at most 64 references (Istio uses at most 2)',
    example: 'tls:\n  mode: Terminate\n  certificateRefs:\n  - name: shop-cert        # kubernetes.io/tls Secret',
    message: SECRET_OBJECT_REFERENCE,
  },
  options: {
    doc: 'Implementation-specific TLS settings as key/value pairs. Istio reads `gateway.istio.io/tls-terminate-mode` (`MUTUAL`, `OPTIONAL_MUTUAL`, `ISTIO_MUTUAL`…) for client-certificate validation, and ignores keys it does not know.',
    format: 'map of a prefixed key (`example.com/name`) to a string of at most 4096 characters; at most 16 entries',
  },
});

const PROTOCOLS: Record<string, string> = {
  HTTP: 'Plain HTTP/1.1 and HTTP/2 (h2c); carries HTTPRoutes and GRPCRoutes.',
  HTTPS: 'HTTP over TLS terminated at the Gateway (needs `tls.certificateRefs`); carries HTTPRoutes and GRPCRoutes.',
  TLS: 'A TLS stream routed by SNI: TLSRoutes, in `Passthrough` mode or `Terminate` mode.',
  TCP: 'Opaque TCP, routed by port only: TCPRoutes.',
  UDP: 'UDP datagrams: UDPRoutes. Istio does not support it and marks the listener `UnsupportedProtocol`.',
  HBONE: 'Istio\'s own tunnelling protocol, only on waypoint (`istio-waypoint`) and east-west gateways.',
};

export const LISTENER_FIELDS: Record<string, FieldDoc> = {
  name: {
    doc: 'The listener\'s name, unique in the Gateway, which routes use in `parentRefs.sectionName` to attach to this listener only. Renaming it detaches every route that names it.',
    required: true,
    format: 'lowercase letters, digits, `-` and `.`, 1–253 characters',
  },
  hostname: {
    doc: 'The hostname this listener serves (HTTP Host or TLS SNI); routes attach only when their `hostnames` overlap it. Left out, the listener serves every hostname. For TCP and UDP listeners it is ignored.',
    default: 'all hostnames',
    format: 'a DNS name or a `*.`-prefixed wildcard (`*.example.com`), lowercase; no IP address',
    example: 'hostname: "*.example.com"   # quote a leading *',
  },
  port: {
    doc: 'The port the listener accepts connections on. In Istio it becomes a port of the gateway\'s Service and of the Envoy listener; listeners with different protocols on one port conflict, and two listeners on a port must differ by hostname.',
    required: true,
    format: PORT,
    range: '1–65535',
  },
  protocol: {
    doc: 'The protocol the listener speaks, which decides the route kinds it accepts and whether `tls` is needed. A protocol Istio does not support (UDP, or a lowercase spelling) marks the listener `UnsupportedProtocol` and nothing attaches.',
    required: true,
    format: 'one of the names below (uppercase), or a domain-prefixed custom protocol',
    values: PROTOCOLS,
  },
  tls: {
    doc: 'The TLS settings of an HTTPS or TLS listener: terminate with certificates, or pass through. Required for HTTPS and for TLS in `Terminate` mode; an HTTP, TCP or UDP listener must not have it.',
    required: 'for `HTTPS` and `TLS` listeners',
    message: LISTENER_TLS,
  },
  allowedRoutes: {
    doc: 'Which routes may attach to this listener: from which namespaces and of which kinds. The default admits only routes from the Gateway\'s own namespace, of the kinds its protocol carries.',
    default: '`namespaces: {from: Same}`',
    message: ALLOWED_ROUTES,
  },
};

const LISTENER = gwType('Listener', LISTENER_FIELDS);
/** ListenerSet's listeners are the same structure under another type name. */
export const LISTENER_ENTRY = gwType('ListenerEntry', LISTENER_FIELDS);

const ADDRESS_TYPES: Record<string, string> = {
  IPAddress: 'An IPv4 or IPv6 address for the Gateway\'s Service (Istio sets it as the Service\'s load balancer IP).',
  Hostname: 'A DNS name; for Istio, the hostname of an existing gateway Service, which Istio then uses instead of deploying one.',
  NamedAddress: 'An implementation-specific name for an address pool or reservation.',
};

const ADDRESS = gwType('GatewaySpecAddress', {
  type: {
    doc: 'How `value` is to be read. A type the implementation does not support makes the Gateway report `UnsupportedAddress`.',
    default: '`IPAddress`',
    values: ADDRESS_TYPES,
  },
  value: {
    doc: 'The address itself, read according to `type`. With `type: Hostname`, Istio binds the Gateway to the existing gateway Service of that name (`istio-ingressgateway.istio-system.svc.cluster.local`) and deploys nothing.',
    format: 'an IP address, a hostname or a name, at most 253 characters',
  },
});

const PARAMETERS_REF = gwType('LocalParametersReference', {
  group: { doc: 'The API group of the parameters resource; `""` for a ConfigMap, which is what Istio reads.', required: true, format: GROUP },
  kind: { doc: 'The kind of the parameters resource. Istio reads a `ConfigMap` that overlays its generated Deployment, Service and so on; another kind is rejected.', required: true, format: KIND },
  name: { doc: 'The name of the parameters resource, in the Gateway\'s namespace. A missing ConfigMap keeps Istio from deploying the gateway.', required: true, format: NAME },
});

const INFRASTRUCTURE = gwType('GatewayInfrastructure', {
  labels: {
    doc: 'Labels to put on the resources deployed for this Gateway (Istio: the Deployment, its pods, the Service and the ServiceAccount). Useful to match a PeerAuthentication or AuthorizationPolicy selector to the gateway pods.',
    format: 'map of label name to value; at most 8 entries; `gateway.networking.k8s.io/` keys are reserved',
  },
  annotations: {
    doc: 'Annotations to put on the resources deployed for this Gateway; for example a cloud load balancer annotation on the generated Service.',
    format: 'map of annotation name to value; at most 16 entries',
  },
  parametersRef: {
    doc: 'Implementation-specific settings for this Gateway\'s deployment. In Istio, a ConfigMap in the Gateway\'s namespace whose keys (`deployment`, `service`, `horizontalPodAutoscaler`…) are merged into what Istio generates.',
    message: PARAMETERS_REF,
  },
});

const FRONTEND_VALIDATION = gwType('FrontendTLSValidation', {
  caCertificateRefs: {
    doc: 'The CA certificates that client certificates are checked against: setting it turns on mutual TLS for the listeners on these ports. A CA bundle that cannot be read makes the Gateway refuse the affected listeners.',
    required: true,
    range: '1–16 references',
    message: OBJECT_REFERENCE,
  },
  mode: {
    doc: 'What happens to a client without a valid certificate: refused (`AllowValidOnly`), or admitted anyway (`AllowInsecureFallback`), which istiod flags with an `InsecureFrontendValidationMode` condition on the Gateway.',
    default: '`AllowValidOnly`',
    values: {
      AllowValidOnly: 'Only clients presenting a certificate signed by one of the CAs complete the handshake.',
      AllowInsecureFallback: 'Clients without a valid certificate are let in as well; the backends must not rely on the client being verified.',
    },
  },
});

const TLS_CONFIG = gwType('TLSConfig', {
  validation: { doc: 'Client-certificate validation (mutual TLS) for these listeners. Without it, clients are not asked for a certificate.', message: FRONTEND_VALIDATION },
});

const TLS_PORT_CONFIG = gwType('TLSPortConfig', {
  port: { doc: 'The listener port this override applies to; it replaces `default` for the listeners on that port.', required: true, format: PORT, range: '1–65535' },
  tls: { doc: 'The client-validation settings for the listeners on this port.', required: true, message: TLS_CONFIG },
});

const FRONTEND_TLS = gwType('FrontendTLSConfig', {
  default: { doc: 'The client-validation settings for every TLS listener of the Gateway that no `perPort` entry overrides.', required: true, message: TLS_CONFIG },
  perPort: { doc: 'Overrides of `default` for the listeners on a given port. Each port may appear once.', range: 'at most 64 entries', message: TLS_PORT_CONFIG },
});

const BACKEND_TLS = gwType('GatewayBackendTLS', {
  clientCertificateRef: {
    doc: 'The certificate the Gateway presents to backends that ask for a client certificate (when it originates TLS to them, see BackendTLSPolicy). A Secret in another namespace needs a ReferenceGrant.',
    message: SECRET_OBJECT_REFERENCE,
  },
});

const GATEWAY_TLS = gwType('GatewayTLSConfig', {
  backend: { doc: 'TLS settings for the Gateway\'s connections to backends, shared by all its listeners.', message: BACKEND_TLS },
  frontend: { doc: 'TLS settings for client connections that apply across listeners, chiefly mutual TLS with client certificates.', message: FRONTEND_TLS },
});

const ALLOWED_LISTENERS = gwType('AllowedListeners', {
  namespaces: {
    doc: 'The namespaces whose ListenerSets may add listeners to this Gateway. The default admits none, so a ListenerSet that names this Gateway stays unattached (`NotAllowed`) until this is set.',
    default: '`from: None`',
    message: gwType('ListenerNamespaces', {
      from: {
        doc: 'Which namespaces may attach ListenerSets to this Gateway. With the default `None`, every ListenerSet is refused.',
        default: '`None`',
        values: { None: 'No ListenerSet may attach.', Same: 'Only ListenerSets in the Gateway\'s own namespace may attach.', All: 'ListenerSets from every namespace may attach.', Selector: 'ListenerSets from the namespaces that `selector` matches may attach.' },
      },
      selector: namespaceSelector('ListenerSets'),
    }),
  },
});

export const GATEWAY_API_GATEWAY: MessageDoc = gwType('GatewaySpec', {
  gatewayClassName: {
    doc: 'The GatewayClass that decides which controller runs this Gateway. With Istio, `istio` deploys a gateway named `<gateway>-istio` (Deployment and Service) in the Gateway\'s namespace, `istio-waypoint` a waypoint proxy and `istio-east-west` an east-west gateway; a class no controller owns leaves the Gateway `Accepted: Unknown` forever.',
    required: true,
    format: NAME,
    example: 'gatewayClassName: istio   # Istio deploys <name>-istio',
  },
  listeners: {
    doc: 'The ports, protocols and hostnames the Gateway accepts traffic on; routes attach to these. Listener names must be unique, and listeners sharing a port must be compatible (same protocol, distinct hostnames), or they conflict and are not programmed.',
    required: true,
    range: '1–64 listeners',
    example: 'listeners:\n- name: https\n  port: 443\n  protocol: HTTPS\n  hostname: shop.example.com\n  tls:\n    certificateRefs:\n    - name: shop-cert\n  allowedRoutes:\n    namespaces:\n      from: All',
    message: LISTENER,
  },
  addresses: {
    doc: 'The addresses the Gateway should be reachable at. In Istio, an `IPAddress` asks for that load balancer IP, and a `Hostname` binds the Gateway to an existing gateway Service instead of deploying one; an address that cannot be honoured leaves the Gateway not `Programmed`.',
    default: 'the implementation assigns addresses (Istio: the generated Service\'s)',
    range: 'at most 16 addresses, each value unique',
    message: ADDRESS,
  },
  infrastructure: {
    doc: 'Labels, annotations and parameters for the resources the implementation deploys for this Gateway (Istio: the `<gateway>-istio` Deployment, Service and ServiceAccount).',
    message: INFRASTRUCTURE,
  },
  allowedListeners: {
    doc: 'Which ListenerSets may add listeners to this Gateway. Left out, none may.',
    default: 'no ListenerSet attaches',
    message: ALLOWED_LISTENERS,
  },
  tls: {
    doc: 'TLS settings that apply to the whole Gateway: client-certificate validation for its listeners (`frontend`) and the certificate it shows to backends (`backend`).',
    message: GATEWAY_TLS,
  },
  defaultScope: {
    doc: 'Makes this Gateway a default Gateway: routes that set `useDefaultGateways` to the same scope attach to it without naming it. Experimental; it can attach routes no one meant for this Gateway, so prefer explicit `parentRefs`.',
    default: 'not a default Gateway',
    values: {
      All: 'Claim every route whose `useDefaultGateways` is `All` (still subject to `allowedRoutes`).',
      None: 'Not a default Gateway.',
    },
  },
});
