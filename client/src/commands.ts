// Commands contributed by the extension: QuickPick plumbing only.
//
// `istio.routeThroughEgress` is a server command (the server advertises it,
// vscode-languageclient registers it, the server writes the bundle and applies
// it with workspace/applyEdit). What the form offers, its defaults and its
// validation come from the server's `istio/egressForm` request, so any LSP
// client can drive the same command (README: "Any LSP client"). Called with
// arguments the server accepts as complete, the command runs at once.
//
// `istio.showLocations` (code lenses) is a server command too; here it opens
// VS Code's peek view instead.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EgressCommand, EgressCommandResponse, EgressForm, EgressFormMethod, EgressFormParams, FormChoice, LspLocation, ShowLocationsCommand } from '../../server/src/lsp/protocol';

const EGRESS_COMMAND: EgressCommand = 'istio.routeThroughEgress';
const SHOW_LOCATIONS: ShowLocationsCommand = 'istio.showLocations';
const EGRESS_FORM: EgressFormMethod = 'istio/egressForm';
const TITLE = 'Istio: Route an external host through the egress gateway';

type Args = Record<string, unknown>;

export function registerCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('istio.restartServer', async () => {
      await client()?.restart();
    }),
    vscode.commands.registerCommand('istio.showOutput', () => client()?.outputChannel.show()),
  );
  const c = client();
  if (c) installMiddleware(c);
}

/**
 * The middleware sits between VS Code's command and the request to the
 * server. It is added to the client's middleware object (the same object the
 * command registration reads when the command runs).
 */
function installMiddleware(c: LanguageClient): void {
  const middleware = c.middleware;
  const previous = middleware.executeCommand;
  middleware.executeCommand = async (command, args, next) => {
    if (command === SHOW_LOCATIONS) return showLocations(args);
    if (command !== EGRESS_COMMAND) return previous ? previous(command, args, next) : next(command, args);
    const complete = await ask(c, fromArguments(args[0]));
    if (!complete) return undefined;
    const response = (await next(command, [complete])) as EgressCommandResponse | undefined;
    await report(c, response);
    return response;
  };
}

/** A caller's arguments as JSON (a VS Code Uri as target becomes its string). */
function fromArguments(raw: unknown): Args {
  const a = { ...((raw && typeof raw === 'object' ? raw : {}) as Args) };
  if (a.target instanceof vscode.Uri) a.target = a.target.toString();
  const t = a.target as { uri?: unknown } | undefined;
  if (t && typeof t === 'object' && t.uri instanceof vscode.Uri) a.target = { ...t, uri: t.uri.toString() };
  return a;
}

function formParams(args: Args): EgressFormParams {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return { arguments: args };
  return { textDocument: { uri: editor.document.uri.toString() }, position: editor.selection.active, arguments: args };
}

/** Merges a chosen item's arguments; `options` merge key by key. */
function merge(args: Args, more: Args): Args {
  const out = { ...args, ...more };
  if (args.options || more.options) out.options = { ...((args.options as Args) ?? {}), ...((more.options as Args) ?? {}) };
  return out;
}

