// ILS0806–ILS0809: a Gateway API route's backendRefs that Istio cannot use.
// Istio turns each backendRef into a destination (pilot/pkg/config/kube/
// gateway/conversion.go buildDestination): a Service by name and port (the
// Service port, not the target port), or a ServiceEntry's host as `kind:
// Hostname` (group networking.istio.io, no namespace). A Service written as a
// hostname, a Service without a port, a Hostname with a namespace or a
// `kind: ServiceEntry` backend (a parent kind, not a backend one) is refused; a missing target is
// BackendNotFound; a cross-namespace target without a ReferenceGrant is
// RefNotPermitted. The rule's traffic then gets 500 from the gateway (the
// route stays, its backend is invalid). Missing targets and grants are judged
// only where the workspace can know them (the registry rules of IST0101).
// Grants bind only routes attached to a Gateway: for a mesh route (parents
// are Services or ServiceEntries) Istio converts the rules without checking
// them (route_collections.go passes enforceRefGrant = !mesh). A route whose
// parents are all Gateways of another controller's class (nginx, cilium) is
// not Istio's: istiod skips those Gateways (gateway_collection.go), and that
// controller's backend rules are not these.
import type { Finding, KubeGatewayData, KubeRouteData, ObjectRef, ServiceData } from '../model';
import { Rules } from '../catalog';
import type { Snapshot, Typed } from '../index/snapshot';
import { CLUSTER_DOMAIN, isPlaceholder } from '../hosts';
import { shouldCheckHost } from './destinationHosts';
import { missingGrant } from './kubeGrants';
import { coexist, finding, label, perResource, related } from './types';
import { istioGatewayClass } from './kubeListeners';
import { GATEWAY_API_GROUP, isIstioClass } from '../summary/extractGatewayApi';

export type { GrantMissing } from './kubeGrants';

/** ILS0806: what was looked for. */
export interface BackendNotFound {
  kind: 'backendNotFound';
  backendKind: string;
  namespace: string;
  name: string;
}

/** ILS0808: the ports the Service has. */
export interface BackendPortNotOnService {
  kind: 'backendPortNotOnService';
  service: string;
  ports: number[];
}

const ISTIO_GROUP = 'networking.istio.io';

export const kubeBackendRefs = perResource({
  rules: [Rules.BackendNotFound, Rules.InvalidBackendRef, Rules.BackendPortNotOnService, Rules.ReferenceNotPermitted],
  kind: 'KubeRoute',
  check(route, snap, report) {
    if (onlyOtherControllers(snap, route)) return;
    for (const ref of route.data.backendRefs) {
      if (isPlaceholder(ref.name.value)) continue;
      const f = checkBackend(snap, route, ref);
      if (f) report(route.uri, f);
    }
  },
});

/** Some parent is a Gateway (or a ListenerSet of one), not a Service or ServiceEntry of the mesh. */
function attachesToGateway(route: Typed<KubeRouteData>): boolean {
  return route.data.parentRefs.some((p) => !(p.group === '' && p.kind === 'Service') && !(p.group === ISTIO_GROUP && p.kind === 'ServiceEntry'));
}

/** Every parent is a Gateway the workspace declares with a class Istio does not program. */
function onlyOtherControllers(snap: Snapshot, route: Typed<KubeRouteData>): boolean {
  const parents = route.data.parentRefs;
  return (
    parents.length > 0 &&
    parents.every((p) => {
      if (p.group !== GATEWAY_API_GROUP || p.kind !== 'Gateway') return false;
      const gateways = snap.findKubeGateways(p.namespace?.value ?? route.namespace, p.name.value).filter((gw) => coexist(gw, route));
      return gateways.length > 0 && gateways.every((gw) => otherController(snap, gw));
    })
  );
}

function otherController(snap: Snapshot, gw: Typed<KubeGatewayData>): boolean {
  const cls = gw.data.className?.value;
  return cls !== undefined && !isPlaceholder(cls) && !isIstioClass(cls) && !istioGatewayClass(snap, gw);
}

