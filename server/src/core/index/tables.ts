// What each resource contributes to the cross-file tables: (table, key)
// entries. The snapshot's lookups are reads of these entries, so a change
// that swaps a file's resources changes exactly the entries of the resources
// removed and added, and an analysis that recorded its reads knows whether
// the change reaches it (engine.ts).
import type { FileSummary, Installs, Labels, Resource } from '../model';
import { CLUSTER_DOMAIN, fqdn, isWildcard, parseGatewayRef } from '../hosts';
import { boundToMesh } from '../analyzers/vsGateways';
import { mayCreateServices } from './operatorGroups';

export type Table =
  | 'kind' // data kind → resources (the lists of VirtualServices, DestinationRules…)
  | 'namespace' // namespace → resources
  | 'gateway' // ns/name → Gateways
  | 'kubeGateway' // ns/name → Gateway API Gateways
  | 'kubeGatewayNs' // namespace (written or set by kustomize/GitOps; '' when not known) → Gateway API Gateways
  | 'kubeListenerSet' // ns/name → ListenerSets
  | 'kubeListenerSetNs' // namespace (as kubeGatewayNs) → ListenerSets
  | 'namespaceObject' // name → Namespace resources (their labels decide allowedRoutes selectors)
  | 'seName' // ns/name → ServiceEntries (parents of mesh routes)
  | 'seNs' // namespace → ServiceEntries
  | 'refGrantNs' // namespace → ReferenceGrants (they live in the namespace they open)
  | 'vsGateway' // ns/name of a gateway a VirtualService lists in `gateways` → those VirtualServices
  | 'kubeRouteParent' // ns/name of a Gateway a Gateway API route's parentRef names → those routes
  | 'kubeRefNs' // namespace another namespace's backendRef or certificateRef points into → the routes and Gateways holding it
  | 'meshVs' // '' → VirtualServices bound to the mesh
  | 'drHost' // fully qualified host → DestinationRules
  | 'drWildcard' // '' → DestinationRules with a wildcard host
  | 'seHost' // exact fully qualified host → ServiceEntries
  | 'seWildcard' // '' → ServiceEntries with a wildcard host
  | 'service' // name.ns.svc.cluster.local → Services
  | 'serviceSelector' // k=v of a Service selector → Services
  | 'serviceNs' // namespace → Services
  | 'workload' // '' → everything that runs pods (workloads, WorkloadEntries, IstioMeshGateways)
  | 'workloadLabel' // k=v → those
  | 'workloadNs' // namespace → those
  | 'podNs' // namespace → workloads (Deployments, Pods…)
  | 'meshConfig' // '' → MeshConfigs
  | 'meshSecurity' // '' → mesh configs the workspace declares (IstioOperator, `istio` ConfigMap, istiod chart values)
  | 'serviceAccount' // ns/serviceAccountName → workloads running as it
  | 'installedHost' // a Service host an installer creates (IstioMeshGateway operator, IstioOperator, chart release)
  | 'secret' // '' → Secrets (and the kinds that make one: Certificate, ExternalSecret, SealedSecret)
  | 'secretNs' // namespace → those
  | 'secretGenerator' // name → kustomizations whose secretGenerator makes a Secret of that name
  | 'suppress' // '' → resources with suppression annotations
  | 'explicitServiceNs' // namespace → Services whose namespace is known (written, or set by kustomize or a GitOps target)
  | 'implicitService' // '' → Services without a namespace (`kubectl apply -n`)
  | 'incompleteNs' // namespace → what may add Services the workspace does not show there
  | 'operatorNs' // namespace → another operator's resources (its controller may create Services there)
  | 'unknownUnread' // '' → files whose unread documents or remote bases may add Services to a namespace nobody can tell
  | 'unreadKind'; // kind → files with an unread document of that kind (a skipped chart template)

/** A dependency or change: `table\0key`, or `table\0*` for a read of the whole table. */
export function entry(table: Table, key: string): string {
  return `${table}\u0000${key}`;
}

