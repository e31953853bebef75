// An immutable view of the whole workspace: the file summaries and the keyed
// tables their resources contribute to (tables.ts). A change makes a new
// snapshot by removing the changed files' old resources from the tables and
// adding the new ones (copy on write: untouched tables and lists are shared),
// and says which (table, key) entries changed. Every lookup reads through
// `read`, so a query view (`query`) can record what an analysis read.
import type { DestinationRuleData, FileSummary, GatewayClassData, GatewayData, KindData, KubeGatewayData, KubeRouteData, Labels, MeshSecurity, Resource, ServiceData, ServiceEntryData, Span, VirtualServiceData } from '../model';
import type { Settings } from '../settings';
import { selects } from '../hosts';
import { nearest } from './nearest';
import { ForkableMap } from './forkableMap';
import { recordingView, SnapshotMemo } from './queryMemo';
import { registering, rulesCovering, rulesFor, type HostLookup } from './registryLookups';
import { buildTables, contributions, entry, fileContributions, fileMarker, insertSorted, onlyMoved, podLabels, wholeTable, type Table, type TableChange } from './tables';

export type Typed<D> = Resource & { data: D };

export { BUILTIN_HOSTS } from './registryLookups';
// The pod labels of the default gateways an Istio install creates.
export const BUILTIN_GATEWAY_LABELS: Labels[] = [
  { app: 'istio-ingressgateway', istio: 'ingressgateway' },
  { app: 'istio-egressgateway', istio: 'egressgateway' },
];
// Gateways installed by the usual guides, accepted as deployed but not offered
// in completion: the east-west gateway of the multicluster guides and the
// istio/gateway chart released under the names istio.io's Helm guides use. The
// chart labels its pods `app: <release>`, `istio: <release without istio->`,
// and `app.kubernetes.io/name` and `instance: <release>` (manifests/charts/gateway
// templates/_helpers.tpl gateway.selectorLabels, zzz_profile.yaml istio.labels).
const chartRelease = (release: string): Labels => ({
  app: release,
  istio: release.replace(/^istio-/, ''),
  'app.kubernetes.io/name': release,
  'app.kubernetes.io/instance': release,
});
const WELL_KNOWN_GATEWAY_LABELS: Labels[] = [
  { app: 'istio-eastwestgateway', istio: 'eastwestgateway' },
  ...['gateway', 'istio-ingress', 'istio-ingressgateway', 'istio-egress', 'istio-egressgateway'].map(chartRelease),
];
export const EGRESS_GATEWAY_HOST = 'istio-egressgateway.istio-system.svc.cluster.local';

export type { HostLookup } from './registryLookups';

export interface MeshPolicy {
  mode: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  resource?: Resource;
  span?: Span;
}

export interface Workload {
  resource: Resource;
  labels: Labels;
}

export type { TableChange } from './tables';

type Lists = ReadonlyMap<string, readonly Resource[]>;
const NONE: readonly Resource[] = [];

interface Shared {
  files: ReadonlyMap<string, FileSummary>;
  settings: Settings;
  /** Workspace order of the files: resources are listed by (file, document). */
  order: ReadonlyMap<string, number>;
  nextOrder: number;
  tables: ReadonlyMap<Table, Lists>;
  /** What is made once per snapshot (queryMemo.ts). */
  memo: SnapshotMemo;
  settingsHosts: Set<string>;
  knownGatewayLabels: Labels[];
}

export class Snapshot {
  private constructor(private readonly s: Shared) {}

  /** The empty workspace under `settings`. */
  static empty(settings: Settings): Snapshot {
    return new Snapshot({
      files: ForkableMap.empty(),
      settings,
      order: new Map(),
      nextOrder: 0,
      tables: new Map(),
      memo: new SnapshotMemo(),
      settingsHosts: new Set(settings.knownHosts.map((h) => h.toLowerCase())),
      knownGatewayLabels: [...BUILTIN_GATEWAY_LABELS, ...settings.knownGatewayLabels.map(parseLabelSet).filter((l) => Object.keys(l).length > 0)],
    });
  }

