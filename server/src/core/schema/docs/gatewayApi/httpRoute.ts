// HTTPRoute and GRPCRoute: request matching, filters, backends, timeouts and
// retries. Facts from kubernetes-sigs/gateway-api apis/v1/httproute_types.go,
// grpcroute_types.go and shared_types.go (CRD validation, defaults), and from
// istiod's translation into VirtualServices
// (pilot/pkg/config/kube/gateway/conversion.go: retries, timeouts, matches).
import type { FieldDoc, MessageDoc } from '../types';
import { GRPC_ROUTE_FILTER, HTTP_ROUTE_FILTER, backendFilters, ruleFilters } from './httpFilters';
import { backendRefFields, backendRefs, commonRouteFields, gwType, hostnames } from './references';

/** Gateway API durations are Go-style, at most four digit groups (`1h`, `500ms`, `1m30s`). */
const GW_DURATION = 'a duration, digits with a unit `h`, `m`, `s` or `ms`; units may be combined (`1m30s`), at most 4 digits each';

const RULE_NAME: FieldDoc = {
  doc: 'A name for the rule, unique in the route, that policies and `status` can refer to (a policy\'s `targetRefs.sectionName`). It changes no routing.',
  format: 'lowercase letters, digits, `-` and `.`, 1–253 characters',
};

const MATCH_TYPE = (what: string): FieldDoc => ({
  doc: `How the ${what} value is compared: exactly, or as a regular expression (RE2 syntax in Istio, matched against the whole value).`,
  default: '`Exact`',
  values: {
    Exact: `The ${what} value equals \`value\` exactly.`,
    RegularExpression: `The whole ${what} value matches \`value\` as an RE2 regular expression; a partial match is not enough.`,
  },
});

const HEADER_MATCH = (anchor: string): MessageDoc =>
  gwType(anchor, {
    type: MATCH_TYPE('header'),
    name: {
      doc: 'The header to test, compared case-insensitively. When two entries name the same header, only the first one counts.',
      required: true,
      format: 'an HTTP header name, 1–256 characters',
    },
    value: { doc: 'The value the header must have (or match, for `RegularExpression`). A request without the header never matches.', required: true, format: '1–4096 characters' },
  });

const SESSION_PERSISTENCE = gwType('SessionPersistence', {
  sessionName: { doc: 'The name of the cookie or header that carries the session. Istio does not implement route-level session persistence; use a DestinationRule\'s consistent-hash load balancing for stickiness.', format: 'at most 128 characters' },
  absoluteTimeout: { doc: 'How long a session lasts from its start, whatever the activity. After it the next request may land on another backend.', format: GW_DURATION },
  idleTimeout: { doc: 'How long a session lasts without requests before it ends.', format: GW_DURATION },
  type: {
    doc: 'Where the session is kept: in a cookie the gateway sets, or in a header the client sends.',
    default: '`Cookie`',
    values: { Cookie: 'The gateway sets a cookie naming the chosen backend.', Header: 'The session is identified by a request header the client carries.' },
  },
  cookieConfig: {
    doc: 'The cookie settings for `type: Cookie`.',
    message: gwType('CookieConfig', {
      lifetimeType: {
        doc: 'Whether the session cookie outlives the browser session. `Permanent` needs `absoluteTimeout`, which becomes the cookie\'s expiry.',
        default: '`Session`',
        values: { Session: 'A browser-session cookie, gone when the browser closes.', Permanent: 'A cookie with an expiry taken from `absoluteTimeout`.' },
      },
    }),
  },
});

const sessionPersistence = (route: string): FieldDoc => ({
  doc: `Keeps a client's ${route} requests on the same backend. It is experimental, and Istio does not act on it at the route level (use a DestinationRule with \`consistentHash\`).`,
  message: SESSION_PERSISTENCE,
});