/** `table\0*` of each table, made once (every change records it for each table it touches). */
const WHOLE: Partial<Record<Table, string>> = {};

export function wholeTable(table: Table): string {
  return (WHOLE[table] ??= `${table}\u0000*`);
}

const labelsMemo = new WeakMap<Resource, Labels>();

/** The pod labels of a resource that runs pods; an IstioMeshGateway's pods also carry gateway-name and gateway-type. */
export function podLabels(r: Resource): Labels {
  let labels = labelsMemo.get(r);
  if (!labels) {
    const d = r.data;
    labels = d.kind === 'IstioMeshGateway' ? { ...d.labels, 'gateway-name': r.name, 'gateway-type': d.gatewayType ?? '' } : 'labels' in d ? (d.labels as Labels) : {};
    labelsMemo.set(r, labels);
  }
  return labels;
}

/** The names a resource is found by: as written and, with a kustomize namePrefix/nameSuffix, as built. */
function names(r: Resource): string[] {
  return r.builtName && r.builtName !== r.name ? [r.name, r.builtName] : [r.name];
}

/** Adds `member` (the contributing resource unless said) to the list at (table, key). */
export type Add = (table: Table, key: string, member?: Resource) => void;

export function contributions(r: Resource, add: Add): void {
  const d = r.data;
  add('kind', d.kind);
  add('namespace', r.namespace);
  if (r.suppress.length > 0) add('suppress', '');
  if (r.kind === 'Namespace' && r.apiVersion === 'v1') add('namespaceObject', r.name);
  if (d.kind === 'Secret') {
    add('secret', '');
    add('secretNs', r.namespace);
  }
  // Overlays that put one base in several namespaces: the resource is in each (kustomize/placement.ts).
  const namespaces = r.namespaces ?? [r.namespace];
  switch (d.kind) {
    case 'Other':
      // An operator's resource: its controller may create Services there (operatorGroups.ts).
      if (r.kind !== 'Namespace' && mayCreateServices(r.apiVersion, r.kind)) for (const ns of namespaces) add('operatorNs', ns);
      break;
    case 'Gateway':
      for (const ns of namespaces) for (const name of names(r)) add('gateway', `${ns}/${name}`);
      break;
    case 'VirtualService':
      if (boundToMesh(d)) add('meshVs', '');
      for (const ns of namespaces) {
        for (const g of d.gateways) {
          const ref = parseGatewayRef(g.value, ns);
          if (!ref.mesh && !ref.invalid) add('vsGateway', `${ref.namespace}/${ref.name}`);
        }
      }
      break;
    case 'KubeRoute':
      for (const ns of namespaces) {
        for (const p of d.parentRefs) if (p.kind === 'Gateway') add('kubeRouteParent', `${p.namespace?.value ?? ns}/${p.name.value}`);
        for (const b of d.backendRefs) if (b.namespace && b.namespace.value !== ns) add('kubeRefNs', b.namespace.value);
      }
      break;
    case 'DestinationRule':
      if (d.host) {
        // A short host names the Service of each namespace the rule is placed in.
        const hosts = new Set(namespaces.map((ns) => fqdn(d.host!.value, ns)));
        for (const host of hosts) add('drHost', host);
        if ([...hosts].some(isWildcard)) add('drWildcard', '');
      }
      break;
    case 'ServiceEntry': {
      for (const ns of namespaces) {
        add('seName', `${ns}/${r.name}`);
        add('seNs', ns);
      }
      let wildcard = false;
      for (const h of d.hosts) {
        const host = fqdn(h.value, r.namespace);
        if (isWildcard(host)) wildcard = true;
        else add('seHost', host);
      }
      if (wildcard) add('seWildcard', '');
      break;
    }
    case 'Service':
      for (const ns of namespaces) {
        for (const name of names(r)) add('service', `${name}.${ns}.${CLUSTER_DOMAIN}`);
        add('serviceNs', ns);
        if (r.explicitNamespace !== undefined) add('explicitServiceNs', ns);
      }
      if (r.explicitNamespace === undefined) add('implicitService', '');
      for (const [k, v] of Object.entries(d.selector)) add('serviceSelector', `${k}=${v}`);
      break;
    case 'Workload':
      add('podNs', r.namespace);
      for (const ns of namespaces) add('serviceAccount', `${ns}/${d.serviceAccount ?? 'default'}`);
      addWorkload(r, add);
      break;
    case 'WorkloadEntry':
      addWorkload(r, add);
      break;
    case 'IstioMeshGateway':
      addWorkload(r, add);
      // The operator creates a Service of the same name in front of the gateway pods (Service Mesh Manager documentation, "Create egress gateway").
      add('installedHost', `${r.name}.${r.namespace}.${CLUSTER_DOMAIN}`);
      break;
    case 'MeshConfig':
      add('meshConfig', '');
      if (d.security) add('meshSecurity', '');
      addInstalls(r, d.installs, add);
      // The install namespaces may hold Services nobody sees.
      for (const h of d.installs?.hosts ?? []) add('incompleteNs', h.split('.')[1]);
      break;
    case 'ReferenceGrant':
      for (const ns of namespaces) add('refGrantNs', ns);
      break;
    case 'KubeGateway':
      for (const ns of namespaces) {
        for (const l of d.listeners) for (const c of l.certificateRefs) if (c.namespace && c.namespace.value !== ns) add('kubeRefNs', c.namespace.value);
        add('kubeGateway', `${ns}/${r.name}`);
        add('kubeGatewayNs', r.explicitNamespace === undefined ? '' : ns);
      }
      addInstalls(r, d.installs, add);
      break;
    case 'KubeListenerSet':
      for (const ns of namespaces) {
        for (const l of d.listeners) for (const c of l.certificateRefs) if (c.namespace && c.namespace.value !== ns) add('kubeRefNs', c.namespace.value);
        add('kubeListenerSet', `${ns}/${r.name}`);
        add('kubeListenerSetNs', r.explicitNamespace === undefined ? '' : ns);
      }
      break;
    case 'Deploy':
      if (d.security) add('meshSecurity', '');
      addInstalls(r, d.installs, add);
      // A chart installs Services nobody sees: its target namespace is not complete.
      if (d.charts.length > 0 && d.targetNamespace === '') add('unknownUnread', '');
      else if (d.charts.length > 0) add('incompleteNs', d.targetNamespace ?? r.namespace);
      // So does a path outside the workspace, where it names its target namespace.
      if (d.outside && d.targetNamespace) add('incompleteNs', d.targetNamespace);
      break;
  }
}

