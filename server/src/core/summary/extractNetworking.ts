// Reads the fields the cross-file checks need out of Istio networking
// documents. Only plain data with spans is kept; the syntax tree is dropped.
import type {
  Destination,
  DestinationRuleData,
  GatewayData,
  GatewayServer,
  PortRef,
  RouteMatch,
  RouteRule,
  ServiceEntryData,
  SidecarData,
  StrRef,
  Subset,
  TlsSettings,
  VirtualServiceData,
} from '../model';
import { isMap, isPair, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import { asMap, findPair, get, items, keyText, labels, num, span, str, strRef, strRefs, strings, type AnyNode } from '../parse/ast';

export function extractGateway(spec: unknown): GatewayData {
  const servers: GatewayServer[] = items(get(spec, 'servers')).map((server) => ({
    port: portRef(get(server, 'port'), 'number'),
    hosts: strRefs(get(server, 'hosts')),
    tlsMode: str(get(server, 'tls', 'mode')),
    credentialName: strRef(get(server, 'tls', 'credentialName')),
    bind: str(get(server, 'bind')),
    span: span(server) ?? { start: 0, end: 0 },
  }));
  return { kind: 'Gateway', selector: labels(get(spec, 'selector')), selectorSpan: keySpan(spec, 'selector'), servers };
}

export function extractVirtualService(spec: unknown): VirtualServiceData {
  const routes: RouteRule[] = [];
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    items(get(spec, protocol)).forEach((rule, index) => routes.push(extractRoute(rule, protocol, index)));
  }
  return {
    kind: 'VirtualService',
    hosts: strRefs(get(spec, 'hosts')),
    hostsSpan: keySpan(spec, 'hosts'),
    gateways: strRefs(get(spec, 'gateways')),
    gatewaysSpan: keySpan(spec, 'gateways'),
    exportTo: strings(get(spec, 'exportTo')),
    routes,
  };
}

function extractRoute(rule: unknown, protocol: RouteRule['protocol'], index: number): RouteRule {
  const matchGateways: StrRef[] = [];
  const matchPorts: number[] = [];
  const sniHosts: StrRef[] = [];
  const matches = items(get(rule, 'match'));
  const fields = matches.map(matchFields);
  for (const m of fields) {
    pushAll(matchGateways, strRefs(m.gateways));
    const port = num(m.port);
    if (port !== undefined) matchPorts.push(port);
    pushAll(sniHosts, strRefs(m.sniHosts));
  }
  const destinations: Destination[] = [];
  for (const r of items(get(rule, 'route'))) pushDestination(destinations, get(r, 'destination'), 'route', num(get(r, 'weight')));
  pushDestination(destinations, get(rule, 'mirror'), 'mirror');
  for (const m of items(get(rule, 'mirrors'))) pushDestination(destinations, get(m, 'destination'), 'mirror');
  return {
    protocol,
    index,
    name: str(get(rule, 'name')),
    span: span(rule) ?? { start: 0, end: 0 },
    matchGateways,
    matchPorts,
    sniHosts,
    destinations,
    matchText: describeMatches(fields),
    matches: protocol === 'http' ? httpMatches(matches, fields) : undefined,
    jwtClaimKeys: protocol === 'http' ? jwtClaimKeys(fields) : undefined,
  };
}

function pushAll<T>(out: T[], more: T[]): void {
  for (const x of more) out.push(x);
}

/** The fields of a match clause that the summary reads. */
interface MatchFields {
  gateways: AnyNode;
  port: AnyNode;
  sniHosts: AnyNode;
  uri: AnyNode;
  authority: AnyNode;
  method: AnyNode;
  scheme: AnyNode;
  headers: AnyNode;
  queryParams: AnyNode;
  withoutHeaders: AnyNode;
}

/**
 * A clause's fields as get() reads them, in one pass over its keys: the summary reads ten fields of
 * every clause, each a scan of the clause's keys. A clause with a merge key (`<<:`) is read with get().
 */
function matchFields(m: unknown): MatchFields {
  const out: MatchFields = {
    gateways: undefined,
    port: undefined,
    sniHosts: undefined,
    uri: undefined,
    authority: undefined,
    method: undefined,
    scheme: undefined,
    headers: undefined,
    queryParams: undefined,
    withoutHeaders: undefined,
  };
  const map = asMap(m);
  if (!map) return out;
  const found = out as unknown as Record<string, AnyNode | null>;
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const key = item.key.value;
    if (key === '<<') return matchFieldsByGet(m);
    // The first pair of a key wins, as in findPair; only the fields above are taken.
    if (typeof key === 'string' && Object.hasOwn(out, key) && found[key] === undefined) found[key] = (item.value as AnyNode) ?? null;
  }
  for (const k of MATCH_FIELDS) if (found[k] === null) found[k] = undefined;
  return out;
}

