// The checks of one `http` route of a VirtualService (virtualservice.go
// validateHTTPRoute and what it calls). What each family of rules rejects is
// described where its code is reported: durations.ts, regex.ts, headers.ts,
// destinations.ts; the percentages (ILS0607) and the remaining route rules
// (ILS0612) are here. The user sees `kubectl apply` fail with the message the
// webhook returns ("admission webhook "validation.istio.io" denied the request").
import type { Findings } from './report';
import { entries, fieldPath, listItems, number, one, present, stringList, text, type At } from './nodes';
import { parseDuration } from './durations';
import { regexProblem } from './regex';
import { checkHeaderOperations, checkMatchHeaderNames } from './headers';
import { checkDestination, checkRouteDestinations } from './destinations';
import { checkGatewayNames } from './gatewayNames';
import { checkLabels } from './labels';
import { isDnsLabel, validPort } from './names';

const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);
const CORS_HEADER = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const GRPC_STATUS = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
]);
const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes',
  'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);
/** HTTP status codes Go's net/http names (http.StatusText), which retryOn accepts as numbers. */
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405,
  406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503,
  504, 505, 506, 507, 508, 510, 511,
]);

export function checkHttpRoute(f: Findings, route: At, delegate: boolean): void {
  checkConflicts(f, route, delegate);
  for (const match of listItems(one(route, 'match'))) checkMatch(f, match);
  checkHeaderOperations(f, one(route, 'headers'));
  checkCors(f, one(route, 'corsPolicy'));
  checkFault(f, one(route, 'fault'));
  checkMirrors(f, route);
  checkRedirect(f, route);
  checkDirectResponse(f, one(route, 'directResponse'));
  checkRetries(f, one(route, 'retries'));
  checkRewrite(f, route);
  checkAuthorityOnce(f, route);
  checkRouteDestinations(f, one(route, 'route'), true);
}

/** Which of route, redirect, directResponse and delegate may appear together. */
function checkConflicts(f: Findings, route: At, delegate: boolean): void {
  const has = (k: string): At | undefined => {
    const at = one(route, k);
    return present(at) ? at : undefined;
  };
  const routeAt = has('route');
  const routeSet = listItems(routeAt).length > 0;
  const redirect = has('redirect');
  const direct = has('directResponse');
  const fault = has('fault');
  const rewrite = has('rewrite');
  const del = has('delegate');
  if (del && !delegate) {
    if (redirect) f.key('ILS0612', redirect, 'A route with `delegate` cannot also set `redirect`: the delegate VirtualService decides.');
    if (routeAt) f.key('ILS0612', routeAt, 'A route with `delegate` cannot also set `route`: the delegate VirtualService decides.');
    return;
  }
  if (del && delegate) f.key('ILS0612', del, 'A delegate VirtualService (one without `hosts`) cannot delegate again.');
  const both = (a: At | undefined, other: string, b: string): void => {
    if (a) f.key('ILS0612', a, `An HTTP route cannot set both \`${b}\` and \`${other}\`; remove one.`);
  };
  if (redirect) {
    if (routeSet) both(routeAt, 'route', 'redirect');
    both(fault, 'fault', 'redirect');
    both(rewrite, 'rewrite', 'redirect');
    both(direct, 'directResponse', 'redirect');
  } else if (direct) {
    if (routeSet) both(routeAt, 'route', 'directResponse');
    both(fault, 'fault', 'directResponse');
    both(rewrite, 'rewrite', 'directResponse');
  } else if (!routeSet && !del) {
    f.absent('ILS0612', route, `HTTP route ${fieldPath(route.path)} needs \`route\`, \`redirect\` or \`directResponse\`; Istio rejects it without one.`);
  }
  const mirror = has('mirror');
  if (mirror && listItems(has('mirrors')).length > 0) f.key('ILS0612', mirror, 'An HTTP route cannot set both `mirror` and `mirrors`; move the mirror into `mirrors`.');
}

