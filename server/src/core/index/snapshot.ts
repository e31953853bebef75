// An immutable view of the whole workspace with the cross-file tables the
// analyzers and features query. Built from file summaries; never parses.
import type {
  DestinationRuleData,
  FileSummary,
  GatewayData,
  Installs,
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
// Every Istio install also has istiod in istio-system; known, but not offered as a route destination.
const INSTALL_HOSTS = [...BUILTIN_HOSTS, 'istiod.istio-system.svc.cluster.local'];
// The pod labels of the default gateways an Istio install creates.
export const BUILTIN_GATEWAY_LABELS: Labels[] = [
  { app: 'istio-ingressgateway', istio: 'ingressgateway' },
  { app: 'istio-egressgateway', istio: 'egressgateway' },
];
// Gateways installed by the usual guides, accepted as deployed but not offered
// in completion: the east-west gateway of the multicluster guides and the
// istio/gateway chart released as `gateway` or `istio-ingress` (istio.io Helm install guide).
const WELL_KNOWN_GATEWAY_LABELS: Labels[] = [
  { app: 'istio-eastwestgateway', istio: 'eastwestgateway' },
  { app: 'gateway', istio: 'gateway' },
  { app: 'istio-ingress', istio: 'ingress' },
];
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
  /** Namespaces with a Service whose namespace is known (explicit, or set by kustomize or a GitOps target). */
  readonly explicitServiceNamespaces = new Set<string>();
  /** Some Service has no namespace: it goes wherever the files are applied (`kubectl apply -n`). */
  readonly implicitServices: boolean = false;
  /**
   * Namespaces that may hold Services the workspace does not show: the install
   * namespaces, those a chart release targets, those of kustomizations with
   * remote bases or Helm charts, those unread (templated) documents name.
   */
  readonly incompleteNamespaces = new Set<string>(['istio-system']);
  /** Unread documents or remote bases may add Services to a namespace nobody can tell. */
  readonly unknownNamespaceUnread: boolean = false;
  readonly workloadNamespaces = new Set<string>();
  readonly namespaces = new Set<string>();
  readonly secrets: Resource[] = [];
  /** Label sets of everything that runs pods: workloads, WorkloadEntries, IstioMeshGateways. */
  readonly workloads: { resource: Resource; labels: Labels }[] = [];
  private readonly seExact = new Map<string, Typed<ServiceEntryData>[]>();
  private readonly seWildcard: { pattern: string; resource: Typed<ServiceEntryData> }[] = [];
  private readonly drByHost = new Map<string, Typed<DestinationRuleData>[]>();
  // Lookup indexes built on first use: analyses query them once per resource.
  private drWildcardHosts: string[] | undefined;
  private drHostOrder: Map<string, number> | undefined;
  private workloadsByLabel: Map<string, { resource: Resource; labels: Labels }[]> | undefined;
  private workloadsByNamespace: Map<string, { resource: Resource; labels: Labels }[]> | undefined;
  private servicesBySelector: Map<string, Typed<ServiceData>[]> | undefined;
  private readonly knownHosts: Set<string>;
  readonly knownGatewayLabels: Labels[];
  readonly meshPolicy: MeshPolicy;
  /** `meshConfig.rootNamespace` (default istio-system): where mesh-wide DestinationRules and Sidecars live. */
  readonly rootNamespace: string;
  /** An IstioOperator is in the workspace: it may customise the gateways' Services. */
  readonly declaresOperator: boolean;

  constructor(
    readonly files: ReadonlyMap<string, FileSummary>,
    readonly settings: Settings,
    /** An earlier snapshot with the same settings that differs from this one only in the files `changed`: its tables are reused where possible. */
    earlier?: { snapshot: Snapshot; changed: readonly string[] },
  ) {
    if (earlier && earlier.snapshot.settings === settings) {
      const derived = derive(earlier.snapshot, files, earlier.changed);
      if (derived) {
        Object.assign(this, derived);
        // Unchanged: no MeshConfig, IstioMeshGateway or settings change derives.
        this.knownHosts = earlier.snapshot.knownHosts;
        this.knownGatewayLabels = earlier.snapshot.knownGatewayLabels;
        this.meshPolicy = earlier.snapshot.meshPolicy;
        this.rootNamespace = earlier.snapshot.rootNamespace;
        this.declaresOperator = earlier.snapshot.declaresOperator;
        return;
      }
    }
    let policy: MeshPolicy | undefined;
    let rootNamespace: string | undefined;
    let operator = false;
    const meshGatewayServices: string[] = [];
    // Gateway pods and Services that an IstioOperator or a chart release creates.
    const install = (installs: Installs | undefined) => {
      if (!installs) return;
      for (const w of installs.workloads) this.workloads.push({ resource: w, labels: w.labels });
      meshGatewayServices.push(...installs.hosts);
    };
    let implicitServices = false;
    let unknownUnread = false;
    const incomplete = (installs: Installs | undefined) => {
      for (const h of installs?.hosts ?? []) this.incompleteNamespaces.add(h.split('.')[1]);
    };
    for (const file of files.values()) {
      for (const u of file.unread ?? []) {
        if (u.namespace) this.incompleteNamespaces.add(u.namespace);
        else unknownUnread = true;
      }
      if (file.kustomization?.external) {
        if (file.kustomization.namespace) this.incompleteNamespaces.add(file.kustomization.namespace);
        else unknownUnread = true;
      }
      for (const r of file.resources) {
        this.resources.push(r);
        this.namespaces.add(r.namespace);
        const d = r.data;
        switch (d.kind) {
          case 'Gateway':
            // Overlays that put one base in several namespaces: the resource is in each (kustomize/placement.ts).
            for (const ns of r.namespaces ?? [r.namespace]) push(this.gateways, `${ns}/${r.name}`, r as Typed<GatewayData>);
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
            for (const ns of r.namespaces ?? [r.namespace]) {
              push(this.services, `${r.name}.${ns}.${CLUSTER_DOMAIN}`, r as Typed<ServiceData>);
              this.serviceNamespaces.add(ns);
              if (r.explicitNamespace !== undefined) this.explicitServiceNamespaces.add(ns);
            }
            if (r.explicitNamespace === undefined) implicitServices = true;
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
            // The operator creates a Service of the same name in front of the gateway pods (Service Mesh Manager documentation, "Create egress gateway").
            meshGatewayServices.push(`${r.name}.${r.namespace}.${CLUSTER_DOMAIN}`);
            break;
          case 'MeshConfig':
            if (d.outboundPolicy && !policy) policy = { mode: asMode(d.outboundPolicy.value), resource: r, span: d.outboundPolicy.span };
            rootNamespace ??= d.rootNamespace;
            operator ||= !!d.operator;
            install(d.installs);
            incomplete(d.installs);
            break;
          case 'Deploy':
            install(d.installs);
            // A chart installs Services nobody sees: its target namespace is not complete.
            if (d.charts.length > 0) this.incompleteNamespaces.add(d.targetNamespace ?? r.namespace);
            break;
        }
        if (d.kind === 'Secret') this.secrets.push(r);
      }
    }
    this.implicitServices = implicitServices;
    this.unknownNamespaceUnread = unknownUnread;
    this.meshPolicy = policy ?? { mode: settings.outboundTrafficPolicy };
    this.rootNamespace = rootNamespace ?? 'istio-system';
    this.declaresOperator = operator;
    this.knownHosts = new Set([...INSTALL_HOSTS, ...settings.knownHosts.map((h) => h.toLowerCase()), ...meshGatewayServices]);
    this.knownGatewayLabels = [...BUILTIN_GATEWAY_LABELS, ...settings.knownGatewayLabels.map(parseLabelSet).filter((l) => Object.keys(l).length > 0)];
  }

  /** What registers a fully qualified host, as seen from namespace `viewer`. */
  lookupHost(host: string, viewer: string): HostLookup {
    // The annotation networking.istio.io/exportTo scopes a Service as exportTo scopes the Istio kinds.
    const services = (this.services.get(host) ?? []).filter((s) => visibleTo(s.data.exportTo, s.namespace, viewer));
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
    // The exact host by lookup, wildcard hosts by scan; in the order the hosts were first seen.
    if (!this.drWildcardHosts) this.drWildcardHosts = [...this.drByHost.keys()].filter(isWildcard);
    const hosts = this.drWildcardHosts.filter((drHost) => drHost !== host && covers(drHost, host));
    if (this.drByHost.has(host)) hosts.push(host);
    if (hosts.length > 1) {
      if (!this.drHostOrder) this.drHostOrder = new Map([...this.drByHost.keys()].map((h, i) => [h, i]));
      const order = this.drHostOrder;
      hosts.sort((a, b) => order.get(a)! - order.get(b)!);
    }
    const out: Typed<DestinationRuleData>[] = [];
    for (const drHost of hosts) for (const r of this.drByHost.get(drHost)!) if (visibleTo(r.data.exportTo, r.namespace, viewer)) out.push(r);
    return out;
  }

  /** Every DestinationRule whose host is `host` or a wildcard that covers it, whatever its namespace and exportTo. */
  destinationRulesCovering(host: string): Typed<DestinationRuleData>[] {
    if (!this.drWildcardHosts) this.drWildcardHosts = [...this.drByHost.keys()].filter(isWildcard);
    const out: Typed<DestinationRuleData>[] = [];
    for (const drHost of this.drWildcardHosts) if (drHost !== host && covers(drHost, host)) out.push(...this.drByHost.get(drHost)!);
    out.push(...(this.drByHost.get(host) ?? []));
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
    // Candidates from the index of one selector pair (every match carries it), in workload order.
    const keys = Object.keys(selector);
    if (keys.length === 0) return [];
    const candidates = this.workloadsWithLabel(keys[0], selector[keys[0]]);
    return candidates.filter((w) => (namespace === undefined || w.resource.namespace === namespace) && selects(selector, w.labels)).map((w) => w.resource);
  }

  /** Workloads carrying the label `key=value` (indexed on first use). */
  workloadsWithLabel(key: string, value: string): { resource: Resource; labels: Labels }[] {
    if (!this.workloadsByLabel) {
      this.workloadsByLabel = new Map();
      for (const w of this.workloads) for (const [k, v] of Object.entries(w.labels)) push(this.workloadsByLabel, `${k}=${v}`, w);
    }
    return this.workloadsByLabel.get(`${key}=${value}`) ?? [];
  }

  /** Services whose selector has `key: value`, in the order of `services` (indexed on first use). */
  servicesWithSelectorLabel(key: string, value: string): Typed<ServiceData>[] {
    if (!this.servicesBySelector) {
      this.servicesBySelector = new Map();
      for (const list of this.services.values()) for (const svc of list) for (const [k, v] of Object.entries(svc.data.selector)) push(this.servicesBySelector, `${k}=${v}`, svc);
    }
    return this.servicesBySelector.get(`${key}=${value}`) ?? [];
  }

  /** Builds the lazy lookup indexes now (the incremental analysis compares them between snapshots). */
  /**
   * Takes over the lookup indexes of an earlier snapshot whose source tables
   * hold the very same resources (an edit that touched no workload or Service
   * keeps them), instead of rebuilding them.
   */
  inheritIndexes(earlier: Snapshot): void {
    const sameWorkloads = this.workloads === earlier.workloads || this.workloads.length === earlier.workloads.length && this.workloads.every((w, i) => w.resource === earlier.workloads[i].resource);
    if (sameWorkloads) {
      this.workloadsByLabel ??= earlier.workloadsByLabel;
      this.workloadsByNamespace ??= earlier.workloadsByNamespace;
    }
    if (sameLists(this.services, earlier.services)) this.servicesBySelector ??= earlier.servicesBySelector;
    if (sameLists(this.drByHost, earlier.drByHost)) {
      this.drWildcardHosts ??= earlier.drWildcardHosts;
      this.drHostOrder ??= earlier.drHostOrder;
    }
  }

  prepareIndexes(): void {
    this.workloadsWithLabel('', '');
    this.workloadsIn('');
    this.servicesWithSelectorLabel('', '');
    if (!this.drWildcardHosts) this.drWildcardHosts = [...this.drByHost.keys()].filter(isWildcard);
    if (!this.drHostOrder) this.drHostOrder = new Map([...this.drByHost.keys()].map((h, i) => [h, i]));
  }

  /** Workloads in a namespace (indexed on first use). */
  workloadsIn(namespace: string): { resource: Resource; labels: Labels }[] {
    if (!this.workloadsByNamespace) {
      this.workloadsByNamespace = new Map();
      for (const w of this.workloads) push(this.workloadsByNamespace, w.resource.namespace, w);
    }
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  isKnownGatewaySelector(selector: Labels): boolean {
    return this.knownGatewayLabels.some((known) => selects(selector, known)) || WELL_KNOWN_GATEWAY_LABELS.some((known) => selects(selector, known));
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

/** The tables of `earlier` with the changed files' resources swapped in; undefined when a change reshapes a table (then the snapshot is built from scratch). */
function derive(earlier: Snapshot, files: ReadonlyMap<string, FileSummary>, changed: readonly string[]): Record<string, unknown> | undefined {
  type Tables = {
    resources: Resource[];
    virtualServices: Resource[];
    destinationRules: Resource[];
    serviceEntries: Resource[];
    secrets: Resource[];
    gateways: Map<string, Resource[]>;
    services: Map<string, Resource[]>;
    seExact: Map<string, Resource[]>;
    drByHost: Map<string, Resource[]>;
    seWildcard: { pattern: string; resource: Resource }[];
    servicesBySelector: unknown;
    files?: unknown;
    settings?: unknown;
    knownHosts?: unknown;
    knownGatewayLabels?: unknown;
    meshPolicy?: unknown;
  };
  if (changed.length === 0 || changed.length > 20 || files.size !== earlier.files.size) return undefined;
  // The same files in the same order: the tables keep their order.
  const order = files.keys();
  for (const uri of earlier.files.keys()) if (order.next().value !== uri) return undefined;
  const swaps: [Resource, Resource][] = [];
  for (const uri of changed) {
    // Unread documents and kustomizations shape the completeness tables: rebuild.
    const before = earlier.files.get(uri);
    const after = files.get(uri);
    if (before?.unread || after?.unread || before?.kustomization || after?.kustomization) return undefined;
    const x = earlier.files.get(uri)?.resources;
    const y = files.get(uri)?.resources;
    if (!x || !y || x.length !== y.length) return undefined;
    for (let i = 0; i < x.length; i++) {
      if (x[i] === y[i]) continue;
      const kx = slotKey(x[i]);
      if (kx === undefined || kx !== slotKey(y[i])) return undefined;
      swaps.push([x[i], y[i]]);
    }
  }
  const out = { ...(earlier as unknown as Record<string, unknown>) } as unknown as Tables;
  delete out.files;
  delete out.settings;
  delete out.knownHosts;
  delete out.knownGatewayLabels;
  delete out.meshPolicy;
  delete (out as Record<string, unknown>).rootNamespace;
  delete (out as Record<string, unknown>).declaresOperator;
  const copied = new Set<unknown>();
  const swapIn = <T>(list: T[], from: T, to: T): T[] | undefined => {
    const copy = copied.has(list) ? list : list.slice();
    copied.add(copy);
    const j = copy.indexOf(from);
    if (j < 0) return undefined;
    copy[j] = to;
    return copy;
  };
  const swapInMap = (field: 'gateways' | 'services' | 'seExact' | 'drByHost', key: string, from: Resource, to: Resource): boolean => {
    let map = out[field];
    if (!copied.has(map)) {
      map = new Map(map);
      copied.add(map);
      out[field] = map;
    }
    const list = map.get(key);
    const next = list && swapIn(list, from, to);
    if (!next) return false;
    map.set(key, next);
    return true;
  };
  for (const [from, to] of swaps) {
    const resources = swapIn(out.resources, from, to);
    if (!resources) return undefined;
    out.resources = resources;
    const d = to.data;
    let ok = true;
    switch (d.kind) {
      case 'Gateway':
        ok = swapInMap('gateways', `${to.namespace}/${to.name}`, from, to);
        break;
      case 'VirtualService': {
        const next = swapIn(out.virtualServices, from, to);
        if (next) out.virtualServices = next;
        ok = !!next;
        break;
      }
      case 'DestinationRule': {
        const next = swapIn(out.destinationRules, from, to);
        if (next) out.destinationRules = next;
        ok = !!next && (!d.host || swapInMap('drByHost', fqdn(d.host.value, to.namespace), from, to));
        break;
      }
      case 'ServiceEntry': {
        const next = swapIn(out.serviceEntries, from, to);
        if (next) out.serviceEntries = next;
        ok = !!next;
        for (const h of d.hosts) {
          if (!ok) break;
          const host = fqdn(h.value, to.namespace);
          if (isWildcard(host)) {
            if (!copied.has(out.seWildcard)) {
              out.seWildcard = out.seWildcard.slice();
              copied.add(out.seWildcard);
            }
            const j = out.seWildcard.findIndex((w) => w.pattern === host && w.resource === from);
            ok = j >= 0;
            if (ok) out.seWildcard[j] = { pattern: host, resource: to };
          } else ok = swapInMap('seExact', host, from, to);
        }
        break;
      }
      case 'Service':
        ok = swapInMap('services', `${to.name}.${to.namespace}.${CLUSTER_DOMAIN}`, from, to);
        out.servicesBySelector = undefined;
        break;
    }
    if (!ok) return undefined;
    if (to.data.kind === 'Secret') {
      const next = swapIn(out.secrets, from, to);
      if (!next) return undefined;
      out.secrets = next;
    }
  }
  return out as unknown as Record<string, unknown>;
}

/**
 * What a resource contributes to the shape of the tables (their keys, the
 * namespace sets, the workloads and the mesh policy); undefined for the kinds
 * whose change always rebuilds the snapshot.
 */
function slotKey(r: Resource): string | undefined {
  const d = r.data;
  if (r.namespaces) return undefined;
  const base = `${r.kind}\u0000${r.namespace}\u0000${d.kind}\u0000`;
  switch (d.kind) {
    case 'Gateway':
      return base + r.name;
    case 'DestinationRule':
      return base + (d.host ? fqdn(d.host.value, r.namespace) : '');
    case 'ServiceEntry':
      return base + d.hosts.map((h) => fqdn(h.value, r.namespace)).join('\u0000');
    case 'Service':
      return base + r.name + (r.explicitNamespace === undefined ? '\u0000implicit' : '');
    case 'Workload':
    case 'WorkloadEntry':
    case 'IstioMeshGateway':
    case 'MeshConfig':
    case 'Deploy':
      return undefined;
    default:
      return base;
  }
}

function sameLists<K, V>(a: Map<K, V[]>, b: Map<K, V[]>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  const ka = [...a.keys()];
  const kb = [...b.keys()];
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return false;
    const x = a.get(ka[i])!;
    const y = b.get(kb[i])!;
    if (x.length !== y.length || x.some((v, j) => v !== y[j])) return false;
  }
  return true;
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
