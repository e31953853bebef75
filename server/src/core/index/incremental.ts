// Incremental cross-file analysis: after an edit, re-run only the analyses
// whose inputs changed, so the work follows the change, not the workspace.
//
// How it knows what changed without asking the analyzers: every analyzer run
// gets the snapshot through a tracking proxy that records what it reads
// (`services:reviews.ns.svc.cluster.local` for a map lookup, `workloads:*` for
// a whole collection). The next analysis diffs the new snapshot against the
// previous one table by table (resources keep their identity across
// snapshots unless their file changed) and re-runs exactly the runs that read
// a changed entry. A WorkspaceAnalyzer that declares `iterates` (the
// collection its outer loop walks; see analyzers/types.ts) is run once per
// element of that collection, with the collection narrowed to the element, so
// its results and dependencies are tracked per resource; any other analyzer
// is tracked and re-run as a whole.
//
// The result equals a full analysis (`analyzeWorkspace`): the tests and the
// fuzz run compare the two after random edits.
import type { FileSummary, Finding, Resource } from '../model';
import type { Settings } from '../settings';
import type { IteratedCollection, WorkspaceAnalyzer } from '../analyzers/types';
import type { Snapshot } from './snapshot';
import { analyzeWorkspace, applySettings, suppressionIndex } from './analyze';

export interface AnalysisCounters {
  /** Resources re-analysed by per-resource analyzers. */
  resourcesAnalyzed: number;
  /** Whole-workspace runs of analyzers that are not per resource. */
  analyzerRuns: number;
}


type Deps = Set<string>;
const ALWAYS = '(always)';

interface ElementResult {
  findings: [string, Finding][];
  deps: Deps;
}

interface AnalyzerState {
  analyzer: WorkspaceAnalyzer;
  iterates?: IteratedCollection;
  elements: Map<Resource, ElementResult>;
  /** Reverse of the elements' deps: which elements read a table entry. */
  dependents: Map<string, Set<Resource>>;
  /** Per-resource analyzers: the elements that reported on each uri. */
  elementsByUri: Map<string, Set<Resource>>;
  /** Whole runs: findings by uri and what the run read. */
  full?: { byUri: Map<string, Finding[]>; deps: Deps };
}

export class IncrementalAnalysis {
  private previous: Snapshot | undefined;
  private states: AnalyzerState[] = [];
  private result: Map<string, Finding[]> | undefined;
  /** The suppression index of `previous` (see analyze.ts). */
  private byKey: Map<string, Resource> | undefined;

  constructor(
    private readonly analyzers: readonly WorkspaceAnalyzer[],
    private readonly counters: AnalysisCounters,
  ) {}

  /** Set while the last result came from the plain analysis and nothing is tracked yet. */
  private untracked = false;

  /**
   * Findings for every file of `snap`; the map is new, unchanged files keep
   * their lists. The first analysis (and the first after a settings change)
   * is the plain one, fastest for a cold start and the CLI; the tracking
   * state it lacks is built by warmUp(), which the server calls when idle,
   * or else by the next analysis.
   */
  analyze(snap: Snapshot, changedUris?: ReadonlySet<string>): Map<string, Finding[]> {
    if (!this.previous || this.previous.settings !== snap.settings) {
      this.states = [];
      this.result = analyzeWorkspace(snap);
      this.previous = snap;
      this.untracked = true;
      return this.result;
    }
    if (this.untracked) this.warmUp();
    return this.run(snap, changedUris);
  }

  /** Builds the per-resource tracking for the last (plain) result, so the next edit is incremental. */
  warmUp(): void {
    if (!this.untracked || !this.previous) return;
    this.untracked = false;
    const snap = this.previous;
    this.previous = undefined;
    this.result = undefined;
    this.run(snap);
  }

