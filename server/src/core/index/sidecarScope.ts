// Which Sidecar configures a namespace's proxies by default, and the outbound
// traffic policy they run with (pilot/pkg/model/sidecar.go,
// ConvertToSidecarScope: a Sidecar's own outboundTrafficPolicy wins over the
// mesh-wide mode).
import type { SidecarData } from '../model';
import type { MeshPolicy, Snapshot, Typed } from './snapshot';

/**
 * The Sidecar without workloadSelector of `namespace`, else of the root
 * namespace. istiod takes the oldest when there are several (IST0111); here
 * the first in workspace order.
 */
export function defaultSidecarFor(snap: Snapshot, namespace: string): Typed<SidecarData> | undefined {
  const own = (ns: string) => snap.resourcesInNamespace(ns).find((r) => r.data.kind === 'Sidecar' && r.data.workloadSelector === undefined) as Typed<SidecarData> | undefined;
  return own(namespace) ?? own(snap.rootNamespace);
}

/** The mode of the proxies of `namespace` that no selecting Sidecar configures. */
export function outboundPolicyFor(snap: Snapshot, namespace: string): MeshPolicy {
  return sidecarPolicy(snap, defaultSidecarFor(snap, namespace));
}

/** The mode of the proxies a Sidecar configures: its own, else the mesh-wide one. */
export function sidecarPolicy(snap: Snapshot, sc: Typed<SidecarData> | undefined): MeshPolicy {
  const mode = sc?.data.outboundPolicy;
  if (sc && mode) return { mode: mode.value === 'REGISTRY_ONLY' ? 'REGISTRY_ONLY' : 'ALLOW_ANY', resource: sc, span: mode.span };
  return snap.meshPolicy;
}

/**
 * An egress host `ns/host` of a Sidecar: the namespace part as written and the
 * host in lower case; undefined for a value without exactly one `/`.
 */
export function parseEgressHost(value: string): { nsPart: string; host: string } | undefined {
  const slash = value.indexOf('/');
  if (slash < 0 || value.indexOf('/', slash + 1) >= 0) return undefined;
  return { nsPart: value.slice(0, slash), host: value.slice(slash + 1).toLowerCase() };
}

/**
 * The namespace `.` stands for in a Sidecar's egress host: the Sidecar's own,
 * except in the root namespace's default Sidecar, where it is each proxy's own
 * (`proxyNamespace`, undefined when the caller judges no one proxy).
 */
export function dotNamespace(snap: Snapshot, sc: Typed<SidecarData>, proxyNamespace?: string): string | undefined {
  const rootDefault = sc.namespace === snap.rootNamespace && sc.data.workloadSelector === undefined;
  return rootDefault ? proxyNamespace : sc.namespace;
}
