// Plain data shared by every layer of the core. Offsets are UTF-16 code units
// into the file text; positions are made only at the edge (see text.ts).

export interface Span {
  start: number;
  end: number;
}

/** A string value in the YAML with the span of its scalar. */
export interface StrRef {
  value: string;
  span: Span;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Related {
  uri: string;
  span: Span;
  message: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** Resource key `Kind/namespace/name`, or null for file-level problems. */
  resource: string | null;
  related?: Related[];
  /** Facts a quick fix needs (the suggested field, the missing subset…). */
  data?: Record<string, unknown>;
  /** Deprecated or unnecessary code, shown struck through or faded. */
  tags?: ('deprecated' | 'unnecessary')[];
  /** Holds only for some Istio releases (setting `istio.version`): below one, or from one on. */
  istioVersion?: { below?: string; atLeast?: string };
}

export type Labels = Record<string, string>;

export interface PortRef {
  number: number;
  name?: string;
  protocol?: string;
  targetPort?: number;
  span: Span;
}

export interface GatewayServer {
  port?: PortRef;
  hosts: StrRef[];
  tlsMode?: string;
  credentialName?: StrRef;
  /** The address the server listens on (`bind`); servers with different addresses never conflict. */
  bind?: string;
  span: Span;
}

export interface Destination {
  host: StrRef;
  subset?: StrRef;
  port?: { number: number; span: Span };
  /** Span of the whole `destination` mapping, for inserting keys. */
  span: Span;
  role: 'route' | 'mirror';
  /** `route[].weight`, when set. */
  weight?: number;
}

export interface RouteRule {
  protocol: 'http' | 'tcp' | 'tls';
  index: number;
  name?: string;
  span: Span;
  matchGateways: StrRef[];
  /** Ports named by the rule's match clauses. */
  matchPorts: number[];
  sniHosts: StrRef[];
  destinations: Destination[];
  /** The match clauses in short (`uri prefix /api`, `header x-user`), for pictures and hovers. */
  matchText?: string;
  /** HTTP rules: one entry per Envoy route the rule becomes (a rule without `match` is one catch-all). */
  matches?: RouteMatch[];
  /** HTTP rules: `headers`/`withoutHeaders` keys that route on a JWT claim (`@request.auth.claims.…`). */
  jwtClaimKeys?: StrRef[];
}

/** One `match` clause of an HTTP rule, reduced to what decides which of two routes wins. */
export interface RouteMatch {
  /** Canonical text of the request conditions (uri, headers, method…); equal keys match the same requests. */
  key: string;
  /** Matches every request (no condition, or only `uri` prefix `/` or regex `.*`), so Istio sorts it last. */
  catchAll: boolean;
  /** `match.gateways`: the clause applies only on these gateways (empty: wherever the rule applies). */
  gateways: string[];
  /** `match.port`: the clause applies only to the gateway server on this port. */
  port?: number;
}

export interface TlsSettings {
  mode: string;
  hasCa: boolean;
  hasCredential: boolean;
  skipVerify?: true; // `insecureSkipVerify: true`
  span: Span;
  /** Where it sits: `trafficPolicy`, `portLevelSettings[0]`, `subsets[name]`. */
  where: string;
}

export interface Subset {
  name: StrRef;
  labels: Labels;
  span: Span;
  tls?: TlsSettings;
  /** The whole subset as canonical JSON: two equal definitions lose nothing when Istio merges them. */
  key?: string;
}

export interface GatewayData {
  kind: 'Gateway';
  selector: Labels;
  selectorSpan?: Span;
  servers: GatewayServer[];
}

export interface VirtualServiceData {
  kind: 'VirtualService';
  hosts: StrRef[];
  hostsSpan?: Span;
  gateways: StrRef[];
  gatewaysSpan?: Span;
  exportTo?: string[];
  routes: RouteRule[];
}

export interface DestinationRuleData {
  kind: 'DestinationRule';
  host?: StrRef;
  exportTo?: string[];
  subsets: Subset[];
  subsetsSpan?: Span;
  trafficPolicySpan?: Span;
  /** The top-level trafficPolicy as canonical JSON. */
  trafficPolicyKey?: string;
  tls: TlsSettings[];
  workloadSelector?: Labels;
}

export interface ServiceEntryData {
  kind: 'ServiceEntry';
  hosts: StrRef[];
  hostsSpan?: Span;
  ports: PortRef[];
  addresses: string[];
  resolution?: StrRef;
  location?: string;
  endpointCount: number;
  hasWorkloadSelector: boolean;
  exportTo?: string[];
  exportToSpan?: Span;
  /** `status.addresses` is set: istiod allocated the entry's addresses. */
  allocated?: boolean;
}

export interface ServiceData {
  kind: 'Service';
  selector: Labels;
  ports: PortRef[];
  type?: string;
  /** The annotation `networking.istio.io/exportTo`, split at commas. */
  exportTo?: string[];
}

export interface WorkloadData {
  kind: 'Workload';
  labels: Labels;
  annotations: Labels;
  annotationSpans: Record<string, Span>;
  ports: number[];
  /** `serviceAccountName` of the pod template (`default` when unset): the workload's identity. */
  serviceAccount?: string;
  /** The labels some of its pods carry in a phase of a rollout (Argo Rollouts' canary and stable metadata), each whole. */
  phaseLabels?: Labels[];
}

export interface MeshConfigData {
  kind: 'MeshConfig';
  outboundPolicy?: StrRef;
  /** `meshConfig.rootNamespace`, when set. */
  rootNamespace?: string;
  /** Read from an IstioOperator (which may also customise the gateways' Services). */
  operator?: boolean;
  /** What an IstioOperator installs beyond its own document: gateway pods and Services. */
  installs?: Installs;
  /** The security settings of the mesh config, when the document declares one. */
  security?: MeshSecurity;
}

/** What the security checks read of a mesh config the workspace declares (IstioOperator, `istio` ConfigMap, istiod Helm values). */
export interface MeshSecurity {
  /** `trustDomain`, when written (default `cluster.local`). */
  trustDomain?: string;
  trustDomainAliases: string[];
  /** `extensionProviders[].name`. */
  extensionProviders: string[];
  /** `caCertificates[].trustDomains`: peers of these trust domains are accepted too (federated meshes). */
  caTrustDomains?: string[];
  dns?: 'capture' | 'allocate'; // `defaultConfig.proxyMetadata`: DNS capture on, and address auto-allocation with it
  partial?: true; // other values (a chart release's valuesFrom, value files) merge into it: not the whole mesh config
  /** Where the mesh config is written, for related locations. */
  span: Span;
}

/** Where a security policy applies: `selector.matchLabels`, or `targetRef(s)`, or (neither) the whole namespace. */
export interface PolicyScope {
  selector?: Labels;
  selectorSpan?: Span;
  targetRefs: { group: string; kind: string; name: StrRef; span: Span }[];
}

export interface AuthorizationPolicyData extends PolicyScope {
  kind: 'AuthorizationPolicy';
  /** ALLOW unless written. */
  action: string;
  actionSpan?: Span;
  /** `provider.name` under action CUSTOM. */
  provider?: StrRef;
  /** `rules` is written and non-empty (an ALLOW policy without rules allows nothing). */
  hasRules: boolean;
  /** Every `principals`/`notPrincipals` value of the rules' sources. */
  principals: StrRef[];
  /** Every `namespaces`/`notNamespaces` value. */
  namespaces: StrRef[];
  /** `requestPrincipals` values (the positive ones: they require a JWT). */
  requestPrincipals: StrRef[];
  /** The HTTP-only attributes the rules use (paths, methods, hosts, request principals, remote IPs, L7 `when` keys), each on its key: ztunnel cannot enforce them. */
  httpAttributes?: StrRef[];
}

export interface PeerAuthenticationData extends PolicyScope {
  kind: 'PeerAuthentication';
  /** `mtls.mode`, when written (UNSET inherits). */
  mode?: StrRef;
  /** `portLevelMtls` keys with their modes. */
  portLevel: { port: number; mode?: string; span: Span }[];
}

export interface RequestAuthenticationData extends PolicyScope {
  kind: 'RequestAuthentication';
  issuers: StrRef[];
}

/** Pods and Services an installer creates that no file spells out (an IstioOperator's gateways, a chart release's). */
export interface Installs {
  /** Pseudo-resources (kind Deployment, data Workload) for the gateway pods, pointing at the entry that creates them. */
  workloads: Resource[];
  /** Fully qualified Service hosts the installer creates. */
  hosts: string[];
  /** Pseudo-resources (kind Service) whose ports are known: the Service Istio deploys for a Gateway API Gateway. */
  services?: Resource[];
}

/** A GitOps resource that deploys something elsewhere: a Flux Kustomization or HelmRelease, an Argo CD Application. */
export interface DeployData {
  kind: 'Deploy';
  targetNamespace?: string; // where the deployed resources go, when it says ('' when a template makes it unknown: any namespace)
  paths: string[]; // repository paths it applies (Flux `spec.path`, Argo `source.path`), as written
  /** For each path, the name of the repository Argo CD reads it from (`repoURL`'s last segment), '' when unknown. */
  pathRepos?: string[];
  charts: string[]; // Helm chart names it installs
  /** Set by the kustomize placement: a path matches no workspace directory, so it deploys resources the workspace does not show. */
  outside?: boolean;
  installs: Installs;
  /** The mesh config of an istiod chart release (`values.meshConfig`). */
  security?: MeshSecurity;
}

export interface MeshGatewayData {
  kind: 'IstioMeshGateway';
  gatewayType?: string;
  runAsRoot: boolean;
  ports: PortRef[];
  labels: Labels;
}

export interface SidecarData {
  kind: 'Sidecar';
  egressHosts: StrRef[];
  workloadSelector?: Labels;
  /** `outboundTrafficPolicy.mode`: overrides the mesh-wide mode for the proxies this Sidecar applies to. */
  outboundPolicy?: StrRef;
}

export interface EnvoyFilterData {
  kind: 'EnvoyFilter';
  /** `workloadSelector.labels`, when written. */
  workloadSelector?: Labels;
  /** `targetRefs` is written (the filter then attaches to those Gateways or waypoints only). */
  targeted: boolean;
}

export interface WorkloadEntryData {
  kind: 'WorkloadEntry';
  labels: Labels;
}

/** A Secret, or what makes one: a cert-manager Certificate, an ExternalSecret, a SealedSecret. */
export interface SecretData {
  kind: 'Secret';
  /** The name of the Secret it is or creates. */
  secretName: string;
}

/** A port number with the span of its value. */
export interface NumRef {
  value: number;
  span: Span;
}

/** A Gateway API parentRef (a Gateway, or for mesh routes a Service or ServiceEntry). */
export interface ParentRef {
  /** `gateway.networking.k8s.io` unless written. */
  group: string;
  /** `Gateway` unless written. */
  kind: string;
  name: StrRef;
  /** As written; unset means the route's own namespace. */
  namespace?: StrRef;
  sectionName?: StrRef;
  port?: NumRef;
  span: Span;
}

/** A Gateway API backendRef, certificateRef or other object reference. */
export interface ObjectRef {
  /** `""` (core) unless written. */
  group: string;
  /** `Service` (backends) or `Secret` (certificates) unless written. */
  kind: string;
  name: StrRef;
  namespace?: StrRef;
  port?: NumRef;
  /** `port` is written but is not a number (a `${PORT}` a deploy tool substitutes): not missing, not known. */
  portUnread?: true;
  /** backendRefs: the index of the route rule that holds it, and its weight when written. */
  rule?: number;
  weight?: number;
  span: Span;
}

export interface Listener {
  name: StrRef;
  hostname?: StrRef;
  port?: NumRef;
  protocol?: string;
  tlsMode?: string;
  certificateRefs: ObjectRef[];
  /** `allowedRoutes.namespaces.from`: Same unless written. */
  from: string;
  /** `allowedRoutes.namespaces.selector.matchLabels`, for `from: Selector`. */
  fromSelector?: Labels;
  /** `allowedRoutes.kinds`, when written. */
  kinds?: { group: string; kind: string }[];
  span: Span;
}

/** A Gateway of the Kubernetes Gateway API (gateway.networking.k8s.io). */
export interface KubeGatewayData {
  kind: 'KubeGateway';
  className?: StrRef;
  listeners: Listener[];
  /** What Istio deploys for a Gateway of one of its classes: the `<name>-<class>` Deployment and Service. */
  installs?: Installs;
  /** `spec.allowedListeners.namespaces`: which namespaces' ListenerSets attach (`from` None unless written). */
  allowedListeners: AllowedListeners;
  /** A `cert-manager.io/issuer` or `cert-manager.io/cluster-issuer` annotation: cert-manager makes the listeners' Secrets. */
  certManager?: true;
}

export interface AllowedListeners {
  from: string;
  /** `selector.matchLabels`, for `from: Selector`; undefined when the selector also has matchExpressions. */
  selector?: Labels;
  /** The `allowedListeners` key, when written. */
  span?: Span;
}

/** A ListenerSet (gateway.networking.k8s.io/v1): listeners added to a parent Gateway that admits them. */
export interface KubeListenerSetData {
  kind: 'KubeListenerSet';
  /** `spec.parentRef` (group and kind default to the Gateway API's Gateway). */
  parentRef?: ParentRef;
  listeners: Listener[];
}

/** HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute. */
export interface KubeRouteData {
  kind: 'KubeRoute';
  parentRefs: ParentRef[];
  hostnames: StrRef[];
  backendRefs: ObjectRef[];
  /** Per rule, its matches in words (`PathPrefix /api`, `method GET`), empty when it matches everything. */
  ruleMatches?: string[];
  /** HTTPRoute and GRPCRoute: every match of every rule, as a canonical key (routeMatchKeys.ts). */
  matches?: KubeRouteMatch[];
  /** `metadata.creationTimestamp` when written (exported objects): the older route wins a conflict. */
  created?: string;
}

/** One match of a Gateway API route rule: equal keys select the same requests. */
export interface KubeRouteMatch {
  rule: number;
  key: string;
  span: Span;
}

export interface ReferenceGrantData {
  kind: 'ReferenceGrant';
  from: { group: string; kind: string; namespace: string; span: Span; namespaceSpan?: Span }[];
  to: { group: string; kind: string; name?: string; span: Span }[];
}

export interface GatewayClassData {
  kind: 'GatewayClass';
  controllerName?: string;
}

export interface OtherData {
  kind: 'Other';
}

export type KindData =
  | GatewayData
  | VirtualServiceData
  | DestinationRuleData
  | ServiceEntryData
  | ServiceData
  | WorkloadData
  | MeshConfigData
  | MeshGatewayData
  | SidecarData
  | EnvoyFilterData
  | WorkloadEntryData
  | SecretData
  | DeployData
  | KubeGatewayData
  | KubeListenerSetData
  | KubeRouteData
  | ReferenceGrantData
  | GatewayClassData
  | AuthorizationPolicyData
  | PeerAuthenticationData
  | RequestAuthenticationData
  | OtherData;

/** What the index keeps of one Kubernetes document: no syntax tree. */
export interface Resource {
  uri: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** The explicit `metadata.namespace`, or undefined (resolved by the snapshot). */
  explicitNamespace?: string;
  /** Resolved namespace: explicit, else the configured default. */
  namespace: string;
  docIndex: number;
  /** Set for an item of a `kind: List` document: its index in `items`. */
  listItem?: number;
  span: Span;
  kindSpan?: Span;
  apiVersionSpan?: Span;
  nameSpan?: Span;
  labels: Labels;
  /** Codes suppressed by `galley.istio.io/analyze-suppress`. */
  suppress: string[];
  /** `istio.io/use-waypoint` (with `istio.io/use-waypoint-namespace`) on a Namespace, Service, ServiceEntry, WorkloadEntry or pod template. */
  useWaypoint?: { name: StrRef; namespace?: string };
  data: KindData;
  /** Istio kinds are validated and analysed; Kubernetes kinds feed the registry. */
  istio: boolean;
  /**
   * Set by the kustomize placement when overlays put this resource in several namespaces: every one of them
   * (`namespace` is the first). It is then registered in each, and its own references resolve in each.
   */
  namespaces?: string[];
  /**
   * Set by the kustomize placement: the top-level builds (kustomization directories, Flux Kustomizations,
   * Argo CD Applications) that include this resource. Two resources with no build in common are alternatives,
   * never applied together, and never conflict.
   */
  builds?: string[];
  kustomized?: true; // some build runs kustomize over it (a kustomization lists it, or Flux applies its path)
  /**
   * Set by the kustomize placement when a kustomization of its build has a
   * `namePrefix`/`nameSuffix`: the name kustomize gives it. `name` stays as
   * written (navigation and rename edit the text); lookups accept both, since
   * kustomize rewrites references only where its configurations say so.
   */
  builtName?: string;
  /**
   * Set by the kustomize placement when a kustomization of one of its builds
   * patches it (`patches` or `patchesJson6902` with a target naming it, or a
   * strategic-merge patch file with its kind and name): values the patch may
   * replace, such as a Service's ports, are then not known from the file; `every` when every build does.
   */
  patched?: 'some' | 'every';
}

/** What istio-ls reads of a `kustomization.yaml`. */
export interface KustomizationData {
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  /** `resources`, `bases` and `components` entries as written (files, directories, URLs). */
  resources: string[];
  /** Files that patch resources (`patchesStrategicMerge`, `patches[].path`, `patchesJson6902[].path`). */
  patches: string[];
  /** `Kind/name` of the resources `patches[].target` and `patchesJson6902[].target` name (`*` for a part left out). */
  patchTargets: string[];
  /** It also builds resources from outside the workspace (remote bases, `helmCharts`). */
  external: boolean;
  component?: true; // a `kind: Component`: its patches apply to the whole build that lists it
  deployNamespace?: string; // the spec.targetNamespace its inline patches give the Flux Kustomizations it lists
  secretGenerators?: string[]; // names of the Secrets its `secretGenerator` makes
}

export interface FileSummary {
  uri: string;
  /** Length of the text the summary was built from. */
  length: number;
  resources: Resource[];
  /** Per-file findings: syntax, schema and single-resource checks. */
  findings: Finding[];
  /** Offsets where lines start, so positions can be made without the text. */
  lineStarts: number[];
  /** How many YAML documents were parsed (for the work counters). */
  documents: number;
  kustomization?: KustomizationData; // set for a `kustomization.yaml`
  /** Documents istio-ls could not read (template syntax) that may define Services or pods, or name a kind. */
  unread?: UnreadDocument[];
}

/** A document that could not be read but may register hosts or run pods (summary/extractUnread.ts). */
export interface UnreadDocument {
  namespace?: string; // the namespace it names literally; absent when templated or not written (then it is unknown)
  kind?: string; // its kind when written literally
  /** False when its kind neither registers hosts nor runs pods (it then makes no namespace incomplete). */
  registers?: false;
}