  /**
   * The snapshot with these files replaced (a summary) or removed (undefined).
   * A resource object kept by the new summary (unchanged, see
   * workspace.ts) stays in the tables; the others leave and come.
   */
  withFiles(changes: Iterable<[string, FileSummary | undefined]>): { snapshot: Snapshot; change: TableChange } {
    if (this.s.files.size === 0) {
      const list = [...changes];
      if (new Set(list.map(([uri]) => uri)).size === list.length) return this.filled(list);
      changes = list;
    }
    const files = ForkableMap.fork(this.s.files);
    let order: Map<string, number> | undefined;
    let nextOrder = this.s.nextOrder;
    const tables = new Map(this.s.tables);
    const copied = new Set<unknown>();
    const change: TableChange = { removed: [], added: [], keys: new Set(), moved: new Set(), movedFiles: new Set() };
    // Where touched entries go: `moved` while the resource at hand only moved.
    let touched = change.keys;
    const shifted = new Set<Resource>();
    const lists = (table: Table): ForkableMap<string, readonly Resource[]> => {
      let m = tables.get(table) as ForkableMap<string, readonly Resource[]> | undefined;
      if (!m || !copied.has(m)) {
        m = ForkableMap.fork(m);
        copied.add(m);
        tables.set(table, m);
      }
      return m;
    };
    // A list is copied once per change, then edited in place; noting where its entry was recorded, an entry
    // many resources share is recorded once (the first snapshot made strings for every contribution).
    const noted = new Map<Resource[], Set<string>>();
    const own = (m: ForkableMap<string, readonly Resource[]>, table: Table, key: string): Resource[] => {
      let list = m.get(key) as Resource[] | undefined;
      if (!list || !copied.has(list)) {
        list = list ? list.slice() : [];
        copied.add(list);
        m.set(key, list);
      }
      // A change already recorded covers a move (moves of a changed entry are dropped below).
      const was = noted.get(list);
      if (was !== change.keys && was !== touched) {
        touched.add(entry(table, key));
        touched.add(wholeTable(table));
        noted.set(list, touched);
      }
      return list;
    };
    const pending: Resource[] = [];
    const drop = (r: Resource) => (table: Table, key: string, member: Resource = r) => {
      const m = lists(table);
      const list = own(m, table, key);
      for (let i = list.indexOf(member); i >= 0; i = list.indexOf(member)) list.splice(i, 1);
      if (list.length === 0) m.delete(key);
    };
    const pendingFiles: FileSummary[] = [];
    for (const [uri, summary] of changes) {
      const old = files.get(uri);
      const before = old?.resources ?? [];
      const after = summary?.resources ?? [];
      if (old !== summary) {
        if (old) fileContributions(old, drop(fileMarker(old)));
        if (summary) pendingFiles.push(summary);
      }
      const kept = new Set(after);
      const stays = new Set(before);
      before.forEach((r, i) => {
        if (kept.has(r)) return;
        change.removed.push(r);
        const twin = after[i];
        if (twin && !stays.has(twin) && onlyMoved(r, twin)) {
          shifted.add(twin);
          change.movedFiles.add(uri);
          touched = change.moved;
        }
        contributions(r, drop(r));
        touched = change.keys;
      });
      if (summary) {
        if (!files.has(uri)) (order ??= new Map(this.s.order)).set(uri, nextOrder++);
        files.set(uri, summary);
      } else if (files.delete(uri)) (order ??= new Map(this.s.order)).delete(uri);
      for (const r of after) if (!stays.has(r)) pending.push(r);
    }
    const ord = order ?? this.s.order;
    const before = (a: Resource, b: Resource) => ord.get(a.uri)! - ord.get(b.uri)! || a.docIndex - b.docIndex;
    const put = (r: Resource) => (table: Table, key: string, member: Resource = r) => insertSorted(own(lists(table), table, key), member, before);
    for (const file of pendingFiles) fileContributions(file, put(fileMarker(file)));
    for (const r of pending) {
      change.added.push(r);
      touched = shifted.has(r) ? change.moved : change.keys;
      contributions(r, put(r));
      touched = change.keys;
    }
    for (const k of change.keys) change.moved.delete(k);
    for (const [table, m] of tables) if (copied.has(m)) tables.set(table, (m as ForkableMap<string, readonly Resource[]>).settled());
    const snapshot = new Snapshot({ ...this.s, files: files.settled(), order: ord, nextOrder, tables, memo: new SnapshotMemo() });
    return { snapshot, change };
  }

