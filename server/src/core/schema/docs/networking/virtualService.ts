// VirtualService: routing rules for the hosts it claims. Facts from istio/api
// networking/v1alpha3/virtual_service.proto; the sentences are ours.
import { DURATION_1MS, PAGES, type MessageDoc } from '../types';
import { exportTo } from './common';
import { DESTINATION, STRING_MATCH, l4MatchFields, percentage } from './routing';
import { CORS_POLICY, FAULT_INJECTION, HEADERS, HTTP_DIRECT_RESPONSE, HTTP_REDIRECT, HTTP_RETRY, HTTP_REWRITE, MIRROR_POLICY } from './httpPolicies';

const page = PAGES.virtualService;

const HTTP_MATCH: MessageDoc = {
  page,
  anchor: 'HTTPMatchRequest',
  fields: {
    name: { doc: 'A name for this match, joined to the route\'s name in access logs and proxy statistics. It changes nothing about routing.' },
    uri: {
      doc: 'Matches the request path with `exact`, `prefix` or `regex` (RE2, matched against the whole path). Matches are tried in order and the first one wins: put the most specific first and end with a route without `match`, or unmatched requests get a 404.',
      message: STRING_MATCH,
      example: 'match:\n- uri:\n    prefix: /reviews/\n- uri:\n    exact: /reviews',
    },
    scheme: { doc: 'Matches the URI scheme (`http` or `https`) as the client sent it.', message: STRING_MATCH },
    method: { doc: 'Matches the HTTP method, case-sensitively (`GET`, not `get`).', message: STRING_MATCH },
    authority: { doc: 'Matches the `Host` (`:authority`) header, case-sensitively. The VirtualService\'s `hosts` already selected the request, so this is for finer splits, e.g. by port in the header.', message: STRING_MATCH },
    headers: {
      doc: 'Matches request headers: each key is a header name in lowercase, each value a string match; an empty match only checks that the header is there. Header names with capitals never match, because HTTP/2 lowercases them.',
      format: 'map of lowercase header name to `exact`, `prefix` or `regex`',
      message: STRING_MATCH,
      example: 'headers:\n  end-user:\n    exact: jason',
    },
    port: {
      doc: 'Matches the port the request was sent to on the host. Services with a single port need no port match.',
      range: '1–65535',
    },
    sourceLabels: { doc: 'Only requests from workloads with all these labels match. It is about sidecar clients: with explicit `gateways`, `mesh` must be among them.', format: 'map of label name to exact value' },
    gateways: {
      doc:
        'Restricts this match to traffic handled by the named gateways (`mesh` for the sidecars); when set, it replaces the top-level `gateways` list for this match. ' +
        'It is how one VirtualService routes differently on different proxies, as in an egress bundle: on `mesh` send the host to the egress gateway, on the egress Gateway send it out. ' +
        'Every name here must also be in the top-level `gateways`, or the route can never match (ILS0203).',
      example: 'gateways: [mesh, istio-system/egress-gw]\nhttp:\n- match:\n  - gateways: [mesh]\n    port: 80\n  route:\n  - destination:\n      host: istio-egressgateway.istio-system.svc.cluster.local',
    },
    queryParams: {
      doc: 'Matches URL query parameters by name with `exact` or `regex` (prefix is not supported). An empty match only checks that the parameter is present.',
      message: STRING_MATCH,
    },
    ignoreUriCase: { doc: 'When `true`, `uri` `exact` and `prefix` compare without regard to case; `regex` is not affected.', default: '`false`' },
    withoutHeaders: { doc: 'The opposite of `headers`: the match holds only when none of these header conditions hold.', message: STRING_MATCH },
    sourceNamespace: { doc: 'Only requests from workloads of this namespace match. Like `sourceLabels`, it only applies to sidecar clients (`mesh`).' },
    statPrefix: { doc: 'A prefix for the proxy\'s own statistics of this route (`route.<statPrefix>…`), not for Istio\'s service metrics. Leave it out unless you need per-route Envoy statistics, which add memory.' },
  },
};

const HTTP_ROUTE_DESTINATION: MessageDoc = {
  page,
  anchor: 'HTTPRouteDestination',
  fields: {
    destination: { doc: 'The service (and optionally subset and port) this share of the requests goes to.', required: true, message: DESTINATION },
    weight: {
      doc: 'The share of the route\'s requests that go to this destination, relative to the other destinations\' weights (conventionally adding up to 100). With a single destination leave it out; a destination with weight `0` gets nothing.',
      default: '100 when it is the only destination',
      range: '≥ 0',
      example: 'route:\n- destination: { host: reviews, subset: v1 }\n  weight: 90\n- destination: { host: reviews, subset: v2 }\n  weight: 10',
    },
    headers: { doc: 'Header changes applied only to requests and responses of this destination.', message: HEADERS },
  },
};

