// Reads the security kinds (AuthorizationPolicy, PeerAuthentication,
// RequestAuthentication) and the security part of a mesh config: what the
// cross-file checks, hover and completion need, with spans.
import type { AuthorizationPolicyData, MeshSecurity, PeerAuthenticationData, PolicyScope, RequestAuthenticationData, Span, StrRef } from '../model';
import { asMap, get, items, labels, span, str, strRef, strRefs } from '../parse/ast';
import { keySpan } from './extractNetworking';

function scope(spec: unknown): PolicyScope {
  const out: PolicyScope = { targetRefs: [] };
  const selector = get(spec, 'selector');
  if (selector) {
    out.selector = labels(get(selector, 'matchLabels'));
    out.selectorSpan = keySpan(spec, 'selector');
  }
  const refs = [...(get(spec, 'targetRef') ? [get(spec, 'targetRef')] : []), ...items(get(spec, 'targetRefs'))];
  for (const ref of refs) {
    const name = strRef(get(ref, 'name'));
    const at = span(ref);
    if (name && at) out.targetRefs.push({ group: str(get(ref, 'group')) ?? '', kind: str(get(ref, 'kind')) ?? '', name, span: at });
  }
  return out;
}

export function extractAuthorizationPolicy(spec: unknown): AuthorizationPolicyData {
  const out: AuthorizationPolicyData = {
    kind: 'AuthorizationPolicy',
    ...scope(spec),
    action: str(get(spec, 'action')) ?? 'ALLOW',
    actionSpan: span(get(spec, 'action')),
    provider: strRef(get(spec, 'provider', 'name')),
    hasRules: items(get(spec, 'rules')).length > 0,
    principals: [],
    namespaces: [],
    requestPrincipals: [],
  };
  const http: StrRef[] = [];
  const mark = (node: unknown, key: string) => {
    const at = get(node, key) !== undefined ? keySpan(node, key) : undefined;
    if (at) http.push({ value: key, span: at });
  };
  for (const rule of items(get(spec, 'rules'))) {
    for (const from of items(get(rule, 'from'))) {
      const source = get(from, 'source');
      out.principals.push(...strRefs(get(source, 'principals')), ...strRefs(get(source, 'notPrincipals')));
      out.namespaces.push(...strRefs(get(source, 'namespaces')), ...strRefs(get(source, 'notNamespaces')));
      out.requestPrincipals.push(...strRefs(get(source, 'requestPrincipals')));
      for (const key of HTTP_SOURCE_FIELDS) mark(source, key);
    }
    for (const to of items(get(rule, 'to'))) for (const key of HTTP_OPERATION_FIELDS) mark(get(to, 'operation'), key);
    for (const when of items(get(rule, 'when'))) {
      const key = strRef(get(when, 'key'));
      if (key && !L4_WHEN_KEYS.has(key.value)) http.push(key);
    }
  }
  if (http.length) out.httpAttributes = http;
  return out;
}

// What ztunnel cannot enforce (pilot/pkg/serviceregistry/ambient/authorization.go: httpOperations, httpSources, l4WhenAttributes).
const HTTP_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const HTTP_SOURCE_FIELDS = ['remoteIpBlocks', 'notRemoteIpBlocks', 'requestPrincipals', 'notRequestPrincipals'];
const L4_WHEN_KEYS = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);

export function extractPeerAuthentication(spec: unknown): PeerAuthenticationData {
  const portLevel: PeerAuthenticationData['portLevel'] = [];
  for (const pair of (asMap(get(spec, 'portLevelMtls'))?.items ?? []) as { key?: unknown; value?: unknown }[]) {
    const port = Number(str(pair.key));
    const at = span(pair.key);
    if (Number.isInteger(port) && at) portLevel.push({ port, mode: str(get(pair.value, 'mode')), span: at });
  }
  return { kind: 'PeerAuthentication', ...scope(spec), mode: strRef(get(spec, 'mtls', 'mode')), portLevel };
}

export function extractRequestAuthentication(spec: unknown): RequestAuthenticationData {
  const issuers: StrRef[] = [];
  for (const rule of items(get(spec, 'jwtRules'))) {
    const issuer = strRef(get(rule, 'issuer'));
    if (issuer) issuers.push(issuer);
  }
  return { kind: 'RequestAuthentication', ...scope(spec), issuers };
}

/** The security settings of a mesh config node (`meshConfig` of an IstioOperator or Helm values, the `mesh` of the `istio` ConfigMap). */
export function meshSecurity(mesh: unknown, at: Span): MeshSecurity {
  return {
    trustDomain: str(get(mesh, 'trustDomain')),
    trustDomainAliases: strRefs(get(mesh, 'trustDomainAliases')).map((r) => r.value),
    extensionProviders: items(get(mesh, 'extensionProviders'))
      .map((p) => str(get(p, 'name')))
      .filter((n): n is string => !!n),
    ...caTrustDomains(mesh),
    ...dnsSettings(get(mesh, 'defaultConfig', 'proxyMetadata')),
    span: at,
  };
}

function caTrustDomains(mesh: unknown): { caTrustDomains?: string[] } {
  const domains = items(get(mesh, 'caCertificates')).flatMap((c) => strRefs(get(c, 'trustDomains')).map((r) => r.value));
  return domains.length ? { caTrustDomains: domains } : {};
}

/** As istioctl reads it (serviceentry/protocoladdresses.go): DNS capture on, and either allocation flag on. */
function dnsSettings(metadata: unknown): { dns?: 'capture' | 'allocate' } {
  const on = (key: string) => str(get(metadata, key)) === 'true';
  if (!on('ISTIO_META_DNS_CAPTURE')) return {};
  return { dns: on('ISTIO_META_DNS_AUTO_ALLOCATE') || on('PILOT_ENABLE_IP_AUTOALLOCATE') ? 'allocate' : 'capture' };
}