const MATCH_FIELDS = ['gateways', 'port', 'sniHosts', 'uri', 'authority', 'method', 'scheme', 'headers', 'queryParams', 'withoutHeaders'] as const;

function matchFieldsByGet(m: unknown): MatchFields {
  const out = {} as Record<string, AnyNode>;
  for (const k of MATCH_FIELDS) out[k] = get(m, k);
  return out as unknown as MatchFields;
}

/** Header match keys naming a JWT claim: `@request.auth.claims.` + name, or `@request.auth.claims[` … `]` (pkg/jwt/routing.go). */
function jwtClaimKeys(matches: MatchFields[]): StrRef[] | undefined {
  const out: StrRef[] = [];
  for (const m of matches) {
    for (const node of [m.headers, m.withoutHeaders]) {
      for (const pair of asMap(node)?.items ?? []) {
        const key = keyText(pair);
        if (!key || !isClaimKey(key)) continue;
        const at = span((pair as { key?: unknown }).key);
        if (at) out.push({ value: key, span: at });
      }
    }
  }
  return out.length ? out : undefined;
}

function isClaimKey(key: string): boolean {
  const prefix = '@request.auth.claims';
  if (!key.toLowerCase().startsWith(prefix)) return false;
  const rest = key.slice(prefix.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

// `uri prefix /api` or `header x-user` per match clause, `or` between clauses.
function describeMatches(matches: MatchFields[]): string | undefined {
  let out: string | undefined;
  for (const m of matches) {
    const parts: string[] = [];
    for (const field of ['uri', 'authority', 'method', 'scheme'] as const) {
      const value = m[field];
      if (value === undefined) continue;
      for (const how of ['exact', 'prefix', 'regex']) {
        const v = str(get(value, how));
        if (v !== undefined) parts.push(`${field} ${how} ${v}`);
      }
    }
    for (const k of keysOf(m.headers)) parts.push(`header ${k}`);
    for (const k of keysOf(m.queryParams)) parts.push(`query ${k}`);
    const port = num(m.port);
    if (port !== undefined) parts.push(`port ${port}`);
    for (const sni of strings(m.sniHosts) ?? []) parts.push(`sni ${sni}`);
    const clause = parts.join(', ');
    if (clause) out = out === undefined ? clause : `${out} or ${clause}`;
  }
  return out;
}

function keysOf(node: unknown): string[] {
  return (asMap(node)?.items ?? []).map((p) => keyText(p)).filter((k): k is string => !!k);
}

// Match fields that choose where a route applies rather than which requests it takes.
const SCOPE_FIELDS = new Set(['name', 'gateways', 'port', 'sourceLabels', 'sourceNamespace', 'statPrefix']);

/**
 * The Envoy routes of an HTTP rule as pilot's route builder makes them: one
 * per match clause, a rule without match being one catch-all. A clause is
 * catch-all when its only request condition is a `uri` prefix `/` or regex
 * `.*` (pilot/pkg/networking/core/route/route.go, IsCatchAllRoute).
 */
function httpMatches(clauses: unknown[], fields: MatchFields[]): RouteMatch[] {
  if (clauses.length === 0) return [{ key: '', catchAll: true, gateways: [] }];
  return clauses.map((m, i) => {
    const port = num(fields[i].port);
    const gateways = strings(fields[i].gateways) ?? [];
    const simple = simpleConditions(m);
    if (simple) return { key: simple.key, catchAll: simple.catchAll, gateways, port };
    const json = toPlain(m);
    const conditions: Record<string, unknown> = {};
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      for (const [k, v] of Object.entries(json)) if (!SCOPE_FIELDS.has(k)) conditions[k] = v;
    }
    return { key: canonical(conditions), catchAll: isCatchAll(conditions), gateways, port };
  });
}

/**
 * The key and catch-all flag of a clause made from its nodes, equal to what canonical() and isCatchAll()
 * make of its plain-object copy (toJSON). Only for the common shape: mappings with unique string keys,
 * lists and scalars that are strings, numbers, booleans or null; anything else (aliases, tags that make
 * other values, duplicate keys) returns undefined and takes the copy.
 */
function simpleConditions(m: unknown): { key: string; catchAll: boolean } | undefined {
  if (!isMap(m)) return undefined;
  const entries = sortedEntries(m);
  if (!entries) return undefined;
  let key = '{';
  let count = 0;
  let onlyUri: unknown;
  let others = 0;
  for (const [k, value] of entries) {
    if (SCOPE_FIELDS.has(k)) continue;
    const text = plainJson(value, 0);
    if (text === undefined) return undefined;
    key += `${count++ > 0 ? ',' : ''}${JSON.stringify(k)}:${text}`;
    if (k === 'uri') onlyUri = value;
    else if (k !== 'ignoreUriCase') others++;
  }
  key += '}';
  return { key, catchAll: others === 0 && (onlyUri === undefined || catchAllUri(onlyUri)) };
}

/** `uri` of exactly `prefix: /` or `regex: .*` (isCatchAll on the plain copy). */
function catchAllUri(node: unknown): boolean {
  if (!isMap(node) || node.items.length !== 1) return false;
  const pair = node.items[0] as Pair;
  const k = (pair.key as { value?: unknown }).value;
  const v = isScalar(pair.value) ? pair.value.value : undefined;
  return (k === 'prefix' && v === '/') || (k === 'regex' && v === '.*');
}

/** A mapping's entries sorted by key, or undefined when a key is not a plain string or repeats. */
function sortedEntries(m: YAMLMap): [string, unknown][] | undefined {
  const out: [string, unknown][] = [];
  for (const item of m.items) {
    if (!isPair(item) || !isScalar(item.key)) return undefined;
    const k = item.key.value;
    if (typeof k !== 'string' || k === '__proto__' || k === '<<') return undefined;
    out.push([k, item.value]);
  }
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let i = 1; i < out.length; i++) if (out[i][0] === out[i - 1][0]) return undefined;
  return out;
}

