// The parameters of the egress bundle, and how loose input (a command's
// arguments from any client: `protocol: "HTTP"`, a target given as a bare
// uri) is read into them.
import type { Labels } from '../model';
import { clusterNamespace } from '../hosts';

export type EgressVariant = 'http' | 'https-passthrough' | 'tls-origination' | 'mutual-tls';

/** Which API the bundle is written in: Istio's Gateway and VirtualService, or the Kubernetes Gateway API (egressGatewayApi.ts). */
export type EgressApi = 'istio' | 'gateway-api';

export interface EgressGatewayRef {
  /** Labels of the egress gateway pods, used as the Gateway's selector. */
  selector: Labels;
  /** The Service in front of those pods, where sidecars send the traffic. */
  serviceHost: string;
  /** Service port the gateway listens on (default 80 for HTTP, 443 for TLS). */
  port?: number;
}

export interface EgressOptions {
  /** Scope the ServiceEntry (and the VirtualService and DestinationRules) with exportTo. */
  exportTo: boolean;
  /** A NetworkPolicy that lets the namespace's pods leave only through the egress gateway. */
  networkPolicy: boolean;
  /** Use (or create) a Service Mesh Manager IstioMeshGateway of type egress. */
  meshGateway: boolean;
  /** A dedicated egress gateway on its own nodes (egressDedicated.ts), written with the bundle. */
  dedicatedGateway: boolean;
  /** Let the bundle change resources of other namespaces (their teams own them): off unless the user picks it. */
  editOtherNamespaces: boolean;
}

export interface Toleration {
  key: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  effect?: string;
}

/** Where and how the dedicated egress gateway runs. */
export interface DedicatedGateway {
  /** The gateway's Deployment and Service (Istio API), or the Gateway's name (Gateway API). */
  name: string;
  namespace: string;
  nodeSelector: Labels;
  tolerations: Toleration[];
}

/** Nodes labelled and tainted `dedicated=egress`, the pattern of the Kubernetes docs on taints for dedicated nodes. */
export const DEFAULT_DEDICATED: DedicatedGateway = {
  name: 'istio-egressgateway-dedicated',
  namespace: 'istio-system',
  nodeSelector: { dedicated: 'egress' },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'egress', effect: 'NoSchedule' }],
};

export interface EgressTarget {
  uri: string;
  mode: 'newFile' | 'append';
}

export interface EgressParams {
  host: string;
  variant: EgressVariant;
  /** The external port: where the traffic finally goes. */
  port: number;
  namespace: string;
  egressGateway: EgressGatewayRef;
  options: EgressOptions;
  target: EgressTarget;
  /** The IstioControlPlane an IstioMeshGateway connects to. */
  controlPlane: { name: string; namespace: string };
  api: EgressApi;
  /** Gateway API flavour: the Gateway (in the bundle's namespace) to use, when the user chose one. */
  gatewayName?: string;
  /** Set with the dedicatedGateway option: the defaults, or what `dedicatedGateway` in the arguments says. */
  dedicated?: DedicatedGateway;
}

export const DEFAULT_EGRESS_GATEWAY: EgressGatewayRef = {
  selector: { istio: 'egressgateway' },
  serviceHost: 'istio-egressgateway.istio-system.svc.cluster.local',
};

export const DEFAULT_CONTROL_PLANE = { name: 'cp-v115x', namespace: 'istio-system' };

export function defaultPort(variant: EgressVariant): number {
  return variant === 'http' ? 80 : 443;
}

const ALIASES: Record<string, EgressVariant> = {
  http: 'http',
  'https-passthrough': 'https-passthrough',
  passthrough: 'https-passthrough',
  https: 'https-passthrough',
  tls: 'https-passthrough',
  'tls-origination': 'tls-origination',
  origination: 'tls-origination',
  originate: 'tls-origination',
  'mutual-tls': 'mutual-tls',
  mtls: 'mutual-tls',
  mutual: 'mutual-tls',
  'istio-mutual': 'mutual-tls',
};