const PATH_MATCH = gwType('HTTPPathMatch', {
  type: {
    doc: 'How the request path is compared with `value`. `PathPrefix` matches whole segments: `/api` matches `/api` and `/api/v1`, never `/apis`.',
    default: '`PathPrefix`',
    values: {
      PathPrefix: 'The path starts with `value`, segment by segment (a trailing `/` in `value` is ignored).',
      Exact: 'The path equals `value`, character for character (a trailing `/` matters).',
      RegularExpression: 'The whole path matches `value` as an RE2 regular expression (Istio).',
    },
  },
  value: {
    doc: 'The path (or expression) to compare. For `PathPrefix` and `Exact` it must start with `/` and contain no `//`, `/./`, `/../`, `%2f` or `#`.',
    default: '`"/"`',
    format: 'an absolute path, at most 1024 characters',
  },
});

const HTTP_ROUTE_MATCH = gwType('HTTPRouteMatch', {
  path: {
    doc: 'The request path condition. Left out, it is a `PathPrefix` on `/`, which matches every path.',
    default: '`type: PathPrefix`, `value: "/"`',
    example: 'matches:\n- path:\n    type: PathPrefix\n    value: /api',
    message: PATH_MATCH,
  },
  headers: { doc: 'Request headers that must all match (ANDed with the other conditions of this match).', range: 'at most 16 headers, names unique', message: HEADER_MATCH('HTTPHeaderMatch') },
  queryParams: {
    doc: 'Query parameters that must all match; a parameter absent from the request fails the match.',
    range: 'at most 16 parameters, names unique',
    message: gwType('HTTPQueryParamMatch', {
      type: MATCH_TYPE('query parameter'),
      name: { doc: 'The query parameter to test, compared exactly (case-sensitive). When a request repeats the parameter, which value is tested is up to the implementation.', required: true, format: '1–256 characters' },
      value: { doc: 'The value the parameter must have (or match, for `RegularExpression`).', required: true, format: '1–1024 characters' },
    }),
  },
  method: {
    doc: 'The HTTP method the request must use. Left out, every method matches.',
    default: 'any method',
    values: {
      GET: 'Only `GET` requests.',
      HEAD: 'Only `HEAD` requests.',
      POST: 'Only `POST` requests.',
      PUT: 'Only `PUT` requests.',
      DELETE: 'Only `DELETE` requests.',
      CONNECT: 'Only `CONNECT` requests.',
      OPTIONS: 'Only `OPTIONS` requests.',
      TRACE: 'Only `TRACE` requests.',
      PATCH: 'Only `PATCH` requests.',
    },
  },
});

const HTTP_BACKEND_REF = gwType('HTTPBackendRef', backendRefFields({ filters: backendFilters('HTTP', HTTP_ROUTE_FILTER) }));

const TIMEOUTS = gwType('HTTPRouteTimeouts', {
  request: {
    doc: 'The longest the gateway waits for the complete response to a client request, retries included; past it the client gets 504. `0s` turns the timeout off. Istio writes it as the VirtualService route timeout.',
    default: 'none in Istio (no timeout)',
    format: GW_DURATION,
  },
  backendRequest: {
    doc: 'The longest one attempt to the backend may take; with `retry`, Istio uses it as the per-try timeout. It must not exceed `request`.',
    default: 'the `request` timeout',
    format: GW_DURATION,
  },
});

const RETRY = gwType('HTTPRouteRetry', {
  codes: {
    doc: 'The HTTP status codes (5xx, and 4xx such as 429) that make the gateway retry. Istio always retries connection failures, refused streams and `unavailable`/`cancelled` gRPC statuses as well.',
    format: 'status codes, 400–599',
  },
  attempts: {
    doc: 'How many retries a request gets after the first try; `0` turns retries off. Retries multiply the load on a failing backend.',
    default: '`2` in Istio',
    format: 'an integer',
    range: '0 or more',
  },
  backoff: { doc: 'The base wait between retries, which the proxy grows exponentially with jitter.', default: 'Envoy\'s 25ms base', format: GW_DURATION },
});

