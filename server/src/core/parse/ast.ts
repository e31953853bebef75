// Small, total accessors over the `yaml` node tree: every function returns
// undefined rather than throwing on an unexpected shape.
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq, type Scalar } from 'yaml';
import type { Labels, Span, StrRef } from '../model';

export type AnyNode = Node | null | undefined;

export function span(node: unknown): Span | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

export function findPair(map: unknown, key: string): Pair | undefined {
  const m = asMap(map);
  if (!m) return undefined;
  for (const item of m.items) if (isPair(item) && keyText(item) === key) return item as Pair;
  return undefined;
}

export function get(node: unknown, ...path: (string | number)[]): AnyNode {
  let cur: unknown = node;
  for (const step of path) {
    if (typeof step === 'number') {
      const seq = asSeq(cur);
      cur = seq?.items[step];
    } else {
      cur = findPair(cur, step)?.value;
    }
    if (cur === undefined || cur === null) return undefined;
  }
  return cur as AnyNode;
}

export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? (node as Scalar).value : undefined;
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

export function labels(node: unknown): Labels {
  const out: Labels = {};
  const m = asMap(node);
  if (!m) return out;
  for (const item of m.items) {
    if (!isPair(item)) continue;
    const k = keyText(item as Pair);
    const v = str((item as Pair).value);
    if (k !== undefined && v !== undefined) out[k] = v;
  }
  return out;
}

export { isAlias, isMap, isPair, isScalar, isSeq };
