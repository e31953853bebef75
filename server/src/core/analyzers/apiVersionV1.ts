// ILS0501: Istio serves the networking and security APIs as v1 since 1.22;
// v1alpha3/v1beta1 still work but are the older names of the same schema, and
// new fields and docs use v1. A hint, never an error. Also an IstioOperator
// written under operator.istio.io, which only istioctl install accepts.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';

// IstioOperator's own group; istioctl install reads the file under any apiVersion (operator/pkg/render
// manifest.go MergeInputs starts from an install.istio.io base), kubectl and other tools do not.
const INSTALL_API_VERSION = 'install.istio.io/v1alpha1';

const V1_KINDS: Record<string, string[]> = {
  'networking.istio.io': ['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry', 'Sidecar', 'WorkloadEntry', 'WorkloadGroup'],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
  'telemetry.istio.io': ['Telemetry'],
};

export function v1ApiVersion(apiVersion: string, kind: string): string | undefined {
  if (kind === 'IstioOperator') return apiVersion.startsWith('operator.istio.io/') ? INSTALL_API_VERSION : undefined;
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
    const message =
      r.kind === 'IstioOperator'
        ? `${r.apiVersion} is not IstioOperator's group: istioctl install reads the file anyway, other tools do not; use ${target}.`
        : `${r.apiVersion} is an older name of ${target}; use ${target} for ${r.kind}.`;
    return [finding(Rules.OlderApiVersion, r, r.apiVersionSpan, message, { data: { replacement: target } satisfies OlderApiVersion })];
  },
};