function checkBackend(snap: Snapshot, route: Typed<KubeRouteData>, ref: ObjectRef): Finding | undefined {
  const ns = ref.namespace?.value ?? route.namespace;
  const name = ref.name.value;
  if (ref.group === '' && ref.kind === 'Service') {
    if (name.includes('.')) {
      return finding(Rules.InvalidBackendRef, route, ref.name.span, `Backend refused: "${name}" is a hostname; a Service backendRef takes the Service's name (${name.split('.')[0]}), and \`namespace\` for another namespace.`, {
        data: { kind: 'serviceNameIsHostname', name: name.split('.')[0], namespace: name.split('.')[1] },
      });
    }
    if (ref.portUnread) return undefined;
    if (!ref.port) return finding(Rules.InvalidBackendRef, route, ref.name.span, `Backend refused: a Service backendRef needs \`port\` (the Service port).`);
    const host = `${name}.${ns}.${CLUSTER_DOMAIN}`;
    const found = snap.lookupHost(host, ns);
    const services = found.services;
    const grant = attachesToGateway(route) ? missingGrant(snap, route, ref.namespace, '', 'Service', name, services.some((s) => s.explicitNamespace !== undefined)) : undefined;
    if (grant) {
      return finding(Rules.ReferenceNotPermitted, route, ref.namespace!.span, `Backend refused: no ReferenceGrant in namespace ${ns} lets ${route.kind}s of namespace ${route.namespace} reference Service ${name}.`, { data: grant });
    }
    if (services.length === 0) {
      if (found.builtin || found.serviceEntries.length > 0 || !shouldCheckHost(snap, host, route, ref.namespace ? host : name)) return undefined;
      return finding(Rules.BackendNotFound, route, ref.name.span, `Backend not found: no Service ${name} in namespace ${ns}; requests for this rule get 500.`, {
        data: { kind: 'backendNotFound', backendKind: 'Service', namespace: ns, name } satisfies BackendNotFound,
      });
    }
    return checkPort(route, ref, services);
  }
  if (ref.group === ISTIO_GROUP && ref.kind === 'Hostname') {
    if (ref.namespace) return finding(Rules.InvalidBackendRef, route, ref.namespace.span, `Backend refused: a \`kind: Hostname\` backendRef takes no namespace (the hostname is global).`);
    return undefined;
  }
  if (ref.group === ISTIO_GROUP && ref.kind === 'ServiceEntry') {
    // Istio takes a ServiceEntry as a route's parent, never as a backend: buildDestination knows Service, Hostname,
    // ServiceImport and InferencePool, and refuses the rest ("referencing unsupported backendRef").
    const entry = snap.findServiceEntry(ns, name);
    const hosts = entry?.data.hosts.map((h) => h.value) ?? [];
    const instead = hosts.length ? `name one of its hosts (${hosts.slice(0, 3).join(', ')}) with kind: Hostname` : 'name its host with kind: Hostname';
    return finding(Rules.InvalidBackendRef, route, ref.name.span, `Backend refused: Istio does not take a ServiceEntry as a backendRef (only as a parent), so requests for this rule get 500; ${instead} (group networking.istio.io).`, {
      related: entry ? [related(entry, `ServiceEntry ${entry.namespace}/${entry.name}`)] : undefined,
    });
  }
  return undefined;
}

/** The port is the Service port (errata §3); reported only when every declaration of the Service lacks it. */
function checkPort(route: Typed<KubeRouteData>, ref: ObjectRef, services: Typed<ServiceData>[]): Finding | undefined {
  const port = ref.port!;
  if (services.some((s) => s.data.ports.length === 0 || s.data.ports.some((p) => p.number === port.value))) return undefined;
  const svc = services[0];
  const ports = [...new Set(svc.data.ports.map((p) => p.number))];
  const byTarget = svc.data.ports.find((p) => p.targetPort === port.value);
  const hint = byTarget ? ` ${port.value} is its targetPort; write the Service port ${byTarget.number}.` : '';
  return finding(Rules.BackendPortNotOnService, route, port.span, `Backend refused: ${label(svc)} has no port ${port.value} (ports: ${ports.join(', ')}).${hint}`, {
    related: [related(svc, `${label(svc)} ports ${ports.join(', ')}`)],
    data: { kind: 'backendPortNotOnService', service: `${svc.namespace}/${svc.name}`, ports } satisfies BackendPortNotOnService,
  });
}
