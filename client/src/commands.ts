// Commands contributed by the extension.
//
// `istio.routeThroughEgress` is a server command (the server advertises it,
// vscode-languageclient registers it, the server writes the bundle and applies
// it with workspace/applyEdit). The client only adds the UI: called with
// complete arguments (host, protocol, namespace, target) it sends them as
// they are; otherwise it asks for the rest with quick picks and input boxes,
// pre-filled with what it was given.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

const EGRESS_COMMAND = 'istio.routeThroughEgress';

export function registerCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('istio.restartServer', async () => {
      await client()?.restart();
    }),
    vscode.commands.registerCommand('istio.showOutput', () => client()?.outputChannel.show()),
  );
  const c = client();
  if (c) installEgressMiddleware(c);
}

interface EgressArgs {
  host?: string;
  protocol?: string;
  port?: number;
  namespace?: string;
  egressGateway?: { selector: Record<string, string>; serviceHost: string };
  options?: { exportTo?: boolean; networkPolicy?: boolean; meshGateway?: boolean };
  target?: { uri: string; mode: 'newFile' | 'append' };
}

interface EgressResponse {
  applied: boolean;
  target?: string;
  uris?: string[];
  notes?: string[];
  error?: string;
  missing?: string[];
}

interface GatewayChoice {
  label: string;
  description: string;
  selector: Record<string, string>;
  serviceHost: string;
}

/**
 * The middleware sits between VS Code's command and the request to the
 * server. It is added to the client's middleware object (the same object the
 * command registration reads when the command runs).
 */
export function installEgressMiddleware(c: LanguageClient): void {
  const middleware = c.middleware;
  const previous = middleware.executeCommand;
  middleware.executeCommand = async (command, args, next) => {
    if (command !== EGRESS_COMMAND) return previous ? previous(command, args, next) : next(command, args);
    const given = fromArguments(args[0]);
    const complete = isComplete(given) ? given : await ask(c, given);
    if (!complete) return undefined;
    const response = (await next(command, [complete])) as EgressResponse | undefined;
    await report(c, response);
    return response;
  };
}

/** Arguments from a caller: a VS Code Uri or a string as target, `{ uri, mode }` too. */
function fromArguments(raw: unknown): EgressArgs {
  const a = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const args: EgressArgs = {};
  if (typeof a.host === 'string') args.host = a.host;
  const protocol = a.protocol ?? a.variant;
  if (typeof protocol === 'string') args.protocol = protocol;
  if (a.port !== undefined && a.port !== null && a.port !== '') args.port = Number(a.port);
  if (typeof a.namespace === 'string') args.namespace = a.namespace;
  if (a.egressGateway && typeof a.egressGateway === 'object') args.egressGateway = a.egressGateway as EgressArgs['egressGateway'];
  if (a.options && typeof a.options === 'object') args.options = a.options as EgressArgs['options'];
  const target = a.target as unknown;
  if (target instanceof vscode.Uri || typeof target === 'string') args.target = { uri: target.toString(), mode: 'newFile' };
  else if (target && typeof target === 'object') {
    const t = target as { uri?: unknown; mode?: unknown };
    if (t.uri instanceof vscode.Uri || typeof t.uri === 'string') args.target = { uri: t.uri.toString(), mode: t.mode === 'append' ? 'append' : 'newFile' };
  }
  return args;
}