const ROUTE_DESTINATION: MessageDoc = {
  page,
  anchor: 'RouteDestination',
  fields: {
    destination: { doc: 'The service (and optionally subset and port) that receives this share of the connections.', required: true, message: DESTINATION },
    weight: {
      doc: 'The share of the connections that go to this destination, relative to the other destinations\' weights. Connections, not requests, are split, so long-lived connections move slowly after a change.',
      default: '100 when it is the only destination',
      range: '≥ 0',
    },
  },
};

const DELEGATE: MessageDoc = {
  page,
  anchor: 'Delegate',
  fields: {
    name: { doc: 'The name of the VirtualService that takes over routing for requests matching this route. The delegate has no `hosts` of its own and its routes must stay within this route\'s match.' },
    namespace: { doc: 'The namespace of the delegate VirtualService. Without it, the namespace of this VirtualService.', default: 'this VirtualService\'s namespace' },
  },
};

const HTTP_ROUTE: MessageDoc = {
  page,
  anchor: 'HTTPRoute',
  fields: {
    name: { doc: 'A name for the route, shown in access logs and proxy statistics and used when delegating. It changes nothing about routing.' },
    match: {
      doc: 'The conditions for this route; a request matches if any item matches (within an item, all conditions must hold). Routes are tried in order and the first match wins, so a route without `match` catches everything left.',
      message: HTTP_MATCH,
    },
    route: {
      doc: 'Where matching requests go: one or more weighted destinations. A route forwards (`route`), redirects (`redirect`) or answers itself (`directResponse`); only one of the three.',
      message: HTTP_ROUTE_DESTINATION,
    },
    redirect: { doc: 'Answers matching requests with an HTTP redirect instead of forwarding them. It cannot be combined with `route` or `directResponse`.', message: HTTP_REDIRECT },
    directResponse: { doc: 'Answers matching requests at the proxy with a fixed status and body. It cannot be combined with `route` or `redirect`.', message: HTTP_DIRECT_RESPONSE },
    delegate: { doc: 'Hands matching requests to another VirtualService, so a platform team can own the top-level routes and application teams the rest. Only a VirtualService bound to a gateway or `mesh` at top level may delegate; `route` and `redirect` must be empty.', message: DELEGATE },
    rewrite: { doc: 'Rewrites the path or `Host` before forwarding. It cannot be combined with `redirect`.', message: HTTP_REWRITE },
    timeout: {
      doc: 'The total time allowed for a request on this route, retries included, e.g. `2s`. HTTP routes have no timeout by default, so a hung backend holds its callers; when it expires the caller gets a 504.',
      default: 'none (disabled)',
      format: DURATION_1MS,
    },
    retries: {
      doc: 'The retry policy of the route. Without it Istio still retries twice on connection failures and similar errors; set `attempts: 0` to turn retries off. The route\'s `timeout` bounds all attempts together.',
      default: '`attempts: 2`, `retryOn: connect-failure,refused-stream,unavailable,cancelled` (mesh config `defaultHttpRetryPolicy`)',
      message: HTTP_RETRY,
    },
    fault: { doc: 'Injects delays or errors into a share of the requests at the client side, for resilience testing. While it is set, the route\'s `timeout` and `retries` do not apply.', message: FAULT_INJECTION },
    mirror: {
      doc: 'Sends a copy of each request (or of `mirrorPercentage` of them) to another destination too, fire-and-forget: the copy\'s `Host` gets `-shadow` appended and its responses are discarded. Mirroring doubles the load on whatever the mirror writes to.',
      message: DESTINATION,
    },
    mirrors: { doc: 'Several mirror destinations, each with its own percentage. Use it or `mirror`, not both.', message: MIRROR_POLICY },
    mirrorPercent: { doc: 'The share of requests mirrored, as an integer percentage. Istio still reads it but it cannot express fractions.', deprecated: 'use `mirrorPercentage: {value: …}`.', range: '0–100', proto: 'mirror_percent' },
    mirror_percent: { doc: 'The proto spelling of `mirrorPercent`: the share of requests mirrored, as an integer percentage.', deprecated: 'use `mirrorPercentage: {value: …}`.', range: '0–100' },
    mirrorPercentage: percentage('The share of requests copied to `mirror`.', 'every request (100%)'),
    corsPolicy: { doc: 'The Cross-Origin Resource Sharing policy: which browser origins may call these routes, and how. The proxy answers preflight requests itself.', message: CORS_POLICY },
    headers: { doc: 'Header changes for all requests and responses of this route.', message: HEADERS },
  },
};

