// The scan: everything the server reads from disk. Walks the workspace
// folders, summarises every YAML file on worker threads (../node/summaryPool),
// reuses the summaries persisted in the client's storage folder for files
// whose bytes did not change (../node/summaryCache), re-reads a file after a
// change on disk or a close, and persists the summaries.
//
// `disk` holds, per file, the summary of the text ON DISK (with its size and
// hash). The index may hold an open document's unsaved text instead; the
// persisted cache and the re-index after a close read only `disk`, so unsaved
// text never outlives its editor.
//
// Security: files are read only inside the workspace folders (their real
// paths: a symlink out of a folder is not followed, see ../node/walk and
// `readableInWorkspace`), workspace content is never executed, and the server
// makes no network request.
import { FileChangeType, NotificationType, type Connection, type FileEvent, type WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LanguageService } from '../core';
import { isExcluded, isYamlFile, walkYaml, DEFAULT_EXCLUDES } from '../node/walk';
import { SummaryPool } from '../node/summaryPool';
import { fileUri } from '../node/fileUri';
import { hashBytes, runBatch, summaryOptions, type SummaryJob, type SummaryOptions, type SummaryResult } from '../node/summaryJob';
import { collectGarbage, keepHeapNearLive } from '../node/heapGrowth';
import { TextSummarizer } from '../node/textSummarizer';
import { idleFor } from './messageGate';
import { loadCache, saveCache, sourceVersion, type CacheEntry, type CacheKey } from '../node/summaryCache';
import { filesFingerprint, loadFindings, saveFindings, type FindingsKey } from '../node/findingsCache';
import type { FileSummary, Finding } from '../core/model';

/** The index is saved in slices while the client has sent nothing for this long (a burst of requests goes first). */
const SAVE_QUIET_MS = 20;
/** Pieces of warm-up work (a summary, a completion or a hover of a sample): a request waits at most for one. */
const WARM_UP_STEPS = 120;
/** The client's quiet before a warm-up step: steps fall in a pause of the user's, not between the edits or requests of a burst (under load, 20 ms came between those). */
const WARM_UP_QUIET_MS = 100;

export interface IndexedParams {
  files: number;
  documents: number;
  ms: number;
  /** Files whose summary came from the persisted cache. */
  fromCache: number;
  /** The findings published were those persisted with the unchanged workspace (the analysis follows). */
  persistedFindings: boolean;
  /** Documents parsed on the main thread for the first publish: open documents whose text differs from the disk's. */
  reparsed: number;
}

/** Sent when a scan's first publish is done (benchmarks and tests wait for it). */
export const IndexedNotification = new NotificationType<IndexedParams>('istio-ls/indexed');

/** How long after the last change from disk the persisted cache is rewritten. */
const SAVE_DELAY_MS = 10_000;

export interface ScanHost {
  connection: Connection;
  service: LanguageService;
  /** True while the editor has the file open (its text, not the disk's, is in the index). */
  isOpen(uri: string): boolean;
  /** The editor's text of an open file. */
  openText(uri: string): string | undefined;
  /**
   * Called at the end of a scan, before `istio-ls/indexed` is sent: analyse and publish. `persisted`, when
   * given, returns the findings persisted for exactly the files as the index now holds them (or undefined);
   * true when those were published.
   */
  scanned(persisted?: () => ReadonlyMap<string, Finding[]> | undefined): boolean;
  /** True while an edit's analysis is pending or under way: idle work (the warm-up) waits for it. */
  analysing?(): boolean;
}

export class WorkspaceScan {
  folders: string[] = [];
  storagePath: string | undefined;
  excludes = DEFAULT_EXCLUDES;
  private realFolders: string[] = [];
  private readonly disk = new Map<string, CacheEntry>();
  private scanning: Promise<void> | undefined;
  /** Watched-file events that arrive during a scan, applied after it (the scan may have read an older version). */
  private pendingEvents: FileEvent[] | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private cacheDirty = false;
  private saving: Promise<void> = Promise.resolve();
  /** The key of the findings last persisted or read back (they need no rewrite). */
  private findingsOf: string | undefined;
  /**
   * Set at start-up while the client's settings are still to come: the scan runs with the settings known
   * before them, waits for this before it publishes, and starts over if they changed what it read.
   */
  settingsKnown: Promise<void> | undefined;
  /** A worker of the last scan that had any, kept to summarise what editors change (../node/textSummarizer). */
  textSummarizer: TextSummarizer | undefined;

  constructor(private readonly host: ScanHost) {}

  get isScanning(): boolean {
    return !!this.scanning;
  }

