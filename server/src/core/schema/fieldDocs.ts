// Fuller descriptions for fields of kinds not yet moved to the per-message
// documentation under docs/ (which wins where both exist). The generated
// schema only carries the one-sentence descriptions of the CRDs; hover shows
// the text below instead when a key matches.
//
// Keys are `Kind.path.to.field` with array items left out of the path
// (`VirtualService.http.route.destination.subset`). Values are markdown, two to
// five sentences, written for this project from Istio's API reference.

const EXPORT_TO_VALUES =
  'Each entry is `.` (this resource\'s own namespace), `*` (every namespace) or a namespace name. ' +
  'Without the field the resource is visible to every namespace, unless the mesh config changes the default.';

export const fieldDocs: Record<string, string> = {
  // ---------------------------------------------------------------- ServiceEntry
  'ServiceEntry.hosts':
    'The names this entry adds to the service registry; VirtualServices and DestinationRules refer to them, HTTP traffic is matched on its `Host` header and TLS traffic on its SNI. ' +
    'A wildcard prefix (`*.example.com`) is allowed, but DNS resolution cannot resolve a wildcard: use `resolution: NONE` or give `endpoints` (ILS0302). ' +
    'If a host is also the name of a Kubernetes Service, the entry does not create a second service: it adds its properties to the existing one. ' +
    'Under `REGISTRY_ONLY` this is how an external name is made reachable through the sidecars.',
  'ServiceEntry.exportTo':
    'The namespaces whose sidecars and gateways can see this entry. ' + EXPORT_TO_VALUES + ' ' +
    'A cluster-wide entry changes routing for every workload of the mesh and can open a hole in `REGISTRY_ONLY` for all of them (ILS0303). ' +
    'When the traffic goes through an egress gateway, export the entry to the gateway\'s namespace too (usually `istio-system`), or the gateway cannot route to the host.',
  'ServiceEntry.resolution':
    'How the proxy finds the endpoints: `NONE` forwards to the IP address the application connected to (for wildcard hosts and pure pass-through), and `STATIC` uses the IP addresses in `endpoints` (or selected WorkloadEntries). ' +
    '`DNS`: resolve the `endpoints` addresses, or the hosts themselves when there are none, and balance across all returned IPs; `DNS_ROUND_ROBIN`: resolve but only use the first IP returned for each new connection, for names that return many addresses. ' +
    '`DYNAMIC_DNS` (recent Istio) resolves each requested name at request time and is meant for wildcard hosts. ' +
    'A wildcard host with `DNS` and no `endpoints` is rejected (ILS0302).',
  'ServiceEntry.location':
    '`MESH_EXTERNAL` (the default) for services outside the mesh, typically third-party APIs: the proxy does not use Istio mTLS toward them, and telemetry reports them as external. ' +
    '`MESH_INTERNAL` for services that are part of the mesh but not in Kubernetes (VMs, other platforms): they are treated like mesh services, mTLS included, and `workloadSelector` may be used. ' +
    'The location does not decide whether a host is reachable; that is `hosts`, `resolution` and `exportTo`.',
  'ServiceEntry.addresses':
    'Virtual IP addresses (or CIDR ranges) of the service. ' +
    'They are required for ports whose protocol is `TCP` or unset: plain TCP carries no name, so without addresses the entry captures all outbound traffic on the port, whatever the destination (IST0134). ' +
    'Istio does not publish DNS records for them by itself: the application, your DNS, or Istio\'s DNS proxy must resolve the host to this address.',
  'ServiceEntry.ports.protocol':
    'One of `HTTP`, `HTTPS`, `HTTP2`, `GRPC`, `TLS`, `TCP`, `MONGO`. It decides what the proxy can see: HTTP, HTTP2 and GRPC allow L7 routing, retries and metrics; `HTTPS` and `TLS` are routed by SNI without decryption; `TCP` only by address and port (which needs `addresses`, IST0134). ' +
    'Left unset, the protocol is guessed from the port name or detected; set it explicitly. ' +
    'Two ServiceEntries must not give the same host and port different protocols (IST0177).',
  'ServiceEntry.ports.targetPort':
    'The port on the endpoints where the traffic is received, when it differs from `number`. ' +
    'It is the usual companion of sidecar TLS origination: the application talks plain HTTP to port 80, `targetPort: 443` sends it to the server\'s HTTPS port, and a DestinationRule with `tls.mode: SIMPLE` on port 80 adds the TLS.',
  'ServiceEntry.endpoints':
    'Explicit endpoints of the service: IP addresses for `STATIC`, or names that `DNS` resolves instead of the hosts (*Istio: Up and Running*, chapter 8, Example 8-2 sends `foo.bar.com` to `baz.com` this way). ' +
    'Endpoint `ports` map a port name of the entry to the port on that endpoint. ' +
    'With `DNS` and no endpoints the hosts themselves are resolved, which is impossible for a wildcard host (ILS0302).',

  // ---------------------------------------------------------------- Gateway
  'Gateway.selector':
    'The labels of the proxy pods that serve this Gateway: `istio: ingressgateway` for Istio\'s default ingress gateway, `istio: egressgateway` for its egress gateway, or the labels of your own gateway deployment. ' +
    'A Gateway is only configuration: if no pod matches, no port is opened and nothing answers, while every resource looks fine (IST0101). ' +
    'By default the selector matches gateway pods in any namespace, and the Secrets named by `credentialName` are read from the namespace of those pods, not of the Gateway.',
  'Gateway.servers.hosts':
    'The hosts this server exposes; a VirtualService binds to the Gateway only if it lists the Gateway and claims one of them (IST0132). ' +
    'Each entry has the form `namespace/host`: `prod/api.example.com` lets only VirtualServices of namespace `prod` bind the host, `./api.example.com` only those of the Gateway\'s own namespace, and `*/api.example.com`, or a bare `api.example.com`, those of any namespace. ' +
    'The host part may be a wildcard (`*.example.com`, or `*` for every host); quote it in YAML, because an unquoted value starting with `*` is an alias (ILS0101). ' +
    'Gateways expose names rather than claim them: several Gateways may expose the same host, but on the same workload and port they conflict (IST0145).',
  'Gateway.servers.port.number':
    'The port the gateway proxy listens on for this server. ' +
    'Clients reach it through the Kubernetes Service in front of the gateway pods, so the number must be one of that Service\'s ports (IST0162). ' +
    'Two Gateways on the same workload and port with overlapping hosts conflict (IST0145).',
  'Gateway.servers.tls.mode':
    'How the gateway handles TLS on this port. `SIMPLE`: terminate TLS with the certificate from `credentialName`; `MUTUAL`: terminate and require a client certificate signed by the given CA; `OPTIONAL_MUTUAL`: ask for a client certificate but accept connections without one. ' +
    '`PASSTHROUGH`: do not terminate; route by SNI to the destination, which the VirtualService does with `tls` routes and `sniHosts`. `AUTO_PASSTHROUGH`: route by SNI without any VirtualService (multi-network east-west gateways). ' +
    '`ISTIO_MUTUAL`: mTLS with the mesh\'s own certificates, for traffic that comes from sidecars, e.g. sidecar to egress gateway.',
  'Gateway.servers.tls.credentialName':
    'The name of the Kubernetes Secret holding the server certificate and key (and, for `MUTUAL`, the CA that signs client certificates). ' +
    'The Secret must be in the namespace of the **gateway pods** (`istio-system` for the default ingress gateway), not of the Gateway resource. ' +
    'It can be a `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`, optionally `ca.crt`) or a generic one (`cert`, `key`, `cacert`); the gateway picks up changes without a restart.',
  'Gateway.servers.tls.httpsRedirect':
    'When `true`, the gateway answers every plain-HTTP request on this server with a 301 redirect to `https://`. ' +
    'Put it on the port-80 server of a host that is also served over HTTPS; a VirtualService must still bind the host for the gateway to answer at all.',

  // ---------------------------------------------------------------- Sidecar
  'Sidecar.outboundTrafficPolicy':
    'Overrides the mesh-wide outbound traffic policy (`meshConfig.outboundTrafficPolicy`) for the workloads this Sidecar applies to: the whole namespace when it has no `workloadSelector`, else the selected pods. ' +
    'It decides what happens to calls to hosts that the workload cannot find in the registry visible to it. ' +
    'Under `ALLOW_ANY` it can also name an `egressProxy` that receives such unknown traffic.',
  'Sidecar.outboundTrafficPolicy.mode':
    '`ALLOW_ANY` lets calls to unknown destinations pass through the sidecar unchanged; `REGISTRY_ONLY` sends them to the BlackHoleCluster, which answers HTTP with 502 and closes TCP connections. ' +
    'With `REGISTRY_ONLY` every external host must be registered by a ServiceEntry visible to the workload and, if this Sidecar lists `egress` hosts, listed there too.',
  'Sidecar.egress.hosts':
    'The services the selected workloads can reach, as `namespace/dnsName`: `./*` for every service of the own namespace, `istio-system/*`, `*/api.example.com` for one host from any namespace. ' +
    'Anything not listed is unknown to these sidecars: under `REGISTRY_ONLY` calls to it get a 502. ' +
    'Listing only what a workload calls keeps its proxy configuration small on large meshes.',

  // ---------------------------------------------------------------- mesh config
  'IstioOperator.meshConfig.outboundTrafficPolicy.mode':
    'The mesh-wide default for calls to hosts that are not in the service registry. `ALLOW_ANY` (Istio\'s default) lets them through; `REGISTRY_ONLY` blocks them: HTTP calls get a 502 from the BlackHoleCluster (`curl http://github.com` from a pod, as the "Istio Egress" post of an advanced Istio deep-dive blog series shows) and TCP connections are closed. ' +
    '`REGISTRY_ONLY` is what makes egress control real: only hosts registered by ServiceEntries are reachable, and together with an egress gateway and a NetworkPolicy it forces external traffic through one controlled exit (ILS0402). ' +
    'A Sidecar resource can override it per namespace or workload. It can also be set with `istioctl install --set meshConfig.outboundTrafficPolicy.mode=REGISTRY_ONLY` or in the `mesh` key of the `istio` ConfigMap.',

  // ---------------------------------------------------------------- security
  'PeerAuthentication.mtls.mode':
    '`STRICT` accepts only mutual-TLS connections, `PERMISSIVE` accepts both mTLS and plain text (useful while migrating), `DISABLE` accepts plain text only, and `UNSET` inherits from the parent scope. ' +
    'Scope depends on placement: in the root namespace (`istio-system`) without selector it is mesh-wide, in another namespace namespace-wide, and with a `selector` it applies to those workloads only. ' +
    'With `STRICT`, clients without a sidecar can no longer reach the workloads.',
  'AuthorizationPolicy.action':
    '`ALLOW` (the default), `DENY`, `AUDIT` or `CUSTOM` (delegate to an external authorizer). ' +
    '`CUSTOM` and `DENY` policies are evaluated before `ALLOW`; a request matching any `DENY` rule is refused. ' +
    'As soon as at least one `ALLOW` policy applies to a workload, requests that match none of the `ALLOW` rules are refused.',
  'AuthorizationPolicy.rules':
    'The conditions (`from`, `to`, `when`) under which the action applies; a request matches if any rule matches. ' +
    'Beware the empty cases: an `ALLOW` policy with no `rules` matches nothing, so `spec: {}` denies every request to the selected workloads, while `rules: [{}]` (one empty rule) matches, and so allows, everything.',
};