function checkMatch(f: Findings, match: At): void {
  const headers = one(match, 'headers');
  checkMatchHeaderNames(f, headers);
  for (const h of entries(headers)) checkStringMatch(f, h.value);
  const without = one(match, 'withoutHeaders');
  checkMatchHeaderNames(f, without);
  // In withoutHeaders, `regex: "*"` means "header present"; it is not a regex.
  for (const h of entries(without)) if (text(one(h.value, 'regex')) !== '*') checkStringMatch(f, h.value);
  checkRegexOnly(f, one(match, 'uri'));
  for (const k of ['scheme', 'method', 'authority']) checkStringMatch(f, one(match, k));
  for (const q of entries(one(match, 'queryParams'))) checkStringMatch(f, q.value);
  checkPort(f, one(match, 'port'));
  checkLabels(f, one(match, 'sourceLabels'));
  checkGatewayNames(f, one(match, 'gateways'));
  const ns = one(match, 'sourceNamespace');
  const nsText = text(ns);
  if (ns && nsText && !isDnsLabel(nsText)) f.value('ILS0612', ns, `sourceNamespace "${nsText}" is not a valid namespace name.`);
}

/** A StringMatch: an empty prefix and a regex that is empty or not RE2 are rejected. */
function checkStringMatch(f: Findings, sm: At | undefined): void {
  const prefix = one(sm ?? { node: undefined, path: [] }, 'prefix');
  if (sm && prefix && text(prefix) === '') f.value('ILS0612', prefix, `An empty prefix in ${fieldPath(sm.path)} is rejected; omit the match or use a non-empty prefix.`);
  checkRegexOnly(f, sm);
}

/** The regex of a StringMatch (uri allows an empty prefix, so only its regex is checked). */
export function checkRegexOnly(f: Findings, sm: At | undefined): void {
  if (!sm) return;
  const re = one(sm, 'regex');
  const pattern = text(re);
  if (!re || pattern === undefined) return;
  const problem = regexProblem(pattern);
  if (problem) f.value('ILS0605', re, `Invalid regex in ${fieldPath(sm.path)}: ${problem}. Istio uses RE2 syntax (no lookaround, no backreferences).`, { regex: pattern });
}

export function checkPort(f: Findings, at: At | undefined): void {
  const n = number(at);
  if (at && n !== undefined && n !== 0 && !validPort(n)) f.value('ILS0608', at, `Port ${n} is outside 1..65535.`);
}

function checkCors(f: Findings, cors: At | undefined): void {
  if (!cors) return;
  for (const origin of listItems(one(cors, 'allowOrigins'))) {
    const kinds = entries(origin).filter((e) => ['exact', 'prefix', 'regex'].includes(e.key));
    for (const k of kinds) if (text(k.value) === '') f.value('ILS0612', k.value, `An empty ${k.key} in corsPolicy.allowOrigins is rejected.`);
    checkRegexOnly(f, origin);
  }
  for (const m of stringList(one(cors, 'allowMethods'))) {
    if (!CORS_METHODS.has(m.value)) f.value('ILS0612', m.at, `"${m.value}" is not an HTTP method Istio accepts in allowMethods (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, CONNECT, TRACE or *; upper case).`);
  }
  for (const key of ['allowHeaders', 'exposeHeaders']) {
    for (const h of stringList(one(cors, key))) {
      if (h.value !== '*' && !CORS_HEADER.test(h.value)) f.value('ILS0606', h.at, `"${h.value}" is not a valid header name in corsPolicy.${key}.`);
    }
  }
  // maxAge is a duration (ILS0601) that must also be whole seconds.
  const maxAge = one(cors, 'maxAge');
  const v = text(maxAge);
  const parsed = v === undefined ? undefined : parseDuration(v);
  if (maxAge && parsed && 'ns' in parsed && parsed.ns >= 1_000_000n && parsed.ns % 1_000_000_000n !== 0n) {
    f.value('ILS0601', maxAge, `corsPolicy.maxAge "${v}" must be a whole number of seconds.`);
  }
}

