// Fuller descriptions for fields of kinds not yet moved to the per-message
// documentation under docs/ (which wins where both exist). The generated
// schema only carries the one-sentence descriptions of the CRDs; hover shows
// the text below instead when a key matches.
//
// Keys are `Kind.path.to.field` with array items left out of the path
// (`VirtualService.http.route.destination.subset`). Values are markdown, two to
// five sentences, written for this project from Istio's API reference.

export const fieldDocs: Record<string, string> = {
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
