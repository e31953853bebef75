// The egress bundle command as the facade offers it: reads loose arguments,
// says what is missing, and lists the egress gateways a client can offer.
import type { Workspace } from '../index/workspace';
import type { TextSource } from '../edit/workspaceEdit';
import { emptyEdit } from '../edit/workspaceEdit';
import { clusterNamespace, selects } from '../hosts';
import { scaffoldEgressBundle, type EgressResult } from '../scaffold/egressBundle';
import { DEFAULT_EGRESS_GATEWAY, normalizeEgressRequest, type EgressField, type EgressFieldError } from '../scaffold/egressParams';
import { meshGatewayTarget } from '../scaffold/egressPlan';

export interface EgressCommandResult extends EgressResult {
  /** Arguments the caller must still give (the client then asks for them). */
  missing?: EgressField[];
  /** What is wrong with the arguments given, per field. */
  errors?: EgressFieldError[];
}

export function scaffoldEgress(index: Workspace, request: unknown, textOf: TextSource): EgressCommandResult {
  const { params, missing, errors } = normalizeEgressRequest(request);
  if (!params) {
    const parts = [...errors.map((e) => e.message), ...(missing.length ? [`missing ${missing.join(', ')}`] : [])];
    return { edit: emptyEdit(), uris: [], notes: [], error: `Cannot write the egress bundle: ${parts.join('; ')}.`, missing, errors };
  }
  return scaffoldEgressBundle(params, {
    snapshot: index.snapshot(),
    textOf,
    exists: (uri) => index.has(uri) || textOf(uri) !== undefined,
    defaultNamespace: index.settings.defaultNamespace,
  });
}

export interface EgressGatewayChoice {
  label: string;
  description: string;
  selector: Record<string, string>;
  serviceHost: string;
  /** Set for a Service Mesh Manager IstioMeshGateway (the bundle's meshGateway option). */
  meshGateway?: boolean;
}

/** Istio's default egress gateway, then the egress gateways the workspace declares. */
export function findEgressGateways(index: Workspace): EgressGatewayChoice[] {
  const snap = index.snapshot();
  const out: EgressGatewayChoice[] = [
    {
      label: 'istio-egressgateway',
      description: `Istio's egress gateway: istio: egressgateway, ${DEFAULT_EGRESS_GATEWAY.serviceHost}`,
      selector: { ...DEFAULT_EGRESS_GATEWAY.selector },
      serviceHost: DEFAULT_EGRESS_GATEWAY.serviceHost,
    },
  ];
  const seen = new Set([DEFAULT_EGRESS_GATEWAY.serviceHost]);
  for (const r of snap.resources) {
    if (r.data.kind === 'IstioMeshGateway' && r.data.gatewayType === 'egress') {
      const t = meshGatewayTarget(r.name, r.namespace);
      if (seen.has(t.serviceHost)) continue;
      seen.add(t.serviceHost);
      out.push({ label: r.name, description: `IstioMeshGateway ${r.namespace}/${r.name}`, selector: t.selector, serviceHost: t.serviceHost, meshGateway: true });
    }
  }
  // Services in front of pods labelled as an egress gateway (a Helm-installed gateway in the repo).
  for (const list of snap.services.values()) {
    for (const svc of list) {
      const host = `${svc.name}.${svc.namespace}.svc.cluster.local`;
      if (seen.has(host) || Object.keys(svc.data.selector).length === 0) continue;
      const egress = svc.data.selector.istio === 'egressgateway' || snap.workloads.some((w) => selects(svc.data.selector, w.labels) && w.labels.istio === 'egressgateway');
      if (!egress || !clusterNamespace(host)) continue;
      seen.add(host);
      out.push({ label: svc.name, description: `Service ${svc.namespace}/${svc.name}`, selector: { ...svc.data.selector }, serviceHost: host });
    }
  }
  return out;
}
