// Sidecar: narrows what the sidecars of a namespace or workload reach and
// accept. Facts from istio/api networking/v1alpha3/sidecar.proto; the
// sentences are ours.
import { PAGES, type FieldDoc, type MessageDoc } from '../types';
import { NETWORKING_WORKLOAD_SELECTOR, PORT_PROTOCOLS } from './common';
import { PROTOCOL_VALUES, SERVER_TLS } from './gateway';
import { DESTINATION } from './routing';
import { CONNECTION_POOL } from './trafficPolicy';

const page = PAGES.sidecar;

const SIDECAR_PORT: MessageDoc = {
  page,
  anchor: 'SidecarPort',
  fields: {
    number: { doc: 'The port of the listener; use `0` with a Unix-socket `bind`. For ingress, it is the port the workload receives traffic on.', range: '0–65535' },
    protocol: { doc: 'The protocol spoken on the port, which decides whether the sidecar handles the traffic as HTTP (routes, retries, metrics) or as opaque TCP.', format: PROTOCOL_VALUES, values: PORT_PROTOCOLS },
    name: { doc: 'A label for the port, shown in the proxy\'s listener names.' },
    targetPort: { doc: 'A port to forward to, hidden from Istio\'s reference and deprecated; istiod ignores it.', deprecated: 'leave it out.', hidden: true },
  },
};

const CAPTURE_MODE: Pick<FieldDoc, 'values' | 'default'> = {
  default: '`DEFAULT`',
  values: {
    DEFAULT: 'Whatever the environment uses, normally iptables redirection set up at injection.',
    IPTABLES: 'Traffic reaches the listener through iptables redirection.',
    NONE: 'No redirection: the application must call the listener\'s address and port (or Unix socket) itself. On ingress, the workload must not bind the same port.',
  },
};

const INGRESS_LISTENER: MessageDoc = {
  page,
  anchor: 'IstioIngressListener',
  fields: {
    port: { doc: 'The port on which the sidecar accepts inbound traffic for the workload.', required: true, message: SIDECAR_PORT },
    bind: { doc: 'The IP address the inbound listener binds to (no Unix sockets here). Without it, Istio picks the defaults for the workload.' },
    captureMode: { doc: 'How inbound traffic reaches this listener: redirected by iptables, or sent to it directly.', ...CAPTURE_MODE },
    defaultEndpoint: {
      doc: 'Where the sidecar forwards the inbound traffic: the application on localhost, the instance IP, or a Unix socket. `127.0.0.1:PORT` requires the application to listen on localhost, `0.0.0.0:PORT` on the pod IP; a wrong choice makes every request fail with 503.',
      format: '`127.0.0.1:PORT`, `[::1]:PORT`, `0.0.0.0:PORT`, `[::]:PORT` or `unix:///path`',
      example: 'ingress:\n- port: { number: 9080, protocol: HTTP, name: http }\n  defaultEndpoint: 127.0.0.1:8080',
    },
    tls: { doc: 'Terminates TLS at the sidecar for clients outside the mesh, with `SIMPLE` or `MUTUAL` only; the other modes are not supported here.', message: SERVER_TLS },
    connectionPool: {
      doc: 'Limits on connections and requests the sidecar accepts on this port. It has the highest precedence: it replaces the Sidecar\'s `inboundConnectionPool` and any DestinationRule connection pool for inbound traffic.',
      message: CONNECTION_POOL,
    },
  },
};

