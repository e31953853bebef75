// The egress command's form as data, so any client can show it (VS Code's
// quick picks, a Neovim `vim.ui.select`): defaults taken from the resource
// under the cursor, the protocol variants, the gateways, the options, where
// the bundle can go, and what is wrong with the answers so far, per field.
// Choosing an item merges its `arguments` into the command's arguments
// (`options` key by key); the command is `istio.routeThroughEgress`.
import type { Resource, Span } from '../model';
import { fqdn } from '../hosts';
import type { Workspace } from '../index/workspace';
import { cleanHost, DEFAULT_DEDICATED, defaultPort, normalizeEgressRequest, variantOf, type DedicatedGateway, type EgressField, type EgressFieldError, type EgressVariant } from '../scaffold/egressParams';
import { findEgressGateways } from './egressCommand';
import { EDIT_OTHERS_LABEL, scaffoldEgressBundle, type ForeignChange } from '../scaffold/egressBundle';
import type { TextSource } from '../edit/workspaceEdit';

export interface FormChoice {
  label: string;
  description?: string;
  detail?: string;
  /** Merged into the command's arguments when the item is chosen. */
  arguments: Record<string, unknown>;
  /** Chosen unless the user says otherwise (multi-choice options). */
  picked?: boolean;
}

export interface EgressForm {
  /** Arguments pre-filled from what was given and from the cursor. */
  defaults: { host?: string; protocol?: EgressVariant; port?: number; namespace: string };
  variants: FormChoice[];
  gateways: FormChoice[];
  /** Independent switches (a multi-choice list). */
  options: FormChoice[];
  /** Where the bundle can go, for the host and namespace given (else the defaults); empty without a valid host. */
  targets: FormChoice[];
  missing: EgressField[];
  errors: EgressFieldError[];
  /**
   * What the client should say as soon as the host is known, each with the
   * place to go to: the host is already routed through an egress gateway
   * (`stop`: the command would write nothing), or the bundle's file exists.
   */
  notices: FormNotice[];
  /** Once the host is known: every other argument at its default, and those defaults in words, for "accept the defaults". */
  accept?: { summary: string; arguments: Record<string, unknown> };
}

export interface FormNotice {
  message: string;
  location?: { uri: string; span: Span };
  stop?: boolean;
}

/** The document and cursor the command was started from, if any. */
export interface FormCursor {
  uri: string;
  text: string;
  offset: number;
  /** The resources of that text (current, not the index's possibly older summary). */
  resources: Resource[];
}

const VARIANTS: { id: EgressVariant; label: string; description: string; detail: string }[] = [
  { id: 'http', label: 'HTTP', description: 'port 80', detail: 'The application calls http://host; the egress gateway forwards HTTP.' },
  { id: 'https-passthrough', label: 'HTTPS passthrough', description: 'port 443, routed by SNI', detail: 'The application speaks TLS; the gateway routes on the SNI name without decrypting.' },
  { id: 'tls-origination', label: 'TLS origination at the egress gateway', description: 'HTTP on 80, HTTPS to 443', detail: 'The application speaks HTTP; the gateway opens TLS to the host.' },
  { id: 'mutual-tls', label: 'Mutual TLS to the egress gateway', description: 'Istio mTLS to the gateway, HTTPS to 443', detail: 'Sidecars reach the gateway only over Istio mutual TLS; it opens TLS to the host.' },
];

