// Completion from the workspace: at the places where users type the names of
// other resources (gateways, hosts, subsets, ports, selector labels,
// namespaces, secrets) offer what the index holds, nearest namespace first,
// each item saying which file and resource it comes from.
import type { GatewayData, Labels, Resource } from '../model';
import { BUILTIN_HOSTS, type Snapshot, type Typed } from '../index/snapshot';
import { exposedHosts, fqdn, intersects, isWildcard, parseGatewayRef, selects, visibleTo } from '../hosts';
import { valueItem, type CompletionItem, type CompletionKind, type Documentation } from './completionItem';
import { pathKey, unquote, type CursorContext } from './yamlContext';
import { cursorDocument, type CursorDocument, type ParseDocument } from './cursorDocument';
import { gatewayServerHosts, sniHosts, subsetLabelPairs, subsetLabelValues, virtualServiceHosts } from './hostCompletion';
import { isGatewayApiRoute, isListenerSet, listenerSetCompletions, routeCompletions } from './gatewayApiCompletion';
import { principalCompletions, providerCompletions, waypointCompletions } from './securityCompletion';
import { gatewayMarkdown, labelText, portText, resourceLink, serviceEntryMarkdown, serviceMarkdown, subsetMarkdown } from './describe';

const HOST_PATH = /^spec\.(?:(?:http|tcp|tls)\.route\.destination|http\.mirror|http\.mirrors\.destination)\.host$/;
const SUBSET_PATH = /^spec\.(?:(?:http|tcp|tls)\.route\.destination|http\.mirror|http\.mirrors\.destination)\.subset$/;
const PORT_PATH = /^spec\.(?:(?:http|tcp|tls)\.route\.destination|http\.mirror|http\.mirrors\.destination)\.port\.number$/;
const MATCH_GATEWAYS = /^spec\.(?:http|tcp|tls)\.match\.gateways$/;
const SELECTOR_PATH = /^spec\.(?:workloadSelector\.(?:labels|matchLabels)|selector\.matchLabels)$/;

export interface Scope {
  snap: Snapshot;
  ctx: CursorContext;
  uri: string;
  viewer: string;
  /** Other values of the document being edited. */
  doc: CursorDocument;
  item(value: string, kind: CompletionKind, sort: string, detail: string, documentation: Documentation, raw?: boolean): CompletionItem;
  visible(r: Resource & { data: { exportTo?: string[] } }): boolean;
}

export function workspaceCompletions(snap: Snapshot, uri: string, ctx: CursorContext, parse?: ParseDocument): CompletionItem[] {
  if (!ctx.kind || !ctx.apiVersion) return [];
  const viewer = ctx.namespace ?? snap.settings.defaultNamespace;
  const s: Scope = {
    snap,
    ctx,
    uri,
    viewer,
    doc: cursorDocument(ctx, parse),
    item: (value, kind, sort, detail, documentation, raw = false) => valueItem(ctx, value, kind, sort + value, { detail, documentation, raw }),
    visible: (r) => visibleTo(r.data.exportTo, r.namespace, viewer),
  };
  const pk = pathKey(ctx.path);
  const last = ctx.path[ctx.path.length - 1];
  const inList = typeof last === 'number';
  if (isGatewayApiRoute(ctx.kind, ctx.apiVersion)) return routeCompletions(s) ?? (pk === 'metadata.namespace' ? namespaces(s) : []);
  if (isListenerSet(ctx.kind, ctx.apiVersion)) return listenerSetCompletions(s) ?? (pk === 'metadata.namespace' ? namespaces(s) : []);
  if (ctx.position === 'key') {
    if (ctx.kind === 'Gateway' && pk === 'spec.selector') return labelPairs(s, true);
    if (SELECTOR_PATH.test(pk)) return labelPairs(s, false);
    if (ctx.kind === 'DestinationRule' && pk === 'spec.subsets.labels') return subsetLabelPairs(s);
    return [];
  }
  return inList ? listValues(s, pk) : scalarValues(s, pk, String(last));
}