  // withFiles from no files (the first analysis, new settings): tables built in one pass, no changed entry recorded
  // (an engine needs those only for checks of resources that stay, and none stays when there was none).
  private filled(changes: Iterable<[string, FileSummary | undefined]>): { snapshot: Snapshot; change: TableChange } {
    const { files, order, nextOrder, tables, added } = buildTables(changes, this.s.nextOrder);
    const forkable = new Map<Table, Lists>();
    for (const [table, m] of tables) forkable.set(table, ForkableMap.adopt<string, readonly Resource[]>(m));
    const snapshot = new Snapshot({ ...this.s, files: ForkableMap.adopt(files), order, nextOrder, tables: forkable, memo: new SnapshotMemo() });
    return { snapshot, change: { removed: [], added, keys: new Set(), moved: new Set(), movedFiles: new Set() } };
  }

  /** A view of this snapshot that calls `record` with every entry a lookup reads. */
  query(record: (dependency: string) => void): Snapshot {
    return recordingView(this.base(), this.s.memo, record);
  }

  /** The snapshot a query view reads (itself for a snapshot). */
  protected base(): Snapshot {
    return this;
  }

  /** Records a read of an entry (or, without a key, of the whole table); only a query view records. */
  protected note(_table: Table, _key?: string): void {}

  /** Records reads made earlier for a derived value; only a query view records. */
  protected replay(_deps: readonly string[]): void {}

  /** A lookup made once per snapshot for each (k1, k2) through the view `build` gets; every caller records what it read (queryMemo.ts). */
  derived<T>(name: string, k1: unknown, k2: unknown, build: (snap: Snapshot) => T): T {
    const d = this.s.memo.derive(name, k1, k2, (record) => this.base().query(record), build);
    this.replay(d.deps);
    return d.value as T;
  }

  private read(table: Table, key: string): readonly Resource[] {
    this.note(table, key);
    return this.s.tables.get(table)?.get(key) ?? NONE;
  }

  private readAll(table: Table): Lists {
    this.note(table);
    return this.s.tables.get(table) ?? new Map();
  }

  private cached<T>(name: string, build: () => T): T {
    const cache = this.s.memo.cache;
    if (!cache.has(name)) cache.set(name, build());
    return cache.get(name) as T;
  }

  get files(): ReadonlyMap<string, FileSummary> {
    this.note('kind');
    return this.s.files;
  }

  get settings(): Settings {
    return this.s.settings;
  }

  /** Where a resource is in workspace order (files in the order they came, then documents). */
  compare(a: Resource, b: Resource): number {
    return (this.s.order.get(a.uri) ?? 0) - (this.s.order.get(b.uri) ?? 0) || a.docIndex - b.docIndex;
  }

  get resources(): Resource[] {
    this.note('kind');
    return this.cached('resources', () => [...this.s.files.values()].flatMap((f) => f.resources));
  }

  private ofKind<D>(kind: string): Typed<D>[] {
    return this.read('kind', kind) as Typed<D>[];
  }

  get virtualServices(): Typed<VirtualServiceData>[] {
    return this.ofKind('VirtualService');
  }

  /** VirtualServices bound to the mesh (their `gateways` are empty or list `mesh`). */
  get meshVirtualServices(): Typed<VirtualServiceData>[] {
    return this.read('meshVs', '') as Typed<VirtualServiceData>[];
  }

