// The filters of HTTPRoute and GRPCRoute rules and backendRefs: header
// changes, mirroring, redirects, rewrites, CORS, external auth. Facts from
// kubernetes-sigs/gateway-api apis/v1/httproute_types.go and from istiod's
// conversion of each filter (pilot/pkg/config/kube/gateway/conversion.go),
// which rejects the rule with an unsupported filter type.
import type { FieldDoc, MessageDoc } from '../types';
import { BACKEND_OBJECT_REFERENCE, LOCAL_OBJECT_REFERENCE, gwType } from './references';

const HEADER_NAME = 'an HTTP header name (letters, digits and `!#$%&\'*+-.^_`|~`), 1–256 characters, case-insensitive';

const HTTP_HEADER = gwType('HTTPHeader', {
  name: { doc: 'The header to write. Header names are case-insensitive: two entries differing only in case name the same header, and only the first takes effect.', required: true, format: HEADER_NAME },
  value: { doc: 'The value written to the header, taken literally (no variables are expanded).', required: true, format: '1–4096 characters' },
});

const HEADER_FILTER = gwType('HTTPHeaderFilter', {
  set: {
    doc: 'Headers to write, replacing any value the message already has for them. Use it rather than `add` when the backend must see exactly one value.',
    range: 'at most 16 headers, names unique',
    example: 'set:\n- name: x-env\n  value: prod',
    message: HTTP_HEADER,
  },
  add: {
    doc: 'Headers to append: an existing header keeps its value and gains this one (a comma-joined list or a repeated header). Use `set` to overwrite instead.',
    range: 'at most 16 headers, names unique',
    message: HTTP_HEADER,
  },
  remove: {
    doc: 'Names of headers to delete from the message, compared case-insensitively. Removing a header the message lacks does nothing.',
    range: 'at most 16 names, unique',
    format: 'header names',
  },
});

const FRACTION = gwType('Fraction', {
  numerator: { doc: 'The number of requests out of `denominator` that are mirrored. It must not exceed `denominator`.', required: true, format: 'an integer', range: '0 or more, at most `denominator`' },
  denominator: { doc: 'The size of the sample that `numerator` counts in: 1/1000 with numerator 1 and denominator 1000.', default: '`100`', format: 'an integer', range: '1 or more' },
});

const MIRROR = gwType('HTTPRequestMirrorFilter', {
  backendRef: {
    doc: 'The backend that receives copies of the requests; its answers are dropped. It resolves like a rule\'s backendRef (a Service needs `port`; another namespace needs a ReferenceGrant), and Istio reports the route with `BackendNotFound` or `RefNotPermitted` when it cannot.',
    required: true,
    message: BACKEND_OBJECT_REFERENCE,
  },
  percent: {
    doc: 'The share of requests to mirror, in whole percent. Set it or `fraction`, not both.',
    default: 'every request (100%)',
    format: 'an integer percentage',
    range: '0–100',
  },
  fraction: { doc: 'The share of requests to mirror as a fraction, for shares below 1%. Set it or `percent`, not both.', default: 'every request', message: FRACTION },
});

const PATH_MODIFIER = gwType('HTTPPathModifier', {
  type: {
    doc: 'How the path is changed: replaced whole, or only the part the rule\'s `PathPrefix` match covered. `ReplacePrefixMatch` requires the rule to match a `PathPrefix`; otherwise the route is rejected.',
    required: true,
    values: {
      ReplaceFullPath: 'Replace the whole path with `replaceFullPath`.',
      ReplacePrefixMatch: 'Replace the matched prefix with `replacePrefixMatch` and keep the rest: `/api/v1/users` matched on `/api` with `/` gives `/v1/users`.',
    },
  },
  replaceFullPath: { doc: 'The new path when `type` is `ReplaceFullPath`. The query string is kept.', required: 'when `type` is `ReplaceFullPath`', format: 'an absolute path, at most 1024 characters' },
  replacePrefixMatch: {
    doc: 'What replaces the matched prefix when `type` is `ReplacePrefixMatch`. Prefixes match whole path segments, so `/foo` replaced by `/bar` turns `/foo/x` into `/bar/x` but never touches `/foobar`.',
    required: 'when `type` is `ReplacePrefixMatch`',
    format: 'an absolute path, at most 1024 characters',
    example: 'urlRewrite:\n  path:\n    type: ReplacePrefixMatch\n    replacePrefixMatch: /',
  },
});