  /** Settings changed what a summary holds: nothing read so far can be reused. */
  forgetSummaries(): void {
    this.disk.clear();
  }

  /** Walks and summarises the workspace; scans run one after the other. */
  rescan(): Promise<void> {
    const { connection } = this.host;
    const run = (this.scanning ?? Promise.resolve()).then(() => this.scan()).catch((e) => connection.console.error(`istio-ls: scan failed: ${(e as Error).stack ?? e}`));
    this.scanning = run;
    void run.then(() => {
      if (this.scanning === run) this.scanning = undefined;
    });
    return run;
  }

  private async scan(carried: FileEvent[] = [], started = performance.now()): Promise<void> {
    const { connection, service } = this.host;
    this.pendingEvents = carried;
    const excludes = this.excludes;
    const options = JSON.stringify(this.options());
    // Not waited for: a client opening many documents at start-up answers after all of them (0.5 s on the large benchmark workspace).
    let progress: WorkDoneProgressServerReporter | undefined;
    const created = connection.window.createWorkDoneProgress().then(
      (p) => {
        p.begin('istio-ls: indexing', 0, 'finding YAML files', false);
        progress = p;
      },
      () => undefined,
    );
    const endProgress = () => void created.then(() => progress?.done());
    this.realFolders = await Promise.all(this.folders.map((f) => fs.realpath(f).catch(() => f)));
    let cache: { entries: Map<string, CacheEntry>; reason?: string } | undefined;
    /** The persisted hashes, known before the summaries are loaded. */
    let hashes: Map<string, string> | undefined;
    /** Files found unchanged before the persisted summaries were loaded: taken in once they are. */
    const deferred: [SummaryJob, SummaryResult][] = [];
    const waiting: string[] = [];
    const jobs: SummaryJob[] = [];
    const seen = new Set<string>();
    let done = 0;
    let fromCache = 0;
    let applyMs = 0;
    const take = (job: SummaryJob, r: SummaryResult): void => {
      if (r.kind === 'unchanged' && !cache) {
        deferred.push([job, r]);
        return;
      }
      const t = performance.now();
      const cached = cache?.entries.get(job.uri);
      if (r.kind === 'unchanged' && cached?.hash !== r.hash && this.disk.get(job.uri)?.hash !== r.hash) {
        // The persisted hash matched but no summary of these bytes is there (the cache turned out unusable): summarise the file.
        const again: SummaryJob = { id: jobs.length, file: job.file, uri: job.uri };
        jobs.push(again);
        pool.push(again);
        return;
      }
      if (this.apply(job, r, r.kind === 'unchanged' && cached?.hash === r.hash ? cached : undefined)) fromCache++;
      applyMs += performance.now() - t;
      if (++done % 250 === 0) progress?.report(Math.min(99, Math.round((done / Math.max(seen.size, 1)) * 100)), `${done}/${seen.size} files`);
    };
    const pool = new SummaryPool(this.options(), (r) => take(jobs[r.id], r), undefined, (m) => connection.console.warn(m));
    // Files are summarised as the walk finds them.
    const onFile = (file: string): void => {
      if (!hashes) {
        waiting.push(file);
        return;
      }
      const uri = fileUri(file);
      if (seen.has(uri)) return; // nested workspace folders
      seen.add(uri);
      const job: SummaryJob = { id: jobs.length, file, uri, cachedHash: hashes.get(uri) ?? this.disk.get(uri)?.hash };
      jobs.push(job);
      pool.push(job);
    };
    const hashesKnown = (h: Map<string, string>): void => {
      hashes = h;
      for (const file of waiting.splice(0)) onFile(file);
    };
    // The persisted hashes come first and the summaries load while the files are read; each job carries the hash it may reuse.
    const storagePath = this.storagePath;
    const loading = (storagePath ? loadCache(storagePath, this.cacheKey(), hashesKnown) : Promise.resolve({ entries: new Map<string, CacheEntry>(), reason: 'no storage folder' })).then((c) => {
      cache = c;
      if (c.reason && storagePath) connection.console.info(`istio-ls: persisted index not used: ${c.reason}`);
      if (!hashes) hashesKnown(new Map());
      for (const [job, r] of deferred.splice(0)) take(job, r);
    });
    for (const folder of this.folders) {
      const { errors } = await walkYaml(folder, this.excludes, onFile);
      for (const e of errors) connection.console.warn(`istio-ls: cannot read ${e.path}: ${e.message}`);
    }
    await loading;
    // Files that vanished or became excluded since the last scan.
    for (const uri of service.uris()) {
      if (!seen.has(uri) && !this.host.isOpen(uri) && URI.parse(uri).scheme === 'file') {
        service.removeFile(uri);
        this.disk.delete(uri);
      }
    }
    const { kept, ...stats } = await pool.finish(true);
    if (kept) {
      this.textSummarizer?.dispose();
      this.textSummarizer = new TextSummarizer(kept, (m) => connection.console.warn(m));
    }
    cache?.entries.clear();
    if (this.settingsKnown) {
      await this.settingsKnown.catch((e) => connection.console.error(`istio-ls: reading the settings failed: ${(e as Error).stack ?? e}`));
      this.settingsKnown = undefined;
      const sameOptions = JSON.stringify(this.options()) === options;
      // Summaries depend on these settings: read everything again under the new ones.
      if (!sameOptions) this.disk.clear();
      if (!sameOptions || this.excludes.join('\n') !== excludes.join('\n')) {
        if (sameOptions && excludes.every((g) => this.excludes.includes(g))) {
          // More excludes than the walk had: drop what they exclude (nothing it skipped is wanted now).
          for (const uri of [...seen]) if (this.excludedNow(uri)) this.forgetFile(uri, seen);
        } else {
          endProgress();
          return this.scan(this.pendingEvents, started);
        }
      }
    }
    // Changes on disk seen during the scan win over what the scan read.
    const events = this.pendingEvents;
    this.pendingEvents = undefined;
    if (events.length) await this.applyEvents(events);
    endProgress();
    const summarized = performance.now();
    // A restart that found every file as it was publishes the findings persisted with them; the analysis follows in pieces.
    const parsedBefore = service.counters.documentsParsed;
    const persistedFindings = this.host.scanned(storagePath && fromCache === seen.size ? await this.persistedFindings(storagePath) : undefined);
    const reparsed = service.counters.documentsParsed - parsedBefore;
    const ms = Math.round(performance.now() - started);
    let documentsParsed = 0;
    for (const uri of service.uris()) documentsParsed += service.getSummary(uri)?.documents ?? 0;
    connection.console.info(`istio-ls: indexed ${seen.size} files (${documentsParsed} documents, ${fromCache} from the persisted index, ${stats.workers} worker threads${persistedFindings ? ', findings persisted with them' : ''}) in ${ms} ms (summaries ${Math.round(summarized - started)} ms, of it ${Math.round(applyMs)} ms taking them in; analysis and publish ${Math.round(ms - (summarized - started))} ms)`);
    // Resolves once written, after every diagnostic published before it: with thousands of open documents their
    // publishes take a while to write, and warm-up rounds run between those writes delayed them (large benchmark,
    // every file opened: 0.3 s).
    const sent = connection.sendNotification(IndexedNotification, { files: seen.size, documents: documentsParsed, ms, fromCache, persistedFindings, reparsed });
    // First what the first analysis left for later, one check family per turn (once the main thread summarises
    // a file itself, the next update does it instead). Then the main thread's parser, completion and hover are
    // warmed for the first edits and requests, one step at a time, each once the client has been quiet for a
    // moment and no edit is being analysed: an edit or a request waits at most for a step under way (all rounds
    // at once were half a second under load, and a round of a summary, four completions and four hovers 50-200
    // ms at first under load). The steps go on when the main thread summarises files (the client opening files
    // does that): completion and hover are not warmed by it.
    const summarizedBefore = service.counters.filesSummarized;
    const warmUp = async () => {
      while (service.counters.filesSummarized === summarizedBefore && service.indexReads()) await new Promise((resolve) => setTimeout(resolve, 0));
      const quiet = async () => {
        await idleFor(WARM_UP_QUIET_MS);
        // Work in the middle of an edit's analysis would delay its diagnostics.
        while (this.host.analysing?.()) {
          await new Promise((resolve) => setTimeout(resolve, WARM_UP_QUIET_MS));
          await idleFor(WARM_UP_QUIET_MS);
        }
      };
      // What the scan replaced, collected now rather than among the first edits (../node/heapGrowth).
      await quiet();
      const heapBefore = process.memoryUsage().heapUsed;
      const collectStart = performance.now();
      keepHeapNearLive();
      if (collectGarbage()) {
        const mb = (n: number) => Math.round(n / 1048576);
        connection.console.log(`istio-ls: collected the heap after the scan: ${mb(heapBefore)} → ${mb(process.memoryUsage().heapUsed)} MB in ${Math.round(performance.now() - collectStart)} ms`);
      }
      for (let step = 0; step < WARM_UP_STEPS; step++) {
        await quiet();
        service.warmUp(1);
      }
    };
    void sent
      .catch(() => undefined)
      .then(warmUp)
      .catch((e) => connection.console.error(`istio-ls: warm-up failed: ${(e as Error).stack ?? e}`));
    if (fromCache < seen.size || this.cacheDirty) this.scheduleSave(5000);
  }