  get destinationRules(): Typed<DestinationRuleData>[] {
    return this.ofKind('DestinationRule');
  }

  get serviceEntries(): Typed<ServiceEntryData>[] {
    return this.ofKind('ServiceEntry');
  }

  /** Gateways by `ns/name`. */
  get gateways(): ReadonlyMap<string, Typed<GatewayData>[]> {
    return this.readAll('gateway') as ReadonlyMap<string, Typed<GatewayData>[]>;
  }

  /** Services by `name.ns.svc.cluster.local`. */
  get services(): ReadonlyMap<string, Typed<ServiceData>[]> {
    return this.readAll('service') as ReadonlyMap<string, Typed<ServiceData>[]>;
  }

  get namespaces(): ReadonlySet<string> {
    return new Set(this.readAll('namespace').keys());
  }

  get serviceNamespaces(): ReadonlySet<string> {
    return new Set(this.readAll('serviceNs').keys());
  }

  /** Namespaces with a Service whose namespace is known (explicit, or set by kustomize or a GitOps target). */
  hasExplicitServiceIn(namespace: string): boolean {
    return this.read('explicitServiceNs', namespace).length > 0;
  }

  /** Some Service has no namespace: it goes wherever the files are applied (`kubectl apply -n`). */
  get implicitServices(): boolean {
    return this.read('implicitService', '').length > 0;
  }

  /** May hold Services the workspace does not show: install namespaces and those filled elsewhere (below). */
  isIncompleteNamespace(namespace: string): boolean {
    // The cluster and its add-ons fill kube-system (kube-dns, metrics-server): never known whole.
    return namespace === 'istio-system' || namespace === 'kube-system' || this.filledElsewhere(namespace);
  }

  /** A chart release, a kustomization with remote bases or Helm charts, or an unread document puts resources here. */
  filledElsewhere(namespace: string): boolean {
    return this.read('incompleteNs', namespace).length > 0;
  }

  /** A document istio-ls could not read (a skipped template) is of this kind: a check that finds none says nothing. */
  hasUnread(kind: string): boolean {
    return this.read('unreadKind', kind).length > 0;
  }

  /** Unread documents or remote bases may add Services to a namespace nobody can tell. */
  get unknownNamespaceUnread(): boolean {
    return this.read('unknownUnread', '').length > 0;
  }

  /** Namespaces with a workload (Deployment, Pod…). */
  get workloadNamespaces(): ReadonlySet<string> {
    return new Set(this.readAll('podNs').keys());
  }

  get secrets(): readonly Resource[] {
    return this.read('secret', '');
  }

  /** Secrets (and what makes one) in a namespace, in workspace order. */
  secretsIn(namespace: string): readonly Resource[] {
    return this.read('secretNs', namespace);
  }

  /** Label sets of everything that runs pods: workloads, WorkloadEntries, IstioMeshGateways. */
  get workloads(): Workload[] {
    return this.read('workload', '').map(asWorkload);
  }

  get knownGatewayLabels(): Labels[] {
    return this.s.knownGatewayLabels;
  }

  /** The first MeshConfig that sets outboundTrafficPolicy, else the setting. */
  get meshPolicy(): MeshPolicy {
    for (const r of this.read('meshConfig', '')) {
      const d = r.data;
      if (d.kind === 'MeshConfig' && d.outboundPolicy) return { mode: asMode(d.outboundPolicy.value), resource: r, span: d.outboundPolicy.span };
    }
    return { mode: this.s.settings.outboundTrafficPolicy };
  }

  /** Every resource of a namespace, in workspace order. */
  resourcesInNamespace(namespace: string): readonly Resource[] {
    return this.read('namespace', namespace);
  }

  /** `meshConfig.rootNamespace` (default istio-system): where mesh-wide DestinationRules and Sidecars live. */
  get rootNamespace(): string {
    for (const r of this.read('meshConfig', '')) if (r.data.kind === 'MeshConfig' && r.data.rootNamespace) return r.data.rootNamespace;
    return 'istio-system';
  }

