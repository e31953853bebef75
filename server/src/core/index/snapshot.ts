// An immutable view of the whole workspace with the cross-file tables the
// analyzers and features query. Built from file summaries; never parses.
import type {
  DestinationRuleData,
  FileSummary,
  GatewayData,
  Labels,
  Resource,
  ServiceData,
  ServiceEntryData,
  Span,
  StrRef,
  VirtualServiceData,
} from '../model';
import type { Settings } from '../settings';
import { CLUSTER_DOMAIN, covers, fqdn, isWildcard, selects, visibleTo } from '../hosts';

export type Typed<D> = Resource & { data: D };

export const BUILTIN_HOSTS = ['istio-ingressgateway.istio-system.svc.cluster.local', 'istio-egressgateway.istio-system.svc.cluster.local'];
export const BUILTIN_GATEWAY_LABELS: Labels[] = [{ istio: 'ingressgateway' }, { istio: 'egressgateway' }];
export const EGRESS_GATEWAY_HOST = 'istio-egressgateway.istio-system.svc.cluster.local';

export interface HostLookup {
  services: Typed<ServiceData>[];
  serviceEntries: Typed<ServiceEntryData>[];
  builtin: boolean;
}

export interface MeshPolicy {
  mode: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  resource?: Resource;
  span?: Span;
}

export class Snapshot {
  readonly resources: Resource[] = [];
  readonly gateways = new Map<string, Typed<GatewayData>[]>();
  readonly virtualServices: Typed<VirtualServiceData>[] = [];
  readonly destinationRules: Typed<DestinationRuleData>[] = [];
  readonly serviceEntries: Typed<ServiceEntryData>[] = [];
  readonly services = new Map<string, Typed<ServiceData>[]>();
  readonly serviceNamespaces = new Set<string>();
  readonly workloadNamespaces = new Set<string>();
  readonly namespaces = new Set<string>();
  readonly secrets: Resource[] = [];
  /** Label sets of everything that runs pods: workloads, WorkloadEntries, IstioMeshGateways. */
  readonly workloads: { resource: Resource; labels: Labels }[] = [];
  private readonly seExact = new Map<string, Typed<ServiceEntryData>[]>();
  private readonly seWildcard: { pattern: string; resource: Typed<ServiceEntryData> }[] = [];
  private readonly drByHost = new Map<string, Typed<DestinationRuleData>[]>();
  private readonly knownHosts: Set<string>;
  readonly knownGatewayLabels: Labels[];
  readonly meshPolicy: MeshPolicy;

  constructor(
    readonly files: ReadonlyMap<string, FileSummary>,
    readonly settings: Settings,
  ) {
    let policy: MeshPolicy | undefined;
    for (const file of files.values()) {
      for (const r of file.resources) {
        this.resources.push(r);
        this.namespaces.add(r.namespace);
        const d = r.data;
        switch (d.kind) {
          case 'Gateway':
            push(this.gateways, `${r.namespace}/${r.name}`, r as Typed<GatewayData>);
            break;
          case 'VirtualService':
            this.virtualServices.push(r as Typed<VirtualServiceData>);
            break;
          case 'DestinationRule':
            this.destinationRules.push(r as Typed<DestinationRuleData>);
            if (d.host) push(this.drByHost, fqdn(d.host.value, r.namespace), r as Typed<DestinationRuleData>);
            break;
          case 'ServiceEntry':
            this.serviceEntries.push(r as Typed<ServiceEntryData>);
            for (const h of d.hosts) {
              const host = fqdn(h.value, r.namespace);
              if (isWildcard(host)) this.seWildcard.push({ pattern: host, resource: r as Typed<ServiceEntryData> });
              else push(this.seExact, host, r as Typed<ServiceEntryData>);
            }
            break;
          case 'Service':
            push(this.services, `${r.name}.${r.namespace}.${CLUSTER_DOMAIN}`, r as Typed<ServiceData>);
            this.serviceNamespaces.add(r.namespace);
            break;
          case 'Workload':
            this.workloads.push({ resource: r, labels: d.labels });
            this.workloadNamespaces.add(r.namespace);
            break;
          case 'WorkloadEntry':
            this.workloads.push({ resource: r, labels: d.labels });
            break;
          case 'IstioMeshGateway':
            this.workloads.push({ resource: r, labels: { ...d.labels, 'gateway-name': r.name, 'gateway-type': d.gatewayType ?? '' } });
            break;
          case 'MeshConfig':
            if (d.outboundPolicy && !policy) policy = { mode: asMode(d.outboundPolicy.value), resource: r, span: d.outboundPolicy.span };
            break;
        }
        if (r.kind === 'Secret') this.secrets.push(r);
      }
    }
    this.meshPolicy = policy ?? { mode: settings.outboundTrafficPolicy };
    this.knownHosts = new Set([...BUILTIN_HOSTS, ...settings.knownHosts.map((h) => h.toLowerCase())]);
    this.knownGatewayLabels = [...BUILTIN_GATEWAY_LABELS, ...settings.knownGatewayLabels.map(parseLabelSet).filter((l) => Object.keys(l).length > 0)];
  }