export function egressForm(index: Workspace, given: unknown, cursor: FormCursor | undefined, textOf?: TextSource): EgressForm {
  const a = (given && typeof given === 'object' ? given : {}) as Record<string, unknown>;
  const { missing, errors } = normalizeEgressRequest(given);
  const atCursor = cursor ? resourceAt(cursor) : undefined;
  const host = typeof a.host === 'string' ? cleanHost(a.host) : cursor ? hostAt(cursor, atCursor) : undefined;
  const protocol = variantOf(a.protocol ?? a.variant);
  const namespace = typeof a.namespace === 'string' && a.namespace.trim() ? a.namespace.trim() : (atCursor?.namespace ?? cursor?.resources[0]?.namespace ?? index.settings.defaultNamespace);
  const port = a.port !== undefined && a.port !== null && a.port !== '' ? Number(a.port) : protocol ? defaultPort(protocol) : undefined;
  const options = (a.options && typeof a.options === 'object' ? a.options : {}) as Record<string, unknown>;
  const validNamespace = !errors.some((e) => e.field === 'namespace');
  const targets = host && validNamespace ? targetChoices(index, host, namespace, cursor) : [];
  const accept = host && validNamespace ? acceptDefaults(host, protocol, port, namespace, options, targets) : undefined;
  return {
    defaults: { host, protocol, port, namespace },
    variants: VARIANTS.map((v) => ({ label: v.label, description: v.description, detail: v.detail, arguments: { protocol: v.id, port: defaultPort(v.id) }, picked: v.id === protocol })),
    gateways: gatewayChoices(index, namespace),
    options: [
      { label: 'Scope the ServiceEntry with exportTo', detail: 'Visible to this namespace and the egress gateway only', arguments: { options: { exportTo: true } }, picked: options.exportTo !== false },
      { label: 'Add a NetworkPolicy', detail: 'Pods of the namespace leave the cluster only through the egress gateway', arguments: { options: { networkPolicy: true } }, picked: options.networkPolicy === true },
      ...(host && validNamespace && textOf ? ownershipChoice(index, { ...a, host, namespace }, textOf) : []),
    ],
    targets,
    missing,
    errors,
    notices: host ? [...notices(index, host, namespace, targets), ...(accept && textOf ? ownershipNotices(index, accept.arguments, textOf) : [])] : [],
    accept,
  };
}

/** Said with the defaults: they would need changes to other namespaces' resources, which they do not allow. */
function ownershipNotices(index: Workspace, args: Record<string, unknown>, textOf: TextSource): FormNotice[] {
  return probeForeign(index, args, textOf).map((f) => ({
    message: `The defaults need a change to ${f.resource}, owned by namespace ${f.namespace}: ${f.changes.join(', ')}. Choose each setting to allow it, or make the change there.`,
    location: { uri: f.uri, span: f.span },
  }));
}

/**
 * Offered only when the bundle, as chosen so far, would change resources of
 * other namespaces (their teams own them): which ones, and why. Off unless
 * picked; then the command stops and says what to change instead.
 */
function ownershipChoice(index: Workspace, args: Record<string, unknown>, textOf: TextSource): FormChoice[] {
  const options = (args.options && typeof args.options === 'object' ? args.options : {}) as Record<string, unknown>;
  const foreign = probeForeign(index, args, textOf);
  if (foreign.length === 0) return [];
  // Short enough for a QuickPick row: the resources beside the label, the changes below it.
  return [
    {
      label: EDIT_OTHERS_LABEL,
      description: foreign.map((f) => f.resource).join(', '),
      detail: `Needed: ${foreign.flatMap((f) => f.changes).join(', ')}. Off: the bundle stops and says what to change`,
      arguments: { options: { editOtherNamespaces: true } },
      picked: options.editOtherNamespaces === true,
    },
  ];
}

/** The resources of other namespaces the bundle with these arguments would change (written, not applied). */
function probeForeign(index: Workspace, args: Record<string, unknown>, textOf: TextSource): ForeignChange[] {
  const options = (args.options && typeof args.options === 'object' ? args.options : {}) as Record<string, unknown>;
  const probe = { protocol: 'http', ...args, target: args.target ?? PROBE_TARGET, options: { ...options, editOtherNamespaces: true } };
  const { params } = normalizeEgressRequest(probe);
  if (!params) return [];
  const result = scaffoldEgressBundle(params, { snapshot: index.snapshot(), textOf, exists: (u) => u === PROBE_TARGET || index.has(u), defaultNamespace: index.settings.defaultNamespace });
  return result.error ? [] : (result.foreign ?? []);
}

/** A file name the probe bundle pretends to write; never applied. */
const PROBE_TARGET = 'untitled:egress-form-probe.yaml';