export function variantOf(protocol: unknown): EgressVariant | undefined {
  if (typeof protocol !== 'string') return undefined;
  return ALIASES[protocol.trim().toLowerCase().replace(/[\s_]+/g, '-')];
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Validates a host the user typed: `https://api.example.com/x` → `api.example.com`. */
export function cleanHost(input: string): string | undefined {
  const host = input
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/:?#].*$/, '');
  return HOST.test(host) ? host : undefined;
}

/** An argument of the egress command. */
export type EgressField = 'host' | 'protocol' | 'port' | 'namespace' | 'target' | 'egressGateway' | 'dedicatedGateway';

/** What is wrong with one argument, for a form to show beside that field. */
export interface EgressFieldError {
  field: EgressField;
  message: string;
}

export interface NormalizedRequest {
  params?: EgressParams;
  /** Fields the caller must still provide. */
  missing: EgressField[];
  errors: EgressFieldError[];
}

/** Reads a command argument object; reports what is missing or wrong instead of guessing. */
export function normalizeEgressRequest(raw: unknown): NormalizedRequest {
  const a = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const missing: EgressField[] = [];
  const errors: EgressFieldError[] = [];
  const error = (field: EgressField, message: string) => errors.push({ field, message });
  let host: string | undefined;
  if (typeof a.host !== 'string' || !a.host.trim()) missing.push('host');
  else if (!(host = cleanHost(a.host))) error('host', `"${a.host}" is not a host name such as api.example.com (a wildcard or an IP address cannot go through this bundle)`);
  const rawVariant = a.variant ?? a.protocol;
  const variant = rawVariant === undefined ? undefined : variantOf(rawVariant);
  if (rawVariant === undefined) missing.push('protocol');
  else if (!variant) error('protocol', `unknown protocol "${String(rawVariant)}": use http, https-passthrough, tls-origination or mutual-tls`);
  let port = variant ? defaultPort(variant) : 0;
  if (a.port !== undefined && a.port !== null && a.port !== '') {
    port = Number(a.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) error('port', `port ${String(a.port)} is not a port number`);
  }
  if (variant === 'tls-origination' && port === 80) error('port', 'TLS origination sends HTTPS to the external host: its port cannot be 80, the port the application calls (use 443)');
  const namespace = typeof a.namespace === 'string' ? a.namespace.trim() : '';
  if (!namespace) missing.push('namespace');
  else if (!NAME.test(namespace)) error('namespace', `"${namespace}" is not a namespace name (lower case letters, digits and -)`);
  const target = readTarget(a.target);
  if (!target) missing.push('target');
  const gw = readGateway(a.egressGateway, error);
  const o = (a.options && typeof a.options === 'object' ? a.options : {}) as Record<string, unknown>;
  const options: EgressOptions = { exportTo: o.exportTo !== false, networkPolicy: o.networkPolicy === true, meshGateway: o.meshGateway === true, dedicatedGateway: o.dedicatedGateway === true, editOtherNamespaces: o.editOtherNamespaces === true };
  const dedicated = options.dedicatedGateway ? readDedicated(a.dedicatedGateway, error) : undefined;
  const cp = (a.controlPlane && typeof a.controlPlane === 'object' ? a.controlPlane : {}) as Record<string, unknown>;
  const controlPlane = {
    name: typeof cp.name === 'string' && cp.name ? cp.name : DEFAULT_CONTROL_PLANE.name,
    namespace: typeof cp.namespace === 'string' && cp.namespace ? cp.namespace : DEFAULT_CONTROL_PLANE.namespace,
  };
  const api: EgressApi = a.api === 'gateway-api' ? 'gateway-api' : 'istio';
  const rawGw = (a.egressGateway && typeof a.egressGateway === 'object' ? a.egressGateway : {}) as Record<string, unknown>;
  const gatewayName = api === 'gateway-api' && typeof rawGw.gatewayName === 'string' && NAME.test(rawGw.gatewayName) ? rawGw.gatewayName : undefined;
  if (missing.length || errors.length || !host || !variant || !target) return { missing, errors };
  return { missing, errors, params: { host, variant, port, namespace, egressGateway: gw, options, target, controlPlane, api, gatewayName, dedicated } };
}

/** The dedicated gateway's settings: each one given replaces its default. */
function readDedicated(raw: unknown, error: (field: EgressField, message: string) => void): DedicatedGateway {
  const d = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: DedicatedGateway = { ...DEFAULT_DEDICATED };
  if (typeof d.name === 'string' && d.name.trim()) {
    if (NAME.test(d.name.trim())) out.name = d.name.trim();
    else error('dedicatedGateway', `"${d.name}" is not a name for the dedicated gateway (lower case letters, digits and -)`);
  }
  if (typeof d.namespace === 'string' && d.namespace.trim()) {
    if (NAME.test(d.namespace.trim())) out.namespace = d.namespace.trim();
    else error('dedicatedGateway', `"${d.namespace}" is not a namespace name for the dedicated gateway`);
  }
  if (d.nodeSelector && typeof d.nodeSelector === 'object') {
    const selector = Object.fromEntries(Object.entries(d.nodeSelector as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
    if (Object.keys(selector).length) out.nodeSelector = selector;
  }
  if (Array.isArray(d.tolerations)) {
    const list: Toleration[] = [];
    for (const t of d.tolerations as Record<string, unknown>[]) {
      if (!t || typeof t.key !== 'string' || !t.key) continue;
      const operator = t.operator === 'Exists' ? 'Exists' : 'Equal';
      list.push({ key: t.key, operator, ...(operator === 'Equal' && typeof t.value === 'string' ? { value: t.value } : {}), ...(typeof t.effect === 'string' ? { effect: t.effect } : {}) });
    }
    if (list.length) out.tolerations = list;
  }
  return out;
}

function readTarget(raw: unknown): EgressTarget | undefined {
  const uri = uriOf(raw);
  if (uri) return { uri, mode: 'newFile' };
  if (raw && typeof raw === 'object') {
    const t = raw as Record<string, unknown>;
    const inner = uriOf(t.uri);
    if (inner) return { uri: inner, mode: t.mode === 'append' ? 'append' : 'newFile' };
  }
  return undefined;
}

/** A uri string, or a serialised VS Code Uri (`{ external }` or `{ scheme, path }`). */
function uriOf(raw: unknown): string | undefined {
  if (typeof raw === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(raw)) return raw;
  if (raw && typeof raw === 'object') {
    const u = raw as Record<string, unknown>;
    if (typeof u.external === 'string') return u.external;
    if (typeof u.scheme === 'string' && typeof u.path === 'string') return `${u.scheme}://${typeof u.authority === 'string' ? u.authority : ''}${u.path}`;
  }
  return undefined;
}

function readGateway(raw: unknown, error: (field: EgressField, message: string) => void): EgressGatewayRef {
  if (!raw || typeof raw !== 'object') return { ...DEFAULT_EGRESS_GATEWAY };
  const g = raw as Record<string, unknown>;
  const selector: Labels = {};
  if (g.selector && typeof g.selector === 'object') {
    for (const [k, v] of Object.entries(g.selector as Record<string, unknown>)) if (typeof v === 'string') selector[k] = v;
  }
  const serviceHost = typeof g.serviceHost === 'string' ? g.serviceHost.trim().toLowerCase() : '';
  if (Object.keys(selector).length === 0 || !serviceHost) return { ...DEFAULT_EGRESS_GATEWAY, port: portOf(g.port) };
  if (!clusterNamespace(serviceHost)) error('egressGateway', `egress gateway service "${serviceHost}" must be written name.namespace.svc.cluster.local`);
  return { selector, serviceHost, port: portOf(g.port) };
}

function portOf(raw: unknown): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw !== null && Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}
