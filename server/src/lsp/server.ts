// The language server: converts LSP traffic into calls on the core facade and
// findings into published diagnostics. All file-system access is here and in
// ../node; the core receives text.
//
// Start-up: walk the workspace folders, summarise every YAML file on worker
// threads (../node/summaryPool), reusing the summaries persisted in the
// client's storage folder for files whose bytes did not change
// (../node/summaryCache), then analyse once and publish. When that first
// publish is done the server sends the notification `istio-ls/indexed`
// `{ files, documents, ms, fromCache }` (benchmarks and tests wait for it).
//
// Security: files are read only inside the workspace folders (their real
// paths: a symlink out of a folder is not followed, see ../node/walk and
// `readableInWorkspace`), workspace content is never executed, and the server
// makes no network request.
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  NotificationType,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type Connection,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { getLanguageService, type FileSummary, type Finding, type LanguageService } from '../core';
import { isExcluded, isYamlFile, walkYaml, DEFAULT_EXCLUDES } from '../node/walk';
import { SummaryPool } from '../node/summaryPool';
import { runBatch, type SummaryJob, type SummaryOptions, type SummaryResult } from '../node/summaryJob';
import { loadCache, saveCache, sourceVersion, type CacheEntry, type CacheKey } from '../node/summaryCache';
import { lineIndexOf, toDiagnostic } from './convert';
import { fromObjects, readSettings, RepositoryConfig, type ServerSettings } from './settings';
import { registerFeatures, featureCapabilities } from './features';

export interface ServerState {
  connection: Connection;
  service: LanguageService;
  documents: TextDocuments<TextDocument>;
  /** Text of a file: the open document's, else undefined (callers read the summary). */
  textOf(uri: string): string | undefined;
  /** Re-analyse and publish soon (coalesces bursts of edits). */
  schedule(): void;
  /** What the client said it supports (set by initialize). */
  clientCapabilities?: ClientCapabilities;
}

export interface IndexedParams {
  files: number;
  documents: number;
  ms: number;
  /** Files whose summary came from the persisted cache. */
  fromCache: number;
}

export const IndexedNotification = new NotificationType<IndexedParams>('istio-ls/indexed');

