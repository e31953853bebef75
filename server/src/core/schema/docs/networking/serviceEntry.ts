// ServiceEntry: adds hosts (external APIs, VMs) to Istio's service registry.
// Facts from istio/api networking/v1alpha3/service_entry.proto; the sentences are ours.
import { PAGES, type MessageDoc } from '../types';
import { NETWORKING_WORKLOAD_SELECTOR, PORT_PROTOCOLS, exportTo } from './common';
import { WORKLOAD_ENTRY } from './workloadEntry';

const page = PAGES.serviceEntry;

const SERVICE_PORT: MessageDoc = {
  page,
  anchor: 'ServicePort',
  fields: {
    number: { doc: 'The port the clients call. Each port number may appear once per ServiceEntry; traffic on ports not listed is not captured by this entry.', required: true, range: '1–65535' },
    protocol: {
      doc:
        'What the proxy can see on the port: `HTTP`, `HTTP2`, `GRPC` allow L7 routing, retries and metrics; `HTTPS` and `TLS` are routed by SNI without decryption; `TCP` only by address and port (which needs `addresses`, IST0134). ' +
        'Left unset, the protocol is guessed from the port name or detected; set it explicitly. Two ServiceEntries must not give the same host and port different protocols (IST0177).',
      default: 'from the port `name` prefix (`http-…`), otherwise detected',
      format: '`HTTP`, `HTTPS`, `GRPC`, `HTTP2`, `MONGO`, `TCP` or `TLS`',
      values: PORT_PROTOCOLS,
    },
    name: { doc: 'A name for the port, unique in the entry. Endpoint `ports` maps refer to it, and a `http-`/`tcp-` prefix tells Istio the protocol when `protocol` is unset.', required: true },
    targetPort: {
      doc: 'The port on the endpoints where the traffic is received, when it differs from `number`. It is the usual partner of TLS origination: the application talks plain HTTP to port 80, `targetPort: 443` sends it to the server\'s HTTPS port, and a DestinationRule with `tls.mode: SIMPLE` on port 80 adds the TLS.',
      default: 'the port `number`',
      range: '1–65535',
      example: 'ports:\n- number: 80\n  name: http\n  protocol: HTTP\n  targetPort: 443',
    },
  },
};

export const SERVICE_ENTRY: MessageDoc = {
  page,
  anchor: 'ServiceEntry',
  fields: {
    hosts: {
      doc:
        'The names this entry adds to the service registry; VirtualServices and DestinationRules refer to them, HTTP traffic is matched on its `Host` header and TLS traffic on its SNI. A wildcard prefix (`*.example.com`) is allowed, but DNS resolution cannot resolve a wildcard: use `resolution: NONE` or give `endpoints` (ILS0302). ' +
        'If a host is also a Kubernetes Service name, the entry adds its properties to that service instead of creating a second one; under `REGISTRY_ONLY` this is how an external name becomes reachable.',
      required: true,
      example: 'hosts:\n- api.example.com\nports:\n- number: 443\n  name: https\n  protocol: TLS\nresolution: DNS',
    },
    addresses: {
      doc:
        'Virtual IP addresses (or CIDR ranges) of the service. They are needed for ports whose protocol is `TCP` or unset: plain TCP carries no name, so without addresses the entry captures all outbound traffic on the port, whatever the destination (IST0134). ' +
        'Istio does not publish DNS records for them by itself: the application, your DNS or Istio\'s DNS proxy must resolve the host to this address.',
      format: 'IP addresses or CIDR ranges (CIDRs only with `NONE` or `STATIC` resolution)',
    },
    ports: { doc: 'The ports of the service, each with a protocol. Traffic to a port not listed here is not handled by this entry.', message: SERVICE_PORT },
    location: {
      doc: 'Whether the service is part of the mesh. It decides whether the proxy uses Istio mTLS toward it and how telemetry labels it, not whether the host is reachable (that is `hosts`, `resolution` and `exportTo`).',
      default: '`MESH_EXTERNAL`',
      values: {
        MESH_EXTERNAL: 'Outside the mesh, typically a third-party API: no Istio mTLS toward it, reported as external in telemetry.',
        MESH_INTERNAL: 'Part of the mesh but not in Kubernetes (VMs, other platforms): treated like mesh services, mTLS included, and `workloadSelector` may be used.',
      },
    },
    resolution: {
      doc: 'How the proxy finds the endpoints behind the hosts. It does not change how the application resolves the name: the application may still need DNS (or Istio\'s DNS proxy) for its connection to reach the sidecar. A wildcard host with `DNS` and no `endpoints` is rejected (ILS0302).',
      default: '`NONE`',
      values: {
        NONE: 'Forward to the IP address the application connected to, for wildcard hosts and pass-through. With a TCP port and no `addresses`, any IP on that port is let through.',
        STATIC: 'Use the IP addresses in `endpoints` (or the WorkloadEntries that `workloadSelector` picks).',
        DNS: 'Resolve the `endpoints` addresses, or the hosts themselves when there are none, and balance across all returned IPs. Not for wildcard hosts without endpoints.',
        DNS_ROUND_ROBIN: 'Resolve like `DNS` but connect to the first IP returned for each new connection, for names that return many, changing addresses. At most one endpoint.',
        DYNAMIC_DNS: 'Resolve the name from each request\'s `Host` or SNI at request time; only for wildcard hosts, and not for raw TCP. Endpoints are ignored.',
      },
      example: 'resolution: DNS   # hosts: [api.example.com]\n# a wildcard host needs NONE or DYNAMIC_DNS',
    },
    endpoints: {
      doc: 'Explicit endpoints of the service: IP addresses for `STATIC`, or names that `DNS` resolves instead of the hosts (*Istio: Up and Running*, chapter 8, Example 8-2 sends `foo.bar.com` to `baz.com` this way). Use it or `workloadSelector`, not both; `NONE` takes no endpoints.',
      range: 'at most 4096',
      message: WORKLOAD_ENTRY,
    },
    workloadSelector: {
      doc: 'Selects pods and WorkloadEntries of this namespace by label as the endpoints, instead of listing them; only for `MESH_INTERNAL` entries. Use it or `endpoints`, not both.',
      message: NETWORKING_WORKLOAD_SELECTOR,
    },
    exportTo: exportTo(
      'ServiceEntry',
      'A mesh-wide entry changes routing for every workload and can open a hole in `REGISTRY_ONLY` for all of them (ILS0303); when traffic goes through an egress gateway, export the entry to the gateway\'s namespace too (usually `istio-system`).',
    ),
    subjectAltNames: { doc: 'Names one of which the server certificate\'s SAN must contain when the proxy uses TLS toward these endpoints. A DestinationRule\'s `tls.subjectAltNames` replaces this list.' },
  },
};