const REDIRECT = gwType('HTTPRequestRedirectFilter', {
  scheme: {
    doc: 'The scheme of the redirect target. Changing it without `port` also changes the port to the scheme\'s default (80 or 443); a redirect to the listener that sent it loops.',
    default: 'the scheme of the request',
    values: { http: 'Redirect to plain HTTP.', https: 'Redirect to HTTPS, the usual HTTP-to-HTTPS upgrade.' },
    example: 'requestRedirect:\n  scheme: https\n  statusCode: 301',
  },
  hostname: { doc: 'The hostname of the redirect target. The request\'s own Host is kept when it is left out.', default: 'the request\'s hostname', format: 'a DNS name, no wildcard and no port' },
  path: { doc: 'Changes the path of the redirect target, whole or only the matched prefix.', default: 'the request\'s path', message: PATH_MODIFIER },
  port: {
    doc: 'The port of the redirect target. Left out, the port follows the scheme (none written for 80 on http and 443 on https), or the listener port when the scheme is unchanged.',
    default: 'derived from the scheme or the listener',
    format: 'a port number',
    range: '1–65535',
  },
  statusCode: {
    doc: 'The HTTP status of the redirect: `301` (permanent, cached by browsers) or `302` (temporary). Prefer `302` while testing, because a wrong `301` stays in clients\' caches.',
    default: '`302`',
    format: '`301` or `302` everywhere; `303`, `307` and `308` where the implementation supports them'
  },
});

const REWRITE = gwType('HTTPURLRewriteFilter', {
  hostname: { doc: 'The Host header the backend receives instead of the client\'s. Needed for backends that route by Host, such as external services behind a ServiceEntry.', format: 'a DNS name, no wildcard' },
  path: { doc: 'Changes the path the backend receives, whole or only the matched prefix. A rewrite cannot be combined with a `requestRedirect` in the same rule.', message: PATH_MODIFIER },
});

const HTTP_METHODS: Record<string, string> = {
  GET: 'Allow `GET`.',
  HEAD: 'Allow `HEAD`.',
  POST: 'Allow `POST`.',
  PUT: 'Allow `PUT`.',
  DELETE: 'Allow `DELETE`.',
  CONNECT: 'Allow `CONNECT`.',
  OPTIONS: 'Allow `OPTIONS` (preflight requests are answered by the CORS filter anyway).',
  TRACE: 'Allow `TRACE`.',
  PATCH: 'Allow `PATCH`.',
  '*': 'Allow every method; it must then be the only entry.',
};

