// ILS0501: Istio serves the networking and security APIs as v1 since 1.22;
// v1alpha3/v1beta1 still work but are the older names of the same schema, and
// new fields and docs use v1. A hint, never an error.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';

const V1_KINDS: Record<string, string[]> = {
  'networking.istio.io': ['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry', 'Sidecar', 'WorkloadEntry', 'WorkloadGroup'],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
  'telemetry.istio.io': ['Telemetry'],
};

export function v1ApiVersion(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.split('/');
  if (!version || version === 'v1') return undefined;
  return V1_KINDS[group]?.includes(kind) ? `${group}/v1` : undefined;
}

/** The payload of the finding, for the apiVersion fix. */
export interface OlderApiVersion {
  replacement: string;
}

export const apiVersionV1: ResourceAnalyzer = {
  rules: [Rules.OlderApiVersion],
  analyze(r: Resource): Finding[] {
    const target = v1ApiVersion(r.apiVersion, r.kind);
    if (!target || !r.apiVersionSpan) return [];
    return [finding(Rules.OlderApiVersion, r, r.apiVersionSpan, `${r.apiVersion} is an older name of ${target}; use ${target} for ${r.kind}.`, { data: { replacement: target } satisfies OlderApiVersion })];
  },
};
