// Istio's host and name semantics, in one place: short names, wildcards,
// gateway references, Gateway server host scopes and exportTo visibility.

export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** `reviews` in namespace `ns` is `reviews.ns.svc.cluster.local`; names with a dot or `*` are taken as written. */
export function fqdn(host: string, namespace: string): string {
  const h = host.trim().toLowerCase();
  if (h.includes('.') || h.includes('*')) return h;
  return `${h}.${namespace}.${CLUSTER_DOMAIN}`;
}

export function isWildcard(host: string): boolean {
  return host.startsWith('*');
}

export function isClusterLocal(host: string): boolean {
  return host.endsWith('.' + CLUSTER_DOMAIN);
}

/** The namespace part of `name.ns.svc.cluster.local`, if the host is one. */
export function clusterNamespace(host: string): string | undefined {
  if (!isClusterLocal(host)) return undefined;
  const parts = host.slice(0, -(CLUSTER_DOMAIN.length + 1)).split('.');
  return parts.length === 2 ? parts[1] : undefined;
}

/** Does the wildcard-or-exact pattern cover the concrete or wildcard host? */
export function covers(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern === host) return true;
  if (isWildcard(pattern)) {
    const suffix = pattern.slice(1); // ".foo.com"
    if (isWildcard(host)) return host.slice(1).endsWith(suffix);
    return host.endsWith(suffix);
  }
  return false;
}

/** Two host patterns overlap: some concrete host matches both. */
export function intersects(a: string, b: string): boolean {
  return covers(a, b) || covers(b, a);
}

/** How specific a pattern is: longer suffixes win, exact hosts win over wildcards. */
export function specificity(pattern: string): number {
  return isWildcard(pattern) ? pattern.length - 1 : 10000 + pattern.length;
}

export interface GatewayRef {
  mesh: boolean;
  namespace: string;
  name: string;
  /** Set for the legacy `name.ns.svc.cluster.local` form. */
  legacy?: boolean;
  /** Set for `./name`, which Istio's validation rejects (ILS0611): it names no Gateway. */
  invalid?: boolean;
}

/** Resolves a VirtualService `gateways` entry relative to the VirtualService's namespace. */
export function parseGatewayRef(ref: string, vsNamespace: string): GatewayRef {
  if (ref === 'mesh') return { mesh: true, namespace: '', name: 'mesh' };
  const slash = ref.indexOf('/');
  if (slash >= 0) {
    const ns = ref.slice(0, slash);
    // Unlike Gateway server hosts, a gateway reference has no `.` shorthand: validation rejects `./name`.
    if (ns === '.') return { mesh: false, namespace: ns, name: ref.slice(slash + 1), invalid: true };
    return { mesh: false, namespace: ns, name: ref.slice(slash + 1) };
  }
  if (ref.includes('.')) {
    const parts = ref.split('.');
    return { mesh: false, name: parts[0], namespace: parts[1] ?? vsNamespace, legacy: true };
  }
  return { mesh: false, namespace: vsNamespace, name: ref };
}

export interface ServerHost {
  /** `*` any namespace, or a namespace name (`.` is resolved to the Gateway's). */
  namespace: string;
  host: string;
}

// Gateway `servers[].hosts` entries: `ns/host`, `./host`, `*` + `/host`, or a bare host (any namespace).
export function parseServerHost(entry: string, gatewayNamespace: string): ServerHost {
  const slash = entry.indexOf('/');
  if (slash < 0) return { namespace: '*', host: entry.toLowerCase() };
  const ns = entry.slice(0, slash);
  return { namespace: ns === '.' ? gatewayNamespace : ns, host: entry.slice(slash + 1).toLowerCase() };
}

/** The host patterns of Gateway `servers[].hosts` entries that are exposed to VirtualServices of namespace `viewer`. */
export function exposedHosts(entries: readonly string[], gatewayNamespace: string, viewer: string): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    const sh = parseServerHost(entry, gatewayNamespace);
    // `*` as the viewer: a VirtualService that may be applied in any namespace.
    if (sh.namespace === '*' || viewer === '*' || sh.namespace === viewer) out.push(sh.host);
  }
  return out;
}

/** Is a resource with this exportTo, living in `owner`, visible from namespace `viewer`? */
export function visibleTo(exportTo: string[] | undefined, owner: string, viewer: string): boolean {
  if (!exportTo || exportTo.length === 0) return true;
  for (const e of exportTo) {
    if (e === '*') return true;
    if (e === '.' && owner === viewer) return true;
    if (e === viewer) return true;
  }
  return false;
}

/** The namespaces (or `*`) a resource is visible to, for overlap tests. */
export function scopeOf(exportTo: string[] | undefined, owner: string): Set<string> {
  if (!exportTo || exportTo.length === 0 || exportTo.includes('*')) return new Set(['*']);
  return new Set(exportTo.map((e) => (e === '.' ? owner : e)).filter((e) => e !== '~'));
}

export function scopesOverlap(a: Set<string>, b: Set<string>): boolean {
  if (a.has('*') && b.size > 0) return true;
  if (b.has('*') && a.size > 0) return true;
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** Do the labels satisfy every pair of the selector? An empty selector selects nothing here. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  return keys.every((k) => labels[k] === selector[k]);
}

/**
 * A value that a deploy tool substitutes before the resource reaches the
 * cluster (`$(VAR)`, `${VAR}`, `{{ .Values.x }}`, `<your-host>`,
 * `CD_NAMESPACE_PLACEHOLDER`): not a host or namespace to look up. `_` is
 * never part of a DNS name, so an upper-case token with underscores counts too.
 */
export function isPlaceholder(text: string): boolean {
  return /[$<>{}%_[\]]/.test(text);
}

/**
 * A variable a deploy tool substitutes (`$(VAR)`, `${VAR}`, `{{ .x }}`, `<host>`,
 * `CD_NAMESPACE_PLACEHOLDER`). Narrower than isPlaceholder: a lower-case name
 * with `_` (`my_gw`) is a typo the webhook rejects, not a variable.
 */
export function hasSubstitution(text: string): boolean {
  return /[$<>{}]/.test(text) || /(^|[^a-z0-9])[A-Z][A-Z0-9]*_[A-Z0-9_]*([^a-z0-9]|$)/.test(text);
}

/** The value starts with such a variable (`${URL}/certs`, `JWKS_URI`): what it begins with, a scheme, comes with it. */
export function startsWithSubstitution(text: string): boolean {
  return /^(\$|\{\{|<|[A-Z][A-Z0-9]*_[A-Z0-9_]*(\/|$))/.test(text);
}

/**
 * A host of another service domain: another cluster domain
 * (`name.ns.svc.example.internal`), a federated mesh's imports
 * (`name.ns.svc.mesh2-imports.local`), any other `.local` name (never public
 * DNS) or the legacy multicluster `.global` stub domain. Such hosts are
 * registered by ServiceEntries or DNS that federation and multicluster
 * controllers create in the cluster, not by files of the workspace.
 */
export function isOtherServiceDomain(host: string): boolean {
  if (isClusterLocal(host)) return false;
  return host.endsWith('.local') || host.endsWith('.global') || host.includes('.svc.');
}
