// What the host passes in: editor settings, CLI flags. The core reads nothing else.
import type { Severity } from './model';
import { NEWEST_ISTIO, normalizeIstioVersion } from './schema/istioVersion';

export interface Settings {
  defaultNamespace: string;
  /** `partial`: an in-cluster host is checked only where the workspace declares Services of its namespace. */
  registry: 'partial' | 'complete';
  knownHosts: string[];
  /** Extra gateway workload labels, each `key=value[,key=value]`. */
  knownGatewayLabels: string[];
  /** Used when no IstioOperator or `istio` ConfigMap in the workspace says. */
  outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  /** Code → severity or `off`. */
  severity: Record<string, Severity | 'off'>;
  maxFileSize: number;
  /** The Istio release the workspace is applied to (`1.N`): newer fields and removed kinds are reported. */
  istioVersion: string;
}

export const defaultSettings: Settings = {
  defaultNamespace: 'default',
  registry: 'partial',
  knownHosts: [],
  knownGatewayLabels: [],
  outboundTrafficPolicy: 'ALLOW_ANY',
  severity: {},
  maxFileSize: 2 * 1024 * 1024,
  istioVersion: NEWEST_ISTIO,
};

export function withDefaults(partial: Partial<Settings> | undefined): Settings {
  const s = { ...defaultSettings, ...(partial ?? {}) };
  if (s.registry !== 'complete') s.registry = 'partial';
  if (s.outboundTrafficPolicy !== 'REGISTRY_ONLY') s.outboundTrafficPolicy = 'ALLOW_ANY';
  if (!s.defaultNamespace) s.defaultNamespace = 'default';
  if (!Array.isArray(s.knownHosts)) s.knownHosts = [];
  if (!Array.isArray(s.knownGatewayLabels)) s.knownGatewayLabels = [];
  if (typeof s.severity !== 'object' || !s.severity) s.severity = {};
  if (!(s.maxFileSize > 0)) s.maxFileSize = defaultSettings.maxFileSize;
  s.istioVersion = normalizeIstioVersion(s.istioVersion) ?? NEWEST_ISTIO;
  return s;
}
