// The name, host, address and port rules Istio's validation shares between kinds
// (pkg/config/labels/instance.go, pkg/config/validation/agent/validation.go,
// pkg/config/protocol/instance.go). Each returns a reason, or undefined when valid.

import { hasSubstitution } from '../hosts';

const LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;

/** Istio's DNS-1123 label: letters (either case), digits and inner dashes, at most 63 characters. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && LABEL.test(value);
}

function isWildcardLabel(value: string): boolean {
  return value.length <= 63 && WILDCARD_LABEL.test(value);
}

function preconditions(name: string): string | undefined {
  if (name.length > 255) return 'is longer than 255 characters';
  if (name.length === 0) return 'is empty';
  return undefined;
}

function dnsLabels(domain: string): string | undefined {
  const parts = domain.split('.');
  const top = parts[parts.length - 1];
  if (/^[+-]?\d+$/.test(top)) return `has an all-numeric top-level domain "${top}"`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined; // `istio.io.` is allowed
    if (!isDnsLabel(parts[i])) return `has an invalid label "${parts[i]}"`;
  }
  return undefined;
}

// Names and hosts a deploy tool substitutes before apply (`$(JWA_NAMESPACE)`,
// `${CLUSTER_DOMAIN}`, `CD_NAMESPACE_PLACEHOLDER`) are not judged: what reaches
// the webhook is unknown here, and a false rejection is worse than a miss.

// A workspace names the same hosts in many files (`reviews.bookinfo.svc.cluster.local`): each answer is
// kept, up to a bound, rather than split into labels and tested again.
const fqdnAnswers = new Map<string, string | undefined>();
const wildcardAnswers = new Map<string, string | undefined>();
const MAX_ANSWERS = 20_000;

function remembered(answers: Map<string, string | undefined>, name: string, judge: (name: string) => string | undefined): string | undefined {
  const known = answers.get(name);
  if (known !== undefined || answers.has(name)) return known;
  const answer = judge(name);
  if (answers.size < MAX_ANSWERS) answers.set(name, answer);
  return answer;
}

/** A fully qualified name: DNS labels only, no wildcard. */
export function fqdnProblem(name: string): string | undefined {
  return remembered(fqdnAnswers, name, judgeFqdn);
}

function judgeFqdn(name: string): string | undefined {
  if (hasSubstitution(name)) return undefined;
  return preconditions(name) ?? dnsLabels(name);
}

/** A host that may start with a wildcard label (`*`, `*.example.com`, `*-api.example.com`). */
export function wildcardDomainProblem(domain: string): string | undefined {
  return remembered(wildcardAnswers, domain, judgeWildcardDomain);
}

function judgeWildcardDomain(domain: string): string | undefined {
  if (hasSubstitution(domain)) return undefined;
  const pre = preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardLabel(first)) return `has an invalid label "${first}"`;
  return dot < 0 ? undefined : dnsLabels(domain.slice(dot + 1));
}

export function isWildcardHost(host: string): boolean {
  return host.startsWith('*');
}

export function validPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(s: string): boolean {
  const zone = s.indexOf('%');
  const addr = zone >= 0 ? s.slice(0, zone) : s;
  if (zone >= 0 && zone === s.length - 1) return false;
  let groups = addr.split(':');
  let maxGroups = 8;
  const last = groups[groups.length - 1];
  if (last.includes('.')) {
    if (!isIPv4(last)) return false;
    groups = groups.slice(0, -1);
    maxGroups = 6;
    if (groups[groups.length - 1] === '' && addr.endsWith('::' + last)) groups.push('');
  }
  const double = addr.indexOf('::');
  if (double >= 0 && addr.indexOf('::', double + 1) >= 0) return false;
  const hex = (g: string): boolean => /^[0-9a-fA-F]{1,4}$/.test(g);
  if (double < 0) return groups.length === maxGroups && groups.every(hex);
  const text = groups.join(':');
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  return h.every(hex) && t.every(hex) && h.length + t.length < maxGroups;
}

export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or prefix. */
export function subnetProblem(s: string): string | undefined {
  const slashes = s.split('/').length - 1;
  if (slashes === 1) {
    const [addr, bits] = s.split('/');
    const max = isIPv4(addr) ? 32 : isIPv6(addr) && !addr.includes('%') ? 128 : -1;
    if (max < 0 || !/^(?:0|[1-9]\d*)$/.test(bits) || Number(bits) > max) return `"${s}" is not a valid CIDR block`;
    return undefined;
  }
  return isIP(s) ? undefined : `"${s}" is not a valid IP address`;
}

/** Protocol names Istio's protocol.Parse knows, matched case-insensitively. */
const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);

export function knownProtocol(p: string): boolean {
  return PROTOCOLS.has(p.toLowerCase());
}

export function isTlsProtocol(p: string): boolean {
  return ['https', 'tls'].includes(p.toLowerCase());
}

export function isHttpProtocol(p: string): boolean {
  return ['http', 'http2', 'http_proxy', 'grpc', 'grpc-web'].includes(p.toLowerCase());
}

const QUALIFIED = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_KEY = /^((?:[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*)\/)?((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;

/** A Kubernetes label key (`prefix/name`) as Istio checks selector and subset labels. */
export function labelKeyProblem(key: string): string | undefined {
  const m = LABEL_KEY.exec(key);
  if (!m) return `"${key}" is not a valid label key`;
  if (m[1] && m[1].length - 1 > 253) return `the prefix of label key "${key}" is longer than 253 characters`;
  if (m[2].length > 63) return `the name of label key "${key}" is longer than 63 characters`;
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  return value === '' || QUALIFIED.test(value) ? undefined : `"${value}" is not a valid label value`;
}