  /** `changedUris`, when given, holds (at least) every file that differs between the previous snapshot and `snap`. */
  private run(snap: Snapshot, changedUris?: ReadonlySet<string>): Map<string, Finding[]> {
    if (this.previous && this.previous.settings === snap.settings) snap.inheritIndexes(this.previous);
    snap.prepareIndexes();
    const old = this.previous;
    const fresh = !old || old.settings !== snap.settings || !this.result;
    const changed = fresh ? undefined : diffSnapshots(old, snap, changedUris);
    if (fresh) this.states = this.analyzers.map((analyzer) => ({ analyzer, iterates: analyzer.iterates, elements: new Map(), dependents: new Map(), elementsByUri: new Map() }));
    const touched = new Set<string>();
    const changedFiles: string[] = [];
    if (changed) for (const key of changed) if (key.startsWith('files:') && key !== 'files:*') changedFiles.push(key.slice('files:'.length));
    for (const state of this.states) {
      if (state.iterates && changed) this.updatePerResource(state, old!, snap, changed, changedFiles, touched);
      else if (state.iterates) this.runPerResource(state, snap, touched);
      else this.runWhole(state, snap, changed, touched, old, changedFiles);
    }
    this.previous = snap;
    let out = new Map<string, Finding[]>();
    // Kept when no edit touched a resource's key or suppressions: it is read only for `suppress`.
    const sameSuppression = !fresh && !!changed && !changed.has('settings:*') && !!this.byKey && suppressionKeysUnchanged(old!, snap, changedFiles);
    const byKey = sameSuppression ? this.byKey! : suppressionIndex(snap);
    this.byKey = byKey;
    const rebuild = (uri: string) => {
      const file = snap.files.get(uri);
      if (file) out.set(uri, this.assemble(uri, file.findings, snap, byKey));
    };
    if (fresh || !changed || changed.has('settings:*')) {
      for (const uri of snap.files.keys()) rebuild(uri);
    } else {
      out = new Map(this.result!);
      for (const uri of changedFiles) {
        if (snap.files.has(uri)) rebuild(uri);
        else out.delete(uri);
      }
      for (const uri of touched) rebuild(uri);
      // Suppression annotations changed somewhere: re-apply everywhere (rare, cheap enough).
      if (changed.has('resources:*') && !sameSuppression && suppressionChanged(old!, snap)) for (const uri of snap.files.keys()) rebuild(uri);
    }
    this.result = out;
    return out;
  }

  /** Every element of the collection, from scratch. */
  private runPerResource(state: AnalyzerState, snap: Snapshot, touched: Set<string>): void {
    for (const r of collection(snap, state.iterates!)) this.rerun(state, snap, r, touched);
  }

  /**
   * Only what the change reaches: elements of the changed files (new, changed
   * or gone) and elements that read a changed table entry. Proportional to
   * the change: found through the reverse dependency index, not by a scan.
   */
  private updatePerResource(state: AnalyzerState, old: Snapshot, snap: Snapshot, changed: Set<string>, changedFiles: string[], touched: Set<string>): void {
    const kind = COLLECTION_KIND[state.iterates!];
    const rerun = new Set<Resource>();
    for (const uri of changedFiles) {
      const now = snap.files.get(uri)?.resources ?? [];
      for (const r of old.files.get(uri)?.resources ?? []) if (state.elements.has(r) && !now.includes(r)) this.forget(state, r, touched);
      for (const r of now) if (r.data.kind === kind && !state.elements.has(r)) rerun.add(r);
    }
    for (const key of changed) for (const r of state.dependents.get(key) ?? []) rerun.add(r);
    for (const r of state.dependents.get(ALWAYS) ?? []) rerun.add(r);
    for (const r of rerun) if (snap.files.get(r.uri)?.resources.includes(r)) this.rerun(state, snap, r, touched);
  }

  private rerun(state: AnalyzerState, snap: Snapshot, r: Resource, touched: Set<string>): void {
    if (state.elements.has(r)) this.forget(state, r, touched);
    const result = this.runElement(state, snap, r);
    this.counters.resourcesAnalyzed++;
    state.elements.set(r, result);
    for (const d of result.deps) {
      let set = state.dependents.get(d);
      if (!set) state.dependents.set(d, (set = new Set()));
      set.add(r);
    }
    for (const [uri] of result.findings) {
      touched.add(uri);
      let set = state.elementsByUri.get(uri);
      if (!set) state.elementsByUri.set(uri, (set = new Set()));
      set.add(r);
    }
  }