/** Gateway pods and Services that an IstioOperator or a chart release creates: pseudo-workloads listed for their owner. */
function addInstalls(owner: Resource, installs: Installs | undefined, add: Add): void {
  if (!installs) return;
  for (const w of installs.workloads) {
    add('workload', '', w);
    add('workloadNs', w.namespace, w);
    for (const [k, v] of Object.entries(w.labels)) add('workloadLabel', `${k}=${v}`, w);
  }
  for (const h of installs.hosts) add('installedHost', h, owner);
  // Services whose ports are known (what Istio deploys for a Gateway API Gateway) are registered as Services.
  // They do not make their namespace's registry complete (explicitServiceNs): they are not the user's files.
  for (const svc of installs.services ?? []) {
    add('service', `${svc.name}.${svc.namespace}.${CLUSTER_DOMAIN}`, svc);
    add('serviceNs', svc.namespace, svc);
    if (svc.data.kind === 'Service') for (const [k, v] of Object.entries(svc.data.selector)) add('serviceSelector', `${k}=${v}`, svc);
  }
}

function addWorkload(r: Resource, add: Add): void {
  add('workload', '');
  add('workloadNs', r.namespace);
  for (const [k, v] of Object.entries(podLabels(r))) add('workloadLabel', `${k}=${v}`);
}