/** Fault injection: abort or delay, percentages 0 or 0.0001..100, known status codes. */
function checkFault(f: Findings, fault: At | undefined): void {
  if (!present(fault)) return;
  const abort = one(fault, 'abort');
  const delay = one(fault, 'delay');
  if (!present(abort) && !present(delay)) f.absent('ILS0612', fault, 'Fault injection needs `abort` or `delay` (or both).', true);
  for (const part of [abort, delay]) {
    if (!present(part)) continue;
    const pct = one(part, 'percentage.value');
    const v = number(pct);
    if (pct && v !== undefined && (v < 0 || v > 100 || (v > 0 && v < 0.0001))) {
      f.value('ILS0607', pct, `Fault percentage ${v} must be 0 or between 0.0001 and 100.`);
    }
  }
  if (present(abort)) {
    const status = one(abort, 'httpStatus');
    const n = number(status);
    if (status && n !== undefined && (n < 200 || n > 600)) f.value('ILS0612', status, `Abort httpStatus ${n} is outside 200..600.`);
    const grpc = one(abort, 'grpcStatus');
    const g = text(grpc);
    if (grpc && g !== undefined && !GRPC_STATUS.has(g)) f.value('ILS0612', grpc, `"${g}" is not a gRPC status name Istio knows (e.g. UNAVAILABLE, NOT_FOUND).`);
    const h2 = one(abort, 'http2Error');
    if (present(h2)) f.key('ILS0612', h2, 'Istio does not support http2Error abort injection yet; use httpStatus or grpcStatus.');
  }
  if (present(delay)) {
    const exp = one(delay, 'exponentialDelay');
    if (present(exp)) f.key('ILS0612', exp, 'Istio does not support exponentialDelay yet; use fixedDelay.');
  }
}

/** mirror, mirrors and the mirror percentages (0..100). */
function checkMirrors(f: Findings, route: At): void {
  const mirror = one(route, 'mirror');
  if (present(mirror)) checkDestination(f, mirror);
  const legacy = one(route, 'mirrorPercent');
  const lv = number(legacy) ?? number(one(legacy ?? { node: undefined, path: [] }, 'value'));
  if (legacy && lv !== undefined && lv > 100) f.value('ILS0607', legacy, `mirrorPercent ${lv} is over 100.`);
  const pct = one(route, 'mirrorPercentage.value');
  checkMirrorPercent(f, pct, 'mirrorPercentage');
  for (const m of listItems(one(route, 'mirrors'))) {
    const dest = one(m, 'destination');
    if (!present(dest)) f.absent('ILS0612', m, `Mirror ${fieldPath(m.path)} has no destination; Istio rejects it.`);
    else checkDestination(f, dest);
    checkMirrorPercent(f, one(m, 'percentage.value'), 'Mirror percentage');
  }
}

function checkMirrorPercent(f: Findings, at: At | undefined, what: string): void {
  const v = number(at);
  if (at && v !== undefined && (v < 0 || v > 100)) f.value('ILS0607', at, `${what} ${v} is outside 0..100.`);
}

function checkRedirect(f: Findings, route: At): void {
  const redirect = one(route, 'redirect');
  if (!present(redirect)) return;
  const uri = text(one(redirect, 'uri')) ?? '';
  const prefixRewrite = one(redirect, 'prefixRewrite');
  // The webhook stops at the first redirect problem; so does this check.
  if (uri !== '' && text(prefixRewrite)) return f.key('ILS0612', prefixRewrite!, 'A redirect sets either `uri` or `prefixRewrite`, not both.');
  if (text(prefixRewrite)) {
    for (const match of listItems(one(route, 'match'))) {
      const u = one(match, 'uri');
      if (present(u) && !present(one(u, 'prefix'))) return f.key('ILS0612', prefixRewrite!, 'redirect.prefixRewrite needs every uri match to be a `prefix` match.');
    }
  }
  const any = ['uri', 'prefixRewrite', 'authority', 'port', 'derivePort', 'scheme'].some((k) => {
    const at = one(redirect, k);
    return present(at) && text(at) !== '';
  });
  if (!any) return f.absent('ILS0612', redirect, 'A redirect must set uri, authority, scheme or port.', true);
  const code = one(redirect, 'redirectCode');
  const c = number(code);
  if (code && c !== undefined && c !== 0 && (c < 300 || c > 399)) return f.value('ILS0612', code, `Redirect code ${c} is not a 3xx code.`);
  const scheme = one(redirect, 'scheme');
  const s = text(scheme);
  if (scheme && s && s !== 'http' && s !== 'https') return f.value('ILS0612', scheme, `Redirect scheme "${s}" must be "http" or "https".`);
  checkPort(f, one(redirect, 'port'));
}