  private options(): SummaryOptions {
    return summaryOptions(this.host.service.settings);
  }

  private findingsKey(): FindingsKey {
    return { source: sourceVersion(), settings: JSON.stringify(this.host.service.settings), files: filesFingerprint(this.disk) };
  }

  /** True when the index holds exactly the files on disk, each summarised from its disk text (no editor's unsaved text). */
  private indexIsDisk(): boolean {
    const { service } = this.host;
    const uris = service.uris();
    return uris.length === this.disk.size && uris.every((uri) => service.getSummary(uri) === this.disk.get(uri)?.summary);
  }

  /** The persisted findings of these very files and settings, checked again when called (an open document may differ). */
  private async persistedFindings(dir: string): Promise<(() => ReadonlyMap<string, Finding[]> | undefined) | undefined> {
    const key = this.findingsKey();
    const stored = await loadFindings(dir, key);
    if (!stored) return undefined;
    const keyText = JSON.stringify(key);
    this.findingsOf = keyText;
    return () => {
      if (!this.indexIsDisk() || JSON.stringify(this.findingsKey()) !== keyText) return undefined;
      const all = new Map<string, Finding[]>();
      for (const uri of this.host.service.uris()) all.set(uri, stored.get(uri) ?? []);
      return all;
    };
  }

