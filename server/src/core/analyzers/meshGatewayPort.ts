// ILS0403: an IstioMeshGateway (Service Mesh Manager) runs its pod without
// root, so it cannot bind a port under 1024: the gateway pod fails to listen
// and the Service's port leads nowhere. Map to a targetPort above 1024 or set
// `spec.runAsRoot: true`.
import type { Finding, Resource } from '../model';
import { Rules } from '../catalog';
import { finding, type ResourceAnalyzer } from './types';

export const meshGatewayPort: ResourceAnalyzer = {
  rules: [Rules.MeshGatewayPortNeedsRoot],
  analyze(r: Resource): Finding[] {
    if (r.data.kind !== 'IstioMeshGateway' || r.data.runAsRoot) return [];
    return r.data.ports
      .filter((p) => (p.targetPort ?? p.number) < 1024)
      .map((p) =>
        finding(
          Rules.MeshGatewayPortNeedsRoot,
          r,
          p.span,
          `Port ${p.number} maps to targetPort ${p.targetPort ?? p.number}, under 1024, but the gateway pod does not run as root and cannot bind it. Use a targetPort above 1024 (e.g. ${(p.targetPort ?? p.number) + 8000}) or set spec.runAsRoot: true.`,
          { data: { port: p.number } },
        ),
      );
  },
};
