// The one place where the workspace changes: `applyChange` takes files (text,
// a summary made elsewhere, or removal) and settings, and moves to a new
// immutable snapshot. Changes that arrive one file at a time (the initial
// scan) are batched into one snapshot when it is next asked for. Kustomize
// and GitOps placement (kustomize/placement.ts) runs then, over the files as
// summarised; the snapshot holds the placed summaries, and a placement that
// moved (a kustomization changed) reaches the other files through the same
// swap of resources. The analysis
// follows lazily: `diagnostics()` brings the engine up to date with the
// changes since it last ran, so requests that need only the snapshot
// (completion, hover) never wait for it.
import type { Document } from 'yaml';
import type { FileSummary, Finding, Resource } from '../model';
import { summarize, oversizeSummary } from '../summary/summarize';
import type { Settings } from '../settings';
import { Snapshot, type TableChange } from './snapshot';
import { AnalysisEngine, type AnalysisCounters } from './engine';
import { workspaceAnalyzers } from '../analyzers/registry';
import { warmUpParser } from './parserWarmUp';
import { movesOthers, placeResources, type Placement } from '../kustomize/placement';
import { builtFrom, rememberText } from '../summary/summaryText';

/** One file of a change: its new text, a summary made elsewhere (a worker, the cache), its size when too large to read, or its removal. */
export type FileChange =
  | { uri: string; text: string }
  | {
      uri: string;
      summary: FileSummary;
      /** The text it was made from, when known (an open document as on disk). */
      text?: string;
      /** Made elsewhere (a worker) from an editor's new text: it shares the resources that did not change with the current summary, as one made here does. */
      edited?: boolean;
    }
  | { uri: string; oversize: number }
  | { uri: string; removed: true };

export interface Change {
  files?: readonly FileChange[];
  /** The complete settings (each answer replaces the previous one). */
  settings?: Settings;
}

export interface ChangeResult {
  readonly snapshot: Snapshot;
  /** The summaries of the changed files, in the order given (undefined for a removal). */
  summaries: (FileSummary | undefined)[];
  /** The settings changed how files are read (default namespace, size limit): re-read them from text. */
  resummarize: boolean;
}

export interface WorkCounters extends AnalysisCounters {
  /** YAML documents parsed since the workspace was created. */
  documentsParsed: number;
  /** Files summarised (parsed + extracted + local checks). */
  filesSummarized: number;
  /** Times the analysis was brought up to date. */
  analyses: number;
}

export class Workspace {
  private snap: Snapshot;
  private engine: AnalysisEngine;
  readonly counters: WorkCounters = { documentsParsed: 0, filesSummarized: 0, analyses: 0, resourcesAnalyzed: 0, groupKeysComputed: 0, groupsChecked: 0 };
  /** What changed since the engine last ran. */
  private pending = emptyPending();
  private analysis: ReadonlyMap<string, Finding[]> | undefined;
  /** The last summary a request made of text the index does not hold yet (see summaryOf). */
  private draft: { uri: string; text: string; settings: Settings; base: FileSummary | undefined; summary: FileSummary } | undefined;
  /** The engine update under way (see analysisStep) and the snapshot it brings the engine to. */
  private job: { snap: Snapshot; steps: Generator<void, ReadonlyMap<string, Finding[]>> } | undefined;
  /** Every file as summarised, before placement. */
  private readonly files = new Map<string, FileSummary>();
  /** Files changed since the snapshot was last built, with their summary then. */
  private readonly dirty = new Map<string, FileSummary | undefined>();
  /** The placement of the last snapshot. */
  private placement: Placement | undefined;

  constructor(settings: Settings) {
    this.snap = Snapshot.empty(settings);
    this.engine = new AnalysisEngine(workspaceAnalyzers, this.counters);
  }

  get settings(): Settings {
    return this.snap.settings;
  }

  snapshot(): Snapshot {
    if (this.dirty.size) {
      const changes: [string, FileSummary | undefined][] = [];
      const placement = this.placement;
      // A patch file's resources decide which resources of its build are patched: then everything is placed again.
      if (placement && [...this.dirty].every(([uri, before]) => !placement.patchFiles.has(uri) && !movesOthers(before, this.files.get(uri)))) {
        // Only the changed files move, each under the layers it had.
        for (const uri of this.dirty.keys()) changes.push([uri, placement.placeAgain(uri, this.files.get(uri)!)]);
      } else {
        // Placement keeps the identity of every summary and resource it does not move: compare by identity.
        this.placement = placeResources(this.files);
        const placed = this.placement.files;
        for (const [uri, summary] of placed) if (this.snap.files.get(uri) !== summary) changes.push([uri, summary]);
        for (const uri of this.snap.files.keys()) if (!placed.has(uri)) changes.push([uri, undefined]);
      }
      this.dirty.clear();
      this.swap(changes);
    }
    return this.snap;
  }