/** canonical() of a node's plain copy, or undefined when the node is not of the simple shape. */
function plainJson(node: unknown, depth: number): string | undefined {
  if (depth > 32) return undefined;
  if (isScalar(node)) {
    const v = node.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? JSON.stringify(v) : undefined;
  }
  if (isSeq(node)) {
    let out = '[';
    for (let i = 0; i < node.items.length; i++) {
      const item = plainJson(node.items[i], depth + 1);
      if (item === undefined) return undefined;
      out += (i > 0 ? ',' : '') + item;
    }
    return out + ']';
  }
  if (isMap(node)) {
    const entries = sortedEntries(node);
    if (!entries) return undefined;
    let out = '{';
    for (let i = 0; i < entries.length; i++) {
      const value = plainJson(entries[i][1], depth + 1);
      if (value === undefined) return undefined;
      out += `${i > 0 ? ',' : ''}${JSON.stringify(entries[i][0])}:${value}`;
    }
    return out + '}';
  }
  return undefined;
}

function isCatchAll(conditions: Record<string, unknown>): boolean {
  const keys = Object.keys(conditions).filter((k) => k !== 'ignoreUriCase');
  if (keys.length === 0) return true;
  if (keys.length !== 1 || keys[0] !== 'uri') return false;
  const uri = conditions.uri as Record<string, unknown> | null;
  if (!uri || typeof uri !== 'object') return false;
  const kinds = Object.keys(uri);
  return kinds.length === 1 && ((kinds[0] === 'prefix' && uri.prefix === '/') || (kinds[0] === 'regex' && uri.regex === '.*'));
}

function toPlain(node: unknown): unknown {
  const n = node as { toJSON?: () => unknown } | null | undefined;
  try {
    return typeof n?.toJSON === 'function' ? n.toJSON() : undefined;
  } catch {
    return undefined;
  }
}

function plainKey(node: unknown): string | undefined {
  const value = node === undefined ? undefined : toPlain(node);
  return value === undefined ? undefined : canonical(value);
}