function checkDirectResponse(f: Findings, direct: At | undefined): void {
  if (!present(direct)) return;
  const status = one(direct, 'status');
  const n = number(status);
  if (status && n !== undefined && (n < 200 || n > 600)) f.value('ILS0612', status, `directResponse status ${n} is outside 200..600.`);
  const body = text(one(direct, 'body.string'));
  if (body !== undefined && new TextEncoder().encode(body).length > 1024 * 1024) {
    f.key('ILS0612', one(direct, 'body')!, 'A directResponse body over 1MB is rejected.');
  }
}

/** attempts, retryOn policies, and settings that need attempts > 0. */
function checkRetries(f: Findings, retries: At | undefined): void {
  if (!present(retries)) return;
  const attemptsAt = one(retries, 'attempts');
  const attempts = number(attemptsAt) ?? 0;
  if (attemptsAt && attempts < 0) f.value('ILS0612', attemptsAt, 'Retry attempts cannot be negative.');
  if (attempts === 0) {
    for (const k of ['perTryTimeout', 'retryOn', 'retryRemoteLocalities']) {
      const at = one(retries, k);
      if (present(at) && text(at) !== '') {
        f.key('ILS0612', at, `\`${k}\` is set while retry attempts are 0 (retries off, the default when attempts is not set): Istio rejects this. Set attempts, or remove ${k}.`);
      }
    }
  }
  const retryOn = one(retries, 'retryOn');
  const policies = text(retryOn);
  if (retryOn && policies) {
    for (const p of policies.split(',')) {
      const code = /^[+-]?\d+$/.test(p) ? Number(p) : NaN;
      if (!KNOWN_STATUS.has(code) && !RETRY_ON.has(p)) {
        const hint = p !== p.trim() ? ' (no spaces after the commas)' : '';
        f.value('ILS0612', retryOn, `"${p}" is not a retryOn policy Istio accepts${hint}; use e.g. "5xx,connect-failure,reset" or an HTTP status code.`);
      }
    }
  }
}

function checkRewrite(f: Findings, route: At): void {
  const rewrite = one(route, 'rewrite');
  if (!present(rewrite)) return;
  const uri = one(rewrite, 'uri');
  const regex = one(rewrite, 'uriRegexRewrite');
  const hasUri = present(uri) && text(uri) !== '';
  if (hasUri && present(regex)) return f.key('ILS0612', regex, 'A rewrite sets either `uri` or `uriRegexRewrite`, not both.');
  if (!hasUri && !present(regex) && !text(one(rewrite, 'authority'))) return f.absent('ILS0612', rewrite, 'A rewrite must set uri, uriRegexRewrite or authority.', true);
  if (present(regex)) {
    const match = one(regex, 'match');
    if (!text(match) || !text(one(regex, 'rewrite'))) return f.absent('ILS0612', regex, 'uriRegexRewrite needs both `match` and `rewrite`.', true);
    const problem = regexProblem(text(match)!);
    if (problem) f.value('ILS0605', match!, `Invalid regex in rewrite.uriRegexRewrite.match: ${problem}. Istio uses RE2 syntax.`);
  }
}

const AUTHORITY_HEADER_MAPS = ['headers.request.set', 'headers.request.add'];

/** The authority may be rewritten in one place only: rewrite.authority or one request header. */
function checkAuthorityOnce(f: Findings, route: At): void {
  let seen = !!text(one(route, 'rewrite.authority'));
  for (const path of AUTHORITY_HEADER_MAPS) {
    for (const h of entries(one(route, path))) {
      const lower = h.key.toLowerCase();
      if (lower !== ':authority' && lower !== 'host') continue;
      if (seen) return f.at('ILS0612', h.keySpan, 'The authority is already rewritten (rewrite.authority or another header): Istio rejects setting it twice.');
      seen = true;
    }
  }
}