/** Said right after the host: a VirtualService that already routes it through an egress gateway, and a bundle file that exists. */
function notices(index: Workspace, host: string, namespace: string, targets: FormChoice[]): FormNotice[] {
  const out: FormNotice[] = [];
  const gateways = new Set(findEgressGateways(index).map((g) => g.serviceHost));
  for (const vs of index.snapshot().virtualServices) {
    if (!vs.data.hosts.some((h) => fqdn(h.value, vs.namespace) === host)) continue;
    const via = vs.data.routes.flatMap((r) => r.destinations).find((d) => gateways.has(fqdn(d.host.value, vs.namespace)));
    if (!via) continue;
    out.push({
      message: `${host} is already routed through the egress gateway ${fqdn(via.host.value, vs.namespace)} by VirtualService ${vs.namespace}/${vs.name}.`,
      location: { uri: vs.uri, span: vs.nameSpan ?? vs.span },
      stop: true,
    });
    break;
  }
  const file = bundleFile(index, host, namespace);
  if (file && index.has(file)) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const next = targets.find((t) => (t.arguments.target as { mode?: string } | undefined)?.mode === 'newFile');
    const instead = next ? `a new bundle goes to ${(next.arguments.target as { uri: string }).uri.split('/').pop()}` : 'choose where the bundle goes';
    out.push({ message: `${name} already exists in the folder of namespace ${namespace}: ${instead}, or append to it.`, location: { uri: file, span: { start: 0, end: 0 } } });
  }
  return out;
}

/** The arguments a user who accepts the defaults gives, and a line that says what they are. */
function acceptDefaults(host: string, protocol: EgressVariant | undefined, port: number | undefined, namespace: string, options: Record<string, unknown>, targets: FormChoice[]): EgressForm['accept'] {
  const variant = protocol ?? 'http';
  const target = targets[0];
  if (!target) return undefined;
  const p = port ?? defaultPort(variant);
  const where = target.label.replace(/^New file /, '');
  const label = VARIANTS.find((v) => v.id === variant)!.label;
  return {
    summary: `${label} on port ${p}, namespace ${namespace}, Istio's egress gateway, ServiceEntry scoped with exportTo${options.networkPolicy === true ? ', a NetworkPolicy' : ''}; written to ${where}`,
    arguments: { host, protocol: variant, port: p, namespace, options: { exportTo: options.exportTo !== false, networkPolicy: options.networkPolicy === true, meshGateway: false, dedicatedGateway: false, editOtherNamespaces: options.editOtherNamespaces === true }, ...target.arguments },
  };
}


function gatewayChoices(index: Workspace, namespace: string): FormChoice[] {
  const out: FormChoice[] = findEgressGateways(index).map((g) => ({
    label: g.label,
    description: g.serviceHost,
    detail: g.description,
    // meshGateway travels with the choice: an IstioMeshGateway then gets the bundle's port on its Service.
    arguments: { api: 'istio', egressGateway: { selector: g.selector, serviceHost: g.serviceHost }, options: { meshGateway: !!g.meshGateway, dedicatedGateway: false } },
  }));
  out.push({
    label: `New mesh gateway (IstioMeshGateway) in ${namespace}`,
    detail: 'An IstioMeshGateway of type egress (target port above 1024), created by the bundle',
    arguments: { api: 'istio', egressGateway: null, options: { meshGateway: true, dedicatedGateway: false } },
  });
  const d = DEFAULT_DEDICATED;
  out.push({
    label: 'New dedicated egress gateway on its own nodes (IstioOperator)',
    description: `${d.name}.${d.namespace}`,
    detail: `Own label; nodes ${placementText(d)}`,
    arguments: { api: 'istio', egressGateway: null, options: { meshGateway: false, dedicatedGateway: true } },
  });
  return [...out, ...gatewayApiChoices(index, namespace)];
}

/**
 * The Gateway API flavour (istio.io's "Gateway API" tabs): a Gateway of an
 * Istio class of the namespace, or a new one; its routes, HTTPRoute or
 * TLSRoute, replace the VirtualService.
 */
function gatewayApiChoices(index: Workspace, namespace: string): FormChoice[] {
  const out: FormChoice[] = [];
  for (const r of index.snapshot().resources) {
    if (r.namespace !== namespace || r.data.kind !== 'KubeGateway' || !r.data.installs) continue;
    out.push({
      label: `${r.name} (Gateway API)`,
      description: `Gateway ${r.namespace}/${r.name}, class ${r.data.className?.value ?? '?'}`,
      detail: 'HTTPRoutes or TLSRoutes on this Gateway and the ServiceEntry (istio.io\'s Gateway API tabs)',
      arguments: { api: 'gateway-api', egressGateway: { gatewayName: r.name }, options: { meshGateway: false, dedicatedGateway: false } },
    });
  }
  out.push({
    label: `New egress Gateway of the Kubernetes Gateway API in ${namespace}`,
    detail: 'Class istio (Istio deploys its pods and Service), with HTTPRoutes or TLSRoutes',
    arguments: { api: 'gateway-api', egressGateway: null, options: { meshGateway: false, dedicatedGateway: false } },
  });
  out.push({
    label: `New dedicated egress Gateway of the Kubernetes Gateway API in ${namespace}, on its own nodes`,
    detail: `ConfigMap via parametersRef; nodes ${placementText(DEFAULT_DEDICATED)}`,
    arguments: { api: 'gateway-api', egressGateway: null, options: { meshGateway: false, dedicatedGateway: true } },
  });
  return out;
}

