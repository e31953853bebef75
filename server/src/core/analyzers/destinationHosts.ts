// IST0101 (destination host not registered). Envoy routes only to hosts in the
// service registry: Kubernetes Services and ServiceEntry hosts. A route to any
// other host has no cluster behind it: 503 "no healthy upstream", or under
// outboundTrafficPolicy REGISTRY_ONLY a 502 from the BlackHoleCluster. Real
// repositories are partial, so with `istio.registry: partial` an in-cluster
// host is checked only when the workspace declares Services of its namespace,
// and hosts of other service domains (federated meshes' `.local` imports,
// `.global`) are left to the controllers that register them. Placeholders a
// deploy tool substitutes (`$(HOST)`, `CD_NAMESPACE_PLACEHOLDER`) are not hosts.
import type { Destination, Finding, Related, Resource } from '../model';
import { Rules } from '../catalog';
import { outboundPolicyFor } from '../index/sidecarScope';
import type { Snapshot, Typed } from '../index/snapshot';
import type { VirtualServiceData } from '../model';
import { clusterNamespace, fqdn, isClusterLocal, isOtherServiceDomain, isPlaceholder } from '../hosts';
import { destinationsOf } from './vsGateways';
import { didYouMean } from '../schema/suggest';
import { finding, label, related, perResource } from './types';
import { hasImplicitServiceFor, explicitServiceNamed, hasServiceFor, implicitServiceNamed } from './sampleScope';

/** The payload of a host-not-found finding, for the ServiceEntry and egress fixes. */
export interface HostNotFound {
  kind: 'hostNotFound';
  host: string;
  external: boolean;
  namespace: string;
  /** A Service with a close name, as the host would be written. */
  suggestion?: string;
}

export const destinationHosts = perResource({
  rules: [Rules.ReferencedResourceNotFound],
  kind: 'VirtualService',
  check(vs, snap, report) {
    for (const [, d] of destinationsOf([vs])) {
      const f = checkDestination(snap, vs, d);
      if (f) report(vs.uri, f);
    }
  },
});

/**
 * Whether a missing host is worth reporting: the partial registry claims a
 * namespace complete only when the workspace declares a Service there and
 * nothing may add unseen Services to it (an installer, a chart release, a
 * remote kustomize base, a templated file). A short host of a resource
 * without a namespace (`kubectl apply -n X`) resolves among the resources
 * without a namespace, which are complete only when some Service is among
 * them. `viewer` and `written` (the host as written) tell these apart. A
 * Service of the host's name without a namespace may be the host in any
 * namespace it is applied to: then nothing is claimed.
 */
export function shouldCheckHost(snap: Snapshot, host: string, viewer?: Resource, written?: string): boolean {
  if (isPlaceholder(host)) return false;
  if (!isClusterLocal(host)) return snap.settings.registry === 'complete' || !isOtherServiceDomain(host);
  if (snap.settings.registry === 'complete') return true;
  const ns = clusterNamespace(host);
  if (ns === undefined || snap.unknownNamespaceUnread || snap.isIncompleteNamespace(ns)) return false;
  // Another operator's resources there may come with Services of their own (a PGAdmin's): only a misspelt name
  // of a declared Service (a close one) is then worth saying.
  if (snap.members('operatorNs', ns).length > 0 && !closeToDeclared(snap, host, ns)) return false;
  const implicit = viewer !== undefined && viewer.explicitNamespace === undefined && written !== undefined && !written.includes('.') && ns === viewer.namespace;
  // The namespace `kubectl apply -n` picks may already run other apps (Bookinfo installed from Istio's samples
  // beside a repository's extra manifests): only a misspelt name of a Service applied with it says something.
  if (implicit) return hasImplicitServiceFor(snap, viewer) && !explicitServiceNamed(snap, host.slice(0, host.indexOf('.')), viewer) && closeToDeclared(snap, host, ns);
  // A Service of that name without a namespace may be applied there (`kubectl apply -n`).
  if (viewer !== undefined && implicitServiceNamed(snap, host.slice(0, host.indexOf('.')))) return false;
  return hasServiceFor(snap, ns, viewer);
}

