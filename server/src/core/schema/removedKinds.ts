// IST0002 for Istio API groups that later releases removed. Their CRDs are no
// longer installed, so `kubectl apply` fails with "no matches for kind" and the
// settings they held (Mixer adapters, v1alpha1 RBAC and authentication
// policies) have no effect. Reported only when the setting `istio.version` is at
// or after the removal; istioctl's deprecation analyzer
// (pkg/config/analysis/analyzers/deprecation/deprecation.go) reports CRDs of
// the rbac.istio.io kinds the same way.
import type { Finding, Span } from '../model';
import { Rules, ruleFinding } from '../catalog';

interface RemovedGroup {
  removedIn: string;
  what: string;
  instead: string;
  /** What happens to it now (a sentence), when not "its CRD no longer exists". */
  effect?: string;
}

// Releases: istio.io "Migrate pre-Istio 1.4 Alpha security policy" (v1alpha1
// security APIs removed in 1.6) and the Istio 1.8 change notes (Mixer removed).
const REMOVED: Record<string, RemovedGroup> = {
  'config.istio.io': { removedIn: '1.8', what: 'Mixer configuration', instead: 'use the Telemetry API, AuthorizationPolicy and WasmPlugin or TrafficExtension' },
  'rbac.istio.io': { removedIn: '1.6', what: 'The v1alpha1 RBAC API', instead: 'use AuthorizationPolicy (security.istio.io)' },
  'authentication.istio.io': {
    removedIn: '1.6',
    what: 'The v1alpha1 authentication API',
    instead: 'use PeerAuthentication and RequestAuthentication (security.istio.io)',
  },
};

// Kinds removed from a group that lives on. Istio 1.5 renamed istioctl's install API (upgrade notes, "IstioControlPlane
// is now IstioOperator"); `istioctl install -f` reads only IstioOperator.
const REMOVED_KINDS: Record<string, RemovedGroup> = {
  'install.istio.io/IstioControlPlane': {
    removedIn: '1.5',
    what: 'The IstioControlPlane install API',
    instead: 'write an IstioOperator (install.istio.io/v1alpha1) with the same profile and components',
    effect: 'Later istioctl releases do not read it',
  },
};

/** The pre-1.0 routing API shared the group with Mixer (Istio 0.8 moved it to networking.istio.io; 1.0 removed it). */
const V1ALPHA2_ROUTING: Record<string, string> = { RouteRule: 'VirtualService', DestinationPolicy: 'DestinationRule', EgressRule: 'ServiceEntry', IngressRule: 'Gateway and VirtualService' };

/** The finding for a resource of a removed group, or a CRD that defines one. */
export function removedKindFinding(group: string, kind: string, at: Span, crd = false): Finding | undefined {
  const routing = group === 'config.istio.io' ? V1ALPHA2_ROUTING[kind] : undefined;
  const removed: RemovedGroup | undefined = routing
    ? { removedIn: '1.0', what: 'The v1alpha2 routing API', instead: `use ${routing} (networking.istio.io)` }
    : (REMOVED_KINDS[`${group}/${kind}`] ?? REMOVED[group]);
  if (!removed) return undefined;
  const subject = crd ? `This CustomResourceDefinition defines ${group} ${kind}, which Istio no longer has.` : `${removed.what} (${group} ${kind}) was removed in Istio ${removed.removedIn}.`;
  const effect = removed.effect ? `${removed.effect}: ` : 'Its CRD no longer exists, so kubectl apply fails and nothing reads it: ';
  const message = `${subject} ${crd ? `${removed.what} was removed in Istio ${removed.removedIn}: ` : effect}${removed.instead}.`;
  return ruleFinding(Rules.DeprecatedField, at, message, null, {
    tags: ['deprecated'],
    data: { removedIn: removed.removedIn, group },
    istioVersion: { atLeast: removed.removedIn },
  });
}
