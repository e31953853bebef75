// The publisher: from edits to published diagnostics.
//
// - Debounce: an edit that finds no analysis pending or running is
//   summarised at once; edits that come while one is (a burst: typing faster
//   than the analysis, a paste, a multi-cursor edit) are summarised when
//   their burst ends, not on every keystroke (a large file costs a parse each
//   time). An edit right after the previous one was published is no burst:
//   it does not wait for the delay.
// - Off the main thread: edited files are summarised on the worker thread
//   kept from the scan (../node/textSummarizer), one request at a time; a
//   summary is taken in only while the editor still holds the text it was
//   made from. Documents that are not files, and every document when there
//   is no worker, are summarised here.
// - Never in the way of requests: the analysis and the sending run in pieces
//   of a few milliseconds, and the messages that arrived meanwhile are
//   handled between pieces (./messageGate): completion and hover answer from
//   the editor's current text at once. An edit that arrives meanwhile
//   abandons the run: nothing of it is published, and the next run finishes
//   the engine update under way (in pieces too) before analysing the newer text.
// - Version check: an open document's diagnostics carry the version that was
//   analysed and are dropped if the editor has moved on.
// - Every open document gets a publishDiagnostics after each analysis of a
//   new version, even when empty, so a client can tell its results are
//   current; other files are sent only when what the client sees changes.
//   Only the files whose findings may have changed are looked at: the
//   findings map is forked from the one last published (changedKeys), so an
//   edit costs what it changed, not every file.
// - Documents that are not files (`untitled:` and other schemes) are analysed
//   alone, each in its own service: their resources never join the
//   workspace's cross-file analysis.
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { changedKeys, getLanguageService, type FileChange, type FileSummary, type Finding, type LanguageService, type Settings } from '../core';
import { lineIndexOf, toDiagnostic } from './convert';
import { yieldToMessages, TRACE } from './messageGate';
import type { TextSummarizer } from '../node/textSummarizer';
import { summaryOptions } from '../node/summaryJob';

/** Long enough to coalesce a burst (a paste, auto-repeat, a multi-cursor edit), short enough to feel instant. */
export const ANALYSIS_DELAY_MS = 15;
/** How long one piece of a run may hold the event loop before waiting messages go first. */
const PIECE_MS = 3;

/** One run's results: the workspace's findings and each lone document's. */
interface Analysed {
  workspace: ReadonlyMap<string, Finding[]>;
  lone: Map<string, Finding[]>;
}

interface Sent {
  findings: Finding[];
  summary: FileSummary | undefined;
  /** What the client saw, as JSON: equal text means nothing to send. */
  key: string;
  version?: number;
}

