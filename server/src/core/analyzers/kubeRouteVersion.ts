// ILS0815 (information): a TLSRoute written as gateway.networking.k8s.io
// v1alpha2 or v1alpha3. Those versions are served only by the Gateway API's
// experimental CRDs, where they are deprecated; the standard CRDs serve
// TLSRoute v1 since Gateway API v1.5 and no alpha version at all
// (kubernetes-sigs/gateway-api config/crd/standard, tag v1.5.0). Where only
// the standard CRDs are installed, `kubectl apply` fails with "no matches for
// kind TLSRoute". istio.io's TLS tasks still write v1alpha2 after installing
// the experimental CRDs, and Istio reads both versions
// (pkg/config/schema/gvk TLSRoute, TLSRoute_v1alpha2): valid where the
// experimental CRDs are installed, so a note, never an error (errata §3).
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { GATEWAY_API_GROUP } from '../summary/extractGatewayApi';
import { finding, type ResourceAnalyzer } from './types';

const ALPHA = new Set([`${GATEWAY_API_GROUP}/v1alpha2`, `${GATEWAY_API_GROUP}/v1alpha3`]);

export const kubeRouteVersion: ResourceAnalyzer = {
  rules: [Rules.ExperimentalRouteVersion],
  analyze(r: Resource): Finding[] {
    if (r.kind !== 'TLSRoute' || !ALPHA.has(r.apiVersion) || !r.apiVersionSpan) return [];
    const version = r.apiVersion.split('/')[1];
    return [finding(Rules.ExperimentalRouteVersion, r, r.apiVersionSpan, `TLSRoute ${version} needs the Gateway API's experimental CRDs (deprecated there); the standard CRDs serve TLSRoute ${GATEWAY_API_GROUP}/v1 since Gateway API v1.5, and Istio reads both.`)];
  },
};
