// ILS0706: a PeerAuthentication `portLevelMtls` key that is a Service port
// rather than the port the selected workloads listen on. The sidecar applies
// port-level modes to its inbound listeners, which are the container (target)
// ports; a key naming the Service's `port` when it forwards to another
// `targetPort` matches no inbound port, so the workload keeps the policy's
// general mode on that port (STRICT stays on where PERMISSIVE or DISABLE was
// meant, and health checks or legacy clients fail). Reported only when the
// key is no container port of a selected workload, some Service of the
// workspace selecting them has it as `port` with a different numeric
// `targetPort`, and the workloads declare container ports.
// Source: istio/istio pilot/pkg/networking/core/listener_inbound.go and
// pilot/pkg/security/authn/policy_applier.go (port-level mTLS by endpoint port);
// istio.io, Reference › Configuration › Security › PeerAuthentication (portLevelMtls).
import { Rules } from '../catalog';
import { finding, label, related, perResource } from './types';
import { policyWorkloads } from './policyScope';
import { podLabels } from '../index/tables';

export const portLevelMtlsServicePort = perResource({
  rules: [Rules.PortLevelMtlsServicePort],
  kind: 'PeerAuthentication',
  check(pa, snap, report) {
    if (pa.data.portLevel.length === 0) return;
    const workloads = policyWorkloads(pa, snap);
    const containerPorts = new Set(workloads.flatMap((w) => (w.data.kind === 'Workload' ? w.data.ports : [])));
    if (containerPorts.size === 0) return;
    const services = [...new Set(workloads.flatMap((w) => snap.servicesSelecting(podLabels(w))))];
    for (const key of pa.data.portLevel) {
      if (containerPorts.has(key.port)) continue;
      for (const svc of services) {
        const port = svc.data.ports.find((p) => p.number === key.port && p.targetPort !== undefined && p.targetPort !== key.port && containerPorts.has(p.targetPort));
        if (!port) continue;
        const message = `Port ${key.port} is a port of ${label(svc)}, which forwards it to target port ${port.targetPort}. portLevelMtls keys are the workload's own ports: write ${port.targetPort}, or this mode applies to no port.`;
        report(pa.uri, finding(Rules.PortLevelMtlsServicePort, pa, key.span, message, { related: [related(svc, `${label(svc)} port ${key.port} → targetPort ${port.targetPort}`, port.span)], data: { targetPort: port.targetPort } }));
        break;
      }
    }
  },
});
