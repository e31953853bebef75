// The egress command's form as data, so any client can show it (VS Code's
// quick picks, a Neovim `vim.ui.select`): defaults taken from the resource
// under the cursor, the protocol variants, the gateways, the options, where
// the bundle can go, and what is wrong with the answers so far, per field.
// Choosing an item merges its `arguments` into the command's arguments
// (`options` key by key); the command is `istio.routeThroughEgress`.
import type { Resource } from '../model';
import type { Workspace } from '../index/workspace';
import { cleanHost, defaultPort, normalizeEgressRequest, variantOf, type EgressField, type EgressFieldError, type EgressVariant } from '../scaffold/egressParams';
import { findEgressGateways } from './egressCommand';

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

export function egressForm(index: Workspace, given: unknown, cursor: FormCursor | undefined): EgressForm {
  const a = (given && typeof given === 'object' ? given : {}) as Record<string, unknown>;
  const { missing, errors } = normalizeEgressRequest(given);
  const atCursor = cursor ? resourceAt(cursor) : undefined;
  const host = typeof a.host === 'string' ? cleanHost(a.host) : cursor ? hostAt(cursor, atCursor) : undefined;
  const protocol = variantOf(a.protocol ?? a.variant);
  const namespace = typeof a.namespace === 'string' && a.namespace.trim() ? a.namespace.trim() : (atCursor?.namespace ?? cursor?.resources[0]?.namespace ?? index.settings.defaultNamespace);
  const port = a.port !== undefined && a.port !== null && a.port !== '' ? Number(a.port) : protocol ? defaultPort(protocol) : undefined;
  const options = (a.options && typeof a.options === 'object' ? a.options : {}) as Record<string, unknown>;
  const validNamespace = !errors.some((e) => e.field === 'namespace');
  return {
    defaults: { host, protocol, port, namespace },
    variants: VARIANTS.map((v) => ({ label: v.label, description: v.description, detail: v.detail, arguments: { protocol: v.id, port: defaultPort(v.id) }, picked: v.id === protocol })),
    gateways: gatewayChoices(index, namespace),
    options: [
      { label: 'Scope the ServiceEntry with exportTo', detail: 'Visible to this namespace and the egress gateway only', arguments: { options: { exportTo: true } }, picked: options.exportTo !== false },
      { label: 'Add a NetworkPolicy', detail: 'Pods of the namespace leave the cluster only through the egress gateway', arguments: { options: { networkPolicy: true } }, picked: options.networkPolicy === true },
    ],
    targets: host && validNamespace ? targetChoices(index, host, namespace, cursor) : [],
    missing,
    errors,
  };
}

function gatewayChoices(index: Workspace, namespace: string): FormChoice[] {
  const out: FormChoice[] = findEgressGateways(index).map((g) => ({
    label: g.label,
    description: g.serviceHost,
    detail: g.description,
    // meshGateway travels with the choice: an IstioMeshGateway then gets the bundle's port on its Service.
    arguments: { egressGateway: { selector: g.selector, serviceHost: g.serviceHost }, options: { meshGateway: !!g.meshGateway } },
  }));
  out.push({
    label: `New mesh gateway (IstioMeshGateway) in ${namespace}`,
    detail: 'An IstioMeshGateway of type egress (target port above 1024), created by the bundle',
    arguments: { egressGateway: null, options: { meshGateway: true } },
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
  }
  if (cursor?.uri.startsWith('file:')) {
    out.push({ label: `Append to ${cursor.uri.slice(cursor.uri.lastIndexOf('/') + 1)}`, description: 'after its last document', arguments: { target: { uri: cursor.uri, mode: 'append' } } });
  }
  return out;
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