  private cacheKey(): CacheKey {
    const s = this.host.service.settings;
    return { source: sourceVersion(), defaultNamespace: s.defaultNamespace, maxFileSize: s.maxFileSize };
  }

  /** Records one disk read, and puts it into the index unless the file is open; true when the cached summary was reused. */
  private apply(job: SummaryJob, r: SummaryResult, cached: CacheEntry | undefined): boolean {
    const { service, connection } = this.host;
    if (r.kind === 'error') {
      if (!this.host.isOpen(job.uri)) service.removeFile(job.uri);
      this.disk.delete(job.uri);
      connection.console.warn(`istio-ls: cannot read ${job.file}: ${r.message}`);
      return false;
    }
    let summary;
    if (r.kind === 'unchanged') {
      summary = cached?.summary ?? this.disk.get(job.uri)?.summary;
      if (!summary) return false;
    } else {
      summary = r.summary;
      service.counters.filesSummarized++;
      service.counters.documentsParsed += summary.documents;
      this.cacheDirty = true;
    }
    this.disk.set(job.uri, { size: r.size, mtimeMs: r.mtimeMs, hash: r.hash, summary });
    // The open document's text wins over the disk; when it is the disk's text, the summary read on a worker is the document's too
    // (an editor restoring many tabs opens files as they are on disk: none of them is parsed again on this thread).
    const open = this.host.openText(job.uri);
    if (open === undefined) {
      if (service.getSummary(job.uri) !== summary) service.applyChange({ files: [{ uri: job.uri, summary }] });
    } else if (isDiskText(open, summary, r.hash) && !service.isSummaryOf(job.uri, open)) {
      service.applyChange({ files: [{ uri: job.uri, summary, text: open }] });
    }
    return r.kind === 'unchanged' && !!cached;
  }

  /**
   * An editor opened a file. When its text is what the scan read from disk, the disk's summary is the
   * document's too, and the index learns so (no parse on this thread). An editor restoring many tabs opens
   * files while the scan reads them: those read first were parsed again on this thread before the first
   * publish (large benchmark workspace, every file opened: most of a second).
   */
  opened(uri: string, text: string): void {
    const { service } = this.host;
    const d = this.disk.get(uri);
    if (!d || service.getSummary(uri) !== d.summary || service.isSummaryOf(uri, text)) return;
    if (isDiskText(text, d.summary, d.hash)) service.applyChange({ files: [{ uri, summary: d.summary, text }] });
  }

  /** Re-reads one file after a change on disk or a close; refuses anything outside the workspace. */
  async indexFromDisk(file: string): Promise<void> {
    const { service } = this.host;
    const uri = URI.file(file).toString();
    if (this.host.isOpen(uri)) return;
    if (!(await this.readableInWorkspace(file))) {
      service.removeFile(uri);
      this.disk.delete(uri);
      return;
    }
    const job: SummaryJob = { id: 0, file, uri, cachedHash: this.disk.get(uri)?.hash };
    const [result] = await runBatch([job], this.options());
    if (this.host.isOpen(uri)) return; // opened again while it was read
    this.apply(job, result, undefined);
    this.scheduleSave(SAVE_DELAY_MS);
  }