const EGRESS_LISTENER: MessageDoc = {
  page,
  anchor: 'IstioEgressListener',
  fields: {
    port: { doc: 'The port of this outbound listener. Without it, the listener serves the ports of the imported hosts; with a Unix-socket `bind`, use `0` and a protocol.', message: SIDECAR_PORT },
    bind: { doc: 'The IP address or Unix socket the outbound listener binds to; a `port` is required when it is set.', default: 'chosen by Istio (`127.0.0.1` when `captureMode` is `NONE`)', format: 'IP address, `unix:///path` or `unix://@name`' },
    captureMode: { doc: 'How the application\'s outbound traffic reaches this listener. Unix-socket binds accept only `DEFAULT` or `NONE`.', ...CAPTURE_MODE },
    hosts: {
      doc:
        'The services the selected workloads can reach, as `namespace/dnsName`: `./*` for every service of the own namespace, `istio-system/*`, `*/api.example.com` for one host from any namespace. Anything not listed is unknown to these sidecars: under `REGISTRY_ONLY` calls to it get a 502. ' +
        'Only services and configuration exported to the Sidecar\'s namespace can be imported. Listing only what a workload calls keeps its proxy configuration small on large meshes.',
      required: true,
      format: '`namespace/dnsName`; namespace `.`, `*` or a name; dnsName an FQDN, `*.`-prefixed wildcard or `*`',
      example: 'egress:\n- hosts:\n  - "./*"\n  - "istio-system/*"\n  - "*/api.example.com"',
    },
  },
};

const OUTBOUND_TRAFFIC_POLICY: MessageDoc = {
  page,
  anchor: 'OutboundTrafficPolicy',
  fields: {
    mode: {
      doc: 'What the sidecar does with calls to hosts it does not know. With `REGISTRY_ONLY` every external host must be registered by a ServiceEntry visible to the workload and, if this Sidecar lists `egress` hosts, listed there too.',
      default: '`ALLOW_ANY` (or the mesh config\'s `outboundTrafficPolicy`)',
      values: {
        REGISTRY_ONLY: 'Unknown destinations go to the BlackHoleCluster: HTTP calls get a 502 and TCP connections are closed. It makes missing ServiceEntries visible, but it is not a firewall: a workload can bypass its sidecar.',
        ALLOW_ANY: 'Calls to unknown destinations pass through unchanged, with reduced telemetry and no routing rules.',
      },
      example: 'outboundTrafficPolicy:\n  mode: REGISTRY_ONLY',
    },
    egressProxy: {
      doc: 'Under `ALLOW_ANY`, a service that receives the unknown outbound traffic instead of sending it straight to its IP; it must also be imported in `egress`. The field is hidden from Istio\'s reference.',
      hidden: true,
      message: DESTINATION,
    },
  },
};

export const SIDECAR: MessageDoc = {
  page,
  anchor: 'Sidecar',
  fields: {
    workloadSelector: {
      doc: 'The workloads of this namespace the Sidecar applies to. Without it, it applies to the whole namespace, and a namespace may have only one such Sidecar; in the root namespace (`istio-system`) it is the mesh-wide default.',
      message: NETWORKING_WORKLOAD_SELECTOR,
    },
    ingress: {
      doc: 'Inbound listeners for the workload: which ports the sidecar accepts traffic on and where it forwards it. Without it, Istio derives them from the workload\'s services; with it, only the listed ports are configured.',
      message: INGRESS_LISTENER,
    },
    egress: {
      doc: 'Which services the workloads can reach, per listener. Without it, the namespace-wide or mesh-wide Sidecar (or every exported service) applies; with it, hosts not listed are unknown to these sidecars.',
      message: EGRESS_LISTENER,
    },
    inboundConnectionPool: {
      doc: 'Limits on connections and requests the sidecar accepts for the workload, on all inbound ports. It replaces (not merges with) the DestinationRule connection pool that would otherwise apply inbound; a port\'s own `ingress[].connectionPool` wins over it.',
      default: 'the DestinationRule connection pool of the workload\'s service, else unlimited',
      message: CONNECTION_POOL,
    },
    outboundTrafficPolicy: {
      doc: 'Overrides the mesh-wide outbound traffic policy for the workloads this Sidecar applies to. It decides what happens to calls to hosts the workload cannot find in the registry visible to it.',
      default: 'the mesh config\'s `outboundTrafficPolicy` (`ALLOW_ANY` unless changed)',
      message: OUTBOUND_TRAFFIC_POLICY,
    },
  },
};
