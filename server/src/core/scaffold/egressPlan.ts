// What a bundle variant means in ports and protocols, decided once so that
// every resource of the bundle agrees on them.
//
//   application --(app port)--> sidecar --(mesh leg)--> egress gateway service
//   (gateway port) --(gateway leg)--> external host (upstream port)
//
// - http: HTTP end to end; the gateway listens on its HTTP port (80).
// - https-passthrough: the application speaks TLS; sidecars and the gateway
//   route on the SNI name without decrypting (TLS server, PASSTHROUGH).
// - tls-origination: the application speaks plain HTTP to port 80; the
//   gateway opens the TLS connection to the upstream port (443), verifying the
//   server certificate against a CA bundle.
// - mutual-tls: the application speaks HTTP to port 80; the sidecar wraps it
//   in Istio mutual TLS to the gateway (port 443, ISTIO_MUTUAL); the gateway
//   originates TLS to the host when the upstream port is not 80.
import { clusterNamespace } from '../hosts';
import type { Labels } from '../model';
import type { EgressParams } from './egressParams';

export interface PortSpec {
  number: number;
  name: string;
  protocol: string;
}

export interface GatewayTarget {
  selector: Labels;
  serviceHost: string;
  /** Namespace of the gateway pods: the namespace its proxies read configuration as. */
  namespace: string;
  /** Set when the gateway is an IstioMeshGateway this bundle uses or creates. */
  meshGatewayName?: string;
}

export interface EgressPlan {
  params: EgressParams;
  host: string;
  namespace: string;
  slug: string;
  app: PortSpec;
  gatewayPort: PortSpec;
  gatewayTlsMode?: 'PASSTHROUGH' | 'ISTIO_MUTUAL';
  upstream: PortSpec;
  /** The gateway opens TLS to the upstream (DestinationRule SIMPLE). */
  originate: boolean;
  routeKind: 'http' | 'tls';
  sePorts: PortSpec[];
  gateway: GatewayTarget;
  exportTo: { serviceEntry: string[]; virtualService?: string[]; subsetRule?: string[]; originationRule?: string[] };
}

export const MESH_GATEWAY_NAME = 'egress-gateway';

export function slugOf(host: string): string {
  return host.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '');
}

function port(number: number, protocol: string): PortSpec {
  const base = protocol.toLowerCase();
  const standard = (base === 'http' && number === 80) || ((base === 'https' || base === 'tls') && number === 443);
  return { number, protocol, name: standard ? base : `${base}-${number}` };
}

export function makePlan(params: EgressParams, gateway: GatewayTarget): EgressPlan {
  const { variant } = params;
  const tls = variant === 'https-passthrough';
  const app = tls ? port(params.port, 'TLS') : variant === 'http' ? port(params.port, 'HTTP') : port(80, 'HTTP');
  const defaultGatewayPort = variant === 'http' || variant === 'tls-origination' ? 80 : 443;
  const gwNumber = params.egressGateway.port ?? defaultGatewayPort;
  const gatewayPort = variant === 'https-passthrough' ? port(gwNumber, 'TLS') : variant === 'mutual-tls' ? port(gwNumber, 'HTTPS') : port(gwNumber, 'HTTP');
  const originate = variant === 'tls-origination' || (variant === 'mutual-tls' && params.port !== 80);
  const upstream = originate ? port(params.port, 'HTTPS') : tls ? app : port(params.port, 'HTTP');
  const sePorts = upstream.number === app.number ? [app] : [app, upstream];
  const ns = params.namespace;
  const scoped = ns === gateway.namespace ? ['.'] : ['.', gateway.namespace];
  const exportTo = params.options.exportTo
    ? { serviceEntry: scoped, virtualService: scoped, subsetRule: ['.'], originationRule: scoped }
    : // The bundle's subset rule is for the sidecars of its namespace alone, whatever the option.
      { serviceEntry: ['*'], subsetRule: ['.'] };
  return {
    params,
    host: params.host,
    namespace: ns,
    slug: slugOf(params.host),
    app,
    gatewayPort,
    gatewayTlsMode: tls ? 'PASSTHROUGH' : variant === 'mutual-tls' ? 'ISTIO_MUTUAL' : undefined,
    upstream,
    originate,
    routeKind: tls ? 'tls' : 'http',
    sePorts,
    gateway,
    exportTo,
  };
}

/** The gateway named by the parameters (an IstioMeshGateway is chosen later, with the snapshot). */
export function gatewayFromParams(params: EgressParams): GatewayTarget {
  const gw = params.egressGateway;
  return { selector: gw.selector, serviceHost: gw.serviceHost, namespace: clusterNamespace(gw.serviceHost) ?? 'istio-system' };
}

export function meshGatewayTarget(name: string, namespace: string): GatewayTarget {
  return { selector: { 'gateway-name': name, 'gateway-type': 'egress' }, serviceHost: `${name}.${namespace}.svc.cluster.local`, namespace, meshGatewayName: name };
}

/** The port an IstioMeshGateway pod listens on: above 1024, as it does not run as root. */
export function meshTargetPort(servicePort: number): number {
  return servicePort < 1024 ? servicePort + 8000 : servicePort;
}

const FAMILY: Record<string, string> = { HTTP: 'http', HTTP2: 'http', GRPC: 'http', 'GRPC-WEB': 'http', HTTPS: 'tls', TLS: 'tls' };

/** HTTP-like, TLS-like or other: ports of one family carry the bundle's traffic alike. */
export function protocolFamily(protocol: string | undefined): string {
  return FAMILY[(protocol ?? '').toUpperCase()] ?? 'tcp';
}
