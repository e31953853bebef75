// Text edits on YAML that keep everything the user wrote: comments, key
// order, quoting, flow or block style and the other documents of the file.
// Each function computes one insertion or replacement at an offset found from
// the parsed nodes; nothing is re-serialised.
import { isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from './workspaceEdit';
import { renderFlow, renderKey, renderLines, renderScalar, type YamlMap, type YamlStyle, type YamlValue } from './render';
import { findPair } from '../parse/ast';

type Range = [number, number, number];

function rangeOf(node: unknown): Range | undefined {
  return (node as { range?: Range } | null | undefined)?.range ?? undefined;
}

function isFlow(node: unknown): boolean {
  return !!(node as { flow?: boolean } | undefined)?.flow;
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/**
 * Where new lines go after a node: the start of the line after its last line.
 * `prefix` is a line end to write first when the node ends the file without one.
 */
export function afterNode(text: string, node: unknown, eol: string): { offset: number; prefix: string } {
  const r = rangeOf(node);
  if (!r) return { offset: text.length, prefix: text.length && !text.endsWith('\n') ? eol : '' };
  let end = r[1];
  // Block collections end at the start of the next line; a scalar ends inside its line.
  if (end > 0 && text[end - 1] === '\n') return { offset: end, prefix: '' };
  const nl = text.indexOf('\n', end);
  if (nl >= 0) return { offset: nl + 1, prefix: '' };
  end = text.length;
  return { offset: end, prefix: eol };
}

/** The column of the `-` of a block sequence's items. */
function dashColumn(text: string, seq: YAMLSeq): number {
  const first = rangeOf(seq);
  if (first) {
    // The sequence starts at its first `-`.
    if (text[first[0]] === '-') return columnOf(text, first[0]);
  }
  const item = rangeOf(seq.items[0]);
  if (!item) return 0;
  let i = item[0] - 1;
  while (i > 0 && text[i] !== '-') i--;
  return columnOf(text, i);
}

/** Appends an item to a sequence, in flow (`[a, b]`) or block (`- a`) style. */
export function appendToSeq(text: string, seq: YAMLSeq, value: YamlValue, style: YamlStyle): TextEdit {
  const r = rangeOf(seq)!;
  if (isFlow(seq)) {
    const close = text.lastIndexOf(']', r[1]);
    const empty = seq.items.length === 0;
    const before = text.slice(r[0] + 1, close);
    const multiline = /\n/.test(before);
    if (multiline && !empty) {
      // `[\n  a,\n  b\n]`: a new line with the indentation of the last item.
      const last = rangeOf(seq.items[seq.items.length - 1])!;
      const indent = ' '.repeat(columnOf(text, last[0]));
      const trailingComma = /,\s*$/.test(text.slice(last[1], close));
      const at = trailingComma ? text.lastIndexOf(',', close) + 1 : last[1];
      return { span: { start: at, end: at }, newText: `${trailingComma ? '' : ','}${style.eol}${indent}${renderFlow(value)}${trailingComma ? ',' : ''}` };
    }
    const last = seq.items.length ? rangeOf(seq.items[seq.items.length - 1])! : undefined;
    const at = last ? last[1] : close;
    return { span: { start: at, end: at }, newText: `${empty ? '' : ', '}${renderFlow(value)}` };
  }
  const col = dashColumn(text, seq);
  const { offset, prefix } = afterNode(text, seq, style.eol);
  const lines = itemLines(value, col, style);
  return { span: { start: offset, end: offset }, newText: prefix + lines.join(style.eol) + style.eol };
}

function itemLines(value: YamlValue, col: number, style: YamlStyle): string[] {
  return renderLines([value], col, style);
}

/**
 * Adds `key: value` to a mapping: after the pair `after` when given (and
 * present), else at the end. Block maps get new lines at the map's
 * indentation; flow maps get `, key: value` before the `}`.
 */
export function addPair(text: string, map: YAMLMap, key: string, value: YamlValue, style: YamlStyle, after?: string): TextEdit {
  const r = rangeOf(map)!;
  if (isFlow(map)) {
    const close = text.lastIndexOf('}', r[1]);
    const last = map.items.length ? map.items[map.items.length - 1] : undefined;
    const lastEnd = last ? rangeOf((last as Pair).value ?? (last as Pair).key)![1] : close;
    const at = last ? lastEnd : close;
    return { span: { start: at, end: at }, newText: `${last ? ', ' : ''}${renderKey(key)}: ${renderFlow(value)}` };
  }
  const firstKey = rangeOf((map.items[0] as Pair | undefined)?.key);
  const col = firstKey ? columnOf(text, firstKey[0]) : 0;
  const anchor = after ? findPair(map, after) : undefined;
  const place = anchor ? afterNode(text, anchor.value ?? anchor.key, style.eol) : afterNode(text, map, style.eol);
  const lines = renderLines({ [key]: value } as YamlMap, col, style);
  return { span: { start: place.offset, end: place.offset }, newText: place.prefix + lines.join(style.eol) + style.eol };
}

/** `value` written with the same quotes as `original` (or plain when safe). */
export function quoteLike(original: string, value: string): string {
  if (original.startsWith('"')) return JSON.stringify(value);
  if (original.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  return renderScalar(value);
}

/** Appends documents at the end of a file, separated by `---`. */
export function appendDocuments(text: string, documents: string, eol: string): TextEdit {
  const trimmed = text.replace(/\s+$/, '');
  let prefix = '';
  if (trimmed.length > 0) {
    if (!text.endsWith('\n')) prefix += eol;
    if (!/(^|\n)---\s*$/.test(trimmed)) prefix += `---${eol}`;
  }
  return { span: { start: text.length, end: text.length }, newText: prefix + documents };
}

/** The sequence under `key` in a map, if it is one. */
export function seqAt(map: unknown, key: string): YAMLSeq | undefined {
  const v = findPair(map, key)?.value;
  return isSeq(v) ? v : undefined;
}

/**
 * Removes item `index` of a sequence of scalars that keeps at least one item:
 * in flow style the item and one separating comma, in block style its whole
 * line. Undefined when the item spans lines or shares its line with another.
 */
export function removeFromSeq(text: string, seq: YAMLSeq, index: number): TextEdit | undefined {
  const item = rangeOf(seq.items[index]);
  if (!item || seq.items.length < 2) return undefined;
  if (isFlow(seq)) {
    if (index < seq.items.length - 1) return { span: { start: item[0], end: rangeOf(seq.items[index + 1])![0] }, newText: '' };
    return { span: { start: rangeOf(seq.items[index - 1])![1], end: item[1] }, newText: '' };
  }
  const start = lineStartOf(text, item[0]);
  const dash = text.slice(start, item[0]);
  if (!/^\s*-\s*$/.test(dash)) return undefined;
  const nl = text.indexOf('\n', item[1]);
  if (/\S/.test(text.slice(item[1], nl < 0 ? text.length : nl).replace(/#.*$/, ''))) return undefined;
  return { span: { start, end: nl < 0 ? text.length : nl + 1 }, newText: '' };
}