  /** The editor closed a document: the file's analysis returns to what is on disk. */
  async closed(uri: string): Promise<void> {
    const parsed = URI.parse(uri);
    if (parsed.scheme === 'file' && this.inWorkspace(parsed.fsPath) && isYamlFile(parsed.fsPath)) await this.indexFromDisk(parsed.fsPath);
    else this.host.service.removeFile(uri);
  }

  /** Watched-file events; during a scan they wait for its end. */
  async changed(changes: FileEvent[]): Promise<boolean> {
    if (this.pendingEvents) {
      this.pendingEvents.push(...changes);
      return false;
    }
    await this.applyEvents(changes);
    return true;
  }

  private async applyEvents(changes: FileEvent[]): Promise<void> {
    for (const change of changes) {
      const uri = URI.parse(change.uri);
      if (uri.scheme !== 'file' || !isYamlFile(uri.fsPath)) continue;
      if (change.type === FileChangeType.Deleted) {
        if (!this.host.isOpen(change.uri)) this.host.service.removeFile(change.uri);
        this.disk.delete(change.uri);
        this.scheduleSave(SAVE_DELAY_MS);
      } else if (!this.host.isOpen(change.uri)) {
        await this.indexFromDisk(uri.fsPath);
      } else {
        // Saved from the editor: the disk entry is stale; it is read again when the editor closes the file.
        this.disk.delete(change.uri);
      }
    }
  }

  /** The file or one of its folders is excluded under the current settings (as the walk would skip it). */
  private excludedNow(uri: string): boolean {
    const file = URI.parse(uri).fsPath;
    return this.folders.some((f) => {
      const rel = path.relative(f, file);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
      const parts = rel.split(path.sep);
      return parts.some((_, i) => isExcluded(parts.slice(0, i + 1).join('/'), this.excludes));
    });
  }

  private forgetFile(uri: string, seen: Set<string>): void {
    seen.delete(uri);
    this.disk.delete(uri);
    if (!this.host.isOpen(uri)) this.host.service.removeFile(uri);
  }

  /** Inside a workspace folder, not excluded, and its real path (symlinks resolved) inside one too. */
  private async readableInWorkspace(file: string): Promise<boolean> {
    if (!this.inWorkspace(file)) return false;
    const real = await fs.realpath(file).catch(() => undefined);
    if (!real) return false;
    return this.realFolders.some((f) => real === f || real.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
  }

  private inWorkspace(file: string): boolean {
    return this.folders.some((f) => {
      const rel = path.relative(f, file);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && !isExcluded(rel, this.excludes);
    });
  }

  private scheduleSave(delay: number): void {
    this.cacheDirty = true;
    if (!this.storagePath) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, delay);
    this.saveTimer.unref?.();
  }

  /**
   * Persists the summaries of files as they are on disk (never an editor's unsaved text), and the findings
   * when the index holds only disk text and its analysis is current; one save at a time. `final`: the
   * client is shutting the server down.
   */
  save(final = false): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saving = this.saving.then(async () => {
      if (!this.storagePath || this.scanning) return;
      const findings = this.indexIsDisk() ? this.host.service.diagnosticsIfCurrent() : undefined;
      const findingsKey = findings && this.findingsKey();
      const findingsText = findingsKey && JSON.stringify(findingsKey);
      try {
        if (this.cacheDirty) {
          this.cacheDirty = false;
          // At shutdown no request will come: no pauses (for 24,000 files they made the write outlast a client's wait).
          await saveCache(this.storagePath, this.cacheKey(), [...this.disk], final ? undefined : () => idleFor(SAVE_QUIET_MS));
        }
        if (findings && findingsKey && findingsText !== this.findingsOf) {
          await saveFindings(this.storagePath, findingsKey, findings);
          this.findingsOf = findingsText;
        }
      } catch (e) {
        this.host.connection.console.warn(`istio-ls: cannot persist the index in ${this.storagePath}: ${(e as Error).message}`);
      }
    });
    return this.saving;
  }
}

/** An open document's text is the file's on disk, of which `summary` was made (length first: hashing is the cost). */
function isDiskText(text: string, summary: FileSummary, hash: string): boolean {
  return !text.startsWith('\uFEFF') && text.length === summary.length && hashBytes(text) === hash;
}