  private forget(state: AnalyzerState, r: Resource, touched: Set<string>): void {
    const before = state.elements.get(r);
    if (!before) return;
    state.elements.delete(r);
    for (const d of before.deps) {
      const set = state.dependents.get(d);
      set?.delete(r);
      if (set?.size === 0) state.dependents.delete(d);
    }
    for (const [uri] of before.findings) {
      touched.add(uri);
      state.elementsByUri.get(uri)?.delete(r);
    }
  }

  private runElement(state: AnalyzerState, snap: Snapshot, r: Resource): ElementResult {
    const deps: Deps = new Set();
    const findings: [string, Finding][] = [];
    const narrowed = state.iterates === 'gateways' ? new Map([[`${r.namespace}/${r.name}`, [r]]]) : [r];
    try {
      state.analyzer.analyze(trackingView(snap, deps, state.iterates!, narrowed), (uri, f) => findings.push([uri, f]));
    } catch (e) {
      console.error(`istio-ls: analyzer ${state.analyzer.rules.map((r) => r.code).join(',')} failed on ${r.kind}/${r.namespace}/${r.name}: ${(e as Error).stack ?? e}`);
      deps.add(ALWAYS);
    }
    return { findings, deps };
  }

  private runWhole(state: AnalyzerState, snap: Snapshot, changed: Set<string> | undefined, touched: Set<string>, old?: Snapshot, changedFiles: string[] = []): void {
    if (state.full && changed && !intersects(state.full.deps, changed)) return;
    if (state.full && changed && old && state.analyzer.reads && readsUnchanged(state.analyzer.reads, state.full.deps, changed, old, snap, changedFiles)) return;
    const deps: Deps = new Set();
    const byUri = new Map<string, Finding[]>();
    try {
      // Whole runs record which tables they read, not which entries: cheaper, and they re-run on any change of those tables.
      state.analyzer.analyze(trackingView(snap, deps, undefined, undefined, true), (uri, f) => {
        const list = byUri.get(uri);
        if (list) list.push(f);
        else byUri.set(uri, [f]);
      });
    } catch (e) {
      console.error(`istio-ls: analyzer ${state.analyzer.rules.map((r) => r.code).join(',')} failed: ${(e as Error).stack ?? e}`);
      deps.add(ALWAYS);
    }
    this.counters.analyzerRuns++;
    const before = state.full?.byUri;
    for (const [uri, list] of byUri) if (!before || !sameFindings(before.get(uri), list)) touched.add(uri);
    if (before) for (const uri of before.keys()) if (!byUri.has(uri)) touched.add(uri);
    state.full = { byUri, deps };
  }

  /** A file's own findings, then each analyzer's in registry order (elements in collection order). */
  private assemble(uri: string, own: Finding[], snap: Snapshot, byKey: Map<string, Resource>): Finding[] {
    let list: Finding[] | undefined;
    for (const state of this.states) {
      if (state.iterates) {
        const set = state.elementsByUri.get(uri);
        if (!set || set.size === 0) continue;
        const rs = [...set];
        if (rs.length > 1) {
          const order = collectionOrder(snap, state.iterates);
          rs.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
        }
        for (const r of rs) {
          for (const [u, f] of state.elements.get(r)?.findings ?? []) if (u === uri) (list ??= own.slice()).push(f);
        }
      } else {
        const found = state.full?.byUri.get(uri);
        if (found) (list ??= own.slice()).push(...found);
      }
    }
    const all = list ?? own;
    return all.length === 0 ? all : applySettings(all, byKey, snap);
  }
}

/** The kind of the resources each iterable collection of the Snapshot holds. */
const COLLECTION_KIND: Record<IteratedCollection, string> = {
  virtualServices: 'VirtualService',
  destinationRules: 'DestinationRule',
  serviceEntries: 'ServiceEntry',
  gateways: 'Gateway',
};

function collection(snap: Snapshot, name: IteratedCollection): Resource[] {
  if (name === 'gateways') {
    const out = new Set<Resource>();
    for (const list of snap.gateways.values()) for (const gw of list) out.add(gw);
    return [...out];
  }
  return snap[name];
}