function isComplete(a: EgressArgs): boolean {
  return !!(a.host && a.protocol && a.namespace && a.target);
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function cleanHost(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/:?#].*$/, '');
}

interface VariantItem extends vscode.QuickPickItem {
  variant: string;
  port: number;
}

const VARIANTS: VariantItem[] = [
  { label: 'HTTP', description: 'port 80', detail: 'The application calls http://host; the egress gateway forwards HTTP.', variant: 'http', port: 80 },
  {
    label: 'HTTPS passthrough',
    description: 'port 443, routed by SNI',
    detail: 'The application speaks TLS itself; sidecars and the egress gateway route on the SNI name without decrypting.',
    variant: 'https-passthrough',
    port: 443,
  },
  {
    label: 'TLS origination at the egress gateway',
    description: 'HTTP on 80, HTTPS to 443',
    detail: 'The application speaks plain HTTP; the egress gateway opens TLS to the host and verifies its certificate.',
    variant: 'tls-origination',
    port: 443,
  },
  {
    label: 'Mutual TLS to the egress gateway',
    description: 'HTTP on 80, Istio mTLS to the gateway, HTTPS to 443',
    detail: 'Sidecars reach the egress gateway only over Istio mutual TLS (regulated environments); the gateway originates TLS to the host.',
    variant: 'mutual-tls',
    port: 443,
  },
];

const STEPS = 7;
const TITLE = 'Istio: Route an external host through the egress gateway';

/** Asks for what the arguments leave out. Undefined when the user cancels. */
async function ask(c: LanguageClient, given: EgressArgs): Promise<EgressArgs | undefined> {
  const editor = vscode.window.activeTextEditor;
  const hostInput = await vscode.window.showInputBox({
    title: `${TITLE} (1/${STEPS})`,
    prompt: 'The external host, e.g. api.example.com',
    value: given.host ?? hostAtCursor(editor) ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => (HOST.test(cleanHost(v)) ? undefined : 'A host name such as api.example.com (no wildcard, no IP address)'),
  });
  if (hostInput === undefined) return undefined;
  const host = cleanHost(hostInput);

  const current = VARIANTS.find((v) => v.variant === given.protocol?.toLowerCase()) ?? (given.protocol?.toUpperCase() === 'HTTP' ? VARIANTS[0] : undefined);
  const variant = await pick(
    VARIANTS.map((v) => ({ ...v, picked: v === current })),
    `${TITLE} (2/${STEPS})`,
    'How the application talks to the host',
    current,
  );
  if (!variant) return undefined;

  const portInput = await vscode.window.showInputBox({
    title: `${TITLE} (3/${STEPS})`,
    prompt: variant.variant === 'http' || variant.variant === 'https-passthrough' ? `The port the application calls on ${host}` : `The HTTPS port of ${host}`,
    value: String(given.port ?? variant.port),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 65535) return 'A port number';
      if (variant.variant === 'tls-origination' && n === 80) return 'The application already uses port 80; the HTTPS port is usually 443';
      return undefined;
    },
  });
  if (portInput === undefined) return undefined;

  const namespace = await vscode.window.showInputBox({
    title: `${TITLE} (4/${STEPS})`,
    prompt: 'The namespace of the applications that call the host (the bundle goes there)',
    value: given.namespace ?? namespaceIn(editor) ?? 'default',
    ignoreFocusOut: true,
    validateInput: (v) => (NAMESPACE.test(v.trim()) ? undefined : 'A namespace name (lower case, digits and -)'),
  });
  if (namespace === undefined) return undefined;

  const gateways = await c.sendRequest<GatewayChoice[]>('istio/egressGateways').then(
    (list) => list,
    () => [] as GatewayChoice[],
  );
  type GatewayItem = vscode.QuickPickItem & { choice?: GatewayChoice; mesh?: boolean };
  const gatewayItems: GatewayItem[] = [
    ...gateways.map((g) => ({ label: g.label, description: g.serviceHost, detail: g.description, choice: g })),
    { label: `New Service Mesh Manager egress gateway in ${namespace.trim()}`, detail: 'An IstioMeshGateway of type egress (targetPort above 1024), used or created by the bundle', mesh: true },
  ];
  const preset = given.egressGateway ? gatewayItems.find((g) => g.choice?.serviceHost === given.egressGateway!.serviceHost) : gatewayItems[0];
  const gateway = await pick(gatewayItems, `${TITLE} (5/${STEPS})`, 'The egress gateway', preset);
  if (!gateway) return undefined;

  type OptionItem = vscode.QuickPickItem & { key: 'exportTo' | 'networkPolicy' };
  const optionItems: OptionItem[] = [
    { key: 'exportTo', label: 'Scope the ServiceEntry with exportTo', detail: 'Visible to this namespace and the egress gateway only, not to every tenant of the mesh', picked: given.options?.exportTo !== false },
    { key: 'networkPolicy', label: 'Add a NetworkPolicy', detail: "The namespace's pods may then leave the cluster only through the egress gateway (and reach DNS and istiod)", picked: !!given.options?.networkPolicy },
  ];
  const chosen = await vscode.window.showQuickPick(optionItems, { title: `${TITLE} (6/${STEPS})`, placeHolder: 'Options', canPickMany: true, ignoreFocusOut: true });
  if (!chosen) return undefined;

  const target = given.target ?? (await askTarget(editor, host));
  if (!target) return undefined;
  return {
    host,
    protocol: variant.variant,
    port: Number(portInput),
    namespace: namespace.trim(),
    egressGateway: gateway.choice ? { selector: gateway.choice.selector, serviceHost: gateway.choice.serviceHost } : undefined,
    options: { exportTo: chosen.some((o) => o.key === 'exportTo'), networkPolicy: chosen.some((o) => o.key === 'networkPolicy'), meshGateway: !!gateway.mesh },
    target,
  };
}