  applyChange(change: Change): ChangeResult {
    let resummarize = false;
    // Settings equal to the current ones change nothing (a client's first answer often repeats what the server started with).
    if (change.settings && change.settings !== this.snap.settings && JSON.stringify(change.settings) !== JSON.stringify(this.snap.settings)) {
      const before = this.snap.settings;
      resummarize = change.settings.defaultNamespace !== before.defaultNamespace || change.settings.maxFileSize !== before.maxFileSize;
      // New settings reach every check: start from the empty workspace with the same files.
      const files: [string, FileSummary][] = [...this.snapshot().files];
      this.snap = Snapshot.empty(change.settings);
      this.engine = new AnalysisEngine(workspaceAnalyzers, this.counters);
      this.job = undefined;
      this.pending = emptyPending();
      this.analysis = undefined;
      this.swap(files);
    }
    const summaries: (FileSummary | undefined)[] = [];
    for (const f of change.files ?? []) {
      const summary = 'summary' in f ? f.summary : 'text' in f ? this.summarizeChange(f.uri, f.text) : 'oversize' in f ? oversizeSummary(f.uri, f.oversize, this.settings.maxFileSize) : undefined;
      if ('summary' in f && f.edited && summary !== this.files.get(f.uri)) keepUnchangedResources(this.files.get(f.uri), f.summary);
      if ('summary' in f && f.text !== undefined) rememberText(f.summary, f.text);
      summaries.push(summary);
      // The summary the index holds, now known to be of this text too (an editor opened the file as it is on disk).
      if ('summary' in f && summary === this.files.get(f.uri)) continue;
      const before = this.files.get(f.uri);
      if (summary) this.files.set(f.uri, summary);
      else if (!this.files.delete(f.uri)) continue;
      // What the file was when the snapshot was built.
      if (!this.dirty.has(f.uri)) this.dirty.set(f.uri, before);
      this.analysis = undefined;
    }
    const ws = this;
    return {
      get snapshot() {
        return ws.snapshot();
      },
      summaries,
      resummarize,
    };
  }

  /**
   * The summary of an editor's text for a request: the index's when it was
   * built from this text, else one made now and kept as the draft, which the
   * change bringing this text into the index then takes instead of parsing
   * it again (a request right after an edit comes before the edit's analysis).
   */
  summaryOf(uri: string, text: string, onParsed?: (docs: Document.Parsed[]) => void): FileSummary {
    const current = this.files.get(uri);
    if (builtFrom(current, text)) return current;
    const d = this.draftOf(uri, text);
    if (d) return d.summary;
    const summary = this.summarize(uri, text, onParsed);
    this.draft = { uri, text, settings: this.settings, base: current, summary };
    return summary;
  }

  /** A summary of exactly this text is at hand (the index's or a request's draft): a change to it parses nothing. */
  hasSummaryOf(uri: string, text: string): boolean {
    return builtFrom(this.files.get(uri), text) || !!this.draftOf(uri, text);
  }

  /** The draft, when a request made it of this very text under the current settings. */
  private draftOf(uri: string, text: string) {
    const d = this.draft;
    return d && d.uri === uri && d.text === text && d.settings === this.settings ? d : undefined;
  }

  private summarizeChange(uri: string, text: string): FileSummary {
    const d = this.draftOf(uri, text);
    if (!d) return this.summarize(uri, text);
    this.draft = undefined;
    // Made against an older summary of the file: share what did not change with the current one.
    if (d.base !== this.get(uri)) keepUnchangedResources(this.get(uri), d.summary);
    return d.summary;
  }

  private summarize(uri: string, text: string, onParsed?: (docs: Document.Parsed[]) => void): FileSummary {
    const summary = summarize(uri, text, { defaultNamespace: this.settings.defaultNamespace, limits: { maxFileSize: this.settings.maxFileSize }, onParsed });
    this.counters.documentsParsed += summary.documents;
    this.counters.filesSummarized++;
    keepUnchangedResources(this.get(uri), summary);
    rememberText(summary, text);
    return summary;
  }