const orders = new WeakMap<Snapshot, Map<IteratedCollection, Map<Resource, number>>>();
function collectionOrder(snap: Snapshot, name: IteratedCollection): Map<Resource, number> {
  let bySnap = orders.get(snap);
  if (!bySnap) orders.set(snap, (bySnap = new Map()));
  let order = bySnap.get(name);
  if (!order) bySnap.set(name, (order = new Map(collection(snap, name).map((r, i) => [r, i]))));
  return order;
}

function intersects(deps: Deps, changed: Set<string>): boolean {
  if (deps.has(ALWAYS)) return true;
  if (deps.size < changed.size) {
    for (const d of deps) if (changed.has(d)) return true;
  } else {
    for (const c of changed) if (deps.has(c)) return true;
  }
  return false;
}

/**
 * True when what an analyzer reads is the same in both snapshots: only the
 * files in `changedFiles` differ, and each of their resources projects
 * (`reads`) to the same value as before, pairwise and in order. Every table
 * of the snapshot derives from the resources, in file order, so the
 * analyzer would see the same input.
 */
function readsUnchanged(reads: (r: Resource) => unknown, deps: Deps, changed: Set<string>, a: Snapshot, b: Snapshot, changedFiles: string[]): boolean {
  if (deps.has(ALWAYS) || deps.has('files:*') || changed.has('settings:*')) return false;
  if (changedFiles.length === 0) return false;
  return changedResourcesMatch(a, b, changedFiles, (p, q) => p.uri === q.uri && JSON.stringify(reads(p)) === JSON.stringify(reads(q)));
}

/**
 * True when both snapshots hold the same files in the same order (a file
 * removed and added again moves to the end), and the resources of
 * `changedFiles` correspond pairwise, in order, under `same`.
 */
function changedResourcesMatch(a: Snapshot, b: Snapshot, changedFiles: string[], same: (p: Resource, q: Resource) => boolean): boolean {
  if (a.files.size !== b.files.size) return false;
  const order = b.files.keys();
  for (const uri of a.files.keys()) if (order.next().value !== uri) return false;
  for (const uri of changedFiles) {
    const x = a.files.get(uri)?.resources;
    const y = b.files.get(uri)?.resources;
    if (!x || !y || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !same(x[i], y[i])) return false;
  }
  return true;
}