/**
 * What a file contributes beyond its resources: documents istio-ls could not
 * read and kustomizations with remote bases make a namespace (or, unnamed,
 * every namespace) incomplete. Listed under the file's marker (fileMarker).
 */
export function fileContributions(file: FileSummary, add: (table: Table, key: string) => void): void {
  for (const u of file.unread ?? []) {
    if (u.kind) add('unreadKind', u.kind);
    if (u.registers === false) continue;
    if (u.namespace) add('incompleteNs', u.namespace);
    else add('unknownUnread', '');
  }
  for (const name of file.kustomization?.secretGenerators ?? []) add('secretGenerator', name);
  if (file.kustomization?.external) {
    if (file.kustomization.namespace) add('incompleteNs', file.kustomization.namespace);
    else add('unknownUnread', '');
  }
}

const markers = new WeakMap<FileSummary, Resource>();

/**
 * The member that stands for a file in the tables of fileContributions. Only
 * those tables hold markers, and their readers ask whether a key has members,
 * never for the members themselves.
 */
export function fileMarker(file: FileSummary): Resource {
  let m = markers.get(file);
  if (!m) {
    m = { uri: file.uri, docIndex: -1, kind: '', apiVersion: '', name: '', namespace: '', span: { start: 0, end: 0 }, labels: {}, suppress: [], istio: false, data: { kind: 'Other' } } as unknown as Resource;
    markers.set(file, m);
  }
  return m;
}

/** Two versions of a resource that differ only in offsets (text was inserted or removed above it). */
export function onlyMoved(a: Resource, b: Resource): boolean {
  return a.uri === b.uri && JSON.stringify(a, withoutSpans) === JSON.stringify(b, withoutSpans);
}

function withoutSpans(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as { start?: unknown; end?: unknown };
    if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) return 0;
  }
  return value;
}

/** What a change did to the tables: the resources that left and came, and every entry they touched. */
export interface TableChange {
  removed: Resource[];
  added: Resource[];
  /** `table\0key` and `table\0*` of every entry removed or added. */
  keys: Set<string>;
  /**
   * Entries touched only by resources that moved in their file (same content at
   * other offsets, after an edit above them), not in `keys`: a check that read
   * them reads the same, and only its findings' positions in those files can be stale.
   */
  moved: Set<string>;
  /** The files of the resources that moved. */
  movedFiles: Set<string>;
}

/**
 * The tables of these files built from nothing in one pass, into plain maps: each list in workspace order
 * (files in the order given, then documents), as the snapshot's copy-on-write swap would build them.
 */
export function buildTables(changes: Iterable<[string, FileSummary | undefined]>, firstOrder: number) {
  const files = new Map<string, FileSummary>();
  const order = new Map<string, number>();
  let nextOrder = firstOrder;
  const tables = new Map<Table, Map<string, Resource[]>>();
  const added: Resource[] = [];
  const before = (a: Resource, b: Resource) => order.get(a.uri)! - order.get(b.uri)! || a.docIndex - b.docIndex;
  const put = (r: Resource) => (table: Table, key: string, member: Resource = r) => {
    let m = tables.get(table);
    if (!m) tables.set(table, (m = new Map()));
    const list = m.get(key);
    if (!list) m.set(key, [member]);
    else insertSorted(list, member, before);
  };
  for (const [uri, summary] of changes) {
    if (!summary) continue;
    files.set(uri, summary);
    order.set(uri, nextOrder++);
    fileContributions(summary, put(fileMarker(summary)));
    for (const r of summary.resources) {
      added.push(r);
      contributions(r, put(r));
    }
  }
  return { files, order, nextOrder, tables, added };
}

/** Inserts `r` after every element that `before` does not place after it. */
export function insertSorted(list: Resource[], r: Resource, before: (a: Resource, b: Resource) => number): void {
  if (list.length === 0 || before(list[list.length - 1], r) <= 0) {
    list.push(r);
    return;
  }
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid], r) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, r);
}