/** A new file in the folder that holds the namespace's resources (else the current file's), or the end of the current file. */
function targetChoices(index: Workspace, host: string, namespace: string, cursor: FormCursor | undefined): FormChoice[] {
  const fileName = `egress-${host.replace(/[^a-z0-9]+/g, '-')}.yaml`;
  const folder = namespaceFolder(index, namespace) ?? (cursor?.uri.startsWith('file:') ? cursor.uri.slice(0, cursor.uri.lastIndexOf('/')) : undefined);
  const out: FormChoice[] = [];
  if (folder) {
    const uri = `${folder}/${fileName}`;
    if (!index.has(uri)) out.push({ label: `New file ${fileName}`, description: shortFolder(folder), arguments: { target: { uri, mode: 'newFile' } } });
    else {
      // The file exists (a notice says so): a numbered new file, or the end of that one.
      const free = freeFile(index, folder, fileName);
      out.push({ label: `New file ${free.slice(free.lastIndexOf('/') + 1)}`, description: shortFolder(folder), arguments: { target: { uri: free, mode: 'newFile' } } });
      out.push({ label: `Append to ${fileName}`, description: 'after its last document', arguments: { target: { uri, mode: 'append' } } });
    }
  }
  if (cursor?.uri.startsWith('file:')) {
    out.push({ label: `Append to ${cursor.uri.slice(cursor.uri.lastIndexOf('/') + 1)}`, description: 'after its last document', arguments: { target: { uri: cursor.uri, mode: 'append' } } });
  }
  return out;
}

function bundleFile(index: Workspace, host: string, namespace: string): string | undefined {
  const folder = namespaceFolder(index, namespace);
  return folder ? `${folder}/egress-${host.replace(/[^a-z0-9]+/g, '-')}.yaml` : undefined;
}

function freeFile(index: Workspace, folder: string, fileName: string): string {
  const base = fileName.replace(/\.yaml$/, '');
  let n = 2;
  while (index.has(`${folder}/${base}-${n}.yaml`)) n++;
  return `${folder}/${base}-${n}.yaml`;
}

/** The folder with most of the namespace's resources. */
function namespaceFolder(index: Workspace, namespace: string): string | undefined {
  const counts = new Map<string, number>();
  for (const r of index.snapshot().resources) {
    if (r.namespace !== namespace || !r.uri.startsWith('file:')) continue;
    const folder = r.uri.slice(0, r.uri.lastIndexOf('/'));
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [folder, n] of counts) if (!best || n > counts.get(best)!) best = folder;
  return best;
}

function placementText(d: DedicatedGateway): string {
  const sel = Object.entries(d.nodeSelector).map(([k, v]) => `${k}=${v}`).join(',');
  return `${sel}, tolerating ${d.tolerations.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`).join(', ')}`;
}

function shortFolder(folder: string): string {
  const parts = decodeURIComponent(folder).split('/');
  return parts.slice(-2).join('/');
}

function resourceAt(cursor: FormCursor): Resource | undefined {
  return cursor.resources.find((r) => r.span.start <= cursor.offset && cursor.offset <= r.span.end);
}

/** A host name under the cursor, else the first exact host of the ServiceEntry there. */
function hostAt(cursor: FormCursor, resource: Resource | undefined): string | undefined {
  const { text, offset } = cursor;
  let start = offset;
  let end = offset;
  while (start > 0 && /[A-Za-z0-9.-]/.test(text[start - 1])) start--;
  while (end < text.length && /[A-Za-z0-9.-]/.test(text[end])) end++;
  const word = text.slice(start, end);
  const host = word.includes('.') && !word.endsWith('.svc.cluster.local') ? cleanHost(word) : undefined;
  if (host) return host;
  if (resource?.data.kind === 'ServiceEntry') {
    for (const h of resource.data.hosts) {
      const clean = h.value.startsWith('*') ? undefined : cleanHost(h.value);
      if (clean) return clean;
    }
  }
  return undefined;
}
