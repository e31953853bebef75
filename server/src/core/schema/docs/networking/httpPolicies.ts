// What an HTTP route does besides forwarding: redirect, direct response,
// rewrite, retries, CORS, fault injection, mirroring and header changes.
// Facts from istio/api networking/v1alpha3/virtual_service.proto.
import { DURATION, DURATION_1MS, PAGES, type MessageDoc } from '../types';
import { DESTINATION, STRING_MATCH, percentage } from './routing';

const page = PAGES.virtualService;

export const HTTP_REDIRECT: MessageDoc = {
  page,
  anchor: 'HTTPRedirect',
  fields: {
    uri: { doc: 'The path of the redirect target, replacing the whole request path. The query string is kept unless this value has its own.' },
    authority: { doc: 'The host (and optionally port) of the redirect target, replacing the request\'s `Host`.' },
    port: { doc: 'The port of the redirect target. Use it or `derivePort`, not both.', range: '1–65535' },
    derivePort: {
      doc: 'Sets the redirect\'s port from the request instead of a fixed number. Use it or `port`, not both.',
      default: '`FROM_PROTOCOL_DEFAULT`',
      values: {
        FROM_PROTOCOL_DEFAULT: 'Use the default port of the scheme: 80 for `http`, 443 for `https`.',
        FROM_REQUEST_PORT: 'Keep the port the request arrived on.',
      },
    },
    scheme: { doc: 'The scheme of the redirect target, usually `https`. Without it the request\'s scheme is kept.' },
    redirectCode: { doc: 'The HTTP status of the redirect response. Use 307 or 308 when the method and body must be kept (301 and 302 let clients turn a POST into a GET).', default: '`301`', range: 'a 3xx status (300–399)' },
    prefixRewrite: {
      doc: 'On redirect, replaces the matched path prefix and keeps the rest of the path; the route must match by `uri.prefix`. Use it or `uri`, not both.',
    },
  },
};

const HTTP_BODY: MessageDoc = {
  page,
  anchor: 'HTTPBody',
  fields: {
    string: { doc: 'The response body as text. Set it or `bytes`, not both.' },
    bytes: { doc: 'The response body as base64-encoded bytes, for binary content. Set it or `string`, not both.', format: 'base64' },
  },
};

export const HTTP_DIRECT_RESPONSE: MessageDoc = {
  page,
  anchor: 'HTTPDirectResponse',
  fields: {
    status: { doc: 'The HTTP status the proxy answers with, without contacting any service. A route with `directResponse` must not also have `route` or `redirect`.', required: true, range: '200–600' },
    body: { doc: 'The body of the direct response, as text or base64 bytes. Without it the response is empty.', message: HTTP_BODY },
  },
};

const REGEX_REWRITE: MessageDoc = {
  page,
  anchor: 'RegexRewrite',
  fields: {
    match: { doc: 'The RE2 regular expression to find in the path. Capture groups can be used in `rewrite`.', format: 'RE2 syntax' },
    rewrite: { doc: 'What replaces each match of `match`; `\\1`, `\\2` insert capture groups.', example: "uriRegexRewrite:\n  match: '^/service/([^/]+)(/.*)$'\n  rewrite: '\\2/instance/\\1'" },
  },
};

export const HTTP_REWRITE: MessageDoc = {
  page,
  anchor: 'HTTPRewrite',
  fields: {
    uri: {
      doc: 'Replaces the part of the path that the match selected: with `uri.prefix` only the prefix, with `exact` the whole path. Rewriting `/api/` to `/` and `/api` to `/` behaves differently on `/api/x` (`/x` versus `//x`).',
      example: 'match:\n- uri:\n    prefix: /api/\nrewrite:\n  uri: /',
    },
    authority: { doc: 'Replaces the `Host` (`:authority`) header before forwarding. Virtual-hosted backends, such as external APIs, may answer 404 when it does not name them.' },
    uriRegexRewrite: { doc: 'Rewrites the path with a regular expression and replacement. Use it or `uri`, not both.', message: REGEX_REWRITE },
  },
};

export const HTTP_RETRY: MessageDoc = {
  page,
  anchor: 'HTTPRetry',
  fields: {
    attempts: {
      doc: 'How many retries are allowed after the first try; `0` turns retries off. The route\'s `timeout` still bounds all tries together, so retries can be cut short.',
      default: '`2` (the mesh\'s default retry policy)',
      range: '≥ 0',
    },
    perTryTimeout: {
      doc: 'The time allowed for each try, the first included. Keep it below the route\'s `timeout`, or only one try ever runs.',
      default: 'the route\'s `timeout` (none when the route has none)',
      format: DURATION_1MS,
    },
    retryOn: {
      doc: 'The conditions that trigger a retry, comma-separated: HTTP ones such as `5xx`, `gateway-error`, `connect-failure`, `reset`, `retriable-4xx`, gRPC statuses such as `unavailable`, or plain status codes such as `503`. Retrying on `5xx` is only safe for idempotent requests.',
      default: '`connect-failure,refused-stream,unavailable,cancelled`',
      format: 'comma-separated list',
      example: 'retries:\n  attempts: 3\n  perTryTimeout: 2s\n  retryOn: gateway-error,connect-failure,refused-stream',
    },
    retryRemoteLocalities: { doc: 'Whether a retry may go to endpoints in other localities. Without it, retries stay within the locality choice of the load balancer.', default: '`false`' },
    retryIgnorePreviousHosts: { doc: 'Whether a retry avoids the endpoints already tried for the request. Turning it off can retry on the same failing endpoint.', default: '`true`' },
    backoff: { doc: 'The base interval of the exponential backoff between retries. Longer values give a struggling service time to recover.', default: '`25ms`', format: DURATION },
  },
};

