// The cross-file analysis, kept up to date by table changes. A per-resource
// check remembers the table entries it read; a conflict check remembers the
// members of each group and what the group check read. After a change
// (snapshot.ts says which resources left and came and which entries changed)
// only the checks whose resource left or came, or whose reads changed, run
// again, and only the files they report on are reassembled. Entries that
// changed only because their resources moved in the file (text inserted
// above them) re-run only the checks whose findings point into that file. A fresh analysis
// is the same code applied to an empty state: the tests and the fuzz compare
// the two after random edits.
import { ForkableMap } from './forkableMap';
import type { FileSummary, Finding, Resource } from '../model';
import type { ConflictAnalyzer, PerResourceAnalyzer, WorkspaceAnalyzer } from '../analyzers/types';
import type { Snapshot, TableChange } from './snapshot';
import { applySettings, suppressionIndex } from './settingsFilter';

export interface AnalysisCounters {
  /** Per-resource checks run. */
  resourcesAnalyzed: number;
  /** Group keys computed for conflict checks. */
  groupKeysComputed: number;
  /** Conflict groups checked. */
  groupsChecked: number;
}

/**
 * One check's result: its findings and the entries it read. Kept for every
 * check of the workspace, so kept small: the reads as an array once the check
 * is done, and no list of its own when it found nothing (a Set per check held
 * megabytes on the huge benchmark workspace, whose peak memory is at the end
 * of the first analysis).
 */
interface Run {
  findings: [string, Finding][];
  deps: readonly string[];
}

const NO_FINDINGS: [string, Finding][] = [];
Object.freeze(NO_FINDINGS);
const NO_READS: readonly string[] = Object.freeze([]);

interface PerResourceState {
  analyzer: PerResourceAnalyzer;
  runs: Map<Resource, Run>;
  dependents: Map<string, Set<Resource>>;
  /** The dependents index holds every run's reads (see `linked`). */
  linked: boolean;
}

interface ConflictState {
  analyzer: ConflictAnalyzer;
  linked: boolean;
  /** Each member's group keys and the entries computing them read. */
  keysOf: Map<Resource, Run & { keys: string[] }>;
  keyDependents: Map<string, Set<Resource>>;
  members: Map<string, Resource[]>;
  runs: Map<string, Run>;
  dependents: Map<string, Set<string>>;
}

export class AnalysisEngine {
  private readonly perResource: PerResourceState[] = [];
  private readonly conflict: ConflictState[] = [];
  /** The runs that reported on each file. */
  private readonly byUri = new Map<string, Set<Run>>();
  private result: ReadonlyMap<string, Finding[]> = ForkableMap.empty();
  /** One query view per update, recording into the reads of the check under way (a view per check was an object and a closure per check). */
  private view: { snap: Snapshot; query: Snapshot } | undefined;
  /** The entries the check under way read, each once: a list (most checks read a few), and a set beside it once it is long. */
  private reads: string[] = [];
  private readSet: Set<string> | undefined;

  constructor(
    analyzers: readonly WorkspaceAnalyzer[],
    private readonly counters: AnalysisCounters,
  ) {
    for (const analyzer of analyzers) {
      if ('check' in analyzer) this.perResource.push({ analyzer, runs: new Map(), dependents: new Map(), linked: true });
      else this.conflict.push({ analyzer, linked: true, keysOf: new Map(), keyDependents: new Map(), members: new Map(), runs: new Map(), dependents: new Map() });
    }
  }

