// The language server: converts LSP traffic into calls on the core facade and
// findings into published diagnostics. All file-system access is here and in
// ../node; the core receives text.
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { getLanguageService, type LanguageService } from '../core';
import { isExcluded, isYamlFile, readText, walkYaml, DEFAULT_EXCLUDES } from '../node/walk';
import { lineIndexOf, toDiagnostic } from './convert';
import { readSettings } from './settings';
import { registerFeatures } from './features';
import * as path from 'node:path';

export interface ServerState {
  connection: Connection;
  service: LanguageService;
  documents: TextDocuments<TextDocument>;
  /** Text of a file: the open document's, else undefined (callers read the summary). */
  textOf(uri: string): string | undefined;
  /** Re-analyse and publish soon (coalesces bursts of edits). */
  schedule(): void;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const service = getLanguageService();
  let folders: string[] = [];
  let excludes = DEFAULT_EXCLUDES;
  let canAskConfig = false;
  let canWatch = false;
  let scanning: Promise<void> | undefined;
  const published = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;

  const state: ServerState = {
    connection,
    service,
    documents,
    textOf: (uri) => documents.get(uri)?.getText(),
    schedule,
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canAskConfig = !!params.capabilities.workspace?.configuration;
    canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (folders.length === 0 && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
    const options = params.initializationOptions as { settings?: Record<string, unknown> } | undefined;
    if (options?.settings) service.setSettings(options.settings as never);
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
    if (canWatch) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] }).catch(() => undefined);
    }
    const settings = await readSettings(connection, canAskConfig);
    excludes = settings.excludes;
    service.setSettings(settings.core);
    scanning = scanWorkspace();
    await scanning;
  });

  connection.onDidChangeConfiguration(async () => {
    const settings = await readSettings(connection, canAskConfig);
    excludes = settings.excludes;
    const resummarize = service.setSettings(settings.core);
    if (resummarize) await scanWorkspace();
    else schedule();
  });

  async function scanWorkspace(): Promise<void> {
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('istio-ls: indexing', 0, 'finding YAML files', false);
    const started = Date.now();
    let count = 0;
    for (const folder of folders) {
      const { files, errors } = await walkYaml(folder, excludes);
      for (const e of errors) connection.console.warn(`istio-ls: cannot read ${e.path}: ${e.message}`);
      for (const file of files) {
        await indexFromDisk(file);
        if (++count % 200 === 0) progress?.report(Math.round((count / files.length) * 100), `${count}/${files.length} files`);
      }
    }
    progress?.done();
    connection.console.info(`istio-ls: indexed ${count} files in ${Date.now() - started} ms`);
    publish();
  }

  async function indexFromDisk(file: string): Promise<void> {
    const uri = URI.file(file).toString();
    if (documents.get(uri)) return; // the open document's text wins over the disk
    try {
      const { text, size } = await readText(file, service.index.settings.maxFileSize);
      if (documents.get(uri)) return;
      if (text === undefined) service.updateOversizeFile(uri, size);
      else service.updateFile(uri, text);
    } catch (e) {
      // Deleted during the scan or unreadable: drop it, say why in the log.
      service.removeFile(uri);
      connection.console.warn(`istio-ls: cannot read ${file}: ${(e as Error).message}`);
    }
  }

  function inWorkspace(file: string): boolean {
    return folders.some((f) => {
      const rel = path.relative(f, file);
      return !rel.startsWith('..') && !path.isAbsolute(rel) && !isExcluded(rel, excludes);
    });
  }

  documents.onDidChangeContent((e) => {
    if (!isYamlUri(e.document.uri)) return;
    service.updateFile(e.document.uri, e.document.getText());
    schedule();
  });

  documents.onDidClose(async (e) => {
    const uri = URI.parse(e.document.uri);
    if (uri.scheme !== 'file') {
      service.removeFile(e.document.uri);
    } else if (inWorkspace(uri.fsPath)) {
      await indexFromDisk(uri.fsPath);
    } else {
      service.removeFile(e.document.uri);
    }
    schedule();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    for (const change of params.changes) {
      const uri = URI.parse(change.uri);
      if (uri.scheme !== 'file' || !isYamlFile(uri.fsPath) || documents.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) service.removeFile(change.uri);
      else if (inWorkspace(uri.fsPath)) await indexFromDisk(uri.fsPath);
    }
    schedule();
  });

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (scanning) void scanning.then(publish);
      else publish();
    }, 15);
  }

  function publish(): void {
    let all;
    try {
      all = service.diagnostics();
    } catch (e) {
      connection.console.error(`istio-ls: analysis failed: ${(e as Error).stack ?? e}`);
      return;
    }
    const linesOf = (uri: string) => lineIndexOf(service.index.get(uri));
    for (const [uri, findings] of all) {
      const key = findings.map((f) => `${f.code}@${f.span.start}-${f.span.end}:${f.severity}:${f.message}:${f.related?.map((r) => r.uri + r.span.start).join()}`).join('|');
      if (published.get(uri) === key) continue;
      if (findings.length === 0 && !published.has(uri)) {
        published.set(uri, key);
        continue;
      }
      const lines = linesOf(uri);
      if (!lines) continue;
      published.set(uri, key);
      void connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => toDiagnostic(f, lines, linesOf)) });
    }
    for (const uri of [...published.keys()]) {
      if (all.has(uri)) continue;
      published.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  registerFeatures(state);
  documents.listen(connection);
  connection.listen();
}

function isYamlUri(uri: string): boolean {
  return isYamlFile(uri) || uri.startsWith('untitled:');
}

import { featureCapabilities } from './features';
