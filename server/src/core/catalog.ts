// Every diagnostic code istio-ls emits, its default severity and where it is documented.
import type { Severity } from './model';

export interface CodeInfo {
  severity: Severity;
  title: string;
}

export const catalog: Record<string, CodeInfo> = {
  ILS0001: { severity: 'error', title: 'YAML syntax error' },
  ILS0002: { severity: 'information', title: 'File skipped: template syntax' },
  ILS0003: { severity: 'information', title: 'File skipped: binary, not UTF-8 or too large' },
  IST0002: { severity: 'warning', title: 'Deprecated field' },
  IST0101: { severity: 'error', title: 'Referenced resource not found' },
  IST0106: { severity: 'error', title: 'Schema validation error' },
  IST0109: { severity: 'error', title: 'Conflicting mesh gateway VirtualService hosts' },
  IST0112: { severity: 'error', title: 'VirtualService destination port selection required' },
  IST0128: { severity: 'warning', title: 'No CA certificate for TLS origination' },
  IST0129: { severity: 'warning', title: 'No CA certificate for port-level TLS origination' },
  IST0132: { severity: 'warning', title: 'VirtualService host not found in Gateway' },
  IST0134: { severity: 'warning', title: 'ServiceEntry addresses required' },
  IST0145: { severity: 'error', title: 'Conflicting Gateways' },
  IST0162: { severity: 'warning', title: 'Gateway port not defined on Service' },
  IST0173: { severity: 'warning', title: 'DestinationRule subset matches no workload' },
  IST0174: { severity: 'warning', title: 'DestinationRule host not found' },
  IST0177: { severity: 'warning', title: 'Conflicting ServiceEntry port protocols' },
  ILS0101: { severity: 'error', title: 'Unquoted wildcard host' },
  ILS0201: { severity: 'warning', title: 'Host claimed twice on one Gateway' },
  ILS0202: { severity: 'error', title: 'Mesh VirtualService claims *' },
  ILS0203: { severity: 'warning', title: 'Route matches a gateway the VirtualService is not bound to' },
  ILS0204: { severity: 'warning', title: 'Egress VirtualService not bound to mesh' },
  ILS0205: { severity: 'hint', title: 'Legacy gateway reference form' },
  ILS0301: { severity: 'warning', title: 'DestinationRules for one host lose settings when merged' },
  ILS0302: { severity: 'error', title: 'Wildcard DNS ServiceEntry without endpoints' },
  ILS0303: { severity: 'information', title: 'ServiceEntry visible to every namespace' },
  ILS0401: { severity: 'warning', title: 'Workload bypasses the sidecar for public addresses' },
  ILS0402: { severity: 'information', title: 'Egress gateway can be bypassed under ALLOW_ANY' },
  ILS0403: { severity: 'error', title: 'IstioMeshGateway target port needs root' },
  ILS0501: { severity: 'hint', title: 'Older networking API version' },
};

const DOCS = 'https://github.com/istio-ls/istio-ls/blob/main/docs/diagnostics.md';

/** istio.io's page for IST codes, this project's docs for ILS codes. */
export function codeUrl(code: string): string {
  if (code.startsWith('IST')) return `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`;
  return `${DOCS}#${code.toLowerCase()}`;
}