/** An item of a list of names: `gateways: [|]`, `hosts:` then `- |`. */
function listValues(s: Scope, pk: string): CompletionItem[] {
  if (pk === 'spec.exportTo') return exportTo(s);
  switch (s.ctx.kind) {
    case 'VirtualService':
      if (pk === 'spec.gateways') return gateways(s);
      if (MATCH_GATEWAYS.test(pk)) return listedGateways(s);
      if (pk === 'spec.hosts') return virtualServiceHosts(s);
      return pk === 'spec.tls.match.sniHosts' ? sniHosts(s) : [];
    case 'Gateway':
      return pk === 'spec.servers.hosts' ? gatewayServerHosts(s) : [];
    case 'Sidecar':
      return pk === 'spec.egress.hosts' ? sidecarHosts(s) : [];
    case 'AuthorizationPolicy':
      if (/^spec\.rules\.from\.source\.(?:namespaces|notNamespaces)$/.test(pk)) return namespaces(s);
      return principalCompletions(s, pk) ?? [];
    default:
      return [];
  }
}

/** A single value: `host: |`, `subset: |`, a label value. */
function scalarValues(s: Scope, pk: string, last: string): CompletionItem[] {
  const { ctx } = s;
  if (pk === 'metadata.namespace') return namespaces(s);
  const waypoints = waypointCompletions(s);
  if (waypoints) return waypoints;
  if (ctx.kind === 'AuthorizationPolicy') {
    const providers = providerCompletions(s, pk);
    if (providers) return providers;
  }
  if (ctx.kind === 'Gateway' && ctx.path.length === 3 && pk.startsWith('spec.selector.')) return labelValues(s, last, true);
  if (ctx.path.length >= 4 && SELECTOR_PATH.test(pathKey(ctx.path.slice(0, -1)))) return labelValues(s, last, false);
  if (/(^|\.)tls\.credentialName$/.test(pk) && (ctx.kind === 'Gateway' || ctx.kind === 'DestinationRule')) return secrets(s);
  switch (ctx.kind) {
    case 'VirtualService':
      if (HOST_PATH.test(pk)) return hosts(s, false);
      if (SUBSET_PATH.test(pk)) return subsets(s, ctx.siblings.host);
      return PORT_PATH.test(pk) ? ports(s, ctx.parentSiblings.host) : [];
    case 'DestinationRule':
      if (ctx.path.length === 5 && pathKey(ctx.path.slice(0, -1)) === 'spec.subsets.labels') return subsetLabelValues(s, last);
      return pk === 'spec.host' ? hosts(s, true) : [];
    default:
      return [];
  }
}

function rank(s: Scope, namespace: string): string {
  return namespace === s.viewer ? '0' : '1';
}

function item(s: Scope, value: string, kind: CompletionKind, sort: string, detail: string, documentation: Documentation, raw = false): CompletionItem {
  return s.item(value, kind, sort, detail, documentation, raw);
}

const MESH_DOC = 'The reserved gateway `mesh`: the sidecars of every workload in the mesh.';

/** What a `gateways` list shows of one Gateway to VirtualServices of one namespace. */
interface GatewayRow {
  gw: Typed<GatewayData>;
  label: string;
  detail: string;
  /** The host patterns its servers expose to that namespace. */
  exposed: string[];
  sameNamespace: boolean;
}

// Per Gateway table and viewer namespace. The table keeps its identity across snapshots until a Gateway
// changes, so typing in a VirtualService does not rebuild the rows of every Gateway of the workspace.
const gatewayRowsMemo = new WeakMap<ReadonlyMap<string, Typed<GatewayData>[]>, Map<string, GatewayRow[]>>();

function gatewayRows(table: ReadonlyMap<string, Typed<GatewayData>[]>, viewer: string): GatewayRow[] {
  let byViewer = gatewayRowsMemo.get(table);
  if (!byViewer) gatewayRowsMemo.set(table, (byViewer = new Map()));
  let rows = byViewer.get(viewer);
  if (rows) return rows;
  rows = [];
  for (const list of table.values()) {
    const gw = list[0];
    const sameNamespace = gw.namespace === viewer;
    const exposed = gw.data.servers.flatMap((server) => exposedHosts(server.hosts.map((h) => h.value), gw.namespace, viewer));
    rows.push({ gw, label: sameNamespace ? gw.name : `${gw.namespace}/${gw.name}`, detail: `Gateway ${gw.namespace}/${gw.name}`, exposed, sameNamespace });
  }
  byViewer.set(viewer, rows);
  return rows;
}

