// Commands contributed by the extension.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function registerCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('istio.restartServer', async () => {
      await client()?.restart();
    }),
    vscode.commands.registerCommand('istio.showOutput', () => client()?.outputChannel.show()),
  );
}
