// The reduce side of the index: uri → FileSummary, and the analysis of the
// whole workspace over an immutable snapshot. An edit replaces one entry.
import type { FileSummary, Finding } from '../model';
import { summarize } from '../summary/summarize';
import type { Settings } from '../settings';
import { Snapshot } from './snapshot';
import { analyzeWorkspace } from './analyze';
import { IncrementalAnalysis } from './incremental';
import { workspaceAnalyzers } from '../analyzers/registry';
import { warmUpParser } from './parserWarmUp';
import { placeResources } from '../kustomize/placement';

export interface WorkCounters {
  /** YAML documents parsed since the index was created. */
  documentsParsed: number;
  /** Files summarised (parsed + extracted + local checks). */
  filesSummarized: number;
  /** Workspace analyses run. */
  analyses: number;
  /** Resources re-analysed by per-resource cross-file analyzers (see incremental.ts). */
  resourcesAnalyzed: number;
  /** Whole-workspace runs of the other cross-file analyzers. */
  analyzerRuns: number;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, FileSummary>();
  private snap: Snapshot | undefined;
  /** The last snapshot built and the files changed since (undefined: anything may have changed). */
  private lastSnap: Snapshot | undefined;
  private changedSince: Set<string> | undefined = new Set();
  /** The files changed since the last analysis (undefined: anything may have changed). */
  private changedSinceAnalysis: Set<string> | undefined;
  private analysis: Map<string, Finding[]> | undefined;
  private placementSignature = '';
  readonly counters: WorkCounters = { documentsParsed: 0, filesSummarized: 0, analyses: 0, resourcesAnalyzed: 0, analyzerRuns: 0 };
  private readonly incremental = new IncrementalAnalysis(workspaceAnalyzers, this.counters);

  constructor(private settingsValue: Settings) {}

  get settings(): Settings {
    return this.settingsValue;
  }

  /** Replaces the settings; returns true when summaries must be rebuilt from text. */
  setSettings(next: Settings): boolean {
    const resummarize = next.defaultNamespace !== this.settingsValue.defaultNamespace || next.maxFileSize !== this.settingsValue.maxFileSize;
    this.settingsValue = next;
    this.invalidate();
    this.changedSince = undefined;
    this.changedSinceAnalysis = undefined;
    return resummarize;
  }

  update(uri: string, text: string): FileSummary {
    const summary = summarize(uri, text, { defaultNamespace: this.settingsValue.defaultNamespace, limits: { maxFileSize: this.settingsValue.maxFileSize } });
    this.counters.documentsParsed += summary.documents;
    this.counters.filesSummarized++;
    keepUnchangedResources(this.files.get(uri), summary);
    this.put(summary);
    return summary;
  }

  /** Adds a summary made elsewhere (a worker thread, the persisted cache). */
  put(summary: FileSummary): void {
    this.files.set(summary.uri, summary);
    this.invalidate();
    this.changedSince?.add(summary.uri);
    this.changedSinceAnalysis?.add(summary.uri);
  }

  remove(uri: string): boolean {
    const had = this.files.delete(uri);
    if (had) {
      this.invalidate();
      this.changedSince?.add(uri);
      this.changedSinceAnalysis?.add(uri);
    }
    return had;
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  get(uri: string): FileSummary | undefined {
    return this.files.get(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  snapshot(): Snapshot {
    // A copy of the file table: a snapshot must not see later edits (the incremental analysis diffs two of them).
    if (!this.snap) {
      // Kustomize and GitOps placement first: when it moved (a kustomization changed), any file may have changed.
      const placement = placeResources(this.files);
      if (placement.signature !== this.placementSignature) {
        this.placementSignature = placement.signature;
        this.changedSince = undefined;
        this.changedSinceAnalysis = undefined;
      }
      // After a small edit the tables of the last snapshot are reused with the changed files' resources swapped in.
      const earlier = this.lastSnap && this.changedSince && this.changedSince.size <= 20 ? { snapshot: this.lastSnap, changed: [...this.changedSince] } : undefined;
      this.snap = new Snapshot(placement.files, this.settingsValue, earlier);
      this.lastSnap = this.snap;
      this.changedSince = new Set();
    }
    return this.snap;
  }

  /** Findings for every file, after suppression and severity settings. */
  diagnostics(): ReadonlyMap<string, Finding[]> {
    if (!this.analysis) {
      this.counters.analyses++;
      this.analysis = this.incremental.analyze(this.snapshot(), this.changedSinceAnalysis);
      this.changedSinceAnalysis = new Set();
    }
    return this.analysis;
  }

  /**
   * Prepares the incremental analysis after a first full one (which skips its
   * bookkeeping to be fast): call it when idle so the first edit is incremental.
   */
  warmUp(): void {
    this.incremental.warmUp();
    // The scan parsed in worker threads: the first edit would run a cold parser here.
    warmUpParser(30);
  }

  /** The same findings computed from scratch (a snapshot built from every file, no incremental bookkeeping; for tests). */
  analyzeFully(): ReadonlyMap<string, Finding[]> {
    return analyzeWorkspace(new Snapshot(placeResources(this.files).files, this.settingsValue));
  }

  private invalidate(): void {
    this.snap = undefined;
    this.analysis = undefined;
  }
}

/**
 * A re-summarised file keeps the resource objects that did not change (same
 * data, same spans), so the incremental analysis sees only the real change.
 */
function keepUnchangedResources(before: FileSummary | undefined, after: FileSummary): void {
  if (!before) return;
  const n = Math.min(before.resources.length, after.resources.length);
  for (let i = 0; i < n; i++) {
    const old = before.resources[i];
    if (old.uri === after.resources[i].uri && JSON.stringify(old) === JSON.stringify(after.resources[i])) after.resources[i] = old;
  }
}