const TLS_MATCH: MessageDoc = {
  page,
  anchor: 'TLSMatchAttributes',
  fields: {
    sniHosts: {
      doc: 'The server names (SNI, from the TLS ClientHello) this route matches. Each must fall within the VirtualService\'s `hosts` (a wildcard prefix is allowed); since the traffic stays encrypted, SNI is the only name the proxy sees.',
      required: true,
      example: 'tls:\n- match:\n  - port: 443\n    sniHosts: [api.example.com]\n  route:\n  - destination:\n      host: api.example.com',
    },
    ...l4MatchFields('TLS match'),
  },
};

const TCP_MATCH: MessageDoc = {
  page,
  anchor: 'L4MatchAttributes',
  fields: {
    ...l4MatchFields('TCP match'),
    sourceSubnet: { doc: 'The client\'s IP address or CIDR range. The field is hidden from Istio\'s reference and istiod does not use it, so it restricts nothing.', format: 'IPv4 or IPv6 address, optionally with a `/prefix`', hidden: true },
  },
};

const TLS_ROUTE: MessageDoc = {
  page,
  anchor: 'TLSRoute',
  fields: {
    match: { doc: 'The conditions for this route, by SNI (required) and port; a connection matches if any item matches. Paths and headers are not visible in TLS traffic.', required: true, message: TLS_MATCH },
    route: { doc: 'Where matching TLS connections go, still encrypted.', message: ROUTE_DESTINATION },
  },
};

const TCP_ROUTE: MessageDoc = {
  page,
  anchor: 'TCPRoute',
  fields: {
    match: { doc: 'The conditions for this route, by port, destination address and client; a connection matches if any item matches.', message: TCP_MATCH },
    route: { doc: 'Where matching connections go. A TCP route can split connections by weight, but has no retries, timeouts or header matches.', message: ROUTE_DESTINATION },
  },
};

export const VIRTUAL_SERVICE: MessageDoc = {
  page,
  anchor: 'VirtualService',
  fields: {
    hosts: {
      doc:
        'The names this VirtualService claims: traffic addressed to one of them (HTTP `Host`, TLS SNI, or for TCP the service\'s address) is routed by its rules. A short name such as `reviews` is expanded with the VirtualService\'s namespace, so prefer fully qualified names; a wildcard prefix (`*.example.com`) is allowed and the most specific host wins. ' +
        'For the sidecars a host may be claimed by only one VirtualService (IST0109) and `*` alone is rejected (ILS0202); on a Gateway a host only takes effect if the Gateway exposes it (IST0132).',
      required: 'except for a delegate VirtualService',
      example: 'hosts:\n- reviews.prod.svc.cluster.local\n- "*.example.com"   # quote wildcards in YAML',
    },
    gateways: {
      doc:
        'Where these rules apply: Gateway names (`name` in this namespace, `ns/name` elsewhere) and `mesh` for all the sidecars. ' +
        'Leaving it out means `mesh` only, but once one Gateway is listed `mesh` is no longer implied: list it too when the sidecars need the rules, as every egress bundle does. A listed Gateway applies the rules only if one of its servers exposes one of these hosts to this namespace (IST0132).',
      default: '`[mesh]`',
      example: 'gateways:\n- istio-system/public-gw\n- mesh',
    },
    http: { doc: 'Routes for HTTP/1.1, HTTP/2 and gRPC traffic, tried in order; the first match wins. A request matching no route gets a 404.', message: HTTP_ROUTE },
    tls: { doc: 'Routes for TLS traffic that passes through unterminated (`PASSTHROUGH` gateways, HTTPS or TLS service ports), chosen by SNI.', message: TLS_ROUTE },
    tcp: { doc: 'Routes for opaque TCP traffic, by port and address. TCP traffic that matches no `tls` route (for TLS) or no `tcp` route is not routed by this VirtualService.', message: TCP_ROUTE },
    exportTo: exportTo(
      'VirtualService',
      'Proxies only use VirtualServices visible to their own namespace, gateway proxies included: a VirtualService bound to a Gateway must be exported to the gateway pods\' namespace too (often `istio-system`).',
    ),
  },
};