/** `spec.gateways`: the Gateways that expose the VirtualService's hosts, then the same namespace's, `mesh`, the others. */
function gateways(s: Scope): CompletionItem[] {
  const present = new Set(s.ctx.present);
  const hosts = (s.doc.list(['spec', 'hosts']) ?? []).map((h) => h.toLowerCase());
  const out: CompletionItem[] = [];
  if (!present.has('mesh')) out.push(item(s, 'mesh', 'Keyword', '2', 'reserved gateway', MESH_DOC));
  for (const row of gatewayRows(s.snap.gateways, s.viewer)) {
    if (present.has(row.label)) continue;
    const exposes = row.exposed.some((p) => hosts.some((h) => intersects(p, h)));
    const sort = exposes ? '0' : row.sameNamespace ? '1' : '3';
    const gw = row.gw;
    out.push(item(s, row.label, 'Reference', sort, row.detail, () => gatewayMarkdown(s.snap, gw)));
  }
  return out;
}

/** `match[].gateways`: only the gateways of `spec.gateways` (a match on another one never applies), `mesh` when listed or implied. */
function listedGateways(s: Scope): CompletionItem[] {
  const present = new Set(s.ctx.present);
  const listed = s.doc.list(['spec', 'gateways']) ?? [];
  const out: CompletionItem[] = [];
  if (listed.length === 0) out.push(item(s, 'mesh', 'Keyword', '1', 'reserved gateway', `${MESH_DOC} Implied: \`spec.gateways\` is empty.`));
  listed.forEach((ref, i) => {
    const r = parseGatewayRef(ref, s.viewer);
    const gw = r.mesh ? undefined : s.snap.findGateway(r.namespace, r.name);
    const doc = r.mesh ? MESH_DOC : gw ? gatewayMarkdown(s.snap, gw) : `Listed in \`spec.gateways\`.`;
    out.push(item(s, ref, r.mesh ? 'Keyword' : 'Reference', `0${String(i).padStart(3, '0')}`, r.mesh ? 'reserved gateway' : `Gateway ${r.namespace}/${r.name}`, doc));
  });
  return out.filter((i) => !present.has(i.label));
}

function hosts(s: Scope, wildcards: boolean): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const [name, list] of s.snap.services) {
    const svc = list[0];
    const label = svc.namespace === s.viewer ? svc.name : name;
    out.push(item(s, label, 'Reference', rank(s, svc.namespace), `Service ${svc.namespace}/${svc.name}`, () => serviceMarkdown(s.snap, svc)));
  }
  for (const se of s.snap.serviceEntries) {
    if (!visibleTo(se.data.exportTo, se.namespace, s.viewer)) continue;
    for (const h of se.data.hosts) {
      if (isWildcard(h.value) && !wildcards) continue;
      out.push(item(s, h.value, 'Reference', rank(s, se.namespace), `ServiceEntry ${se.namespace}/${se.name}`, () => serviceEntryMarkdown(s.snap, se)));
    }
  }
  for (const h of [...BUILTIN_HOSTS, ...s.snap.settings.knownHosts]) {
    out.push(item(s, h, 'Reference', '2', 'built-in host', 'Known to istio-ls without a declaration (built-in, or the setting `istio.knownHosts`).'));
  }
  return out;
}

function sidecarHosts(s: Scope): CompletionItem[] {
  const present = new Set(s.ctx.present);
  const out: CompletionItem[] = [
    item(s, './*', 'Folder', '0', 'this namespace', 'Every service of the Sidecar’s own namespace.'),
    item(s, 'istio-system/*', 'Folder', '1', 'namespace', 'Every service of `istio-system` (the control plane and gateways).'),
  ];
  for (const ns of workspaceNamespaces(s)) {
    if (ns !== s.viewer && ns !== 'istio-system') out.push(item(s, `${ns}/*`, 'Folder', '1', 'namespace', `Every service of namespace \`${ns}\`.`));
  }
  const prefix = (ns: string) => (ns === s.viewer ? '.' : ns);
  for (const [name, list] of s.snap.services) {
    const svc = list[0];
    out.push(item(s, `${prefix(svc.namespace)}/${name}`, 'Reference', '2', `Service ${svc.namespace}/${svc.name}`, () => serviceMarkdown(s.snap, svc)));
  }
  for (const se of s.snap.serviceEntries) {
    if (!visibleTo(se.data.exportTo, se.namespace, s.viewer)) continue;
    for (const h of se.data.hosts) {
      out.push(item(s, `${prefix(se.namespace)}/${h.value}`, 'Reference', '2', `ServiceEntry ${se.namespace}/${se.name}`, () => serviceEntryMarkdown(s.snap, se)));
    }
  }
  return out.filter((i) => !present.has(i.label));
}