const CORS = gwType('HTTPCORSFilter', {
  allowOrigins: {
    doc: 'The browser origins allowed to call this route cross-origin, each `scheme://host[:port]`, with `*` as a whole-origin wildcard or a host prefix (`https://*.example.com`). An origin not listed gets no CORS headers, and the browser blocks the response.',
    range: 'at most 64 origins',
    format: '`scheme://host[:port]`, or `*`',
    example: 'cors:\n  allowOrigins:\n  - https://app.example.com\n  allowMethods: [GET, POST]\n  allowCredentials: true',
  },
  allowCredentials: {
    doc: 'Whether browsers may send cookies and credentials with cross-origin requests. With credentials allowed, browsers refuse a wildcard origin, so list the origins explicitly.',
    default: '`false`',
  },
  allowMethods: {
    doc: 'The methods cross-origin requests may use, answered in preflight responses; `GET`, `HEAD` and `POST` are always allowed. `*` allows all of them and must then be alone.',
    default: 'only `GET`, `HEAD` and `POST`',
    range: 'at most 9 methods',
    values: HTTP_METHODS,
  },
  allowHeaders: { doc: 'The request headers cross-origin requests may carry beyond the always-allowed simple headers; a missing header makes the browser fail the preflight.', range: 'at most 64 names', format: 'header names, or `*`' },
  exposeHeaders: { doc: 'The response headers the browser lets the calling script read beyond the always-exposed simple ones.', range: 'at most 64 names', format: 'header names, or `*`' },
  maxAge: { doc: 'How long browsers may cache a preflight answer, in seconds. A low value costs a preflight request before many calls.', default: '`5`', format: 'seconds, an integer', range: '1 or more' },
});

const EXT_AUTH = gwType('HTTPExternalAuthFilter', {
  protocol: {
    doc: 'How the Gateway talks to the authorization service: Envoy\'s gRPC ext_authz API or plain HTTP. It must match what the service speaks.',
    required: true,
    values: { GRPC: 'The Envoy ext_authz gRPC protocol.', HTTP: 'Plain HTTP: the request\'s headers are sent to the service, a 2xx answer allows the request.' },
  },
  backendRef: { doc: 'The authorization service every matched request is checked with before it is forwarded.', required: true, message: BACKEND_OBJECT_REFERENCE },
  grpc: {
    doc: 'Settings for the gRPC protocol: which request headers reach the authorization service.',
    message: gwType('GRPCAuthConfig', {
      allowedHeaders: { doc: 'The request headers sent to the authorization service; left out, all headers are sent.', default: 'all request headers', range: 'at most 64 names' },
    }),
  },
  http: {
    doc: 'Settings for the HTTP protocol: the path to call and the headers passed each way.',
    message: gwType('HTTPAuthConfig', {
      path: { doc: 'A path prefix put before the request\'s own path when calling the authorization service.', format: 'a path, at most 1024 characters' },
      allowedHeaders: { doc: 'The request headers, beyond the always-sent ones (Host, Method, Path, Content-Length, Authorization), sent to the authorization service.', range: 'at most 64 names' },
      allowedResponseHeaders: { doc: 'The headers of the authorization service\'s answer copied onto the request sent to the backend.', range: 'at most 64 names' },
    }),
  },
  forwardBody: {
    doc: 'Sends the request body to the authorization service as well, up to a size.',
    message: gwType('ForwardBodyConfig', {
      maxSize: { doc: 'The most bytes of body buffered and sent to the authorization service; 0 sends no body.', default: '`0`', format: 'bytes, an integer', range: '0 or more' },
    }),
  },
});

const ISTIO_FILTERS = ' Istio implements `RequestHeaderModifier`, `ResponseHeaderModifier`, `RequestMirror`, `RequestRedirect`, `URLRewrite` and `CORS`, and rejects the rule with any other type (`unsupported filter type`).';

const HTTP_FILTER_TYPES: Record<string, string> = {
  RequestHeaderModifier: 'Change the headers of the request (`requestHeaderModifier`).',
  ResponseHeaderModifier: 'Change the headers of the response (`responseHeaderModifier`).',
  RequestMirror: 'Send a copy of the requests to another backend (`requestMirror`).',
  RequestRedirect: 'Answer with a redirect instead of forwarding (`requestRedirect`).',
  URLRewrite: 'Rewrite the host or path before forwarding (`urlRewrite`).',
  CORS: 'Answer CORS preflight requests and add CORS headers (`cors`).',
  ExternalAuth: 'Ask an authorization service before forwarding (`externalAuth`); not implemented by Istio.',
  ExtensionRef: 'An implementation-specific filter resource (`extensionRef`); Istio does not support it.',
};