  /** Findings of every file of `snap`, after `change` (from the snapshot this engine last saw); unchanged files keep their lists. */
  update(snap: Snapshot, change: TableChange, changedFiles: Iterable<string>): ReadonlyMap<string, Finding[]> {
    const steps = this.updateSteps(snap, change, changedFiles);
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
    }
  }

  /**
   * The same update in steps: each `next()` runs at most one check, so a caller
   * can serve requests in between. Once started it must be run to its end
   * before the next update (the engine's state is then that of `snap`).
   */
  *updateSteps(snap: Snapshot, change: TableChange, changedFiles: Iterable<string>): Generator<void, ReadonlyMap<string, Finding[]>> {
    const touched = new Set<string>(changedFiles);
    const added = byKind(change.added);
    for (const state of this.perResource) yield* this.updatePerResource(state, snap, change, added, touched);
    for (const state of this.conflict) yield* this.updateConflicts(state, snap, change, added, touched);
    // Copied in O(changes): a Map of every file's findings took milliseconds to copy on each edit.
    const result = ForkableMap.fork(this.result);
    const suppressing = suppressionIndex(snap);
    // A changed suppression annotation can hide or show findings of any file.
    const all = [...change.removed, ...change.added].some((r) => r.suppress.length > 0);
    for (const uri of all ? snap.files.keys() : touched) {
      const file = snap.files.get(uri);
      if (!file) {
        result.delete(uri);
        continue;
      }
      const list = ownFindings(file);
      for (const run of this.byUri.get(uri) ?? []) for (const [u, f] of run.findings) if (u === uri) list.push(f);
      result.set(uri, list.length ? applySettings(list, suppressing, snap.settings) : list);
    }
    this.result = result;
    this.view = undefined;
    return result;
  }

  /** The query view of `snap`, recording the reads of a new check. */
  private startReading(snap: Snapshot): Snapshot {
    if (this.view?.snap !== snap) this.view = { snap, query: snap.query((d) => this.read(d)) };
    this.reads = [];
    this.readSet = undefined;
    return this.view.query;
  }

  private read(d: string): void {
    const reads = this.reads;
    if (this.readSet) {
      if (this.readSet.has(d)) return;
      this.readSet.add(d);
    } else if (reads.includes(d)) return;
    else if (reads.length >= 16) this.readSet = new Set(reads).add(d);
    reads.push(d);
  }

  /** What the check read, as a list of its own size. */
  private doneReading(): readonly string[] {
    return this.reads.length ? this.reads.slice() : NO_READS;
  }

  /**
   * Indexes the reads of one check family that ran from nothing (see `linked`); false when none is left.
   * Called when idle after the first analysis, else by the next update.
   */
  linkStep(): boolean {
    const state = [...this.perResource, ...this.conflict].find((s) => !s.linked);
    if (!state) return false;
    if ('keysOf' in state) {
      for (const [r, k] of state.keysOf) link(state.keyDependents, k.deps, r);
      for (const [key, run] of state.runs) link(state.dependents, run.deps, key);
    } else for (const [r, run] of state.runs) link(state.dependents, run.deps, r);
    state.linked = true;
    return true;
  }

  /**
   * A check family that has no runs yet (the first analysis) runs every check and needs no index of what
   * they read to find the ones a change reaches: the index is built afterwards (`linkStep`), off the
   * first analysis's path (building it as the checks ran was a tenth of that analysis).
   */
  private ready(state: PerResourceState | ConflictState): boolean {
    const fresh = 'keysOf' in state ? state.keysOf.size === 0 && state.runs.size === 0 : state.runs.size === 0;
    if (fresh) state.linked = false;
    else while (!state.linked && this.linkStep());
    return fresh;
  }

  private *updatePerResource(state: PerResourceState, snap: Snapshot, change: TableChange, added: Map<string, Resource[]>, touched: Set<string>): Generator<void> {
    // From nothing, every resource of the kind is checked once and there is nothing to forget.
    const fresh = this.ready(state);
    const rerun: Iterable<Resource> = fresh ? (added.get(state.analyzer.kind) ?? []) : this.toRerun(state, change, added, touched);
    for (const r of rerun) {
      if (!fresh) this.forget(state.runs, state.dependents, r, touched);
      const run = this.run(snap, state.analyzer, (q, report) => state.analyzer.check(r as never, q, report));
      this.counters.resourcesAnalyzed++;
      this.remember(state.runs, state.linked ? state.dependents : undefined, r, run, touched);
      yield;
    }
  }

  /** The resources whose check a change reaches: those that came, and those that read a changed entry. */
  private toRerun(state: PerResourceState, change: TableChange, added: Map<string, Resource[]>, touched: Set<string>): Set<Resource> {
    const rerun = new Set<Resource>(added.get(state.analyzer.kind));
    if (state.runs.size > 0) for (const r of change.removed) this.forget(state.runs, state.dependents, r, touched);
    for (const set of affected(state.dependents, change.keys)) for (const r of set) rerun.add(r);
    for (const set of affected(state.dependents, change.moved)) for (const r of set) if (!rerun.has(r) && mentions(state.runs.get(r), change.movedFiles)) rerun.add(r);
    return rerun;
  }

  private *updateConflicts(state: ConflictState, snap: Snapshot, change: TableChange, added: Map<string, Resource[]>, touched: Set<string>): Generator<void> {
    const { analyzer } = state;
    const fresh = this.ready(state);
    const dirty = new Set<string>();
    const leave = (r: Resource) => {
      const before = state.keysOf.get(r);
      if (!before) return;
      state.keysOf.delete(r);
      unlink(state.keyDependents, before.deps, r);
      for (const key of before.keys) {
        const list = (state.members.get(key) ?? []).filter((m) => m !== r);
        if (list.length) state.members.set(key, list);
        else state.members.delete(key);
        dirty.add(key);
      }
    };
    let regroup: Iterable<Resource> = added.get(analyzer.kind) ?? [];
    if (!fresh) {
      if (state.keysOf.size > 0) for (const r of change.removed) leave(r);
      const set = new Set<Resource>(regroup);
      for (const s of affected(state.keyDependents, change.keys)) for (const r of s) set.add(r);
      regroup = set;
    }
    // New members are merged into their groups once, in workspace order.
    const joining = new Map<string, Resource[]>();
    for (const r of regroup) {
      if (!fresh) leave(r);
      const query = this.startReading(snap);
      let keys: string[] = [];
      try {
        keys = [...new Set(analyzer.groupKeys(r as never, query))];
      } catch (e) {
        console.error(`istio-ls: analyzer ${codes(analyzer)} failed on ${r.kind}/${r.namespace}/${r.name}: ${(e as Error).stack ?? e}`);
      }
      this.counters.groupKeysComputed++;
      const deps = this.doneReading();
      state.keysOf.set(r, { keys, deps, findings: NO_FINDINGS });
      if (state.linked) link(state.keyDependents, deps, r);
      for (const key of keys) {
        const list = joining.get(key);
        if (list) list.push(r);
        else joining.set(key, [r]);
        dirty.add(key);
      }
      yield;
    }
    for (const [key, list] of joining) {
      const members = state.members.get(key);
      // A stable sort keeps members that compare equal in the order they joined.
      state.members.set(key, members ? [...members, ...list].sort((a, b) => snap.compare(a, b)) : list.length > 1 ? list.sort((a, b) => snap.compare(a, b)) : list);
    }
    for (const set of affected(state.dependents, change.keys)) for (const g of set) dirty.add(g);
    // Group keys never hold offsets, so moved entries matter only to group checks that point into those files.
    for (const set of affected(state.dependents, change.moved)) for (const g of set) if (!dirty.has(g) && mentions(state.runs.get(g), change.movedFiles)) dirty.add(g);
    for (const key of dirty) {
      if (!fresh) this.forget(state.runs, state.dependents, key, touched);
      const members = state.members.get(key);
      if (!members) continue;
      const run = this.run(snap, analyzer, (q, report) => analyzer.checkGroup(key, members as never, q, report));
      this.counters.groupsChecked++;
      this.remember(state.runs, state.linked ? state.dependents : undefined, key, run, touched);
      yield;
    }
  }

  private run(snap: Snapshot, analyzer: WorkspaceAnalyzer, body: (q: Snapshot, report: (uri: string, f: Finding) => void) => void): Run {
    const findings: [string, Finding][] = [];
    const query = this.startReading(snap);
    try {
      body(
        query,
        (uri, f) => findings.push([uri, f]),
      );
    } catch (e) {
      // One broken check must not hide the others' findings.
      console.error(`istio-ls: analyzer ${codes(analyzer)} failed: ${(e as Error).stack ?? e}`);
    }
    return { findings: findings.length ? findings : NO_FINDINGS, deps: this.doneReading() };
  }

  private remember<K>(runs: Map<K, Run>, dependents: Map<string, Set<K>> | undefined, key: K, run: Run, touched: Set<string>): void {
    runs.set(key, run);
    if (dependents) link(dependents, run.deps, key);
    for (const [uri] of run.findings) {
      touched.add(uri);
      let set = this.byUri.get(uri);
      if (!set) this.byUri.set(uri, (set = new Set()));
      set.add(run);
    }
  }

  private forget<K>(runs: Map<K, Run>, dependents: Map<string, Set<K>>, key: K, touched: Set<string>): void {
    const run = runs.get(key);
    if (!run) return;
    runs.delete(key);
    unlink(dependents, run.deps, key);
    for (const [uri] of run.findings) {
      touched.add(uri);
      const set = this.byUri.get(uri);
      set?.delete(run);
      if (set?.size === 0) this.byUri.delete(uri);
    }
  }
}

