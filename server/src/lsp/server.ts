// The language server's wiring: LSP lifecycle, settings and document events,
// handed to the scan (./workspaceScan: all disk reads and the persisted
// cache) and the publisher (./publisher: debounce, analysis, diagnostics).
// Request handlers are in ./features and ./codeActions.
import {
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { getLanguageService, LineIndex, type LanguageService } from '../core';
import { isYamlFile } from '../node/walk';
import { lineIndexOf } from './convert';
import { fromObjects, readSettings, RepositoryConfig, type ServerSettings } from './settings';
import { registerFeatures, featureCapabilities } from './features';
import { WorkspaceScan } from './workspaceScan';
import { Publisher } from './publisher';
import { DocumentPriming } from './documentPriming';

export { IndexedNotification, type IndexedParams } from './workspaceScan';

export interface ServerState {
  connection: Connection;
  /** The workspace's service. */
  service: LanguageService;
  documents: TextDocuments<TextDocument>;
  /** The service that answers for `uri`: a document that is not a file has its own. */
  serviceFor(uri: string): LanguageService;
  /** Text of an open document (undefined for other files: callers read the summary). */
  textOf(uri: string): string | undefined;
  /** Line table of any file: the open document's current text, else its summary. */
  linesOf(uri: string): LineIndex | undefined;
  /** What the client said it supports (set by initialize). */
  clientCapabilities?: ClientCapabilities;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const service = getLanguageService();
  let canAskConfig = false;
  let canWatch = false;
  let indexed = false;
  let initialSettings: ServerSettings | undefined;

  const scan = new WorkspaceScan({ connection, service, isOpen: (uri) => !!documents.get(uri), openText: (uri) => documents.get(uri)?.getText(), scanned: (persisted): boolean => publisher.publishNow(persisted), analysing: (): boolean => publisher.analysing });
  const publisher = new Publisher(connection, documents, service, () => indexed && !scan.isScanning, () => scan.textSummarizer);
  const repoConfig = new RepositoryConfig(connection, () => scan.folders);
  const priming = new DocumentPriming(documents, (uri) => publisher.serviceFor(uri));
  const state: ServerState = {
    connection,
    service,
    documents,
    serviceFor: (uri) => publisher.serviceFor(uri),
    textOf: (uri) => documents.get(uri)?.getText(),
    linesOf: (uri) => {
      const doc = documents.get(uri);
      return doc ? new LineIndex(doc.getText()) : lineIndexOf(service.getSummary(uri));
    },
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    state.clientCapabilities = params.capabilities;
    canAskConfig = !!params.capabilities.workspace?.configuration;
    canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    scan.folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (scan.folders.length === 0 && params.rootUri) scan.folders = [URI.parse(params.rootUri).fsPath];
    const options = params.initializationOptions as { settings?: Record<string, unknown>; storagePath?: unknown } | undefined;
    // Editors without workspace/configuration (or before it answers) pass settings here, in the same shape.
    if (options?.settings && typeof options.settings === 'object') {
      initialSettings = fromObjects(options.settings, {});
      applySettings(initialSettings);
    }
    if (typeof options?.storagePath === 'string' && options.storagePath) scan.storagePath = options.storagePath;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        ...featureCapabilities(),
      },
      serverInfo: { name: 'istio-ls', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    // Neither request is waited for before the scan starts: an editor restoring many tabs sends every didOpen
    // before it reads them, so their answers come after all of those (large benchmark, every file opened: 0.7 s).
    if (canWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] }).catch(() => undefined);
    }
    const answer = canAskConfig ? readSettings(connection, true) : undefined;
    // The scan starts with the settings known now (initializationOptions, else the defaults) and takes the
    // client's answer before it publishes anything, starting over only if the answer changes what it read.
    applySettings(await repoConfig.merge(initialSettings ?? (await readSettings(connection, false))));
    if (answer) scan.settingsKnown = answer.then(async (settings) => void applySettings(await repoConfig.merge(settings)));
    await scan.rescan();
    indexed = true;
    publisher.schedule();
  });

  // Each answer replaces the previous settings: a setting the client no longer sends takes its default.
  connection.onDidChangeConfiguration(async (params) => {
    let settings: ServerSettings;
    if (canAskConfig) settings = await readSettings(connection, true);
    else {
      // Clients without workspace/configuration push `{ istio: {…}, files: { exclude } }`.
      const pushed = (params.settings ?? {}) as { istio?: Record<string, unknown>; files?: { exclude?: Record<string, boolean> } };
      settings = fromObjects(pushed.istio ?? {}, pushed.files?.exclude ?? {});
    }
    await settingsChanged(await repoConfig.merge(settings));
  });

  async function settingsChanged(settings: ServerSettings): Promise<void> {
    const excludesChanged = settings.excludes.join('\n') !== scan.excludes.join('\n');
    const resummarize = applySettings(settings);
    if (resummarize) scan.forgetSummaries(); // summaries depend on the changed settings: rebuild them all
    if (resummarize || excludesChanged) {
      for (const doc of documents.all()) if (isYamlUri(doc.uri)) publisher.edit(doc.uri);
      await scan.rescan();
    } else publisher.schedule();
  }

  function applySettings(settings: ServerSettings): boolean {
    scan.excludes = settings.excludes;
    return service.setSettings(settings.core);
  }

  connection.onShutdown(() => scan.save(true));

  documents.onDidOpen((e) => {
    scan.opened(e.document.uri, e.document.getText());
    if (isYamlUri(e.document.uri) && !repoConfig.isConfigFile(e.document.uri)) priming.opened(e.document.uri);
  });

  documents.onDidChangeContent((e) => {
    // The repository's .istio-ls.yaml is read as configuration (see ./settings), not analysed as Istio YAML.
    if (isYamlUri(e.document.uri) && !repoConfig.isConfigFile(e.document.uri)) publisher.edit(e.document.uri);
  });

  documents.onDidClose(async (e) => {
    publisher.closed(e.document.uri);
    await scan.closed(e.document.uri);
    publisher.schedule();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    if (params.changes.some((c) => repoConfig.isConfigFile(c.uri))) await settingsChanged(await repoConfig.reload());
    if (await scan.changed(params.changes)) publisher.schedule();
  });

  registerFeatures(state);
  documents.listen(connection);
  connection.listen();
}

/** YAML files (any scheme), and buffers not saved yet (the client sends only YAML ones). */
function isYamlUri(uri: string): boolean {
  return isYamlFile(uri) || uri.startsWith('untitled:');
}
