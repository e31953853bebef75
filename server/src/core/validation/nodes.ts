// Paths into the parsed YAML for the webhook rules: every match keeps its node
// and the pair it hangs on, so a rule can report on the exact key or value.
import { isAlias, isMap, isPair, isScalar, isSeq, type Pair } from 'yaml';
import type { Span } from '../model';
import { deref, keyText, span } from '../parse/ast';

export interface At {
  /** The value node (undefined for a key written without a value). */
  node: unknown;
  /** The `key: value` pair the value hangs on, when it is a map entry. */
  pair?: Pair;
  /** Keys and list indexes from the spec down to this node. */
  readonly path: (string | number)[];
  /** The alias written in the file when `node` is what it stands for: findings land on the alias. */
  via?: unknown;
}

/**
 * A node below another. The rules look up thousands of fields per file and name a field's path only
 * in a finding's message, so the path is built from the parent chain when asked for, not per step.
 */
class ChildAt implements At {
  readonly node: unknown;
  readonly via: unknown;
  constructor(
    node: unknown,
    readonly pair: Pair | undefined,
    private readonly parent: At,
    private readonly step: string | number,
  ) {
    // Read through an alias as Kubernetes does.
    if (isAlias(node)) {
      this.node = deref(node);
      this.via = node;
    } else {
      this.node = node ?? undefined;
      this.via = undefined;
    }
  }

  get path(): (string | number)[] {
    const path = this.parent.path.slice();
    path.push(this.step);
    return path;
  }
}

/**
 * Every node at a dotted path below `at`: `http.*.route.*.weight`, where `*`
 * steps into each item of a list. Missing steps yield nothing.
 */
export function select(at: At | undefined, path: string): At[] {
  if (!at) return [];
  if (path.indexOf('*') < 0) {
    // Without `*` there is at most one node: followed without a list per step.
    const found = one(at, path);
    return found ? [found] : [];
  }
  let current: At[] = [at];
  for (const step of stepsOf(path)) {
    const next: At[] = [];
    for (const c of current) {
      if (step === '*') {
        if (isSeq(c.node)) {
          const items = c.node.items;
          for (let i = 0; i < items.length; i++) next.push(new ChildAt(items[i], undefined, c, i));
        }
      } else {
        const pair = pairOf(c.node, step);
        if (pair) next.push(new ChildAt(pair.value, pair, c, step));
      }
    }
    current = next;
  }
  return current;
}

// The rules select by a few hundred constant paths, on every resource of every file: split each once.
const steps = new Map<string, readonly string[]>();
function stepsOf(path: string): readonly string[] {
  let s = steps.get(path);
  if (!s) {
    s = path.split('.');
    if (steps.size < 10_000) steps.set(path, s);
  }
  return s;
}

/** The single node at a path, if present (the first in document order where `*` steps into lists). */
export function one(at: At | undefined, path: string): At | undefined {
  if (!at) return undefined;
  // Most lookups are one key, or keys without `*`: followed without building lists.
  if (path.indexOf('*') >= 0) return select(at, path)[0];
  if (path.indexOf('.') < 0) {
    const pair = pairOf(at.node, path);
    return pair ? new ChildAt(pair.value, pair, at, path) : undefined;
  }
  let current: At = at;
  for (const step of stepsOf(path)) {
    const pair = pairOf(current.node, step);
    if (!pair) return undefined;
    current = new ChildAt(pair.value, pair, current, step);
  }
  return current;
}

export function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    if (!isPair(item)) continue;
    // Keys are nearly always strings: compared as they are before keyText turns a number or null key into text.
    const k = isScalar(item.key) ? item.key.value : undefined;
    if (k === key || (typeof k !== 'string' && keyText(item) === key)) return item;
  }
  return undefined;
}

/** The entries of a mapping with their key text (maps of headers, labels, ports). */
export function entries(at: At | undefined): { key: string; keySpan: Span; value: At }[] {
  if (!at || !isMap(at.node)) return [];
  const out: { key: string; keySpan: Span; value: At }[] = [];
  for (const item of at.node.items) {
    if (!isPair(item)) continue;
    const key = keyText(item);
    const keySpan = span(item.key);
    if (key === undefined || !keySpan) continue;
    out.push({ key, keySpan, value: new ChildAt(item.value, item, at, key) });
  }
  return out;
}

export function listItems(at: At | undefined): At[] {
  if (!at || !isSeq(at.node)) return [];
  const items = at.node.items;
  const out: At[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = new ChildAt(items[i], undefined, at, i);
  return out;
}

/** Set and not `key:` with no value (Kubernetes treats that as absent). */
export function present(at: At | undefined): at is At {
  if (!at || at.node === undefined || at.node === null) return false;
  return !(isScalar(at.node) && at.node.value === null);
}

export function text(at: At | undefined): string | undefined {
  return at && isScalar(at.node) && typeof at.node.value === 'string' ? at.node.value : undefined;
}

/** A number written as a YAML number (a string is a schema error, reported elsewhere). */
export function number(at: At | undefined): number | undefined {
  return at && isScalar(at.node) && typeof at.node.value === 'number' ? at.node.value : undefined;
}

export function bool(at: At | undefined): boolean | undefined {
  return at && isScalar(at.node) && typeof at.node.value === 'boolean' ? at.node.value : undefined;
}

export function stringList(at: At | undefined): { value: string; at: At }[] {
  const out: { value: string; at: At }[] = [];
  for (const item of listItems(at)) {
    const v = text(item);
    if (v !== undefined) out.push({ value: v, at: item });
  }
  return out;
}

export function isList(at: At | undefined): boolean {
  return !!at && isSeq(at.node);
}

export function listLength(at: At | undefined): number {
  return at && isSeq(at.node) ? at.node.items.length : 0;
}

export function mapSize(at: At | undefined): number {
  return at && isMap(at.node) ? at.node.items.length : 0;
}

/** Where to report a value: the value itself, or its key when the value is empty. */
export function valueSpan(at: At): Span | undefined {
  return span(at.via ?? at.node) ?? keySpanOf(at);
}

/** Where to report the presence of a field: its key. */
export function keySpanOf(at: At): Span | undefined {
  return at.pair ? span(at.pair.key) : span(at.node);
}

/** `http[0].route[1].weight`, as messages name a field. */
export function fieldPath(path: (string | number)[]): string {
  let out = '';
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out ? `.${step}` : step;
  return out;
}
