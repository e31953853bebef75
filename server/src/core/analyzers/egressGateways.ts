// Which Gateways run on an egress gateway: the selector names Istio's egress
// gateway labels (`istio: egressgateway`), or selects a workload of the
// workspace that carries them, or selects an IstioMeshGateway of type egress.
import type { GatewayData } from '../model';
import type { Snapshot, Typed } from '../index/snapshot';
import { selects } from '../hosts';

export const EGRESS_LABELS = { istio: 'egressgateway' };

export function isEgressGateway(snap: Snapshot, gw: Typed<GatewayData>): boolean {
  const selector = gw.data.selector;
  if (Object.keys(selector).length === 0) return false;
  if (selects(selector, EGRESS_LABELS)) return true;
  return snap.workloadsSelectedBy(selector).some((w) => {
    const d = w.data;
    if (d.kind === 'IstioMeshGateway') return d.gatewayType === 'egress' || d.labels.istio === 'egressgateway';
    return (d.kind === 'Workload' || d.kind === 'WorkloadEntry') && d.labels.istio === 'egressgateway';
  });
}