/** Whether a check's findings are on, or point into, one of these files (where offsets moved). */
function mentions(run: Run | undefined, files: Set<string>): boolean {
  if (!run) return true;
  for (const [uri, f] of run.findings) {
    if (files.has(uri) || f.related?.some((r) => files.has(r.uri))) return true;
    if (f.data) {
      const data = JSON.stringify(f.data);
      for (const file of files) if (data.includes(file)) return true;
    }
  }
  return false;
}

/** The resources of each data kind. */
function byKind(resources: readonly Resource[]): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  for (const r of resources) {
    const list = out.get(r.data.kind);
    if (list) list.push(r);
    else out.set(r.data.kind, [r]);
  }
  return out;
}

/** The dependents of the changed entries: looked up from whichever of the two is smaller. */
function* affected<K>(dependents: Map<string, Set<K>>, keys: Set<string>): Iterable<Set<K>> {
  if (dependents.size === 0) return;
  if (keys.size <= dependents.size) {
    for (const key of keys) {
      const set = dependents.get(key);
      if (set) yield set;
    }
  } else {
    for (const [key, set] of dependents) if (keys.has(key)) yield set;
  }
}

function link<K>(dependents: Map<string, Set<K>>, deps: readonly string[], key: K): void {
  for (const d of deps) {
    let set = dependents.get(d);
    if (!set) dependents.set(d, (set = new Set()));
    set.add(key);
  }
}