const filterFields = (types: Record<string, string>, istio: string): Record<string, FieldDoc> => ({
  type: {
    doc: `Which filter this entry is; exactly the field named after it must be set (\`RequestRedirect\` with \`requestRedirect\`, and so on).${istio}`,
    required: true,
    values: types,
    example: 'filters:\n- type: RequestHeaderModifier\n  requestHeaderModifier:\n    set:\n    - name: x-env\n      value: prod',
  },
  requestHeaderModifier: { doc: 'Sets, adds or removes request headers before the request is forwarded. Set it only with `type: RequestHeaderModifier`.', required: 'when `type` is `RequestHeaderModifier`', message: HEADER_FILTER },
  responseHeaderModifier: { doc: 'Sets, adds or removes response headers before the response is returned. Set it only with `type: ResponseHeaderModifier`.', required: 'when `type` is `ResponseHeaderModifier`', message: HEADER_FILTER },
  requestMirror: { doc: 'Copies the matched requests to another backend and drops its answers; the original request is unaffected. Set it only with `type: RequestMirror`.', required: 'when `type` is `RequestMirror`', message: MIRROR },
  extensionRef: { doc: 'Points at an implementation-specific filter resource. Istio does not support it and rejects the rule.', required: 'when `type` is `ExtensionRef`', message: LOCAL_OBJECT_REFERENCE },
});

/** The filters of an HTTPRoute rule (and of its backendRefs). */
export const HTTP_ROUTE_FILTER: MessageDoc = gwType('HTTPRouteFilter', {
  ...filterFields(HTTP_FILTER_TYPES, ISTIO_FILTERS),
  requestRedirect: { doc: 'Answers the request with a redirect instead of forwarding it; the rule must then have no backendRefs. Set it only with `type: RequestRedirect`.', required: 'when `type` is `RequestRedirect`', message: REDIRECT },
  urlRewrite: { doc: 'Rewrites the hostname or path of the request before it reaches the backend. Set it only with `type: URLRewrite`, and never together with a redirect.', required: 'when `type` is `URLRewrite`', message: REWRITE },
  cors: { doc: 'Handles cross-origin requests from browsers: answers preflight requests and adds the `Access-Control-*` headers. Set it only with `type: CORS`.', required: 'when `type` is `CORS`', message: CORS },
  externalAuth: { doc: 'Checks each request with an external authorization service first. Istio does not implement this filter type (use an AuthorizationPolicy with a `CUSTOM` provider instead).', required: 'when `type` is `ExternalAuth`', message: EXT_AUTH },
});

/** The filters of a GRPCRoute rule (and of its backendRefs). */
export const GRPC_ROUTE_FILTER: MessageDoc = gwType(
  'GRPCRouteFilter',
  filterFields(
    {
      RequestHeaderModifier: HTTP_FILTER_TYPES.RequestHeaderModifier,
      ResponseHeaderModifier: HTTP_FILTER_TYPES.ResponseHeaderModifier,
      RequestMirror: HTTP_FILTER_TYPES.RequestMirror,
      ExtensionRef: HTTP_FILTER_TYPES.ExtensionRef,
    },
    ' Istio implements the header modifiers and `RequestMirror`, and rejects the rule with any other type.',
  ),
);

/** `filters` of a rule. */
export function ruleFilters(route: string, message: MessageDoc): FieldDoc {
  return {
    doc: `Changes applied to the ${route} requests this rule matches, in order, before they are forwarded. A filter the implementation does not support makes it reject the whole rule, so its traffic is not routed.`,
    range: 'at most 16 filters; each type at most once, except mirrors and extension filters',
    message,
  };
}

/** `filters` on one backendRef. */
export function backendFilters(route: string, message: MessageDoc): FieldDoc {
  return {
    doc: `Filters applied only to the ${route} requests sent to this backend. Istio supports only the header modifiers here and rejects the rule for any other type.`,
    range: 'at most 16 filters',
    message,
  };
}