const HTTP_ROUTE_RULE = gwType('HTTPRouteRule', {
  name: RULE_NAME,
  matches: {
    doc: 'The conditions a request must meet for this rule, any one of them (ORed). Across rules, the most specific match wins: an `Exact` path before the longest prefix, then the most headers, then the most query parameters, then the oldest route.',
    default: 'one match: `path: {type: PathPrefix, value: "/"}`',
    range: 'at most 64 matches',
    message: HTTP_ROUTE_MATCH,
  },
  filters: ruleFilters('HTTP', HTTP_ROUTE_FILTER),
  backendRefs: backendRefs('HTTP', HTTP_BACKEND_REF, ' Without backendRefs (and without a redirect), matched requests get 500.'),
  timeouts: { doc: 'Timeouts for the requests this rule matches: the whole request, and each try to the backend.', message: TIMEOUTS },
  retry: { doc: 'Retries of failed requests (by status code and on connection errors) for this rule. Istio translates it into the VirtualService route\'s retries.', message: RETRY },
  sessionPersistence: sessionPersistence('HTTP'),
});

export const HTTP_ROUTE: MessageDoc = gwType('HTTPRouteSpec', {
  ...commonRouteFields('HTTPRoute'),
  hostnames: hostnames('HTTPRoute'),
  rules: {
    doc: 'The routing rules: each matches requests and sends them to its backends, with optional filters. Left out, one rule matching every path is assumed, with no backends, so every request it catches gets 500.',
    default: 'one rule matching every path (`PathPrefix /`)',
    range: 'at most 16 rules',
    example: 'rules:\n- matches:\n  - path:\n      type: PathPrefix\n      value: /reviews\n  backendRefs:\n  - name: reviews\n    port: 9080',
    message: HTTP_ROUTE_RULE,
  },
});

// GRPCRoute.

const GRPC_METHOD_MATCH = gwType('GRPCMethodMatch', {
  type: {
    doc: 'How `service` and `method` are compared with the request\'s `/<service>/<method>` path.',
    default: '`Exact`',
    values: {
      Exact: 'The service and method names are equal to the ones given; a left-out one matches any.',
      RegularExpression: 'The service and method names match the given RE2 expressions.',
    },
  },
  service: { doc: 'The fully qualified gRPC service, with its package (`helloworld.Greeter`), as written in the `.proto`. Left out, any service matches; at least one of `service` and `method` must be set.', format: 'a dotted name, at most 1024 characters' },
  method: { doc: 'The gRPC method name (`SayHello`) within `service`. Left out, every method of the service matches.', format: 'a name, at most 1024 characters' },
});

const GRPC_ROUTE_MATCH = gwType('GRPCRouteMatch', {
  method: { doc: 'The gRPC service and method to match. Left out, every method matches.', example: 'matches:\n- method:\n    service: helloworld.Greeter\n    method: SayHello', message: GRPC_METHOD_MATCH },
  headers: { doc: 'The gRPC metadata (request headers) that must all match; a call without one of them fails this match.', range: 'at most 16 headers', message: HEADER_MATCH('GRPCHeaderMatch') },
});

const GRPC_BACKEND_REF = gwType('GRPCBackendRef', backendRefFields({ filters: backendFilters('gRPC', GRPC_ROUTE_FILTER) }));

const GRPC_ROUTE_RULE = gwType('GRPCRouteRule', {
  name: RULE_NAME,
  matches: {
    doc: 'The conditions a request must meet for this rule, any one of them (ORed). Left out, every gRPC request matches.',
    default: 'every request',
    range: 'at most 64 matches',
    message: GRPC_ROUTE_MATCH,
  },
  filters: ruleFilters('gRPC', GRPC_ROUTE_FILTER),
  backendRefs: backendRefs('gRPC', GRPC_BACKEND_REF, ' The backend Service port should declare gRPC or HTTP/2 (`appProtocol: grpc` or a `grpc-` port name), or Istio may send HTTP/1.1.'),
  sessionPersistence: sessionPersistence('gRPC'),
});

export const GRPC_ROUTE: MessageDoc = gwType('GRPCRouteSpec', {
  ...commonRouteFields('GRPCRoute'),
  hostnames: hostnames('GRPCRoute', ' When a GRPCRoute and an HTTPRoute share a hostname on one listener, only the older of the two is accepted.'),
  rules: {
    doc: 'The routing rules: each matches gRPC calls by service, method or metadata and sends them to its backends.',
    range: 'at most 16 rules',
    message: GRPC_ROUTE_RULE,
  },
});