function unlink<K>(dependents: Map<string, Set<K>>, deps: readonly string[], key: K): void {
  for (const d of deps) {
    const set = dependents.get(d);
    set?.delete(key);
    if (set?.size === 0) dependents.delete(d);
  }
}

function codes(analyzer: WorkspaceAnalyzer): string {
  return analyzer.rules.map((r) => r.code).join(',');
}

/**
 * A file's own findings, less what a kustomize patch of the resource's builds
 * may add: a missing required field where some build patches the resource (a
 * component's patch that sets every WasmPlugin's url), and something missing
 * that the validation webhook requires where every build patches it (the
 * webhook sees the built resource: hippocampus-dev's base AuthorizationPolicy
 * gets its rules from the overlay's patch), and a non-string annotation value
 * where kustomize builds the resource. Other wrong values stay reported.
 */
function ownFindings(file: FileSummary): Finding[] {
  const built = file.resources.filter((r) => r.patched || r.kustomized);
  if (built.length === 0) return [...file.findings];
  const at = (f: Finding) => built.find((r) => r.span.start <= f.span.start && f.span.start < r.span.end);
  return file.findings.filter((f) => {
    const kind = f.data?.kind;
    // kustomize writes every annotation value as a string (`size: 4096` comes out "4096"): what the API server gets is valid.
    if (kind === 'type' && String(f.data?.path).startsWith('metadata.annotations.')) return !at(f)?.kustomized;
    if (kind !== 'required' && kind !== 'absent') return true;
    const r = at(f);
    return !r?.patched || (kind === 'absent' && r.patched !== 'every');
  });
}
