// A map that the next snapshot copies in time proportional to the changes,
// not to its size. Each snapshot owns a map of the files and one per table;
// copying a Map of the large benchmark's 4,910 files on every edit took
// milliseconds, inside the piece of analysis (or the request) that built the
// snapshot. A fork shares the last compacted base and copies only the
// changes made on top of it (the delta), folding them into a new base once
// they are a sixteenth of it, so a change costs amortised O(1) copying.
//
// Iteration follows a Map's order: a key keeps its place when its value is
// replaced, and a key deleted and set again goes to the end.

const GONE: unique symbol = Symbol('gone');
type Slot<V> = V | typeof GONE;

export class ForkableMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private base: ReadonlyMap<K, V>,
    private delta: Map<K, Slot<V>>,
    /** Keys of the base that were deleted and set again: they iterate at the end. */
    private readded: Set<K>,
    private count: number,
  ) {}

  static empty<K, V>(): ForkableMap<K, V> {
    return new ForkableMap(new Map(), new Map(), new Set(), 0);
  }

  /** A map of the entries of `base`, which it takes over: nothing may change `base` afterwards. */
  static adopt<K, V>(base: Map<K, V>): ForkableMap<K, V> {
    return new ForkableMap(base, new Map(), new Set(), base.size);
  }

  /** A copy to change, sharing what it can with `from` (any map). */
  static fork<K, V>(from: ReadonlyMap<K, V> | undefined): ForkableMap<K, V> {
    if (!from) return ForkableMap.empty();
    if (!(from instanceof ForkableMap)) return new ForkableMap(new Map(from), new Map(), new Set(), from.size);
    const m = (from as ForkableMap<K, V>).settled();
    return new ForkableMap(m.base, new Map(m.delta), new Set(m.readded), m.count);
  }

  /** This map, or the same content as one base once the changes on top are a sixteenth of it (reads and iteration stay fast). */
  settled(): ForkableMap<K, V> {
    if (this.delta.size <= 32 + (this.base.size >> 4)) return this;
    return new ForkableMap(new Map(this.merged()), new Map(), new Set(), this.count);
  }

  /** Both maps read the same base: keys outside their changes hold the same value. */
  sharesBaseWith(other: ForkableMap<K, V>): boolean {
    return this.base === other.base;
  }

  /** The keys changed on top of the base (set or deleted). */
  changedKeys(): Iterable<K> {
    return this.delta.keys();
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    if (this.delta.size !== 0) {
      const d = this.delta.get(key);
      if (d !== undefined || this.delta.has(key)) return d === GONE ? undefined : d;
    }
    return this.base.get(key);
  }

  has(key: K): boolean {
    if (this.delta.size !== 0) {
      const d = this.delta.get(key);
      if (d !== undefined || this.delta.has(key)) return d !== GONE;
    }
    return this.base.has(key);
  }

  set(key: K, value: V): this {
    if (this.delta.has(key)) {
      if (this.delta.get(key) === GONE) {
        // Set again after a delete: to the end, as in a Map.
        this.delta.delete(key);
        this.delta.set(key, value);
        if (this.base.has(key)) this.readded.add(key);
        this.count++;
      } else this.delta.set(key, value);
    } else {
      if (!this.base.has(key)) this.count++;
      this.delta.set(key, value);
    }
    return this;
  }

  delete(key: K): boolean {
    if (!this.has(key)) return false;
    if (this.base.has(key)) this.delta.set(key, GONE);
    else this.delta.delete(key);
    this.readded.delete(key);
    this.count--;
    return true;
  }

  // Without changes on top of the base, its own (native) iterators.
  entries(): MapIterator<[K, V]> {
    return this.delta.size === 0 ? this.base.entries() : this.merged();
  }

  keys(): MapIterator<K> {
    return this.delta.size === 0 ? this.base.keys() : this.mergedKeys();
  }

  values(): MapIterator<V> {
    return this.delta.size === 0 ? this.base.values() : this.mergedValues();
  }

  private *merged(): MapIterator<[K, V]> {
    const { base, delta, readded } = this;
    for (const entry of base) {
      const key = entry[0];
      if (!delta.has(key)) yield entry;
      else {
        const d = delta.get(key) as Slot<V>;
        if (d !== GONE && !readded.has(key)) yield [key, d];
      }
    }
    for (const [key, d] of delta) if (d !== GONE && (readded.has(key) || !base.has(key))) yield [key, d];
  }

  private *mergedKeys(): MapIterator<K> {
    for (const [k] of this.merged()) yield k;
  }

  private *mergedValues(): MapIterator<V> {
    for (const [, v] of this.merged()) yield v;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }
}

/**
 * The keys whose values differ (by identity) between `before` and `after`,
 * absent keys included. When `after` was forked from `before` (or from a fork
 * of it) without folding, only the changes on top of their shared base are
 * compared: the publisher then looks at what an edit changed, not at every
 * file of the workspace.
 */
export function changedKeys<K, V>(after: ReadonlyMap<K, V>, before: ReadonlyMap<K, V>): K[] {
  const shared = after instanceof ForkableMap && before instanceof ForkableMap && after.sharesBaseWith(before);
  const candidates: Iterable<K>[] = shared ? [after.changedKeys(), before.changedKeys()] : [after.keys(), before.keys()];
  const seen = new Set<K>();
  const out: K[] = [];
  for (const keys of candidates) {
    for (const k of keys) {
      if (seen.has(k)) continue;
      seen.add(k);
      if (after.get(k) !== before.get(k)) out.push(k);
    }
  }
  return out;
}