/** Debounce for re-analysis after an edit: long enough to coalesce a burst, short enough to feel instant. */
const ANALYSIS_DELAY_MS = 1;
/** How long after the last change from disk the persisted cache is rewritten. */
const SAVE_DELAY_MS = 10_000;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const service = getLanguageService();
  let folders: string[] = [];
  let realFolders: string[] = [];
  let excludes = DEFAULT_EXCLUDES;
  let storagePath: string | undefined;
  let canAskConfig = false;
  let canWatch = false;
  let scanning: Promise<void> | undefined;
  let indexed = false;
  let initialSettings: ServerSettings | undefined;
  /** Watched-file events that arrive during a scan, applied after it (the scan may have read an older version). */
  let pendingEvents: FileEvent[] | undefined;
  /** What was read from disk for each file, to persist its summary. */
  const disk = new Map<string, Omit<CacheEntry, 'summary'>>();
  const published = new Map<string, { findings: Finding[]; key: string; summary: FileSummary | undefined }>();
  let timer: NodeJS.Timeout | undefined;
  let saveTimer: NodeJS.Timeout | undefined;
  let cacheDirty = false;
  let saving: Promise<void> = Promise.resolve();

  const state: ServerState = {
    connection,
    service,
    documents,
    textOf: (uri) => documents.get(uri)?.getText(),
    schedule,
  };
  const repoConfig = new RepositoryConfig(connection, () => folders);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    state.clientCapabilities = params.capabilities;
    canAskConfig = !!params.capabilities.workspace?.configuration;
    canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (folders.length === 0 && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
    const options = params.initializationOptions as { settings?: Record<string, unknown>; storagePath?: unknown } | undefined;
    // Editors without workspace/configuration (or before it answers) pass settings here, in the same shape.
    if (options?.settings && typeof options.settings === 'object') {
      initialSettings = fromObjects(options.settings, {});
      excludes = initialSettings.excludes;
      service.setSettings(initialSettings.core);
    }
    if (typeof options?.storagePath === 'string' && options.storagePath) storagePath = options.storagePath;
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
    const settings = await repoConfig.merge(canAskConfig ? await readSettings(connection, true) : initialSettings ?? (await readSettings(connection, false)));
    excludes = settings.excludes;
    service.setSettings(settings.core);
    await rescan();
    indexed = true;
    schedule();
  });

  connection.onDidChangeConfiguration(async () => {
    if (canAskConfig) await settingsChanged(await repoConfig.merge(await readSettings(connection, true)));
  });

  async function settingsChanged(settings: ServerSettings): Promise<void> {
    const excludesChanged = settings.excludes.join('\n') !== excludes.join('\n');
    excludes = settings.excludes;
    const resummarize = service.setSettings(settings.core);
    if (resummarize) disk.clear(); // summaries depend on the changed settings: rebuild them all
    if (resummarize || excludesChanged) await rescan();
    else schedule();
  }

  connection.onShutdown(async () => {
    if (saveTimer) clearTimeout(saveTimer);
    await saveSummaries();
  });

  function rescan(): Promise<void> {
    const run = (scanning ?? Promise.resolve()).then(scanWorkspace).catch((e) => connection.console.error(`istio-ls: scan failed: ${(e as Error).stack ?? e}`));
    scanning = run;
    void run.then(() => {
      if (scanning === run) scanning = undefined;
    });
    return run;
  }

  async function scanWorkspace(): Promise<void> {
    const started = performance.now();
    pendingEvents = [];
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('istio-ls: indexing', 0, 'finding YAML files', false);
    realFolders = await Promise.all(folders.map((f) => fs.realpath(f).catch(() => f)));
    const settings = service.index.settings;
    const key: CacheKey = { source: sourceVersion(), defaultNamespace: settings.defaultNamespace, maxFileSize: settings.maxFileSize };
    let cache: { entries: Map<string, CacheEntry>; reason?: string } | undefined;
    const waiting: string[] = [];
    const jobs: SummaryJob[] = [];
    const seen = new Set<string>();
    let done = 0;
    let fromCache = 0;
    const pool = new SummaryPool(
      options(),
      (r) => {
        const job = jobs[r.id];
        if (apply(job, r, cache?.entries.get(job.uri))) fromCache++;
        if (++done % 250 === 0) progress?.report(Math.min(99, Math.round((done / Math.max(jobs.length, 1)) * 100)), `${done}/${jobs.length} files`);
      },
      undefined,
      (m) => connection.console.warn(m),
    );
    // Files are summarised as the walk finds them.
    const onFile = (file: string): void => {
      if (!cache) {
        waiting.push(file);
        return;
      }
      const uri = URI.file(file).toString();
      if (seen.has(uri)) return; // nested workspace folders
      seen.add(uri);
      const job: SummaryJob = { id: jobs.length, file, uri, cachedHash: cache.entries.get(uri)?.hash ?? (service.index.has(uri) ? disk.get(uri)?.hash : undefined) };
      jobs.push(job);
      pool.push(job);
    };
    // The persisted summaries load while the walk starts; each job needs them (it carries the hash it may reuse).
    const loading = (storagePath ? loadCache(storagePath, key) : Promise.resolve({ entries: new Map<string, CacheEntry>(), reason: 'no storage folder' })).then((c) => {
      cache = c;
      if (c.reason && storagePath) connection.console.info(`istio-ls: persisted index not used: ${c.reason}`);
      for (const file of waiting.splice(0)) onFile(file);
    });
    for (const folder of folders) {
      const { errors } = await walkYaml(folder, excludes, onFile);
      for (const e of errors) connection.console.warn(`istio-ls: cannot read ${e.path}: ${e.message}`);
    }
    await loading;
    // Files that vanished or became excluded since the last scan.
    for (const uri of service.index.uris()) {
      if (!seen.has(uri) && !documents.get(uri) && URI.parse(uri).scheme === 'file') {
        service.removeFile(uri);
        disk.delete(uri);
      }
    }
    const stats = await pool.finish();
    cache?.entries.clear();
    // Changes on disk seen during the scan win over what the scan read.
    const events = pendingEvents;
    pendingEvents = undefined;
    if (events.length) await applyEvents(events);
    progress?.done();
    publish();
    const ms = Math.round(performance.now() - started);
    let documentsParsed = 0;
    for (const uri of service.index.uris()) documentsParsed += service.index.get(uri)?.documents ?? 0;
    connection.console.info(`istio-ls: indexed ${jobs.length} files (${documentsParsed} documents, ${fromCache} from the persisted index, ${stats.workers} worker threads) in ${ms} ms`);
    void connection.sendNotification(IndexedNotification, { files: jobs.length, documents: documentsParsed, ms, fromCache });
    // The first analysis was the plain one; build the incremental bookkeeping now, before the first edit needs it.
    setTimeout(() => {
      try {
        service.index.warmUp();
      } catch (e) {
        connection.console.error(`istio-ls: warm-up failed: ${(e as Error).stack ?? e}`);
      }
    }, 0);
    if (fromCache < jobs.length || cacheDirty) scheduleSave(5000);
  }

  function options(): SummaryOptions {
    const s = service.index.settings;
    return { defaultNamespace: s.defaultNamespace, maxFileSize: s.maxFileSize };
  }

  /** Puts one disk read into the index; returns true when the cached summary was reused. */
  function apply(job: SummaryJob, r: SummaryResult, cached: CacheEntry | undefined): boolean {
    if (documents.get(job.uri)) return false; // the open document's text wins over the disk
    if (r.kind === 'error') {
      service.removeFile(job.uri);
      disk.delete(job.uri);
      connection.console.warn(`istio-ls: cannot read ${job.file}: ${r.message}`);
      return false;
    }
    const counters = service.index.counters;
    if (r.kind === 'unchanged') {
      const summary = cached?.summary ?? service.index.get(job.uri);
      if (!summary) return false;
      if (service.index.get(job.uri) !== summary) service.index.put(summary);
      disk.set(job.uri, { size: r.size, mtimeMs: r.mtimeMs, hash: r.hash });
      return !!cached;
    }
    counters.filesSummarized++;
    counters.documentsParsed += r.summary.documents;
    service.index.put(r.summary);
    disk.set(job.uri, { size: r.size, mtimeMs: r.mtimeMs, hash: r.hash });
    cacheDirty = true;
    return false;
  }

  /** Re-reads one file after a change on disk or a close; refuses anything outside the workspace. */
  async function indexFromDisk(file: string): Promise<void> {
    const uri = URI.file(file).toString();
    if (documents.get(uri)) return;
    if (!(await readableInWorkspace(file))) {
      service.removeFile(uri);
      disk.delete(uri);
      return;
    }
    const job: SummaryJob = { id: 0, file, uri, cachedHash: service.index.has(uri) ? disk.get(uri)?.hash : undefined };
    const [result] = await runBatch([job], options());
    apply(job, result, undefined);
    scheduleSave(SAVE_DELAY_MS);
  }

  /** Inside a workspace folder, not excluded, and its real path (symlinks resolved) inside one too. */
  async function readableInWorkspace(file: string): Promise<boolean> {
    if (!inWorkspace(file)) return false;
    const real = await fs.realpath(file).catch(() => undefined);
    if (!real) return false;
    return realFolders.some((f) => real === f || real.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
  }

  function inWorkspace(file: string): boolean {
    return folders.some((f) => {
      const rel = path.relative(f, file);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && !isExcluded(rel, excludes);
    });
  }

  // Edits are summarised when the burst ends, not on every keystroke (a large file costs a parse each time).
  const edited = new Set<string>();
  documents.onDidChangeContent((e) => {
    if (!isYamlUri(e.document.uri) || repoConfig.isConfigFile(e.document.uri)) return;
    edited.add(e.document.uri);
    schedule();
  });

  function summarizeEdited(): void {
    for (const uri of edited) {
      const doc = documents.get(uri);
      try {
        if (doc) service.updateFile(uri, doc.getText());
      } catch (e) {
        connection.console.error(`istio-ls: cannot summarise ${uri}: ${(e as Error).stack ?? e}`);
      }
    }
    edited.clear();
  }

  documents.onDidClose(async (e) => {
    edited.delete(e.document.uri);
    const uri = URI.parse(e.document.uri);
    if (uri.scheme === 'file' && inWorkspace(uri.fsPath) && isYamlFile(uri.fsPath)) await indexFromDisk(uri.fsPath);
    else service.removeFile(e.document.uri);
    schedule();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    if (params.changes.some((c) => repoConfig.isConfigFile(c.uri))) await settingsChanged(await repoConfig.reload());
    if (pendingEvents) {
      pendingEvents.push(...params.changes);
      return;
    }
    await applyEvents(params.changes);
    schedule();
  });

  async function applyEvents(changes: FileEvent[]): Promise<void> {
    for (const change of changes) {
      const uri = URI.parse(change.uri);
      if (uri.scheme !== 'file' || !isYamlFile(uri.fsPath) || documents.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        service.removeFile(change.uri);
        disk.delete(change.uri);
        scheduleSave(SAVE_DELAY_MS);
      } else {
        await indexFromDisk(uri.fsPath);
      }
    }
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      // Until the first scan is done the index is partial: publishing then would
      // flash "not found" errors for resources in files not read yet.
      if (indexed && !scanning) publish();
    }, ANALYSIS_DELAY_MS);
  }

  function publish(): void {
    summarizeEdited();
    let all: ReadonlyMap<string, Finding[]>;
    try {
      all = service.diagnostics();
    } catch (e) {
      connection.console.error(`istio-ls: analysis failed: ${(e as Error).stack ?? e}`);
      return;
    }
    const linesOf = (uri: string) => lineIndexOf(service.index.get(uri));
    for (const [uri, findings] of all) {
      const before = published.get(uri);
      // Unchanged analysis result for an unchanged file: nothing to compare.
      if (before && before.findings === findings && before.summary === service.index.get(uri)) continue;
      if (findings.length === 0 && !before) continue;
      const lines = linesOf(uri);
      if (!lines) continue;
      let diagnostics;
      try {
        diagnostics = findings.map((f) => toDiagnostic(f, lines, linesOf));
      } catch (e) {
        connection.console.error(`istio-ls: cannot convert the diagnostics of ${uri}: ${(e as Error).message}`);
        continue;
      }
      // What the client would see: equal text means nothing to send.
      const key = JSON.stringify(diagnostics);
      if (findings.length === 0) published.delete(uri);
      else published.set(uri, { findings, key, summary: service.index.get(uri) });
      if (before?.key === key) continue;
      void connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of [...published.keys()]) {
      if (all.has(uri)) continue;
      published.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  function scheduleSave(delay: number): void {
    cacheDirty = true;
    if (!storagePath) return;
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      void saveSummaries();
    }, delay);
    saveTimer.unref?.();
  }

  /** Persists the summaries of files as read from disk (not the unsaved text of open documents); one save at a time. */
  function saveSummaries(): Promise<void> {
    saving = saving.then(async () => {
      if (!storagePath || !cacheDirty || scanning) return;
      cacheDirty = false;
      const s = service.index.settings;
      const key: CacheKey = { source: sourceVersion(), defaultNamespace: s.defaultNamespace, maxFileSize: s.maxFileSize };
      const entries: [string, CacheEntry][] = [];
      for (const [uri, d] of disk) {
        const summary = service.index.get(uri);
        if (summary && !documents.get(uri)) entries.push([uri, { ...d, summary }]);
      }
      try {
        await saveCache(storagePath, key, entries);
      } catch (e) {
        connection.console.warn(`istio-ls: cannot persist the index in ${storagePath}: ${(e as Error).message}`);
      }
    });
    return saving;
  }

  registerFeatures(state);
  documents.listen(connection);
  connection.listen();
}

function isYamlUri(uri: string): boolean {
  return isYamlFile(uri) || uri.startsWith('untitled:');
}
