// The egress-gateway bundle: every resource that routing one external host
// through a dedicated egress gateway takes, agreeing on hosts, ports, names
// and subsets (seeds 001 and 004 show how easy it is to get one wrong by
// hand). Existing resources are extended rather than duplicated
// (egressReuse.ts); new ones go to a new file or the end of a chosen one.
import type { MeshGatewayData, Resource, Span } from '../model';
import type { Snapshot } from '../index/snapshot';
import { EditBuilder, emptyEdit, uniqueUri, type TextEdit, type TextSource, type WorkspaceEdit } from '../edit/workspaceEdit';
import { defaultStyle, detectStyle, renderDocument, type YamlMap, type YamlStyle } from '../edit/render';
import { appendDocuments } from '../edit/yamlEdits';
import { readSource, type SourceFile } from '../edit/sourceFile';
import { resourceKey } from '../resourceKey';
import { appendToList, nodeAt } from '../edit/resourceEdits';
import type { EgressParams, EgressVariant } from './egressParams';
import { gatewayFromParams, makePlan, MESH_GATEWAY_NAME, meshGatewayTarget, type EgressPlan, type GatewayTarget } from './egressPlan';
import { findReuse, type AlreadyRouted, type Reuse } from './egressReuse';
import { scaffoldGatewayApiBundle } from './egressGatewayApi';
import { sidecarImports } from './egressSidecarImport';
import { dedicatedTarget, operatorDoc } from './egressDedicated';
import {
  gatewayDoc,
  meshGatewayDoc,
  meshGatewayPortValue,
  networkPolicyDoc,
  originationRuleDoc,
  serviceEntryDoc,
  subsetRuleDoc,
  type CarriedValue,
  virtualServiceDoc,
  type GeneratedDoc,
} from './egressResources';

export interface EgressResult {
  edit: WorkspaceEdit;
  /** Files the edit creates or changes; the new file first. */
  uris: string[];
  /** The file the bundle's new resources went to. */
  target?: string;
  /** What was reused or extended, for the user. */
  notes: string[];
  /** Why nothing was generated. */
  error?: string;
  /** Nothing needed writing: a VirtualService already routes the host through the gateway. */
  alreadyRouted?: AlreadyRouted;
  /** Resources of other namespaces the bundle changes (with editOtherNamespaces) or would change (the error says so). */
  foreign?: ForeignChange[];
}

export interface ScaffoldContext {
  snapshot: Snapshot;
  textOf: TextSource;
  exists: (uri: string) => boolean;
  defaultNamespace: string;
}

export const VARIANT_TEXT: Record<EgressVariant, string> = {
  http: 'HTTP',
  'https-passthrough': 'HTTPS passed through (TLS, routed by SNI)',
  'tls-origination': 'HTTP from the application, TLS originated by the egress gateway',
  'mutual-tls': 'Istio mutual TLS between the sidecars and the egress gateway',
};

