// The one name of a resource across the core: `Kind/namespace/name`, as
// findings, fixes and the traffic map name it. The Gateway API has a Gateway
// too, so its Gateway is `Gateway.gateway.networking.k8s.io/…` (kubectl's
// `kind.group` form) and never mistaken for Istio's.
import type { Resource } from './model';

export function resourceKey(r: Pick<Resource, 'kind' | 'namespace' | 'name'> & { apiVersion?: string }): string {
  return `${qualifiedKind(r)}/${r.namespace}/${r.name}`;
}

export function qualifiedKind(r: { kind: string; apiVersion?: string }): string {
  return r.kind === 'Gateway' && r.apiVersion?.startsWith('gateway.networking.k8s.io/') ? 'Gateway.gateway.networking.k8s.io' : r.kind;
}
