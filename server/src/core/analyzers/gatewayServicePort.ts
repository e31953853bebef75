// IST0162: a Gateway server's port is not a port of the Service in front of
// the gateway workload. Clients reach a gateway through its Service: Istio
// translates a Gateway port that is a Service `port` to the Service's
// `targetPort` and listens there, and listens on any other number as given.
// A port that is neither a Service port nor a target port is opened inside
// the pod but nothing routes to it: every request to that server times out
// or is refused. Checked only when the fronting Service is in the workspace:
// the Services (same namespace) that select a workload the Gateway selects,
// the Service an IstioMeshGateway declares, or, when no workload is in the
// workspace, the Services whose selector includes the Gateway's selector.
// When the workspace declares neither a workload nor a Service for a Gateway
// that selects the default ingress gateway (`istio: ingressgateway`), the
// default Service is assumed, as `istioctl analyze` does for files
// (pkg/config/analysis/local/defaults.go): its ports 80, 443, 31400 and 15443,
// plus 15021 and the target ports 8080 and 8443 of an `istioctl install`
// (a port open in either is not reported). Not assumed when an IstioOperator
// in the workspace may have customised that Service. istioctl takes the ports
// of every Service that selects the gateway's pods, so the default Service
// counts beside other Services the workspace shows for those pods (kserve's
// knative-local-gateway), unless the workspace declares the default Service.
import type { GatewayData, PortRef, Related, Resource } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { selects } from '../hosts';
import { finding, label, related, perResource } from './types';
import { selectorText } from './gatewayRefs';

interface Front {
  resource: Resource;
  ports: PortRef[];
}

export const gatewayServicePort = perResource({
  rules: [Rules.GatewayPortNotOnService],
  kind: 'Gateway',
  check(gw, snap, report) {
    if (Object.keys(gw.data.selector).length === 0) return;
    const fronts = frontingServices(snap, gw);
    // Without the gateway's pods in the workspace, other Services may front them too: the default ingress
    // Service is assumed beside the ones shown, unless the workspace declares that Service itself.
    const assumed = assumesDefaultIngress(snap, gw) && !fronts.some((f) => f.resource.kind === 'Service' && f.resource.name === 'istio-ingressgateway');
    if (fronts.length === 0 && !assumed) return;
    const open = new Set<number>();
    for (const f of fronts) {
      for (const p of f.ports) {
        if (p.protocol && p.protocol.toUpperCase() !== 'TCP') continue;
        open.add(p.number);
        if (p.targetPort !== undefined) open.add(p.targetPort);
      }
    }
    if (assumed) for (const p of DEFAULT_INGRESS_PORTS) open.add(p);
    for (const server of gw.data.servers) {
      if (!server.port || open.has(server.port.number)) continue;
      if (assumed && fronts.length === 0) {
        report(gw.uri, defaultIngressFinding(gw, server.port));
        continue;
      }
      const rel: Related[] = fronts.map((f) => related(f.resource, `${label(f.resource)} exposes ${describe(f.ports)}`));
      report(
        gw.uri,
        finding(
          Rules.GatewayPortNotOnService,
          gw,
          server.port.span,
          `Port ${server.port.number} is not a port of the Service in front of the gateway workload (${selectorText(gw.data.selector)}): ` +
            `${[...new Set(fronts.map((f) => `${label(f.resource)} exposes ${describe(f.ports)}`))].join('; ')}. Traffic never reaches this server; add the port to the Service or use one of its ports.`,
          { related: rel, data: { port: server.port.number, servicePorts: [...open].sort((a, b) => a - b) } },
        ),
      );
    }
  },
});

function frontingServices(snap: Snapshot, gw: Typed<GatewayData>): Front[] {
  const out: Front[] = [];
  const seen = new Set<Resource>();
  const push = (resource: Resource, ports: PortRef[]) => {
    if (seen.has(resource)) return;
    seen.add(resource);
    out.push({ resource, ports });
  };
  const [key0] = Object.keys(gw.data.selector);
  const workloads = snap.workloadsWithLabel(key0, gw.data.selector[key0]).filter((w) => selects(gw.data.selector, w.labels));
  for (const w of workloads) {
    const d = w.resource.data;
    if (d.kind === 'IstioMeshGateway') push(w.resource, d.ports);
    for (const s of snap.servicesSelecting(w.labels)) if (s.namespace === w.resource.namespace) push(s, s.data.ports);
  }
  if (workloads.length > 0) return out;
  const keys = Object.keys(gw.data.selector);
  for (const s of snap.servicesWithSelectorLabel(key0, gw.data.selector[key0])) {
    const sel = s.data.selector;
    if (keys.every((k) => sel[k] === gw.data.selector[k])) push(s, s.data.ports);
  }
  return out;
}

function describe(ports: PortRef[]): string {
  if (ports.length === 0) return 'no ports';
  return 'ports ' + ports.map((p) => (p.targetPort !== undefined && p.targetPort !== p.number ? `${p.number}→${p.targetPort}` : `${p.number}`)).join(', ');
}

// istioctl's default ingress Service (80, 443, 31400, 15443) and an `istioctl install`'s (15021, 80→8080, 443→8443).
const DEFAULT_INGRESS_PORTS = [80, 443, 8080, 8443, 15021, 15443, 31400];

/** No workload and no Service for the Gateway in the workspace, and its selector picks the default ingress gateway pods. */
function assumesDefaultIngress(snap: Snapshot, gw: Typed<GatewayData>): boolean {
  if (snap.declaresOperator) return false;
  const sel = gw.data.selector;
  if (Object.keys(sel).length === 0 || !selects(sel, { istio: 'ingressgateway', app: 'istio-ingressgateway' })) return false;
  const [key0] = Object.keys(sel);
  return !snap.workloadsWithLabel(key0, sel[key0]).some((w) => selects(sel, w.labels));
}

function defaultIngressFinding(gw: Typed<GatewayData>, port: PortRef) {
  return finding(
    Rules.GatewayPortNotOnService,
    gw,
    port.span,
    `Port ${port.number} is not a port of the default ingress gateway Service (${selectorText(gw.data.selector)}), which exposes ${DEFAULT_INGRESS_PORTS.join(', ')}: traffic never reaches this server. The workspace declares no gateway Service, so the default one is assumed, as istioctl analyze does; add the port to the Service, or use 80 or 443.`,
    {
      related: gw.data.selectorSpan ? [{ uri: gw.uri, span: gw.data.selectorSpan, message: `selects the default ingress gateway (${selectorText(gw.data.selector)}), whose Service is istio-system/istio-ingressgateway` }] : undefined,
      data: { port: port.number, servicePorts: DEFAULT_INGRESS_PORTS, assumed: true },
    },
  );
}