/** The istio.io reference page and a one-sentence summary for each Istio kind. */
export const kindDocs: Record<string, { url?: string; summary: string }> = {
  VirtualService: {
    url: 'https://istio.io/latest/docs/reference/config/networking/virtual-service/',
    summary: 'Routing rules for the hosts it claims, applied by the sidecars (`mesh`) and/or the Gateways it binds to.',
  },
  DestinationRule: {
    url: 'https://istio.io/latest/docs/reference/config/networking/destination-rule/',
    summary: 'Client-side policies for a service once routing has chosen it: subsets, load balancing, connection pools, outlier detection and TLS.',
  },
  Gateway: {
    url: 'https://istio.io/latest/docs/reference/config/networking/gateway/',
    summary: 'Ports, protocols, hosts and TLS settings that a set of gateway proxies, chosen by label selector, expose at the edge of the mesh.',
  },
  ServiceEntry: {
    url: 'https://istio.io/latest/docs/reference/config/networking/service-entry/',
    summary: "Adds hosts, such as external APIs or VMs, to Istio's service registry so that the mesh can route to them and apply policies.",
  },
  Sidecar: {
    url: 'https://istio.io/latest/docs/reference/config/networking/sidecar/',
    summary: 'Narrows what the sidecar proxies of a namespace or workload can reach and accept, and can override the outbound traffic policy.',
  },
  WorkloadEntry: {
    url: 'https://istio.io/latest/docs/reference/config/networking/workload-entry/',
    summary: 'Describes a single non-Kubernetes workload (a VM or bare-metal host) so that Services and ServiceEntries can select it like a pod.',
  },
  WorkloadGroup: {
    url: 'https://istio.io/latest/docs/reference/config/networking/workload-group/',
    summary: 'A template from which WorkloadEntries are created automatically when VMs of the group register with the mesh.',
  },
  EnvoyFilter: {
    url: 'https://istio.io/latest/docs/reference/config/networking/envoy-filter/',
    summary: 'Patches the Envoy configuration that Istio generates; powerful but tied to Envoy internals and easily broken by upgrades.',
  },
  ProxyConfig: {
    url: 'https://istio.io/latest/docs/reference/config/networking/proxy-config/',
    summary: 'Per-workload, per-namespace or mesh-wide settings of the proxy itself, such as concurrency, environment variables and image type.',
  },
  AuthorizationPolicy: {
    url: 'https://istio.io/latest/docs/reference/config/security/authorization-policy/',
    summary: 'Access control for workloads: allows, denies, audits or delegates requests based on source identity, request properties and conditions.',
  },
  PeerAuthentication: {
    url: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    summary: 'Sets whether workloads accept mutual TLS only, plain text, or both, for the mesh, a namespace or selected workloads.',
  },
  RequestAuthentication: {
    url: 'https://istio.io/latest/docs/reference/config/security/request_authentication/',
    summary: 'Defines which JWTs a workload validates; requests with invalid tokens are refused, and an AuthorizationPolicy is needed to require one.',
  },
  Telemetry: {
    url: 'https://istio.io/latest/docs/reference/config/telemetry/',
    summary: 'Configures metrics, access logging and tracing for the mesh, a namespace or selected workloads.',
  },
  WasmPlugin: {
    url: 'https://istio.io/latest/docs/reference/config/proxy_extensions/wasm-plugin/',
    summary: "Extends the Istio proxy with WebAssembly filters fetched from an OCI image or URL and applied to selected workloads.",
  },
  IstioMeshGateway: {
    summary:
      'A gateway of Cisco Service Mesh Manager: its operator deploys the proxy Deployment and Service for an ingress or egress gateway. Fields as described in the "IstioMeshGateway CR reference" of the Service Mesh Manager documentation ("Create egress gateway").',
  },
  TrafficExtension: {
    url: 'https://istio.io/latest/docs/reference/config/proxy_extensions/traffic_extension/',
    summary: 'Adds a WebAssembly module or an inline Lua script to the filter chain of selected proxies (Istio 1.30 and later).',
  },
};
