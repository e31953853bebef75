// The value forms Istio's authorization rules accept (pkg/config/security:
// CheckEmptyValues, CheckServiceAccount, CheckTrustDomainValues, ValidateIPs,
// ValidatePorts, CheckValidPathTemplate, ValidateAttribute). Each returns the
// reason a value is rejected, or undefined.
import { isIP, subnetProblem } from './names';

/**
 * A variable substituted before apply (`${CLIENT_IP}`, `<<CLIENT_IP>>`, `<client-ip>`, `{{ .ip }}`, a
 * sed token): the applied value is unknown, as for hosts. `{*}` path templates are Istio's own syntax.
 */
const substituted = (v: string) => /\$[{(]|\{\{|<[^>]*>|(^|[^a-z0-9])[A-Z][A-Z0-9]*_[A-Z0-9_]*([^a-z0-9]|$)/.test(v);

export function ipProblem(v: string): string | undefined {
  if (substituted(v)) return undefined;
  if (v.includes('/')) return subnetProblem(v);
  return isIP(v) ? undefined : `"${v}" is not an IP address or CIDR block`;
}

export function portProblem(v: string): string | undefined {
  if (substituted(v)) return undefined;
  return /^\d+$/.test(v) && Number(v) <= 65535 ? undefined : `"${v}" is not a port number (0-65535)`;
}

/** `name` or `namespace/name`, no wildcard. */
export function serviceAccountProblem(v: string): string | undefined {
  if (v.includes('*')) return `"${v}": service accounts cannot hold wildcards`;
  if (v.length > 320) return `"${v.slice(0, 40)}…" is longer than 320 characters`;
  const parts = v.split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) return `"${v}" is not "serviceAccount" or "namespace/serviceAccount"`;
  return undefined;
}

/** At most one `*`, at the start or the end. */
export function wildcardProblem(v: string): string | undefined {
  const count = v.split('*').length - 1;
  if (count > 1) return `"${v}" has more than one wildcard`;
  if (count === 1 && v !== '*' && !v.startsWith('*') && !v.endsWith('*')) return `"${v}": a wildcard may be only at the start or the end`;
  return undefined;
}

export function trustDomainProblem(v: string): string | undefined {
  return wildcardProblem(v) ?? (v.includes('/') ? `"${v}": a trust domain has no "/"` : undefined);
}

const LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/** `{*}` matches one path segment, `{**}` the rest (only last); other braces are rejected. */
export function pathTemplateProblem(path: string): string | undefined {
  if (substituted(path)) return undefined;
  const templated = path.includes('{*}') || path.includes('{**}');
  let sawAny = false;
  for (const segment of path.replace(/^\/+|\/+$/g, '').split('/')) {
    if ((segment === '{*}' || segment === '{**}') && sawAny) return `"${path}": {**} must be the last segment`;
    if (segment === '{**}') {
      sawAny = true;
      continue;
    }
    if (segment === '{*}') continue;
    if (/[{}]/.test(segment)) return `"${path}": only {*} and {**} may be written in braces`;
    if (templated && !LITERAL.test(segment)) return `"${path}": segment "${segment}" has characters a path template does not allow`;
  }
  return undefined;
}

/** `name[key]` for the keys that take one (`request.headers[x-user]`). */
function mapKeyProblem(key: string): string | undefined {
  const open = key.indexOf('[');
  return key.endsWith(']') && open > 0 && open < key.length - 2 ? undefined : `"${key}" needs the form ${key.split('[')[0]}[name]`;
}

/** A `when` condition's key and its values. */
export function conditionProblem(key: string, values: string[]): string | undefined {
  if (key.startsWith('request.headers') || key.startsWith('request.auth.claims') || key.startsWith('experimental.envoy.filters.')) return mapKeyProblem(key);
  switch (key) {
    case 'source.ip':
    case 'remote.ip':
    case 'destination.ip':
      return values.map(ipProblem).find(Boolean);
    case 'source.serviceAccount':
      return values.map(serviceAccountProblem).find(Boolean);
    case 'source.trustDomain':
      return values.map(wildcardProblem).find(Boolean);
    case 'destination.port':
      return values.map(portProblem).find(Boolean);
    case 'source.namespace':
    case 'source.principal':
    case 'request.auth.principal':
    case 'request.auth.audiences':
    case 'request.auth.presenter':
    case 'connection.sni':
      return undefined;
    case 'destination.namespace':
      return `"${key}" is no longer supported: the policy's own namespace (metadata.namespace) says it`;
    case 'destination.name':
    case 'destination.user':
      return `"${key}" is no longer supported (it was v1alpha1 only)`;
  }
  if (key.startsWith('destination.labels')) return `"${key}" is no longer supported: use the policy's selector`;
  return `"${key}" is not an attribute Istio knows`;
}