export function scaffoldEgressBundle(params: EgressParams, ctx: ScaffoldContext): EgressResult {
  if (params.api === 'gateway-api') return scaffoldGatewayApiBundle(params, ctx);
  const snap = ctx.snapshot;
  // A dedicated gateway replaces the chosen one; an existing IstioMeshGateway chosen as the gateway is one, whatever the meshGateway option says.
  const dedicated = params.dedicated ? dedicatedTarget(snap, params.dedicated) : undefined;
  const mesh = dedicated ? undefined : (meshGatewayNamed(snap, params.egressGateway.serviceHost) ?? (params.options.meshGateway ? meshGatewayChoice(snap, params.namespace) : undefined));
  const plan = makePlan(params, dedicated?.target ?? mesh?.target ?? gatewayFromParams(params));
  const reuse = findReuse(snap, plan);
  if (reuse.alreadyRouted && reuse.conflicts.length === 0) return { edit: emptyEdit(), uris: [], notes: [], alreadyRouted: reuse.alreadyRouted };
  if (reuse.conflicts.length) return { edit: emptyEdit(), uris: [], notes: reuse.notes, error: reuse.conflicts.join(' ') };
  const names = new NameTaker(snap, plan.namespace);
  const docs: GeneratedDoc[] = [];
  const extensions: Extension[] = [];

  // The dedicated gateway's IstioOperator goes to a file of its own: istioctl installs it, kubectl applies the rest.
  const side: SideFile[] = [];
  if (params.dedicated && dedicated?.existing) reuse.notes.push(`Used the dedicated egress gateway ${dedicated.existing.namespace}/${dedicated.existing.name} that the workspace already installs.`);
  else if (params.dedicated) side.push({ fileName: `${params.dedicated.name}.yaml`, docs: [operatorDoc(params.dedicated)], title: `The dedicated egress gateway of the bundle for ${plan.host}.` });
  if (mesh && !mesh.existing) docs.push(meshGatewayDoc(plan, mesh.target.meshGatewayName!));
  if (mesh?.existing && !mesh.existing.data.ports.some((p) => p.number === plan.gatewayPort.number)) {
    reuse.notes.push(`Added port ${plan.gatewayPort.number} to IstioMeshGateway ${mesh.existing.namespace}/${mesh.existing.name}.`);
    extensions.push({ resource: mesh.existing, change: `add port ${plan.gatewayPort.number} to its Service`, edit: (f, k) => appendToList(f, k, ['spec', 'service'], 'ports', meshGatewayPortValue(plan)) });
  }

  const se = reuse.serviceEntry;
  if (se) {
    for (const p of se.addPorts) extensions.push({ resource: se.resource, change: `add port ${p.number} (${p.protocol})`, edit: (f, k) => appendToList(f, k, ['spec'], 'ports', { number: p.number, name: p.name, protocol: p.protocol }) });
    if (se.addExportTo) extensions.push({ resource: se.resource, change: `export it to ${se.addExportTo}, where the egress gateway runs`, edit: (f, k) => appendToList(f, k, ['spec'], 'exportTo', se.addExportTo!, 'hosts') });
  } else {
    docs.push(serviceEntryDoc(plan, names.take('ServiceEntry', plan.slug)));
  }

  let gatewayRef: string;
  const gw = reuse.gateway;
  if (gw) {
    gatewayRef = gw.resource.namespace === plan.namespace ? gw.resource.name : `${gw.resource.namespace}/${gw.resource.name}`;
    if (gw.addHost) extensions.push({ resource: gw.resource, change: `add the host ${plan.host}`, edit: (f, k) => appendToList(f, k, ['spec', 'servers', gw.serverIndex], 'hosts', gw.addHost!) });
  } else {
    gatewayRef = names.take('Gateway', `egress-${plan.slug}`);
    docs.push(gatewayDoc(plan, gatewayRef));
  }

  // The bundle's own rule for its subset, in its own namespace: deleting another bundle never breaks this one.
  const carried = carriedValues(reuse, ctx);
  if (typeof carried === 'string') return failed(reuse, carried);
  docs.push(subsetRuleDoc(plan, names.take('DestinationRule', `egress-${plan.slug}`), reuse.subset, carried));
  if (plan.originate && !reuse.originationRule) docs.push(originationRuleDoc(plan, names.take('DestinationRule', `${plan.slug}-tls-origination`)));
  docs.push(virtualServiceDoc(plan, names.take('VirtualService', `${plan.slug}-via-egress-gateway`), gatewayRef, reuse.subset));

  // The clients' Sidecar must import the host from where the ServiceEntry and the VirtualService are defined.
  extensions.push(...sidecarImports(plan, [se?.resource.namespace ?? plan.namespace, plan.namespace], ctx, reuse.notes));

  if (params.options.networkPolicy) {
    const name = `egress-only-via-${plan.gateway.serviceHost.split('.')[0]}`;
    if (names.exists('NetworkPolicy', name)) reuse.notes.push(`Kept the existing NetworkPolicy ${plan.namespace}/${name}.`);
    else docs.push(networkPolicyDoc(plan, name));
  }
  return assemble(plan, reuse, docs, extensions, ctx, undefined, side);
}

