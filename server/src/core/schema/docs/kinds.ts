// The documented message at the root of each kind's `spec`. Kinds not listed
// yet fall back to the schema's one-sentence descriptions (the test names
// them as pending).
import type { MessageDoc } from './types';
// Security, telemetry and extensions kinds.
import { AUTHORIZATION_POLICY } from './security/authorizationPolicy';
import { PEER_AUTHENTICATION } from './security/peerAuthentication';
import { REQUEST_AUTHENTICATION } from './security/requestAuthentication';
import { TELEMETRY } from './telemetry/telemetry';
import { WASM_PLUGIN } from './extensions/wasmPlugin';
import { TRAFFIC_EXTENSION } from './extensions/trafficExtension';
// Networking kinds.
import { DESTINATION_RULE } from './networking/destinationRule';
import { VIRTUAL_SERVICE } from './networking/virtualService';
import { GATEWAY } from './networking/gateway';
import { SERVICE_ENTRY } from './networking/serviceEntry';
import { WORKLOAD_ENTRY, WORKLOAD_GROUP } from './networking/workloadEntry';
import { SIDECAR } from './networking/sidecar';
import { ENVOY_FILTER } from './networking/envoyFilter';
import { PROXY_CONFIG } from './networking/proxyConfig';
// Gateway API kinds (every served version shares the messages).
import { GATEWAY_API_GATEWAY } from './gatewayApi/gateway';
import { GRPC_ROUTE, HTTP_ROUTE } from './gatewayApi/httpRoute';
import { BACKEND_TLS_POLICY, GATEWAY_CLASS, LISTENER_SET, REFERENCE_GRANT, TCP_ROUTE, TLS_ROUTE, UDP_ROUTE } from './gatewayApi/otherKinds';

const GW = 'gateway.networking.k8s.io';

/** Keyed `group/Kind`: the Gateway API has a `Gateway` too. */
export const kindMessages: Record<string, MessageDoc> = {
  'security.istio.io/AuthorizationPolicy': AUTHORIZATION_POLICY,
  'security.istio.io/PeerAuthentication': PEER_AUTHENTICATION,
  'security.istio.io/RequestAuthentication': REQUEST_AUTHENTICATION,
  'telemetry.istio.io/Telemetry': TELEMETRY,
  'extensions.istio.io/WasmPlugin': WASM_PLUGIN,
  'extensions.istio.io/TrafficExtension': TRAFFIC_EXTENSION,
  // Networking kinds.
  'networking.istio.io/DestinationRule': DESTINATION_RULE,
  'networking.istio.io/VirtualService': VIRTUAL_SERVICE,
  'networking.istio.io/Gateway': GATEWAY,
  'networking.istio.io/ServiceEntry': SERVICE_ENTRY,
  'networking.istio.io/WorkloadEntry': WORKLOAD_ENTRY,
  'networking.istio.io/WorkloadGroup': WORKLOAD_GROUP,
  'networking.istio.io/Sidecar': SIDECAR,
  'networking.istio.io/EnvoyFilter': ENVOY_FILTER,
  'networking.istio.io/ProxyConfig': PROXY_CONFIG,
  // Gateway API kinds.
  [`${GW}/Gateway`]: GATEWAY_API_GATEWAY,
  [`${GW}/HTTPRoute`]: HTTP_ROUTE,
  [`${GW}/GRPCRoute`]: GRPC_ROUTE,
  [`${GW}/TLSRoute`]: TLS_ROUTE,
  [`${GW}/TCPRoute`]: TCP_ROUTE,
  [`${GW}/UDPRoute`]: UDP_ROUTE,
  [`${GW}/ReferenceGrant`]: REFERENCE_GRANT,
  [`${GW}/GatewayClass`]: GATEWAY_CLASS,
  [`${GW}/BackendTLSPolicy`]: BACKEND_TLS_POLICY,
  [`${GW}/ListenerSet`]: LISTENER_SET,
};
