// Small, total accessors over the `yaml` node tree: every function returns
// undefined rather than throwing on an unexpected shape. They read through
// YAML aliases (`hosts: *public-hosts`) as Kubernetes does, one level per
// step, so a self-referencing or exponential alias costs no more than its text.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq, type Scalar } from 'yaml';
import type { Labels, Span, StrRef } from '../model';

export type AnyNode = Node | null | undefined;

// The node each alias stands for, set once per parsed document by linkAliases.
// Keyed by node, so it lives and dies with the tree.
const aliasTargets = new WeakMap<object, unknown>();

/**
 * Links every alias of a document to its anchored node: the nearest anchor of that
 * name before it, as YAML (and go-yaml) resolve them. Anchors never cross `---`.
 */
export function linkAliases(doc: Document.Parsed): void {
  const anchors = new Map<string, unknown>();
  // Document order with an explicit stack: deep nesting must not exhaust the call stack.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target !== undefined) aliasTargets.set(node, target);
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    if (isPair(node)) stack.push(node.value, node.key);
    else if (isMap(node) || isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
}

/** The node an alias stands for (undefined when its anchor is missing); any other node itself. */
export function deref(node: unknown): unknown {
  return isAlias(node) ? aliasTargets.get(node) : node;
}

/** True for an alias whose anchor exists earlier in its document. */
export function isResolvedAlias(node: unknown): boolean {
  return isAlias(node) && aliasTargets.has(node);
}

/** Whether span(node) is defined, without making it. */
export function hasRange(node: unknown): boolean {
  return !!(node as { range?: unknown } | null)?.range;
}

export function span(node: unknown): Span | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

export function asMap(node: unknown): YAMLMap | undefined {
  const n = deref(node);
  return isMap(n) ? n : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  const n = deref(node);
  return isSeq(n) ? n : undefined;
}

export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

export function findPair(map: unknown, key: string, depth = 0): Pair | undefined {
  const m = asMap(map);
  if (!m) return undefined;
  let merges = false;
  for (const item of m.items) {
    if (!isPair(item)) continue;
    // Keys are nearly always strings: compared as they are before keyText turns a number or null key into text.
    const k = isScalar(item.key) ? item.key.value : undefined;
    if (k === key || (typeof k !== 'string' && keyText(item as Pair) === key)) return item as Pair;
    if (k === MERGE) merges = true;
  }
  // go-yaml applies YAML 1.1 merge keys (`<<: *defaults`); keys written in the map win.
  if (merges && key !== MERGE && depth < 8) for (const source of mergeSources(m)) {
    const pair = findPair(source, key, depth + 1);
    if (pair) return pair;
  }
  return undefined;
}

export const MERGE = '<<';

/** The keys a map takes from its `<<:` merge sources (go-yaml's YAML 1.1 merge keys), nested merges included. */
export function mergedKeys(m: YAMLMap, depth = 0): string[] {
  const out: string[] = [];
  if (depth >= 8) return out;
  for (const source of mergeSources(m)) {
    const sm = asMap(source);
    if (!sm) continue;
    for (const item of sm.items) {
      if (!isPair(item)) continue;
      const k = keyText(item as Pair);
      if (k === MERGE) continue;
      if (k !== undefined) out.push(k);
    }
    out.push(...mergedKeys(sm, depth + 1));
  }
  return out;
}

const NO_SOURCES: readonly unknown[] = Object.freeze([]);

/** The maps a `<<:` key merges into a map: one alias or map, or a list of them (a loop: most maps have none, and are read often). */
function mergeSources(m: YAMLMap): readonly unknown[] {
  for (const item of m.items) {
    if (!isPair(item) || !isScalar(item.key) || item.key.value !== MERGE) continue;
    const value = deref(item.value);
    return isSeq(value) ? value.items : [value];
  }
  return NO_SOURCES;
}

type Step = string | number;

/**
 * The node at a path of keys and list indexes. The first four steps are parameters rather than a rest
 * list: the summaries call this hundreds of thousands of times, and a rest list is an array per call.
 */
export function get(node: unknown, a?: Step, b?: Step, c?: Step, d?: Step, ...more: Step[]): AnyNode {
  if (a === undefined) return node as AnyNode;
  let cur = step(node, a);
  if (b === undefined || cur === undefined) return cur;
  cur = step(cur, b);
  if (c === undefined || cur === undefined) return cur;
  cur = step(cur, c);
  if (d === undefined || cur === undefined) return cur;
  cur = step(cur, d);
  for (let i = 0; i < more.length && cur !== undefined; i++) cur = step(cur, more[i]);
  return cur;
}

function step(node: unknown, key: Step): AnyNode {
  const cur = typeof key === 'number' ? asSeq(node)?.items[key] : findPair(node, key)?.value;
  return cur === undefined || cur === null ? undefined : (cur as AnyNode);
}

export function scalarValue(node: unknown): unknown {
  const n = deref(node);
  return isScalar(n) ? (n as Scalar).value : undefined;
}

export function str(node: unknown): string | undefined {
  const v = scalarValue(node);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function num(node: unknown): number | undefined {
  const v = scalarValue(node);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

export function strRef(node: unknown): StrRef | undefined {
  const value = str(node);
  const s = span(node);
  return value !== undefined && s ? { value, span: s } : undefined;
}

export function items(node: unknown): unknown[] {
  return asSeq(node)?.items ?? [];
}

export function strRefs(node: unknown): StrRef[] {
  const out: StrRef[] = [];
  for (const item of items(node)) {
    const ref = strRef(item);
    if (ref) out.push(ref);
  }
  return out;
}

export function strings(node: unknown): string[] | undefined {
  const seq = asSeq(node);
  if (!seq) return undefined;
  return strRefs(seq).map((r) => r.value);
}

export function labels(node: unknown, depth = 0): Labels {
  const out: Labels = {};
  if (depth > 8) return out;
  const m = asMap(node);
  if (!m) return out;
  for (const source of mergeSources(m)) Object.assign(out, labels(source, depth + 1));
  for (const item of m.items) {
    if (!isPair(item)) continue;
    const k = keyText(item as Pair);
    if (k === MERGE) continue;
    const v = str((item as Pair).value);
    if (k !== undefined && v !== undefined) out[k] = v;
  }
  return out;
}

export { isAlias, isMap, isPair, isScalar, isSeq };
