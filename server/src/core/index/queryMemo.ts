// What a snapshot makes once and shares between the checks that read it:
// values built on first use, the dependency string of each entry read (a
// string made anew for each read was flattened and hashed again by every
// check's list of reads), and derived lookups with the entries they read.
// A derived value is built through one recording view and its reads are
// replayed to every caller, as if each had computed it: checks that repeat a
// lookup pay for it once, and an incremental analysis stays equal to a fresh one.
import { entry, wholeTable, type Table } from './tables';

export interface Derived {
  value: unknown;
  /** The entries computing it read. */
  deps: readonly string[];
}

export class SnapshotMemo {
  readonly cache = new Map<string, unknown>();
  private readonly derived = new Map<string, Map<unknown, Map<unknown, Derived>>>();
  private readonly entries = new Map<Table, Map<string, string>>();
  /** The reads of the derived values under construction, innermost last (one may ask for another). */
  private readonly building: string[][] = [];
  /** The view derived values are built through (made on first use: it records into `building`). */
  private view: unknown;

  /** The dependency string of an entry (without a key, of the whole table), made once. */
  entryOf(table: Table, key: string | undefined): string {
    if (key === undefined) return wholeTable(table);
    let m = this.entries.get(table);
    if (!m) this.entries.set(table, (m = new Map()));
    let e = m.get(key);
    if (e === undefined) m.set(key, (e = entry(table, key)));
    return e;
  }

  /** The value for (name, k1, k2), built by `build` through the view `makeView` makes (given what to record into) when new. */
  derive<V>(name: string, k1: unknown, k2: unknown, makeView: (record: (dependency: string) => void) => V, build: (view: V) => unknown): Derived {
    let byK1 = this.derived.get(name);
    if (!byK1) this.derived.set(name, (byK1 = new Map()));
    let byK2 = byK1.get(k1);
    if (!byK2) byK1.set(k1, (byK2 = new Map()));
    let d = byK2.get(k2);
    if (!d) {
      const deps: string[] = [];
      this.building.push(deps);
      try {
        this.view ??= makeView((e) => {
          const top = this.building[this.building.length - 1];
          if (!top.includes(e)) top.push(e);
        });
        d = { value: build(this.view as V), deps };
      } finally {
        this.building.pop();
      }
      byK2.set(k2, d);
    }
    return d;
  }
}

/** What a recording view sets on itself, over the snapshot's methods that record nothing. */
export interface Recording {
  note(table: Table, key: string | undefined): void;
  replay(deps: readonly string[]): void;
  base(): unknown;
}

/** A view of `base` (a snapshot) that calls `record` with every entry its lookups read. */
export function recordingView<S extends object>(base: S, memo: SnapshotMemo, record: (dependency: string) => void): S {
  const view = Object.create(base) as S & Recording;
  view.note = (table, key) => record(memo.entryOf(table, key));
  view.replay = (deps) => {
    for (const d of deps) record(d);
  };
  view.base = () => base;
  return view;
}