function subsets(s: Scope, host: string | undefined): CompletionItem[] {
  if (!host) return [];
  const out: CompletionItem[] = [];
  for (const dr of s.snap.destinationRulesFor(fqdn(unquote(host), s.viewer), s.viewer)) {
    for (const sub of dr.data.subsets) {
      out.push(item(s, sub.name.value, 'Reference', '0', `DestinationRule ${dr.namespace}/${dr.name}`, () => subsetMarkdown(s.snap, dr, sub)));
    }
  }
  return out;
}

function ports(s: Scope, host: string | undefined): CompletionItem[] {
  if (!host) return [];
  const found = s.snap.lookupHost(fqdn(unquote(host), s.viewer), s.viewer);
  const out: CompletionItem[] = [];
  const sort = (n: number) => String(n).padStart(5, '0');
  for (const svc of found.services) {
    for (const p of svc.data.ports) out.push(item(s, String(p.number), 'Value', sort(p.number), portText(p), () => serviceMarkdown(s.snap, svc), true));
  }
  for (const se of found.serviceEntries) {
    for (const p of se.data.ports) out.push(item(s, String(p.number), 'Value', sort(p.number), portText(p), () => serviceEntryMarkdown(s.snap, se), true));
  }
  return out;
}

/** The namespaces the workspace uses, leaving out the default one given to this file's resources that name none. */
function workspaceNamespaces(s: Scope): string[] {
  const { named, unnamed } = namespaceUse(s.snap);
  const out = new Set(named);
  for (const [ns, uris] of unnamed) if (uris.size > 1 || !uris.has(s.uri)) out.add(ns);
  return [...out].sort();
}

/**
 * Per snapshot: the namespaces some resource names (or a placement sets), and for the others the files
 * whose resources were given them by default. Each request read every resource of the workspace (3-30 ms
 * in the large benchmark workspace, 10,302 resources).
 */
function namespaceUse(snap: Snapshot): { named: Set<string>; unnamed: Map<string, Set<string>> } {
  return snap.shared('completion:namespaceUse', () => {
    const named = new Set<string>();
    const unnamed = new Map<string, Set<string>>();
    for (const r of snap.resources) {
      if (r.explicitNamespace !== undefined) named.add(r.namespace);
      else {
        let uris = unnamed.get(r.namespace);
        if (!uris) unnamed.set(r.namespace, (uris = new Set()));
        uris.add(r.uri);
      }
    }
    for (const ns of named) unnamed.delete(ns);
    return { named, unnamed };
  });
}

/** exportTo entries the webhook accepts next to those listed: `*` stands alone, `.` is the own namespace (validation.go validateExportTo). */
function exportTo(s: Scope): CompletionItem[] {
  const own = (e: string) => (e === '.' ? s.viewer : e);
  const present = s.ctx.present;
  if (present.includes('*')) return [];
  const taken = new Set(present.map(own));
  const out = [item(s, '.', 'Keyword', '0', 'this namespace', 'Visible only in the namespace of this resource.')];
  if (present.length === 0) out.push(item(s, '*', 'Keyword', '1', 'every namespace', 'Visible in every namespace (the default).'));
  for (const ns of workspaceNamespaces(s)) out.push(item(s, ns, 'Folder', '2', 'namespace', `Visible in namespace \`${ns}\`.`));
  return out.filter((i) => !taken.has(own(i.label)));
}

function namespaces(s: Scope): CompletionItem[] {
  return workspaceNamespaces(s).map((ns) => item(s, ns, 'Folder', '0', 'namespace', `A namespace used in the workspace.`));
}

function secrets(s: Scope): CompletionItem[] {
  return s.snap.secrets.map((r) => {
    const name = r.data.kind === 'Secret' ? r.data.secretName : r.name;
    return item(s, name, 'Reference', rank(s, r.namespace), `Secret ${r.namespace}/${name}`, `Secret \`${r.namespace}/${name}\` — ${resourceLink(s.snap, r)}`);
  });
}

/** A gateway's pods: what a Gateway of the workspace selects, a mesh gateway, or pods carrying Istio's `istio` label. */
function isGatewayWorkload(s: Scope, w: { resource: Resource; labels: Labels }): boolean {
  if (/Gateway$/.test(w.resource.kind) || 'istio' in w.labels) return true;
  return gatewaySelectors(s.snap).some((selector) => selects(selector, w.labels));
}