async function pick<T extends vscode.QuickPickItem>(items: T[], title: string, placeHolder: string, active?: T): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = title;
  qp.placeholder = placeHolder;
  qp.items = items;
  qp.ignoreFocusOut = true;
  if (active) qp.activeItems = [active];
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

async function askTarget(editor: vscode.TextEditor | undefined, host: string): Promise<EgressArgs['target'] | undefined> {
  const fileName = `egress-${host.replace(/[^a-z0-9]+/g, '-')}.yaml`;
  const doc = editor?.document;
  const folder = doc ? vscode.Uri.joinPath(doc.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  type TargetItem = vscode.QuickPickItem & { target: NonNullable<EgressArgs['target']> };
  const items: TargetItem[] = [];
  if (folder) {
    const uri = vscode.Uri.joinPath(folder, fileName);
    items.push({ label: `New file ${fileName}`, description: doc ? `next to ${path.basename(doc.uri.path)}` : vscode.workspace.asRelativePath(folder), target: { uri: uri.toString(), mode: 'newFile' } });
  }
  if (doc && doc.languageId === 'yaml') {
    items.push({ label: `Append to ${path.basename(doc.uri.path)}`, description: 'after its last document', target: { uri: doc.uri.toString(), mode: 'append' } });
  }
  if (items.length === 0) {
    void vscode.window.showErrorMessage('Open a folder or a YAML file first: the bundle needs a place to go.');
    return undefined;
  }
  const chosen = await pick(items, `${TITLE} (7/${STEPS})`, 'Where to write the bundle', items[0]);
  return chosen?.target;
}

/** A host name under the cursor or in the selection, as the default. */
function hostAtCursor(editor: vscode.TextEditor | undefined): string | undefined {
  if (!editor) return undefined;
  const sel = editor.document.getText(editor.selection).trim();
  if (sel && HOST.test(cleanHost(sel))) return cleanHost(sel);
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /[A-Za-z0-9.-]+/);
  const word = range ? editor.document.getText(range) : '';
  return HOST.test(word.toLowerCase()) && !word.endsWith('.svc.cluster.local') ? word.toLowerCase() : undefined;
}

/** The namespace of the resource around the cursor (the closest `namespace:` above it, else the first). */
function namespaceIn(editor: vscode.TextEditor | undefined): string | undefined {
  if (!editor || editor.document.languageId !== 'yaml') return undefined;
  const text = editor.document.getText();
  const cursor = editor.document.offsetAt(editor.selection.active);
  let found: string | undefined;
  for (const m of text.matchAll(/^\s+namespace:\s*["']?([a-z0-9-]+)["']?\s*$/gm)) {
    if (found === undefined || (m.index ?? 0) <= cursor) found = m[1];
  }
  return found;
}

async function report(c: LanguageClient, response: EgressResponse | undefined): Promise<void> {
  if (!response) return;
  for (const note of response.notes ?? []) c.outputChannel.appendLine(`istio.routeThroughEgress: ${note}`);
  if (response.error || !response.applied) {
    void vscode.window.showErrorMessage(response.error ?? 'The egress bundle was not applied.');
    return;
  }
  if (response.target) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(response.target));
    await vscode.window.showTextDocument(doc, { preview: false });
  }
  const extended = (response.notes ?? []).filter((n) => !n.startsWith('Wrote '));
  void vscode.window.showInformationMessage(`Egress bundle written${extended.length ? `; ${extended.join(' ')}` : '.'} Review and save the changed files.`);
}
