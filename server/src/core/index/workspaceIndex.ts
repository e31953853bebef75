// The reduce side of the index: uri → FileSummary, and the analysis of the
// whole workspace over an immutable snapshot. An edit replaces one entry.
import type { FileSummary, Finding } from '../model';
import { summarize } from '../summary/summarize';
import type { Settings } from '../settings';
import { Snapshot } from './snapshot';
import { analyzeWorkspace } from './analyze';

export interface WorkCounters {
  /** YAML documents parsed since the index was created. */
  documentsParsed: number;
  /** Files summarised (parsed + extracted + local checks). */
  filesSummarized: number;
  /** Workspace analyses run. */
  analyses: number;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, FileSummary>();
  private snap: Snapshot | undefined;
  private analysis: Map<string, Finding[]> | undefined;
  readonly counters: WorkCounters = { documentsParsed: 0, filesSummarized: 0, analyses: 0 };

  constructor(private settingsValue: Settings) {}

  get settings(): Settings {
    return this.settingsValue;
  }

  /** Replaces the settings; returns true when summaries must be rebuilt from text. */
  setSettings(next: Settings): boolean {
    const resummarize = next.defaultNamespace !== this.settingsValue.defaultNamespace || next.maxFileSize !== this.settingsValue.maxFileSize;
    this.settingsValue = next;
    this.invalidate();
    return resummarize;
  }

  update(uri: string, text: string): FileSummary {
    const summary = summarize(uri, text, { defaultNamespace: this.settingsValue.defaultNamespace, limits: { maxFileSize: this.settingsValue.maxFileSize } });
    this.counters.documentsParsed += summary.documents;
    this.counters.filesSummarized++;
    this.put(summary);
    return summary;
  }

  /** Adds a summary made elsewhere (a worker thread, the persisted cache). */
  put(summary: FileSummary): void {
    this.files.set(summary.uri, summary);
    this.invalidate();
  }

  remove(uri: string): boolean {
    const had = this.files.delete(uri);
    if (had) this.invalidate();
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
    if (!this.snap) this.snap = new Snapshot(this.files, this.settingsValue);
    return this.snap;
  }

  /** Findings for every file, after suppression and severity settings. */
  diagnostics(): ReadonlyMap<string, Finding[]> {
    if (!this.analysis) {
      this.counters.analyses++;
      this.analysis = analyzeWorkspace(this.snapshot());
    }
    return this.analysis;
  }

  private invalidate(): void {
    this.snap = undefined;
    this.analysis = undefined;
  }
}