  /** An IstioOperator is in the workspace: it may customise the gateways' Services. */
  get declaresOperator(): boolean {
    return this.read('meshConfig', '').some((r) => r.data.kind === 'MeshConfig' && !!r.data.operator);
  }

  /** The first mesh config the workspace declares (IstioOperator, `istio` ConfigMap, istiod chart values) with its security settings. */
  get meshSecurity(): { resource: Resource; security: MeshSecurity } | undefined {
    for (const r of this.read('meshSecurity', '')) {
      const d = r.data;
      if ((d.kind === 'MeshConfig' || d.kind === 'Deploy') && d.security) return { resource: r, security: d.security };
    }
    return undefined;
  }

  /** The workloads whose pods run as service account `sa` in `namespace`. */
  workloadsRunningAs(namespace: string, sa: string): readonly Resource[] {
    return this.read('serviceAccount', `${namespace}/${sa}`);
  }

  /** Every `ns/serviceAccount` a workload of the workspace runs as. */
  get serviceAccounts(): string[] {
    return [...this.readAll('serviceAccount').keys()];
  }

  /** Resources of a kind the index reads (`AuthorizationPolicy`, `RequestAuthentication`…), in workspace order. */
  resourcesOfKind<K extends KindData['kind']>(kind: K): Typed<Extract<KindData, { kind: K }>>[] {
    return this.ofKind(kind);
  }

  /** Resources with suppression annotations. */
  get suppressing(): readonly Resource[] {
    return this.read('suppress', '');
  }

  /** What registers a fully qualified host, as seen from namespace `viewer` (made once per snapshot, host and viewer: checks ask for the same hosts). */
  lookupHost(host: string, viewer: string): HostLookup {
    return this.derived('host', viewer, host, (snap) => registering(snap, host, viewer, this.s.settingsHosts));
  }

  isRegistered(host: string, viewer: string): boolean {
    const l = this.lookupHost(host, viewer);
    return l.builtin || l.services.length > 0 || l.serviceEntries.length > 0;
  }

  /** DestinationRules for a host visible from `viewer` (exact host or a wildcard that covers it), in workspace order of their hosts. */
  destinationRulesFor(host: string, viewer: string): Typed<DestinationRuleData>[] {
    return rulesFor(this, host, viewer);
  }

  /** Every DestinationRule whose host is `host` or a wildcard that covers it, whatever its namespace and exportTo (made once per snapshot and host). */
  destinationRulesCovering(host: string): readonly Typed<DestinationRuleData>[] {
    return this.derived('drCovering', host, '', (snap) => rulesCovering(snap, host));
  }

  /**
   * A value computed once per snapshot and shared by every check that asks
   * with the same key. `build` may depend only on what each caller has read
   * itself (the first caller's reads are not recorded for the others).
   */
  shared<T>(key: string, build: () => T): T {
    return this.cached(`shared:${key}`, build);
  }

  /** DestinationRules by fully qualified host. */
  destinationRulesByHost(): ReadonlyMap<string, Typed<DestinationRuleData>[]> {
    return this.readAll('drHost') as ReadonlyMap<string, Typed<DestinationRuleData>[]>;
  }

  /**
   * The Gateway `namespace/name`. Several files may define it (a tutorial's successive versions, alternative
   * demos): the cluster holds one of them, so a `viewer` gets the definition nearest to it (its own file,
   * then its directory, then one it may be applied with), not whichever file sorts first.
   */
  findGateway(namespace: string, name: string, viewer?: Resource): Typed<GatewayData> | undefined {
    const list = this.read('gateway', `${namespace}/${name}`) as Typed<GatewayData>[];
    return viewer && list.length > 1 ? nearest(list, viewer) : list[0];
  }