export class Publisher {
  private timer: NodeJS.Timeout | undefined;
  /** The generation of the run under way, if any. */
  private running: number | undefined;
  /** Bumped by every schedule: a run that sees a newer generation is stale and stops. */
  private generation = 0;
  private readonly edited = new Set<string>();
  /** Per open document: the version its index entry was summarised from. */
  private readonly analysed = new Map<string, number>();
  private readonly sent = new Map<string, Sent>();
  /** The workspace's findings as last published in full: the next run looks only at what differs. */
  private published: ReadonlyMap<string, Finding[]> | undefined;
  /** Open documents analysed at a version not yet published. */
  private readonly unsent = new Set<string>();
  /** The request at the worker, if any (summarizeElsewhere). */
  private atWorker: Promise<void> | undefined;
  /** Each lone document's service, and the workspace settings it was given. */
  private readonly lone = new Map<string, { service: LanguageService; settings: Settings }>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: LanguageService,
    /** False until the first scan is done and while one runs: a partial index would flash "not found" errors. */
    private readonly ready: () => boolean,
    /** The worker thread kept from the scan, when there is one: it summarises edited files (../node/textSummarizer). */
    private readonly summarizer: () => TextSummarizer | undefined = () => undefined,
  ) {}

  /** An analysis is scheduled or under way. */
  get analysing(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  /** The service that analyses `uri`: the workspace's, or the document's own when it is not a file. */
  serviceFor(uri: string): LanguageService {
    return this.lone.get(uri)?.service ?? this.service;
  }

  /** An open document's text changed (or it was opened). */
  edit(uri: string): void {
    if (!uri.startsWith('file:') && !this.lone.has(uri)) {
      const settings = this.service.settings;
      this.lone.set(uri, { service: getLanguageService(settings), settings });
    }
    this.edited.add(uri);
    // Until the scan is done a run would stop at once, and the scan's end analyses every edited document
    // (publishNow; then the server schedules a run): an editor restoring thousands of tabs made as many
    // timers on the main thread while the workers parsed.
    if (this.ready()) this.schedule();
    // A run under way (one that began before a rescan) stops: the scan's end analyses again.
    else ++this.generation;
  }

  /** The editor closed a document; the caller puts the disk's text back into the index. */
  closed(uri: string): void {
    this.edited.delete(uri);
    this.analysed.delete(uri);
    this.unsent.delete(uri);
    if (this.lone.delete(uri)) {
      this.sent.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  /**
   * Re-analyse and publish after the debounce; abandons any run in progress.
   * A change that finds nothing pending or running starts at once (the
   * debounce would only add its delay to a lone edit, or to each edit of a
   * client that waits for the diagnostics before its next one); changes that
   * come while a run is pending or under way are coalesced.
   */
  schedule(delay = ANALYSIS_DELAY_MS): void {
    const quiet = !this.timer && this.running === undefined;
    if (this.timer) clearTimeout(this.timer);
    const generation = ++this.generation;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.run(generation);
      },
      quiet ? 0 : delay,
    );
  }

  /**
   * Analyse and publish at once (the end of a scan). `persisted` may return the findings persisted for the
   * workspace as it now is: they are published instead (returns true), and the analysis is left to the next run.
   */
  publishNow(persisted?: () => ReadonlyMap<string, Finding[]> | undefined): boolean {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    ++this.generation;
    this.summarizeEdited();
    const stored = persisted?.();
    const workspace = stored ?? this.analyseWorkspace(Infinity);
    const all = workspace && this.withLoneDocuments(workspace);
    if (all) {
      this.send(all, this.toLookAt(all), 0, Infinity);
      this.published = all.workspace;
    }
    if (stored) this.schedule();
    return !!stored;
  }

  private async run(generation: number): Promise<void> {
    if (!this.ready()) return;
    this.running = generation;
    try {
      await this.runPieces(generation);
    } finally {
      if (this.running === generation) this.running = undefined;
    }
  }

  private async runPieces(generation: number): Promise<void> {
    const stale = () => generation !== this.generation;
    // A request that came with the edit (completion as the user types) goes first. Then the edited files,
    // one piece of about PIECE_MS after another (after a burst of edits in several files their parses were
    // one block, which the requests sent right after the burst waited for), requests going first between them.
    let t0: number;
    await yieldToMessages();
    if (stale()) return;
    await this.summarizeElsewhere();
    while (this.edited.size > 0) {
      if (stale()) return;
      t0 = performance.now();
      this.summarizeEdited(PIECE_MS);
      TRACE(`piece summarize ${(performance.now() - t0).toFixed(1)}`);
      if (this.edited.size > 0) await yieldToMessages();
    }
    let workspace: ReadonlyMap<string, Finding[]> | null | undefined;
    while (workspace === undefined) {
      await yieldToMessages();
      if (stale()) return;
      t0 = performance.now();
      workspace = this.analyseWorkspace(PIECE_MS);
      TRACE(`piece analyse ${(performance.now() - t0).toFixed(1)}`);
    }
    const all = workspace && this.withLoneDocuments(workspace);
    if (!all) return;
    const uris = this.toLookAt(all);
    for (let next = 0; next < uris.length; ) {
      await yieldToMessages();
      if (stale()) return;
      t0 = performance.now();
      next = this.send(all, uris, next, PIECE_MS);
      TRACE(`piece send ${(performance.now() - t0).toFixed(1)}`);
    }
    this.published = all.workspace;
  }

  /** The documents whose diagnostics may have to be sent: changed findings, new versions, lone documents. */
  private toLookAt(all: Analysed): string[] {
    const uris = new Set(this.unsent);
    const before = this.published;
    for (const uri of before ? changedKeys(all.workspace, before) : all.workspace.keys()) uris.add(uri);
    for (const uri of all.lone.keys()) uris.add(uri);
    return [...uris];
  }

  /**
   * Hands the texts of the edited files to the worker kept from the scan and takes in the summaries of
   * those the editor has not changed since; the main thread answers requests meanwhile. The documents stay
   * in `edited`: summarizeEdited then finds their summaries in place, or summarises what is left (no
   * worker, a document that is not a file, a text the worker failed on) itself.
   */
  private async summarizeElsewhere(): Promise<void> {
    // One request at a time: a run that starts while the worker parses waits for it and then sends only the
    // texts still to summarise (queued behind each other, the texts of a burst of edits in a large file each
    // cost the worker a parse that nobody wanted any more).
    while (this.atWorker) await this.atWorker;
    const summarizer = this.summarizer();
    if (!summarizer?.alive) return;
    const jobs: { uri: string; text: string }[] = [];
    for (const uri of this.edited) {
      const doc = this.documents.get(uri);
      if (!doc || this.lone.has(uri)) continue;
      const text = doc.getText();
      if (!this.service.hasSummaryOf(uri, text)) jobs.push({ uri, text });
    }
    if (jobs.length === 0) return;
    const settings = this.service.settings;
    const t0 = performance.now();
    const asked = summarizer.summarize(jobs, summaryOptions(settings));
    // Cleared before any waiting run resumes (this reaction comes first).
    this.atWorker = asked.then(() => {
      this.atWorker = undefined;
    });
    const summaries = await asked;
    // Settings that change summaries came meanwhile: every file is summarised again under them.
    if (!summaries || this.service.settings !== settings) return;
    const files: FileChange[] = [];
    jobs.forEach((job, i) => {
      const summary = summaries[i];
      // The editor moved on (its newer text is edited again) or closed the file.
      if (!summary || this.documents.get(job.uri)?.getText() !== job.text || this.service.isSummaryOf(job.uri, job.text)) return;
      files.push({ uri: job.uri, summary, text: job.text, edited: true });
      this.service.counters.filesSummarized++;
      this.service.counters.documentsParsed += summary.documents;
    });
    if (files.length) this.service.applyChange({ files });
    TRACE(`worker summaries ${(performance.now() - t0).toFixed(1)} ms: ${files.length} of ${jobs.length} taken in`);
  }

  /** Summarises the edited documents for about `ms` (at least one); those left stay in `edited`. */
  private summarizeEdited(ms = Infinity): void {
    const end = performance.now() + ms;
    for (const uri of this.edited) {
      if (performance.now() >= end) return;
      this.edited.delete(uri);
      const doc = this.documents.get(uri);
      if (!doc) continue;
      try {
        const service = this.serviceFor(uri);
        const text = doc.getText();
        // The scan may already have put this very text's summary in (a file opened as it is on disk).
        if (!service.isSummaryOf(uri, text)) service.updateFile(uri, text);
        this.analysed.set(uri, doc.version);
        this.unsent.add(uri);
      } catch (e) {
        this.connection.console.error(`istio-ls: cannot summarise ${uri}: ${(e as Error).stack ?? e}`);
      }
    }
  }

  /**
   * Works on the workspace's analysis for about `ms`: its findings once up to
   * date, undefined when work is left, null when it failed.
   */
  private analyseWorkspace(ms: number): ReadonlyMap<string, Finding[]> | null | undefined {
    const end = performance.now() + ms;
    try {
      do {
        const done = this.service.analysisStep();
        if (done) return done;
      } while (performance.now() < end);
      return undefined;
    } catch (e) {
      this.connection.console.error(`istio-ls: analysis failed: ${(e as Error).stack ?? e}`);
      return null;
    }
  }

  /** The workspace's findings, and each lone document's own (each is one file: analysed at once). */
  private withLoneDocuments(workspace: ReadonlyMap<string, Finding[]>): Analysed | undefined {
    const out: Analysed = { workspace, lone: new Map() };
    try {
      for (const [uri, lone] of this.lone) {
        // Settings are replaced as a whole, so identity says whether they changed.
        if (lone.settings !== this.service.settings) {
          lone.settings = this.service.settings;
          const doc = this.documents.get(uri);
          if (lone.service.setSettings(lone.settings) && doc) {
            lone.service.updateFile(uri, doc.getText());
            this.analysed.set(uri, doc.version);
            this.unsent.add(uri);
          }
        }
        out.lone.set(uri, lone.service.diagnostics().get(uri) ?? []);
      }
    } catch (e) {
      this.connection.console.error(`istio-ls: analysis failed: ${(e as Error).stack ?? e}`);
      return undefined;
    }
    return out;
  }

  /** Sends what changed among `uris` from `from` on, for about `ms`; returns where it stopped. */
  private send(all: Analysed, uris: readonly string[], from: number, ms: number): number {
    const end = performance.now() + ms;
    let i = from;
    for (; i < uris.length; i++) {
      if ((i - from) % 64 === 63 && performance.now() >= end) break;
      const uri = uris[i];
      const lone = all.lone.get(uri);
      const findings = lone ?? all.workspace.get(uri);
      if (!findings) {
        // Gone from the analysis: a file that had diagnostics gets an empty list.
        if (this.sent.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
        continue;
      }
      const service = lone ? this.serviceFor(uri) : this.service;
      const doc = this.documents.get(uri);
      const version = doc ? this.analysed.get(uri) : undefined;
      // The version check: the editor moved on since this text was analysed (a newer run is scheduled).
      if (doc && version !== doc.version) continue;
      this.unsent.delete(uri);
      const summary = service.getSummary(uri);
      const before = this.sent.get(uri);
      const newVersion = version !== undefined && before?.version !== version;
      // Unchanged analysis result for an unchanged file: nothing to compare.
      if (!newVersion && before && before.findings === findings && before.summary === summary) continue;
      if (!newVersion && findings.length === 0 && !before) continue;
      const diagnostics = this.convert(uri, findings, service);
      if (!diagnostics) continue;
      const key = JSON.stringify(diagnostics);
      if (findings.length === 0 && version === undefined) this.sent.delete(uri);
      else this.sent.set(uri, { findings, key, summary, version });
      if (!newVersion && before?.key === key) continue;
      void this.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
    }
    return i;
  }

  private convert(uri: string, findings: Finding[], service: LanguageService): Diagnostic[] | undefined {
    const linesOf = (u: string) => lineIndexOf(service.getSummary(u));
    const lines = linesOf(uri);
    if (!lines) return undefined;
    try {
      return findings.map((f) => toDiagnostic(f, lines, linesOf));
    } catch (e) {
      this.connection.console.error(`istio-ls: cannot convert the diagnostics of ${uri}: ${(e as Error).message}`);
      return undefined;
    }
  }
}
