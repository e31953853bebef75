// Every rule istio-ls reports: one code, one severity, one title, one docs
// anchor (in the style of vscode-css-languageservice's lintRules.ts).
// Analyzers name their rules through `Rules.X`; a finding's severity comes
// from here alone (users change it with the setting istio.severity).
// Adding a rule is one line in its range; document it in docs/diagnostics.md
// (test/core/rules.test.mjs checks both).
import type { Finding, Severity, Span } from './model';

export interface Rule<C extends string = string> {
  readonly code: C;
  readonly severity: Severity;
  readonly title: string;
  /** The rule's page: istio.io's analysis reference for IST codes, docs/diagnostics.md for ILS codes. */
  readonly docs: string;
}

const DOCS = 'https://github.com/istio-ls/istio-ls/blob/main/docs/diagnostics.md';

function rule<C extends string>(code: C, severity: Severity, title: string): Rule<C> {
  const docs = code.startsWith('IST') ? `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/` : `${DOCS}#${code.toLowerCase()}`;
  return { code, severity, title, docs };
}

export const Rules = {
  // IST: the codes `istioctl analyze` uses for the same check.
  DeprecatedField: rule('IST0002', 'warning', 'Deprecated field'),
  ReferencedResourceNotFound: rule('IST0101', 'error', 'Referenced resource not found'),
  SchemaValidation: rule('IST0106', 'error', 'Schema validation error'),
  ConflictingMeshGatewayHosts: rule('IST0109', 'error', 'Conflicting mesh gateway VirtualService hosts'),
  ConflictingSidecarSelectors: rule('IST0110', 'error', 'Conflicting Sidecar workload selectors'),
  MultipleDefaultSidecars: rule('IST0111', 'error', 'Multiple Sidecars without workload selectors'),
  DestinationPortRequired: rule('IST0112', 'error', 'VirtualService destination port selection required'),
  NamespaceMultipleInjectionLabels: rule('IST0123', 'warning', 'Namespace has both injection labels'),
  NoCaForTlsOrigination: rule('IST0128', 'warning', 'No CA certificate for TLS origination'),
  NoCaForPortTlsOrigination: rule('IST0129', 'warning', 'No CA certificate for port-level TLS origination'),
  VirtualServiceHostNotInGateway: rule('IST0132', 'warning', 'VirtualService host not found in Gateway'),
  ServiceEntryAddressesRequired: rule('IST0134', 'warning', 'ServiceEntry addresses required'),
  ConflictingGateways: rule('IST0145', 'error', 'Conflicting Gateways'),
  GatewayPortNotOnService: rule('IST0162', 'warning', 'Gateway port not defined on Service'),
  ReferencedInternalGateway: rule('IST0165', 'warning', 'VirtualService references an internal generated Gateway'),
  JwtClaimRoutingWithoutRequestAuthentication: rule('IST0149', 'warning', 'JWT claim routing without a RequestAuthentication'),
  PolicyMatchesNoWorkload: rule('IST0127', 'warning', 'No matching workloads for this policy'),
  IneffectivePolicy: rule('IST0167', 'warning', 'Ineffective policy'),
  SubsetMatchesNoWorkload: rule('IST0173', 'warning', 'DestinationRule subset matches no workload'),
  DestinationRuleHostNotFound: rule('IST0174', 'warning', 'DestinationRule host not found'),
  ConflictingServiceEntryProtocols: rule('IST0177', 'warning', 'Conflicting ServiceEntry port protocols'),

  // ILS00xx: files and documents that cannot be read.
  YamlSyntax: rule('ILS0001', 'error', 'YAML syntax error'),
  TemplateSkipped: rule('ILS0002', 'information', 'Documents skipped: template syntax or SOPS-encrypted values'),
  FileSkipped: rule('ILS0003', 'information', 'File skipped: binary, not UTF-8, too large, or a test assertion'),
  DocumentNotAnalysed: rule('ILS0004', 'warning', 'Document could not be analysed'),
  OtherKindSyntax: rule('ILS0005', 'information', 'YAML syntax problem in a kind istio-ls does not check'),
  // The repository's configuration file (core/config/configFile.ts).
  ConfigInvalidValue: rule('ILS0010', 'error', 'Invalid value in .istio-ls.yaml'),
  ConfigUnknownSetting: rule('ILS0011', 'warning', 'Unknown setting or code in .istio-ls.yaml'),

  // ILS01xx: YAML that reads differently from what it looks like.
  UnquotedWildcardHost: rule('ILS0101', 'error', 'Unquoted wildcard host'),

  // ILS02xx: gateways and the VirtualServices bound to them.
  HostClaimedTwiceOnGateway: rule('ILS0201', 'warning', 'Host claimed twice on one Gateway'),
  MeshVirtualServiceClaimsAll: rule('ILS0202', 'error', 'Mesh VirtualService claims *'),
  MatchGatewayNotListed: rule('ILS0203', 'warning', 'Route matches a gateway the VirtualService is not bound to'),
  EgressWithoutMesh: rule('ILS0204', 'warning', 'Egress VirtualService not bound to mesh'),
  LegacyGatewayReference: rule('ILS0205', 'hint', 'Legacy gateway reference form'),
  GatewaySelectorMatchesNoWorkload: rule('ILS0206', 'warning', 'Gateway selector matches no workload in the workspace'),
  VirtualServiceHiddenFromGateway: rule('ILS0207', 'warning', "VirtualService not exported to the gateway proxies' namespace"),
  GatewaysShareHttpPort: rule('ILS0208', 'information', 'Gateways share a plain HTTP port and host (routes merge)'),
  GatewayNotInWorkspace: rule('ILS0209', 'information', "Gateway of the VirtualService's namespace not in the workspace"),

  // ILS03xx: destinations, DestinationRules and ServiceEntries.
  DestinationRuleMergeLoses: rule('ILS0301', 'warning', 'DestinationRules for one host lose settings when merged'),
  WildcardDnsWithoutEndpoints: rule('ILS0302', 'error', 'Wildcard DNS ServiceEntry without endpoints'),
  ServiceEntryVisibleEverywhere: rule('ILS0303', 'information', 'ServiceEntry visible to every namespace'),
  DestinationHiddenFromGateway: rule('ILS0304', 'warning', "Destination host not exported to the gateway proxies' namespace"),

  // ILS04xx: egress that can be bypassed or cannot start.
  SidecarBypass: rule('ILS0401', 'warning', 'Workload bypasses the sidecar for public addresses'),
  EgressBypassUnderAllowAny: rule('ILS0402', 'information', 'Egress gateway can be bypassed under ALLOW_ANY'),
  MeshGatewayPortNeedsRoot: rule('ILS0403', 'error', 'IstioMeshGateway target port needs root'),
  SidecarEgressImportsNothing: rule('ILS0404', 'warning', 'Sidecar egress host imports nothing from that namespace'),

  // ILS05xx: API versions.
  OlderApiVersion: rule('ILS0501', 'hint', 'Older networking API version'),

  // What Istio's validation webhook (or the CRD's validation rules) rejects: `kubectl apply` fails (validation/).
  UnreachableRouteRule: rule('IST0130', 'warning', 'VirtualService rule never used'),
  IneffectiveRouteMatch: rule('IST0131', 'information', 'VirtualService match never used'),
  InvalidDuration: rule('ILS0601', 'error', 'Invalid duration'),
  GatewayServerTls: rule('ILS0602', 'error', 'Gateway server TLS settings rejected'),
  SniHostNotInHosts: rule('ILS0603', 'error', 'SNI host not among the VirtualService hosts'),
  InvalidRouteDestination: rule('ILS0604', 'error', 'Invalid route destination or weight'),
  InvalidRegex: rule('ILS0605', 'error', 'Invalid regular expression (RE2)'),
  InvalidHeader: rule('ILS0606', 'error', 'Invalid header name or value'),
  PercentageOutOfRange: rule('ILS0607', 'error', 'Percentage out of range'),
  InvalidPort: rule('ILS0608', 'error', 'Invalid port name or number'),
  SidecarEgressHost: rule('ILS0609', 'error', 'Sidecar egress host without namespace'),
  ServiceEntryResolution: rule('ILS0610', 'error', 'ServiceEntry resolution and endpoints rejected'),
  InvalidGatewayReference: rule('ILS0611', 'error', 'Invalid gateway reference'),
  RejectedByValidation: rule('ILS0612', 'error', 'Rejected by Istio validation'),
  PolicyTargetRejected: rule('ILS0613', 'error', 'Invalid policy selector or targetRef'),
  AuthorizationRuleRejected: rule('ILS0614', 'error', 'AuthorizationPolicy rejected'),
  InvalidAuthorizationValue: rule('ILS0615', 'error', 'Invalid value in an authorization rule'),
  JwtRuleRejected: rule('ILS0616', 'error', 'JWT rule rejected'),
  PeerAuthenticationRejected: rule('ILS0617', 'error', 'PeerAuthentication rejected'),
  ValidationWarning: rule('IST0133', 'warning', 'Istio validation warning'),

  // ILS07xx: security policies that never match or apply more widely than they look.
  PrincipalWithSpiffePrefix: rule('ILS0701', 'error', 'Principal written with spiffe:// never matches'),
  CustomProviderNotDefined: rule('ILS0702', 'warning', 'CUSTOM provider not defined in the mesh config'),
  PrincipalTrustDomain: rule('ILS0703', 'warning', 'Principal of another trust domain'),
  RequestPrincipalsWithoutJwt: rule('ILS0704', 'warning', 'requestPrincipals without a RequestAuthentication'),
  MeshWideDenyPolicy: rule('ILS0705', 'information', 'Deny policy applies to the whole mesh'),
  StrictMtlsPlaintext: rule('ILS0707', 'warning', 'Plaintext to a service that requires mutual TLS'),
  PortLevelMtlsServicePort: rule('ILS0706', 'warning', 'portLevelMtls names a Service port, not the workload port'),
  PrincipalUnknownServiceAccount: rule('ILS0708', 'warning', 'Principal names a service account no workload runs as'),

  // ILS09xx: ambient mode: waypoints and what ztunnel enforces.
  WaypointNotFound: rule('ILS0901', 'warning', 'istio.io/use-waypoint names no waypoint'),
  HttpPolicyAtZtunnel: rule('ILS0902', 'warning', 'HTTP rules in a policy ztunnel enforces'),
  RouteWithoutWaypoint: rule('ILS0903', 'warning', 'Route on an ambient Service that no waypoint serves'),
  PolicyWithoutWaypoint: rule('ILS0904', 'warning', 'Policy attached to an ambient Service that no waypoint serves'),

  // ILS08xx: the Kubernetes Gateway API: routes, their parents and backends.
  RouteParentNotFound: rule('ILS0801', 'error', 'Route parent not found'),
  NoMatchingListener: rule('ILS0802', 'error', 'parentRef sectionName or port names no listener'),
  NoListenerHostname: rule('ILS0803', 'error', 'Route hostnames match no listener hostname'),
  RouteKindNotAllowed: rule('ILS0804', 'error', 'Route kind not allowed by the listener'),
  RouteNamespaceNotAllowed: rule('ILS0805', 'error', "Route namespace not allowed by the listener's allowedRoutes"),
  BackendNotFound: rule('ILS0806', 'error', 'Route backend not found'),
  InvalidBackendRef: rule('ILS0807', 'error', 'Invalid backendRef'),
  BackendPortNotOnService: rule('ILS0808', 'error', 'backendRef port not on the Service'),
  ReferenceNotPermitted: rule('ILS0809', 'error', 'Cross-namespace reference without a ReferenceGrant'),
  CertificateRefNotFound: rule('ILS0810', 'warning', 'Listener certificateRef Secret not found'),
  ConflictingListeners: rule('ILS0811', 'error', 'Listeners with the same port, protocol and hostname'),
  GatewayClassNotIstio: rule('ILS0812', 'information', "Gateway of a class Istio does not program"),
  MixedRoutingApis: rule('ILS0813', 'warning', 'VirtualService and Gateway API route for the same host and proxies'),
  VirtualServiceOnKubeGateway: rule('ILS0814', 'warning', 'VirtualService bound to a Gateway API Gateway is not applied there'),
  ExperimentalRouteVersion: rule('ILS0815', 'information', 'TLSRoute version served only by the experimental CRDs'),
  ReferenceGrantUnused: rule('ILS0816', 'information', 'ReferenceGrant allows nothing'),
  ShadowedRouteMatch: rule('ILS0817', 'warning', 'Route match shadowed by an equal match that wins'),
  ListenerSetParentNotFound: rule('ILS0818', 'error', 'ListenerSet parent Gateway not found'),
  ListenerSetNotAllowed: rule('ILS0819', 'error', "ListenerSet not admitted by the Gateway's allowedListeners"),
  UnusedL4Route: rule('ILS0820', 'warning', 'TLSRoute or TCPRoute not used: another route holds its SNI hostname or listener'),
  ListenerSetListenerConflict: rule('ILS0821', 'error', "ListenerSet listener conflicts with a listener of its Gateway"),
} as const satisfies Record<string, Rule>;

export type RuleName = keyof typeof Rules;
export type Code = (typeof Rules)[RuleName]['code'];

/** Rules by code. */
export const catalog: Readonly<Record<string, Rule>> = Object.fromEntries(Object.values(Rules).map((r) => [r.code, r]));

/** The page that documents `code`. */
export function codeUrl(code: string): string {
  return catalog[code]?.docs ?? `${DOCS}#${code.toLowerCase()}`;
}

/** A finding of `rule` outside the analyzers (parser, schema walker); its severity is the rule's. */
export function ruleFinding(rule: Rule, span: Span, message: string, resource: string | null, extra: Pick<Finding, 'data' | 'tags' | 'related' | 'istioVersion'> = {}): Finding {
  return { code: rule.code, severity: rule.severity, message, span, resource, ...extra };
}