export const CORS_POLICY: MessageDoc = {
  page,
  anchor: 'CorsPolicy',
  fields: {
    allowOrigins: {
      doc: 'The origins allowed to make cross-origin requests, each an exact string, prefix or regex. A browser request from any other origin gets no CORS headers and the browser blocks it.',
      message: STRING_MATCH,
      example: 'corsPolicy:\n  allowOrigins:\n  - exact: https://example.com\n  allowMethods: [GET, POST]',
    },
    allowOrigin: { doc: 'The allowed origins as plain strings, from before `allowOrigins`. Istio still reads it but a string cannot express a prefix or regex.', deprecated: 'use `allowOrigins` with `exact`.' },
    allowMethods: { doc: 'The HTTP methods allowed for cross-origin requests, sent in `Access-Control-Allow-Methods`.' },
    allowHeaders: { doc: 'The request headers a cross-origin request may carry, sent in `Access-Control-Allow-Headers`.' },
    exposeHeaders: { doc: 'The response headers browser scripts may read, sent in `Access-Control-Expose-Headers`.' },
    maxAge: { doc: 'How long a browser may cache the answer to a preflight request.', format: DURATION },
    allowCredentials: {
      doc: 'Whether browsers may send credentials (cookies, authorization) on cross-origin requests. Allowing them together with a broad origin pattern lets any matching site act as the user.',
      default: 'not sent (browsers treat it as `false`)',
    },
    unmatchedPreflights: {
      doc: 'What happens to preflight requests whose origin matches none of `allowOrigins`.',
      default: '`FORWARD`',
      values: {
        UNSPECIFIED: 'Same as `FORWARD`.',
        FORWARD: 'Pass the preflight request on to the service.',
        IGNORE: 'Answer it at the proxy without CORS headers, so the service never sees it.',
      },
    },
  },
};

const DELAY: MessageDoc = {
  page,
  anchor: 'HTTPFaultInjection-Delay',
  fields: {
    fixedDelay: { doc: 'How long to hold the request before forwarding it. Test timeouts with it: a delay longer than the caller\'s timeout makes the caller fail.', format: DURATION_1MS, required: true },
    exponentialDelay: { doc: 'An exponentially distributed delay. Istio accepts it but does not implement it: istiod drops the delay and logs a warning.', format: DURATION_1MS, hidden: true },
    percent: { doc: 'The share of requests to delay as an integer percentage, from before `percentage`. Istio still reads it but it cannot express fractions.', deprecated: 'use `percentage: {value: …}`.', range: '0–100' },
    percentage: percentage('The share of requests that get the delay.', 'every request (100%)'),
  },
};

const ABORT: MessageDoc = {
  page,
  anchor: 'HTTPFaultInjection-Abort',
  fields: {
    httpStatus: { doc: 'The HTTP status to answer aborted requests with, such as 503. Set exactly one of `httpStatus`, `grpcStatus` and `http2Error`.', range: '200–600' },
    grpcStatus: { doc: 'The gRPC status to answer aborted gRPC requests with, by name, such as `UNAVAILABLE`.' },
    http2Error: { doc: 'An HTTP/2 error code to reset the stream with. Istio accepts it but does not implement it, so the abort is dropped.', hidden: true },
    percentage: percentage('The share of requests that are aborted.', 'every request (100%)'),
  },
};

export const FAULT_INJECTION: MessageDoc = {
  page,
  anchor: 'HTTPFaultInjection',
  fields: {
    delay: { doc: 'Delays a share of the requests before forwarding them, to test how callers cope with a slow service. The route\'s `timeout` and `retries` are ignored while a fault is injected.', message: DELAY },
    abort: { doc: 'Answers a share of the requests with an error instead of forwarding them, to test how callers cope with failures.', message: ABORT },
  },
};

export const MIRROR_POLICY: MessageDoc = {
  page,
  anchor: 'HTTPMirrorPolicy',
  fields: {
    destination: { doc: 'Where the copies go. The mirror\'s responses are discarded, and the `Host` of the copy gets `-shadow` appended.', required: true, message: DESTINATION },
    percentage: percentage('The share of requests copied to this mirror.', 'every request (100%)'),
  },
};

const HEADER_OPERATIONS: MessageDoc = {
  page,
  anchor: 'Headers-HeaderOperations',
  fields: {
    set: { doc: 'Headers to set, replacing any existing value of the same name.', format: 'map of header name to value', example: 'set:\n  x-env: prod' },
    add: { doc: 'Headers to append; an existing header of the same name keeps its value and gets this one as well.', format: 'map of header name to value' },
    remove: { doc: 'Names of headers to delete; a header that is not present is simply skipped.' },
  },
};

export const HEADERS: MessageDoc = {
  page,
  anchor: 'Headers',
  fields: {
    request: { doc: 'Changes to the request headers before the request is forwarded.', message: HEADER_OPERATIONS },
    response: { doc: 'Changes to the response headers before the response goes back to the client.', message: HEADER_OPERATIONS },
  },
};
