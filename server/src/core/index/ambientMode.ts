// Ambient mode as the workspace shows it: a Namespace labelled
// `istio.io/dataplane-mode: ambient` (and not also labelled for sidecar
// injection, which istioctl's util.NamespaceInAmbientMode lets win), and the
// pods in it that do not opt out or ask for a sidecar.
import type { KubeGatewayData, Resource } from '../model';
import type { Snapshot, Typed } from './snapshot';
import { podLabels } from './tables';

export const DATAPLANE_MODE = 'istio.io/dataplane-mode';
export const WAYPOINT_CLASS = 'istio-waypoint';

/** The waypoints of a namespace that take a Service's traffic: not those for workloads only (`istio.io/waypoint-for: workload` or `none`; ambient/waypoints.go). */
export function serviceWaypoints(snap: Snapshot, namespace: string): Typed<KubeGatewayData>[] {
  return snap.kubeGateways.filter((g) => g.namespace === namespace && g.data.className?.value === WAYPOINT_CLASS && !['workload', 'none'].includes(g.labels['istio.io/waypoint-for'] ?? ''));
}

/** The Namespace resource of `namespace` when the workspace holds one. */
export function namespaceObject(snap: Snapshot, namespace: string): Resource | undefined {
  return snap.resourcesInNamespace(namespace).find((r) => r.kind === 'Namespace' && r.apiVersion === 'v1' && r.name === namespace);
}

export function namespaceInAmbient(ns: Resource | undefined): boolean {
  if (!ns) return false;
  if (ns.labels['istio-injection'] === 'enabled' || (ns.labels['istio.io/rev'] ?? '') !== '') return false;
  return ns.labels[DATAPLANE_MODE] === 'ambient';
}

/** A pod template or Pod that ztunnel captures: its own label says so, or its ambient namespace and nothing opts it out. */
export function workloadInAmbient(w: Resource, namespaceAmbient: boolean): boolean {
  const labels = podLabels(w);
  const mode = labels[DATAPLANE_MODE];
  if (mode !== undefined) return mode === 'ambient';
  if (labels['sidecar.istio.io/inject'] === 'true') return false;
  if (w.data.kind === 'Workload' && w.data.annotations['sidecar.istio.io/inject'] === 'true') return false;
  return namespaceAmbient;
}
