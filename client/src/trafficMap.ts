// `Istio: Show traffic map`: a webview that draws the server's traffic map
// (request istio/trafficMap). The client only carries messages: the server
// builds and filters the graph, the webview script lays it out and draws it.
// It follows edits (every diagnostics publish means a new analysis) and, when
// asked, the resource under the cursor.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TrafficMapParams, TrafficMapResult } from '../../server/src/lsp/trafficMapProtocol';

const METHOD = 'istio/trafficMap';

interface ViewState {
  namespace: string;
  host: string;
  followCursor: boolean;
}

type FromWebview =
  | { type: 'ready' }
  | { type: 'filter'; namespace: string; host: string; followCursor: boolean }
  | { type: 'open'; uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };

export function registerTrafficMap(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  let panel: vscode.WebviewPanel | undefined;
  const state: ViewState = { namespace: '', host: '', followCursor: false };
  let lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  let timer: NodeJS.Timeout | undefined;

  const refresh = async () => {
    const c = client();
    if (!panel || !c) return;
    const params: TrafficMapParams = { namespace: state.namespace || undefined, host: state.host || undefined };
    const editor = lastEditor;
    if (state.followCursor && editor && editor.document.languageId === 'yaml') {
      params.around = { uri: editor.document.uri.toString(), position: editor.selection.active };
    }
    const graph = await c.sendRequest<TrafficMapResult>(METHOD, params);
    await panel.webview.postMessage({ type: 'graph', graph, state });
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh().catch(() => undefined), 300);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('istio.showTrafficMap', () => {
      if (panel) {
        panel.reveal();
        return;
      }
      const root = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
      panel = vscode.window.createWebviewPanel('istio.trafficMap', 'Istio traffic map', vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [root],
        retainContextWhenHidden: true,
      });
      panel.webview.html = html(panel.webview, vscode.Uri.joinPath(root, 'trafficMap.js'));
      panel.webview.onDidReceiveMessage(async (m: FromWebview) => {
        if (m.type === 'ready') await refresh();
        else if (m.type === 'filter') {
          Object.assign(state, { namespace: m.namespace, host: m.host, followCursor: m.followCursor });
          await refresh();
        } else if (m.type === 'open') {
          const r = m.range;
          const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
          await vscode.window.showTextDocument(vscode.Uri.parse(m.uri), { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(range.start, range.start) });
        }
      });
      panel.onDidDispose(() => {
        panel = undefined;
      });
    }),
    // Every publish follows an analysis: the map redraws from the new one.
    vscode.languages.onDidChangeDiagnostics(() => panel && soon()),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) lastEditor = e;
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      lastEditor = e.textEditor;
      if (panel && state.followCursor) soon();
    }),
  );
}

function html(webview: vscode.Webview, script: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  // No network and nothing inline without the nonce: the script and its styles come from the extension only.
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, `img-src ${webview.cspSource} data:`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Istio traffic map</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
  <label>Namespace <select id="namespace"><option value="">all</option></select></label>
  <label>Host <input id="host" type="text" placeholder="reviews, api.example.com" size="24"></label>
  <label><input id="follow" type="checkbox"> Around the cursor</label>
  <button id="zoom" type="button">Full size</button>
  <span id="summary"></span>
</header>
<main id="map" aria-label="traffic map"></main>
<script nonce="${nonce}" src="${webview.asWebviewUri(script)}"></script>
</body>
</html>`;
}

const STYLE = `
body { margin: 0; font: 12px var(--vscode-font-family, sans-serif); color: var(--vscode-foreground); background: var(--vscode-editor-background); }
header { display: flex; gap: 16px; align-items: center; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border, #8884); position: sticky; top: 0; background: inherit; }
header button { background: var(--vscode-button-secondaryBackground, #ddd); color: var(--vscode-button-secondaryForeground, #000); border: none; padding: 3px 8px; cursor: pointer; }
header input, header select { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, #8886); }
#summary { opacity: .75; }
main { overflow: auto; }
.node rect, .node ellipse, .node polygon { fill: var(--vscode-editorWidget-background, #f3f3f3); stroke: var(--vscode-editorWidget-border, #888); stroke-width: 1.2; }
.node { cursor: pointer; }
.node.Gateway rect { stroke: #4a7fd6; stroke-width: 2; }
.node.Mesh ellipse { stroke: #4a7fd6; stroke-width: 2; }
.node.ServiceEntry rect { stroke: #7a55c8; }
.node.DestinationRule rect { stroke-dasharray: 4 2; }
.node.warning rect, .node.warning ellipse { stroke: #d18616; stroke-width: 2; }
.node.Missing polygon { stroke-dasharray: 4 2; }
.node.warning polygon { stroke: #d18616; stroke-width: 2; }
.node.error rect, .node.error ellipse, .node.error polygon { stroke: #e51400; stroke-width: 2.5; fill: #e5140018; stroke-dasharray: none; }
.node text { fill: var(--vscode-foreground); font-size: 12px; pointer-events: none; }
.node .findings { fill: #e51400; font-weight: 600; }
.edge path { fill: none; stroke: var(--vscode-foreground); stroke-opacity: .55; stroke-width: 1.3; }
.edge.policy path, .edge.mirrors path { stroke-dasharray: 5 3; }
.edge.warning path { stroke: #d18616; stroke-opacity: 1; stroke-width: 2; }
.edge.error path { stroke: #e51400; stroke-opacity: 1; stroke-width: 2.2; }
.edge text { fill: var(--vscode-descriptionForeground, #666); font-size: 11px; }
.edge.error text { fill: #e51400; }
`;