/** JSON with sorted keys: two clauses written in a different key order compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function pushDestination(out: Destination[], node: unknown, role: Destination['role'], weight?: number): void {
  const host = strRef(get(node, 'host'));
  if (!host) return;
  const portNode = get(node, 'port', 'number');
  const portNumber = num(portNode);
  out.push({
    host,
    subset: strRef(get(node, 'subset')),
    port: portNumber !== undefined ? { number: portNumber, span: span(portNode)! } : undefined,
    span: span(node) ?? host.span,
    role,
    ...(weight !== undefined ? { weight } : {}),
  });
}

export function extractDestinationRule(spec: unknown): DestinationRuleData {
  const tls: TlsSettings[] = [];
  collectTls(get(spec, 'trafficPolicy'), 'trafficPolicy', tls);
  const subsets: Subset[] = [];
  for (const s of items(get(spec, 'subsets'))) {
    const name = strRef(get(s, 'name'));
    if (!name) continue;
    const subsetTls: TlsSettings[] = [];
    collectTls(get(s, 'trafficPolicy'), `subset ${name.value}`, subsetTls);
    tls.push(...subsetTls);
    subsets.push({ name, labels: labels(get(s, 'labels')), span: span(s) ?? name.span, tls: subsetTls[0], key: plainKey(s) });
  }
  const selector = get(spec, 'workloadSelector', 'matchLabels');
  return {
    kind: 'DestinationRule',
    host: strRef(get(spec, 'host')),
    exportTo: strings(get(spec, 'exportTo')),
    subsets,
    subsetsSpan: keySpan(spec, 'subsets'),
    trafficPolicySpan: keySpan(spec, 'trafficPolicy'),
    trafficPolicyKey: plainKey(get(spec, 'trafficPolicy')),
    tls,
    workloadSelector: selector ? labels(selector) : undefined,
  };
}

function collectTls(policy: unknown, where: string, out: TlsSettings[]): void {
  if (!policy) return;
  pushTls(get(policy, 'tls'), where, out);
  items(get(policy, 'portLevelSettings')).forEach((p, i) => pushTls(get(p, 'tls'), `${where}.portLevelSettings[${i}]`, out));
}

function skipsVerify(node: unknown): boolean {
  return isScalar(node) && node.value === true;
}

function pushTls(node: unknown, where: string, out: TlsSettings[]): void {
  const mode = str(get(node, 'mode'));
  if (!mode) return;
  out.push({
    mode,
    hasCa: str(get(node, 'caCertificates')) !== undefined,
    hasCredential: str(get(node, 'credentialName')) !== undefined,
    ...(skipsVerify(get(node, 'insecureSkipVerify')) ? { skipVerify: true as const } : {}),
    span: span(get(node, 'mode')) ?? span(node)!,
    where,
  });
}

export function extractServiceEntry(spec: unknown, statusAddresses?: unknown): ServiceEntryData {
  return {
    ...(items(statusAddresses).length ? { allocated: true } : {}),
    kind: 'ServiceEntry',
    hosts: strRefs(get(spec, 'hosts')),
    hostsSpan: keySpan(spec, 'hosts'),
    ports: items(get(spec, 'ports'))
      .map((p) => portRef(p, 'number'))
      .filter((p): p is PortRef => !!p),
    addresses: strings(get(spec, 'addresses')) ?? [],
    resolution: strRef(get(spec, 'resolution')),
    location: str(get(spec, 'location')),
    endpointCount: items(get(spec, 'endpoints')).length,
    hasWorkloadSelector: get(spec, 'workloadSelector') !== undefined,
    exportTo: strings(get(spec, 'exportTo')),
    exportToSpan: keySpan(spec, 'exportTo'),
  };
}

export function extractSidecar(spec: unknown): SidecarData {
  const egressHosts: StrRef[] = [];
  for (const e of items(get(spec, 'egress'))) egressHosts.push(...strRefs(get(e, 'hosts')));
  const selector = get(spec, 'workloadSelector', 'labels');
  const outboundPolicy = strRef(get(spec, 'outboundTrafficPolicy', 'mode'));
  return { kind: 'Sidecar', egressHosts, workloadSelector: selector ? labels(selector) : undefined, ...(outboundPolicy ? { outboundPolicy } : {}) };
}

export function portRef(node: unknown, numberKey: string): PortRef | undefined {
  const number = num(get(node, numberKey));
  if (number === undefined) return undefined;
  return {
    number,
    name: str(get(node, 'name')),
    protocol: str(get(node, 'protocol')),
    targetPort: num(get(node, 'targetPort')),
    span: span(node)!,
  };
}

/** The span of a key (not its value), where a whole-field finding reads best. */
export function keySpan(map: unknown, key: string) {
  const pair = findPair(map, key);
  return pair ? span(pair.key) : undefined;
}