  private swap(real: [string, FileSummary | undefined][]): void {
    if (real.length === 0) return;
    const { snapshot, change } = this.snap.withFiles(real);
    this.snap = snapshot;
    this.analysis = undefined;
    const p = this.pending;
    // A resource that comes and goes before the engine runs was never seen by it.
    for (const r of change.removed) if (!p.added.delete(r)) p.removed.add(r);
    for (const r of change.added) p.added.add(r);
    for (const k of change.keys) p.keys.add(k);
    for (const k of change.moved) p.moved.add(k);
    for (const f of change.movedFiles) p.movedFiles.add(f);
    for (const [uri] of real) p.files.add(uri);
  }

  /** A file's summary as summarised (before kustomize placement). */
  get(uri: string): FileSummary | undefined {
    return this.files.get(uri);
  }

  has(uri: string): boolean {
    return this.get(uri) !== undefined;
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Findings for every file, after suppression and severity settings. */
  diagnostics(): ReadonlyMap<string, Finding[]> {
    for (;;) {
      const done = this.analysisStep();
      if (done) return done;
    }
  }

  /**
   * One bounded piece of bringing the analysis up to date (at most one check,
   * or building the snapshot): the findings once it is, else undefined. A
   * change between steps does not disturb the update under way, which works
   * on its own snapshot; its result is then not kept, and the next step
   * starts the update for the newer changes.
   */
  analysisStep(): ReadonlyMap<string, Finding[]> | undefined {
    if (this.analysis) return this.analysis;
    if (!this.job) {
      const snap = this.snapshot();
      const p = this.pending;
      this.pending = emptyPending();
      // An entry that really changed in one of the changes is not just moved.
      for (const k of p.keys) p.moved.delete(k);
      const change: TableChange = { removed: [...p.removed], added: [...p.added], keys: p.keys, moved: p.moved, movedFiles: p.movedFiles };
      this.counters.analyses++;
      this.job = { snap, steps: this.engine.updateSteps(snap, change, p.files) };
      return undefined;
    }
    const next = this.job.steps.next();
    if (!next.done) return undefined;
    const { snap } = this.job;
    this.job = undefined;
    // Current only if nothing changed since the update began.
    if (snap === this.snap && this.dirty.size === 0) this.analysis = next.value;
    return this.analysis;
  }

  /** The findings if the analysis is up to date with the last change, without running it. */
  diagnosticsIfCurrent(): ReadonlyMap<string, Finding[]> | undefined {
    return this.analysis;
  }

  /**
   * One piece of indexing what the first analysis's checks read (engine.ts `linkStep`), so the first
   * change after it finds the checks it reaches at once; false once nothing is left. For idle time.
   */
  indexReads(): boolean {
    return this.engine.linkStep();
  }

  /** Gets the main thread's parser ready for the first edit after a scan made in worker threads (`rounds` summaries of a sample, a few ms each). */
  warmUp(rounds = 30): void {
    warmUpParser(rounds);
  }

  /** The same findings computed from scratch: a fresh snapshot and engine over the same summaries (for tests). */
  analyzeFully(): ReadonlyMap<string, Finding[]> {
    const counters = { resourcesAnalyzed: 0, groupKeysComputed: 0, groupsChecked: 0 };
    const { snapshot, change } = Snapshot.empty(this.settings).withFiles(placeResources(this.files).files);
    return new AnalysisEngine(workspaceAnalyzers, counters).update(snapshot, change, snapshot.files.keys());
  }
}

function emptyPending() {
  return { removed: new Set<Resource>(), added: new Set<Resource>(), keys: new Set<string>(), moved: new Set<string>(), movedFiles: new Set<string>(), files: new Set<string>() };
}

/**
 * A re-summarised file keeps the resource objects that did not change (same
 * data, same spans), so the tables and the analysis see only the real change.
 */
function keepUnchangedResources(before: FileSummary | undefined, after: FileSummary): void {
  if (!before) return;
  const n = Math.min(before.resources.length, after.resources.length);
  for (let i = 0; i < n; i++) {
    const old = before.resources[i];
    if (old.uri === after.resources[i].uri && JSON.stringify(old) === JSON.stringify(after.resources[i])) after.resources[i] = old;
  }
}