  /** What registers a fully qualified host, as seen from namespace `viewer`. */
  lookupHost(host: string, viewer: string): HostLookup {
    const services = (this.services.get(host) ?? []).slice();
    const serviceEntries = (this.seExact.get(host) ?? []).filter((r) => visibleTo(r.data.exportTo, r.namespace, viewer));
    for (const w of this.seWildcard) {
      if (covers(w.pattern, host) && visibleTo(w.resource.data.exportTo, w.resource.namespace, viewer) && !serviceEntries.includes(w.resource)) {
        serviceEntries.push(w.resource);
      }
    }
    return { services, serviceEntries, builtin: this.knownHosts.has(host) };
  }

  isRegistered(host: string, viewer: string): boolean {
    const l = this.lookupHost(host, viewer);
    return l.builtin || l.services.length > 0 || l.serviceEntries.length > 0;
  }

  /** DestinationRules for a host visible from `viewer` (exact host or a wildcard that covers it). */
  destinationRulesFor(host: string, viewer: string): Typed<DestinationRuleData>[] {
    const out: Typed<DestinationRuleData>[] = [];
    for (const [drHost, rules] of this.drByHost) {
      if (drHost !== host && !(isWildcard(drHost) && covers(drHost, host))) continue;
      for (const r of rules) if (visibleTo(r.data.exportTo, r.namespace, viewer)) out.push(r);
    }
    return out;
  }

  destinationRulesByHost(): ReadonlyMap<string, Typed<DestinationRuleData>[]> {
    return this.drByHost;
  }

  findGateway(namespace: string, name: string): Typed<GatewayData> | undefined {
    return this.gateways.get(`${namespace}/${name}`)?.[0];
  }

  /** Workloads in `namespace` (or anywhere for a gateway) whose labels satisfy the selector. */
  workloadsSelectedBy(selector: Labels, namespace?: string): Resource[] {
    return this.workloads.filter((w) => (namespace === undefined || w.resource.namespace === namespace) && selects(selector, w.labels)).map((w) => w.resource);
  }

  isKnownGatewaySelector(selector: Labels): boolean {
    return this.knownGatewayLabels.some((known) => selects(selector, known));
  }

  /** The Services in the workspace that front a gateway workload with these labels. */
  servicesSelecting(labels: Labels): Typed<ServiceData>[] {
    const out: Typed<ServiceData>[] = [];
    for (const list of this.services.values()) for (const s of list) if (selects(s.data.selector, labels)) out.push(s);
    return out;
  }

  resourcesIn(uri: string): Resource[] {
    return this.files.get(uri)?.resources ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function asMode(v: string): MeshPolicy['mode'] {
  return v === 'REGISTRY_ONLY' ? 'REGISTRY_ONLY' : 'ALLOW_ANY';
}

export function parseLabelSet(text: string): Labels {
  const out: Labels = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const sep = eq >= 0 ? eq : part.indexOf(':');
    if (sep > 0) out[part.slice(0, sep).trim()] = part.slice(sep + 1).trim();
  }
  return out;
}

export function refText(ref: StrRef): string {
  return ref.value;
}