  /** Every definition of the Gateway `namespace/name`, in workspace order. */
  gatewayDefinitions(namespace: string, name: string): readonly Typed<GatewayData>[] {
    return this.read('gateway', `${namespace}/${name}`) as Typed<GatewayData>[];
  }

  /** A Gateway of the Kubernetes Gateway API. */
  findKubeGateway(namespace: string, name: string): Typed<KubeGatewayData> | undefined {
    return this.read('kubeGateway', `${namespace}/${name}`)[0] as Typed<KubeGatewayData> | undefined;
  }

  /** GatewayClasses, in workspace order. */
  get gatewayClasses(): Typed<GatewayClassData>[] {
    return this.ofKind('GatewayClass');
  }

  /** Gateway API Gateways, in workspace order. */
  get kubeGateways(): Typed<KubeGatewayData>[] {
    return this.ofKind('KubeGateway');
  }

  /** Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute), in workspace order. */
  get kubeRoutes(): Typed<KubeRouteData>[] {
    return this.ofKind('KubeRoute');
  }

  /** Every Gateway API Gateway of that namespace and name (overlays and alternative samples may declare one several times). */
  findKubeGateways(namespace: string, name: string): readonly Typed<KubeGatewayData>[] {
    return this.read('kubeGateway', `${namespace}/${name}`) as Typed<KubeGatewayData>[];
  }

  /** A ServiceEntry by namespace and name. */
  findServiceEntry(namespace: string, name: string): Typed<ServiceEntryData> | undefined {
    return this.read('seName', `${namespace}/${name}`)[0] as Typed<ServiceEntryData> | undefined;
  }

  /** The members of one table entry (tables.ts says what each table holds), in workspace order. */
  members<T extends Resource = Resource>(table: Table, key: string): readonly T[] {
    return this.read(table, key) as readonly T[];
  }

  /** Workloads in `namespace` (or anywhere for a gateway) whose labels satisfy the selector. */
  workloadsSelectedBy(selector: Labels, namespace?: string): Resource[] {
    // Candidates from the entry of one selector pair (every match carries it), in workspace order.
    const keys = Object.keys(selector);
    if (keys.length === 0) return [];
    return this.read('workloadLabel', `${keys[0]}=${selector[keys[0]]}`).filter((r) => (namespace === undefined || r.namespace === namespace) && selects(selector, podLabels(r)));
  }

  /** Workloads carrying the label `key=value`. */
  workloadsWithLabel(key: string, value: string): Workload[] {
    return this.read('workloadLabel', `${key}=${value}`).map(asWorkload);
  }

  /** Services whose selector has `key: value`. */
  servicesWithSelectorLabel(key: string, value: string): Typed<ServiceData>[] {
    return this.read('serviceSelector', `${key}=${value}`) as Typed<ServiceData>[];
  }

  /** Workloads in a namespace. */
  workloadsIn(namespace: string): Workload[] {
    return this.read('workloadNs', namespace).map(asWorkload);
  }

  isKnownGatewaySelector(selector: Labels): boolean {
    return this.s.knownGatewayLabels.some((known) => selects(selector, known)) || WELL_KNOWN_GATEWAY_LABELS.some((known) => selects(selector, known));
  }

  /** The Services of the workspace that select pods with these labels, in workspace order. */
  servicesSelecting(labels: Labels): Typed<ServiceData>[] {
    const found = new Set<Typed<ServiceData>>();
    for (const [k, v] of Object.entries(labels)) for (const s of this.servicesWithSelectorLabel(k, v)) if (selects(s.data.selector, labels)) found.add(s);
    return [...found].sort((a, b) => this.compare(a, b));
  }

  resourcesIn(uri: string): Resource[] {
    return this.s.files.get(uri)?.resources ?? [];
  }
}

const workloadMemo = new WeakMap<Resource, Workload>();
function asWorkload(r: Resource): Workload {
  let w = workloadMemo.get(r);
  if (!w) workloadMemo.set(r, (w = { resource: r, labels: podLabels(r) }));
  return w;
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