/** Asks for what the arguments leave out, as the server's form says. Undefined when the user cancels. */
async function ask(c: LanguageClient, given: Args): Promise<Args | undefined> {
  const form = (p: Args) => c.sendRequest<EgressForm>(EGRESS_FORM, formParams(p));
  const first = await form(given);
  if (first.missing.length === 0 && first.errors.length === 0) return given;
  const errorFor = async (args: Args, field: string) => {
    const f = await form(args);
    return f.errors.find((e) => e.field === field)?.message ?? (f.missing.includes(field as never) ? `The ${field} is needed` : undefined);
  };
  let args = given;

  const host = await input(`${TITLE} (1/7)`, 'The external host, e.g. api.example.com', first.defaults.host ?? '', (v) => errorFor({ ...args, host: v }, 'host'));
  if (host === undefined) return undefined;
  args = { ...args, host: host.trim() };

  // As soon as the host is known: already routed (nothing to write), or the bundle's file exists; then the short way.
  const known = await form(args);
  for (const n of known.notices) {
    if (n.stop) {
      void tell(n.message, n.location);
      return undefined;
    }
    void tell(n.message, n.location);
  }
  if (known.accept && !args.target) {
    const how = await pick(
      [
        { label: 'Accept the defaults', detail: known.accept.summary, arguments: known.accept.arguments, picked: true },
        { label: 'Choose each setting', detail: 'Protocol, port, namespace, egress gateway, options and file', arguments: {} },
      ],
      TITLE,
      'Write the bundle with these settings?',
    );
    if (!how) return undefined;
    if (Object.keys(how.arguments).length) return merge(args, how.arguments);
  }

  const variant = await pick(first.variants, `${TITLE} (2/7)`, 'How the application talks to the host');
  if (!variant) return undefined;
  args = merge(args, variant.arguments);
  if (given.port !== undefined) args.port = given.port;

  const port = await input(`${TITLE} (3/7)`, 'The port of the external host', String(args.port ?? ''), (v) => errorFor({ ...args, port: v }, 'port'));
  if (port === undefined) return undefined;
  args = { ...args, port: Number(port) };

  const namespace = await input(`${TITLE} (4/7)`, 'The namespace of the applications that call the host (the bundle goes there)', first.defaults.namespace, (v) =>
    errorFor({ ...args, namespace: v }, 'namespace'),
  );
  if (namespace === undefined) return undefined;
  args = { ...args, namespace: namespace.trim() };

  const second = await form(args);
  const gateway = await pick(second.gateways, `${TITLE} (5/7)`, 'The egress gateway');
  if (!gateway) return undefined;
  args = merge(args, gateway.arguments);

  // The options depend on the gateway (which resources of other namespaces the bundle would change): ask again.
  const third = await form(args);
  const options = await vscode.window.showQuickPick(
    third.options.map((o) => ({ label: o.label, detail: o.detail, picked: o.picked, choice: o })),
    { title: `${TITLE} (6/7)`, placeHolder: 'Options', canPickMany: true, ignoreFocusOut: true },
  );
  if (!options) return undefined;
  // Each option's arguments switch it on; the ones left unpicked are switched off.
  for (const o of third.options) {
    const on = options.some((x) => x.choice === o);
    for (const key of Object.keys((o.arguments.options as Args) ?? {})) args = merge(args, { options: { [key]: on } });
  }

  if (!args.target) {
    if (second.targets.length === 0) {
      void vscode.window.showErrorMessage('Open a folder or a YAML file first: the bundle needs a place to go.');
      return undefined;
    }
    const target = await pick(second.targets, `${TITLE} (7/7)`, 'Where to write the bundle');
    if (!target) return undefined;
    args = merge(args, target.arguments);
  }
  return args;
}

function input(title: string, prompt: string, value: string, validate: (v: string) => Promise<string | undefined>): Promise<string | undefined> {
  return Promise.resolve(vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: validate }));
}

async function pick(choices: FormChoice[], title: string, placeHolder: string): Promise<FormChoice | undefined> {
  type Item = vscode.QuickPickItem & { choice: FormChoice };
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = title;
  qp.placeholder = placeHolder;
  qp.items = choices.map((choice) => ({ label: choice.label, description: choice.description, detail: choice.detail, choice }));
  qp.ignoreFocusOut = true;
  const active = qp.items.find((i) => i.choice.picked) ?? qp.items[0];
  if (active) qp.activeItems = [active];
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      resolve((qp.selectedItems[0] ?? qp.activeItems[0])?.choice);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** An information message with "Go to it" when there is a place to show. */
async function tell(message: string, location: LspLocation | undefined): Promise<void> {
  const go = location ? await vscode.window.showInformationMessage(message, 'Go to it') : (void vscode.window.showInformationMessage(message), undefined);
  if (go && location) {
    const { start, end } = location.range;
    await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character) });
  }
}

async function report(c: LanguageClient, response: EgressCommandResponse | undefined): Promise<void> {
  if (!response) return;
  // Messages with buttons are not awaited: the command answers at once (tests and other callers wait for it).
  if (response.alreadyRouted) return void tell(response.alreadyRouted.message, response.alreadyRouted.location);
  if (response.error || !response.applied) {
    void vscode.window.showErrorMessage(response.error ?? 'The egress bundle was not applied.');
    return;
  }
  for (const note of response.notes ?? []) c.outputChannel.appendLine(`istio.routeThroughEgress: ${note}`);
  if (response.target) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(response.target));
    await vscode.window.showTextDocument(doc, { preview: false });
  }
  // The files it changed, each one click away.
  const uris = response.uris ?? [];
  const names = uris.map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u)));
  void vscode.window.showInformationMessage(`Egress bundle written: ${names.join(', ') || 'no file changed'}.`, ...names.slice(0, 3).map((n) => `Open ${n}`)).then((choice) => {
    const i = choice ? names.findIndex((n) => `Open ${n}` === choice) : -1;
    if (i >= 0) void vscode.window.showTextDocument(vscode.Uri.parse(uris[i]), { preview: false });
  });
}

/** The server's lens arguments [uri, position, locations] as VS Code's peek view wants them. */
async function showLocations(args: unknown[]): Promise<void> {
  type P = { line: number; character: number };
  type L = { uri: string; range: { start: P; end: P } };
  const [uri, position, locations] = args as [string, P, L[]];
  if (typeof uri !== 'string' || !Array.isArray(locations)) return;
  const pos = (p: P) => new vscode.Position(p.line, p.character);
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    vscode.Uri.parse(uri),
    pos(position),
    locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(pos(l.range.start), pos(l.range.end)))),
  );
}
