// ILS0202: Istio rejects a VirtualService bound to the mesh gateway that
// claims the host `*`: sidecars would route every destination by it.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';
import { boundToMesh } from './vsGateways';

export const meshWildcardHost: ResourceAnalyzer = {
  rules: [Rules.MeshVirtualServiceClaimsAll],
  analyze(r: Resource): Finding[] {
    if (r.data.kind !== 'VirtualService' || !boundToMesh(r.data)) return [];
    return r.data.hosts
      .filter((h) => h.value === '*')
      .map((h) => finding(Rules.MeshVirtualServiceClaimsAll, r, h.span, 'A VirtualService bound to the mesh gateway cannot claim the host "*"; Istio rejects it. Name the hosts, or bind only to a Gateway.'));
  },
};