/** Documents that go to a file of their own, next to the bundle's file. */
export interface SideFile {
  fileName: string;
  docs: GeneratedDoc[];
  title: string;
}

export function assemble(
  plan: EgressPlan,
  reuse: Reuse,
  docs: GeneratedDoc[],
  extensions: Extension[],
  ctx: ScaffoldContext,
  title = `${plan.host} through the egress gateway: ${VARIANT_TEXT[plan.params.variant]}.`,
  side: SideFile[] = [],
): EgressResult {
  // Another namespace's resources belong to its team: changed only when the user allowed it in the form.
  const foreign = foreignChanges(plan, extensions);
  if (foreign.length && !plan.params.options.editOtherNamespaces) {
    const list = foreign.map((f) => `${f.resource} (${f.changes.join(', ')})`).join('; ');
    return { ...failed(reuse, `The bundle needs changes to resources of other namespaces, which their teams own: ${list}. Make the change there, or allow it with the option "${EDIT_OTHERS_LABEL}", and run the command again.`), foreign };
  }
  for (const f of foreign) reuse.notes.push(`Changed ${f.resource}, owned by namespace ${f.namespace}, as allowed: ${f.changes.join(', ')}.`);
  const builder = new EditBuilder();
  const target = plan.params.target;
  const existing = target.mode === 'append' ? ctx.textOf(target.uri) : undefined;
  const uri = existing !== undefined ? target.uri : uniqueUri(target.uri, ctx.exists);
  const style: YamlStyle = existing !== undefined ? detectStyle(existing) : defaultStyle;
  const header = [title, 'Written by istio-ls ("Istio: Route an external host through the egress gateway").', ''];
  const text = docs.map((d, i) => renderDocument(i === 0 ? [...header, ...d.comments] : d.comments, d.body, style)).join(`---${style.eol}`);
  if (existing !== undefined) builder.add(uri, appendDocuments(existing, text, style.eol));
  else builder.create(uri, text);
  const written: string[] = [];
  for (const f of side) {
    const sideUri = uniqueUri(`${uri.slice(0, uri.lastIndexOf('/') + 1)}${f.fileName}`, (u) => u === uri || ctx.exists(u));
    const head = [f.title, 'Written by istio-ls ("Istio: Route an external host through the egress gateway").', ''];
    builder.create(sideUri, f.docs.map((d, i) => renderDocument(i === 0 ? [...head, ...d.comments] : d.comments, d.body, style)).join(`---${style.eol}`));
    written.push(`Wrote ${f.docs.map((d) => `${d.kind} ${d.name}`).join(', ')} to ${sideUri}.`);
  }

  const files = new Map<string, SourceFile>();
  for (const ext of extensions) {
    const r = ext.resource;
    let file = files.get(r.uri);
    if (!file) {
      const t = ctx.textOf(r.uri);
      if (t === undefined) return failed(reuse, `cannot read ${r.uri} to extend ${r.kind} ${r.namespace}/${r.name}.`);
      file = readSource(r.uri, t, ctx.defaultNamespace);
      files.set(r.uri, file);
    }
    const edit = ext.edit(file, resourceKey(r));
    if (!edit) return failed(reuse, `${r.kind} ${r.namespace}/${r.name} in ${r.uri} has changed shape; run the command again.`);
    builder.add(r.uri, edit);
  }
  reuse.notes.unshift(...written);
  if (docs.length) reuse.notes.unshift(`Wrote ${docs.map((d) => `${d.kind} ${d.name}`).join(', ')} to ${uri}.`);
  return { edit: builder.build(), uris: builder.uris(), target: uri, notes: reuse.notes, foreign };
}

/** A change the bundle makes to an existing resource, and what it is, in words. */
export interface Extension {
  resource: Resource;
  change: string;
  edit: (file: SourceFile, key: string) => TextEdit | undefined;
}