/** The selectors of the workspace's Gateways, each once (147 Gateways of the large benchmark workspace share a few). */
function gatewaySelectors(snap: Snapshot): Labels[] {
  return snap.shared('completion:gatewaySelectors', () => {
    const seen = new Map<string, Labels>();
    for (const list of snap.gateways.values()) {
      const selector = list[0].data.selector;
      const key = JSON.stringify(Object.entries(selector).sort());
      if (!seen.has(key)) seen.set(key, selector);
    }
    return [...seen.values()];
  });
}

/**
 * Where label pairs come from: workloads (in the resource's namespace unless
 * for a Gateway) and built-in gateway labels. For a Gateway, gateway pods come
 * first, `istio: …` ahead of `app: …`: a selector that picks application pods binds nothing.
 */
function labelSources(s: Scope, gateway: boolean): { labels: Labels; resource?: Resource; sort: (key: string) => string }[] {
  const out: { labels: Labels; resource?: Resource; sort: (key: string) => string }[] = [];
  const gatewayRank = (key: string) => `0${key === 'istio' ? 0 : 1}`;
  for (const w of s.snap.workloads) {
    if (!gateway && w.resource.namespace !== s.viewer) continue;
    const ns = rank(s, w.resource.namespace);
    out.push({ labels: w.labels, resource: w.resource, sort: gateway && isGatewayWorkload(s, w) ? gatewayRank : () => (gateway ? `1${ns}` : ns) });
  }
  if (gateway) for (const labels of s.snap.knownGatewayLabels) out.push({ labels, sort: gatewayRank });
  return out;
}

function sourceDoc(s: Scope, src: { labels: Labels; resource?: Resource }): string {
  if (!src.resource) return `A built-in gateway label set (\`${labelText(src.labels)}\`), or one from the setting \`istio.knownGatewayLabels\`.`;
  const r = src.resource;
  return `Labels of ${r.kind} \`${r.namespace}/${r.name}\` — ${resourceLink(s.snap, r)}: \`${labelText(src.labels)}\``;
}

function labelPairs(s: Scope, gateway: boolean): CompletionItem[] {
  const present = s.ctx.siblings;
  // Thousands of workloads carry the same few pairs and the list shows each pair once (doComplete keeps the
  // first in sort order; the label is part of the sort text), so only that item is made: making one with its
  // documentation per workload was 140-220 ms in a Gateway selector of the large benchmark workspace.
  const best = new Map<string, { sortText: string; src: ReturnType<typeof labelSources>[number]; k: string; v: string }>();
  for (const src of labelSources(s, gateway)) {
    for (const [k, v] of Object.entries(src.labels)) {
      if (k in present) continue;
      const label = `${k}: ${v}`;
      const sortText = `${src.sort(k)}${label}`;
      const seen = best.get(label);
      if (!seen || sortText < seen.sortText) best.set(label, { sortText, src, k, v });
    }
  }
  const ctx = { ...s.ctx, needsSpace: false, quote: undefined };
  const out: CompletionItem[] = [];
  for (const [label, { sortText, src, k, v }] of best) {
    const it = valueItem(ctx, v, 'Property', sortText, { label, documentation: sourceDoc(s, src) });
    out.push({ ...it, insertText: `${k}: ${it.insertText}`, detail: src.resource ? `${src.resource.kind} ${src.resource.namespace}/${src.resource.name}` : 'gateway label' });
  }
  return out;
}

/** As labelPairs: one item per value, the one the list keeps (the lowest sort text, the first of equals). */
function labelValues(s: Scope, key: string, gateway: boolean): CompletionItem[] {
  const best = new Map<string, { sort: string; src: ReturnType<typeof labelSources>[number] }>();
  for (const src of labelSources(s, gateway)) {
    const v = src.labels[key];
    if (v === undefined) continue;
    const sort = src.sort(key);
    const seen = best.get(v);
    if (!seen || sort + v < seen.sort + v) best.set(v, { sort, src });
  }
  const out: CompletionItem[] = [];
  for (const [v, { sort, src }] of best) {
    out.push(item(s, v, 'Value', sort, src.resource ? `${src.resource.kind} ${src.resource.namespace}/${src.resource.name}` : 'gateway label', sourceDoc(s, src)));
  }
  return out;
}