function checkDestination(snap: Snapshot, vs: Typed<VirtualServiceData>, d: Destination): Finding | undefined {
  const host = fqdn(d.host.value, vs.namespace);
  if (host.includes('*') || snap.isRegistered(host, vs.namespace) || !shouldCheckHost(snap, host, vs, d.host.value)) return undefined;
  const inCluster = isClusterLocal(host);
  const hidden = snap.services.get(host)?.[0];
  const searched = hidden
    ? `${label(hidden)} is exported only to ${(hidden.data.exportTo ?? []).join(', ')} (annotation networking.istio.io/exportTo), not to namespace ${vs.namespace}`
    : inCluster
      ? `no Service ${host.split('.')[0]} in namespace ${clusterNamespace(host) ?? '?'} and no ServiceEntry for it`
      : `no ServiceEntry visible to namespace ${vs.namespace} lists it`;
  let message = `Destination host ${d.host.value}${d.host.value !== host ? ` (${host})` : ''} is not in the service registry: ${searched} (searched ${countServices(snap)} Services and ${snap.serviceEntries.length} ServiceEntries in the workspace).`;
  const rel: Related[] = hidden ? [related(hidden, `${label(hidden)}: networking.istio.io/exportTo ${(hidden.data.exportTo ?? []).join(',')}`)] : [];
  // The namespace's default Sidecar may set its own mode (sidecar.go, ConvertToSidecarScope).
  const policy = outboundPolicyFor(snap, vs.namespace);
  if (!inCluster && policy.mode === 'REGISTRY_ONLY') {
    message += ' With outboundTrafficPolicy REGISTRY_ONLY, calls to it are answered 502 by the BlackHoleCluster.';
    if (policy.resource && policy.span) rel.push({ uri: policy.resource.uri, span: policy.span, message: 'outboundTrafficPolicy: REGISTRY_ONLY' });
  } else if (!inCluster) {
    message += ' Add a ServiceEntry for it.';
  }
  const near = inCluster && !hidden ? nearService(snap, host, d.host.value) : undefined;
  if (near) {
    // The typo first: what to write, then the search.
    const searchedText = message.slice(message.indexOf(': ') + 2);
    message = `Destination host ${d.host.value} is not in the service registry. Did you mean "${near.written}"? ${searchedText.charAt(0).toUpperCase()}${searchedText.slice(1)}`;
    rel.push(related(near.service, `${label(near.service)}`));
  }
  return finding(Rules.ReferencedResourceNotFound, vs, d.host.span, message, {
    related: rel.length ? rel : undefined,
    data: { kind: 'hostNotFound', host, external: !inCluster, namespace: vs.namespace, ...(near ? { suggestion: near.written } : {}) } satisfies HostNotFound,
  });
}

/** A Service of the host's namespace with a close name, written the way the host was (`cart`, `cart.shop`, or the full name). */
function nearService(snap: Snapshot, host: string, written: string): { written: string; service: Resource } | undefined {
  const ns = clusterNamespace(host);
  const name = host.split('.')[0];
  if (!ns) return undefined;
  const names = new Map<string, Resource>();
  for (const [key, list] of snap.services) if (clusterNamespace(key) === ns && list[0]) names.set(key.split('.')[0], list[0]);
  const near = didYouMean(name, [...names.keys()]);
  if (!near) return undefined;
  const rest = written.includes('.') ? written.slice(written.indexOf('.')) : '';
  return { written: near + rest, service: names.get(near)! };
}

function countServices(snap: Snapshot): number {
  let n = 0;
  for (const list of snap.services.values()) n += list.length;
  return n;
}

/** A Service of the namespace has a name close to the host's (a typo), not the same one. */
function closeToDeclared(snap: Snapshot, host: string, ns: string): boolean {
  const name = host.slice(0, host.indexOf('.'));
  const names = snap.resourcesInNamespace(ns).filter((r) => r.data.kind === 'Service').map((r) => r.name);
  return didYouMean(name, names) !== undefined;
}