/** A resource of another namespace than the bundle's that the bundle changes. */
export interface ForeignChange {
  /** `Kind ns/name`. */
  resource: string;
  namespace: string;
  uri: string;
  /** Its name, for a client to go to. */
  span: Span;
  changes: string[];
}

export const EDIT_OTHERS_LABEL = "Change other namespaces' resources";

function foreignChanges(plan: EgressPlan, extensions: Extension[]): ForeignChange[] {
  const out = new Map<string, ForeignChange>();
  for (const e of extensions) {
    const r = e.resource;
    if (r.namespace === plan.namespace) continue;
    const key = `${r.kind} ${r.namespace}/${r.name}`;
    const entry = out.get(key) ?? { resource: key, namespace: r.namespace, uri: r.uri, span: r.nameSpan ?? r.span, changes: [] };
    entry.changes.push(e.change);
    out.set(key, entry);
  }
  return [...out.values()];
}

/** The carried subsets as their rules write them (labels, traffic policy), with where each comes from; an error when a rule cannot be read. */
function carriedValues(reuse: Reuse, ctx: ScaffoldContext): CarriedValue[] | string {
  const out: CarriedValue[] = [];
  for (const c of reuse.carried) {
    const text = ctx.textOf(c.rule.uri);
    const node = text === undefined ? undefined : nodeAt(readSource(c.rule.uri, text, ctx.defaultNamespace), resourceKey(c.rule), ['spec', 'subsets', c.index]);
    const value = (node as { toJSON?: () => unknown } | undefined)?.toJSON?.();
    if (!value || typeof value !== 'object') return `cannot read the subset "${c.name}" of DestinationRule ${c.rule.namespace}/${c.rule.name} in ${c.rule.uri}; run the command again.`;
    out.push({ value: value as YamlMap, from: `${c.rule.namespace}/${c.rule.name}`, users: c.users });
  }
  return out;
}

export function failed(reuse: Reuse, error: string): EgressResult {
  return { edit: emptyEdit(), uris: [], notes: reuse.notes, error };
}

/** The IstioMeshGateway of type egress whose Service is `serviceHost`, if the workspace has one. */
function meshGatewayNamed(snap: Snapshot, serviceHost: string): { target: GatewayTarget; existing: Resource & { data: MeshGatewayData } } | undefined {
  for (const r of snap.resources) {
    if (r.data.kind !== 'IstioMeshGateway' || r.data.gatewayType !== 'egress') continue;
    const target = meshGatewayTarget(r.name, r.namespace);
    if (target.serviceHost === serviceHost) return { target, existing: r as Resource & { data: MeshGatewayData } };
  }
  return undefined;
}

/** An existing IstioMeshGateway of type egress in the namespace, or the one to create. */
function meshGatewayChoice(snap: Snapshot, namespace: string): { target: GatewayTarget; existing?: Resource & { data: MeshGatewayData } } {
  for (const r of snap.resources) {
    if (r.namespace === namespace && r.data.kind === 'IstioMeshGateway' && r.data.gatewayType === 'egress') {
      return { target: meshGatewayTarget(r.name, namespace), existing: r as Resource & { data: MeshGatewayData } };
    }
  }
  const names = new NameTaker(snap, namespace);
  return { target: meshGatewayTarget(names.take('IstioMeshGateway', MESH_GATEWAY_NAME), namespace) };
}

/** Resource names that are free in one namespace, per kind: `name`, else `name-2`, `-3`… */
export class NameTaker {
  private readonly used = new Set<string>();
  constructor(snap: Snapshot, namespace: string) {
    for (const r of snap.resources) if (r.namespace === namespace) this.used.add(`${r.kind}/${r.name}`);
  }

  exists(kind: string, name: string): boolean {
    return this.used.has(`${kind}/${name}`);
  }

  take(kind: string, base: string): string {
    let name = base;
    for (let n = 2; this.used.has(`${kind}/${name}`); n++) name = `${base}-${n}`;
    this.used.add(`${kind}/${name}`);
    return name;
  }
}

