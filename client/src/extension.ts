// The VS Code side: starts the language server (bundled in the same VSIX),
// forwards settings, and hosts the commands that need VS Code UI.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerTrafficMap } from './trafficMap';
import { registerStatusBar, type StatusBarState } from './statusBar';

let client: LanguageClient | undefined;

/** The extension's API: the status bar's state, read by the end-to-end tests. */
export async function activate(context: vscode.ExtensionContext): Promise<{ statusBar: StatusBarState }> {
  const module = context.asAbsolutePath(path.join('dist', 'server', 'main.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: ['istio', 'files.exclude'] },
    initializationOptions: { storagePath: (context.storageUri ?? context.globalStorageUri).fsPath },
    outputChannelName: 'istio-ls',
    middleware: {
      // The server sends showReferences arguments as JSON; VS Code needs real Uri/Position/Location objects.
      provideCodeLenses: async (document, token, next) => (await next(document, token))?.map(toShowReferences),
    },
  };
  client = new LanguageClient('istio-ls', 'Istio Language Server', serverOptions, clientOptions);
  registerCommands(context, () => client);
  registerTrafficMap(context, () => client);
  const statusBar = registerStatusBar(context, client);
  await client.start();
  return { statusBar };
}

function toShowReferences(lens: vscode.CodeLens): vscode.CodeLens {
  const cmd = lens.command;
  if (cmd?.command !== 'editor.action.showReferences' || !cmd.arguments || cmd.arguments.length < 3) return lens;
  type P = { line: number; character: number };
  type L = { uri: string; range: { start: P; end: P } };
  const [uri, position, locations] = cmd.arguments as [string, P, L[]];
  const pos = (p: P) => new vscode.Position(p.line, p.character);
  lens.command = {
    ...cmd,
    arguments: [
      vscode.Uri.parse(uri),
      pos(position),
      locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(pos(l.range.start), pos(l.range.end)))),
    ],
  };
  return lens;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