function sameFindings(a: Finding[] | undefined, b: Finding[]): boolean {
  if (!a || a.length !== b.length) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** True when only `changedFiles` differ and their resources keep their keys and suppressions, pairwise and in order. */
function suppressionKeysUnchanged(a: Snapshot, b: Snapshot, changedFiles: string[]): boolean {
  return changedResourcesMatch(
    a,
    b,
    changedFiles,
    (p, q) => p.kind === q.kind && p.namespace === q.namespace && p.name === q.name && p.suppress.join(',') === q.suppress.join(','),
  );
}

function suppressionChanged(a: Snapshot, b: Snapshot): boolean {
  const text = (s: Snapshot) =>
    s.resources
      .filter((r) => r.suppress.length > 0)
      .map((r) => `${r.kind}/${r.namespace}/${r.name}:${r.suppress.join(',')}`)
      .join('|');
  return text(a) !== text(b);
}

/**
 * The snapshot as an analyzer sees it, recording every table it reads into
 * `deps`. Methods run with the tracking view as `this`, so their own reads
 * are recorded too. With `narrow`, the named collection is replaced by the
 * element being analysed (for the analyzer's outer loop only; methods see the
 * whole collection).
 */
export function trackingView(snap: Snapshot, deps: Deps, narrowField?: string, narrowed?: unknown, coarse = false): Snapshot {
  const track = (field: string, value: unknown): unknown => {
    if (!coarse && (value instanceof Map || value instanceof Set)) return trackedCollection(field, value, deps);
    deps.add(`${field}:*`);
    return value;
  };
  const handler = (narrow: boolean): ProxyHandler<Snapshot> => ({
    get(target, prop) {
      if (typeof prop === 'symbol') return Reflect.get(target, prop);
      if (narrow && prop === narrowField) return narrowed;
      const value = Reflect.get(target, prop, inner);
      if (typeof value === 'function') return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(inner, args);
      return track(prop, value);
    },
    set(target, prop, value) {
      // Lazily built indexes land on the snapshot itself.
      return Reflect.set(target, prop, value);
    },
  });
  const inner: Snapshot = new Proxy(snap, handler(false));
  return narrowField ? new Proxy(snap, handler(true)) : inner;
}

function trackedCollection(field: string, c: Map<unknown, unknown> | Set<unknown>, deps: Deps): unknown {
  return new Proxy(c, {
    get(target, prop) {
      if (prop === 'get' || prop === 'has') {
        return (key: unknown) => {
          deps.add(`${field}:${String(key)}`);
          return (target as Map<unknown, unknown>)[prop](key);
        };
      }
      deps.add(`${field}:*`);
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * What differs between two snapshots, as the keys the tracking view records:
 * `field:key` for a changed map or set entry, `field:*` for any change in a
 * table. Resources are compared by identity (a resource is a new object only
 * when its file changed), derived plain objects by value.
 *
 * Only the entries the changed files contribute to can differ, so the big
 * tables are not scanned: two small snapshots of just the changed files (as
 * they were and as they are) name the candidate keys, and only those are
 * compared. Whole-table values (arrays, the mesh policy) are compared whole.
 */
export function diffSnapshots(a: Snapshot, b: Snapshot, hint?: ReadonlySet<string>): Set<string> {
  const changedUris: string[] = [];
  // `hint`: the files that may differ (a superset), when the caller knows them.
  if (hint) {
    for (const uri of hint) if (a.files.get(uri) !== b.files.get(uri)) changedUris.push(uri);
  } else {
    for (const [uri, f] of a.files) if (b.files.get(uri) !== f) changedUris.push(uri);
    for (const uri of b.files.keys()) if (!a.files.has(uri)) changedUris.push(uri);
  }
  const small = changedUris.length <= 500;
  const mini = (s: Snapshot): Record<string, unknown> => {
    const files = new Map<string, FileSummary>();
    for (const uri of changedUris) {
      const f = s.files.get(uri);
      if (f) files.set(uri, f);
    }
    const m = new (s.constructor as new (files: Map<string, FileSummary>, settings: Settings) => Snapshot)(files, s.settings);
    m.prepareIndexes();
    return m as unknown as Record<string, unknown>;
  };
  const ma = small ? mini(a) : undefined;
  const mb = small ? mini(b) : undefined;
  const out = new Set<string>();
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const field of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const x = ra[field];
    const y = rb[field];
    if (x === y) continue;
    const cx = ma?.[field];
    const cy = mb?.[field];
    if (x instanceof Map && y instanceof Map) {
      const keys = cx instanceof Map && cy instanceof Map ? new Set([...cx.keys(), ...cy.keys()]) : new Set([...x.keys(), ...y.keys()]);
      let any = false;
      for (const k of keys) if (!same(x.get(k), y.get(k))) ((any = true), out.add(`${field}:${String(k)}`));
      if (any) out.add(`${field}:*`);
    } else if (x instanceof Set && y instanceof Set) {
      const keys = cx instanceof Set && cy instanceof Set ? new Set([...cx, ...cy]) : new Set([...x, ...y]);
      let any = false;
      for (const k of keys) if (x.has(k) !== y.has(k)) ((any = true), out.add(`${field}:${String(k)}`));
      if (any) out.add(`${field}:*`);
    } else if (!same(x, y)) {
      out.add(`${field}:*`);
    }
  }
  return out;
}

function same(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (!x || !y || typeof x !== 'object' || typeof y !== 'object') return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!same(x[i], y[i])) return false;
    return true;
  }
  if (isResource(x) || isResource(y)) return false; // resources by identity only
  const ox = x as Record<string, unknown>;
  const oy = y as Record<string, unknown>;
  // Index entries wrapping a resource ({ resource, labels }) are derived from it alone.
  if ('resource' in ox && 'resource' in oy && isResource(ox.resource)) return ox.resource === oy.resource;
  // Other derived plain objects (label sets, spans, the mesh policy) by value.
  const kx = Object.keys(ox);
  if (kx.length !== Object.keys(oy).length) return false;
  for (const k of kx) if (!same(ox[k], oy[k])) return false;
  return true;
}

function isResource(v: unknown): boolean {
  return !!v && typeof v === 'object' && 'uri' in v && 'kind' in v && 'span' in v;
}
