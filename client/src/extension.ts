// The VS Code side: starts the language server (bundled in the same VSIX),
// forwards settings, and shows the server's forms with VS Code UI (./commands).
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
  };
  client = new LanguageClient('istio-ls', 'Istio Language Server', serverOptions, clientOptions);
  registerCommands(context, () => client);
  registerTrafficMap(context, () => client);
  const statusBar = registerStatusBar(context, client);
  await client.start();
  return { statusBar };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
