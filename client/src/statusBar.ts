// The status bar item: whether istio-ls has indexed the workspace, and the
// workspace's istio-ls errors and warnings; a click opens the Problems panel.
// It reads what VS Code already holds (the published diagnostics) and the
// server's `istio-ls/indexed` notification; it computes nothing itself.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface IndexedParams {
  files: number;
  documents: number;
  ms: number;
  fromCache: number;
}

export interface StatusBarState {
  indexed?: IndexedParams;
  errors: number;
  warnings: number;
  text: string;
  tooltip: string;
}

/** Creates the item; call before the client starts so the first notification is not missed. */
export function registerStatusBar(context: vscode.ExtensionContext, client: LanguageClient): StatusBarState {
  const item = vscode.window.createStatusBarItem('istio-ls.status', vscode.StatusBarAlignment.Left, 0);
  item.name = 'Istio (istio-ls)';
  item.command = 'workbench.actions.view.problems';
  const state: StatusBarState = { errors: 0, warnings: 0, text: '', tooltip: '' };

  const render = (): void => {
    let errors = 0;
    let warnings = 0;
    for (const [, list] of vscode.languages.getDiagnostics()) {
      for (const d of list) {
        if (d.source !== 'istio-ls') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    Object.assign(state, { errors, warnings });
    const i = state.indexed;
    state.text = i ? `$(error) ${errors} $(warning) ${warnings} Istio` : '$(sync~spin) Istio: indexing';
    state.tooltip = i
      ? `istio-ls: ${i.files} YAML files (${i.documents} documents) indexed in ${(i.ms / 1000).toFixed(1)} s. ${errors} errors, ${warnings} warnings. Click to open the Problems panel.`
      : 'istio-ls is indexing the workspace. Click to open the Problems panel.';
    item.text = state.text;
    item.tooltip = state.tooltip;
    item.backgroundColor = errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };

  // Diagnostics change in bursts (one event per file while the server publishes): count once per burst.
  let timer: NodeJS.Timeout | undefined;
  const soon = (): void => {
    if (!timer) timer = setTimeout(() => ((timer = undefined), render()), 100);
  };
  context.subscriptions.push(
    item,
    { dispose: () => timer && clearTimeout(timer) },
    vscode.languages.onDidChangeDiagnostics(soon),
    client.onNotification('istio-ls/indexed', (params: IndexedParams) => {
      state.indexed = params;
      render();
    }),
  );
  render();
  item.show();
  return state;
}
