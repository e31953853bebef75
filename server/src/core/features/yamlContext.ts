// What the cursor is in, read from the lines around it rather than from the
// syntax tree: while the user types, the YAML is incomplete (`subset: ` with
// nothing after it, `- ` alone, a half-typed key) and the parser either drops
// the node or folds it into the previous key. Block structure is recovered by
// walking indentation upward; a flow collection on the cursor's line
// (`[a, b]`, `{ number: 80 }`) is read from that line.
import { flowEntries, flowMapEntries, flowSeqItems, scanFlow } from './flowContext';
import type { Span } from '../model';

export interface LineShape {
  /** Offset of the line's first character and the end of its text (no newline). */
  start: number;
  end: number;
  text: string;
  /** Column of the first non-space character (the line length when blank). */
  first: number;
  /** Columns of the `- ` sequence markers that open the line. */
  dashes: number[];
  keyCol?: number;
  key?: string;
  /** The value written after `key:` on the same line, without a trailing comment. */
  value?: string;
  /** Blank, a comment, or a document marker. */
  blank: boolean;
}

export type Path = (string | number)[];

export interface CursorContext {
  text: string;
  lines: LineShape[];
  line: number;
  docStartLine: number;
  docEndLine: number;
  /** From the document root to the map being completed (key) or to the value being completed. */
  path: Path;
  /** `item`: after `- ` with no `key:`; an object item takes keys, a scalar item takes a value. */
  position: 'key' | 'value' | 'item';
  prefix: string;
  /** What a chosen item replaces: the partial token around the cursor. */
  replace: Span;
  /** The opening quote the user typed, if any. */
  quote?: string;
  /** The cursor sits right after `key:`: a value needs a leading space. */
  needsSpace: boolean;
  /** A `:` already follows the key being typed: insert the name only. */
  colonFollows: boolean;
  /** Column where a key typed here starts; children indent from it. */
  keyColumn: number;
  flow?: 'seq' | 'map';
  /** Entries of the map that holds the cursor (key: keys present; value: the siblings). */
  siblings: Record<string, string>;
  /** Entries of the map one level up (the `destination` of a `port.number`). */
  parentSiblings: Record<string, string>;
  /** Entries already in the sequence the cursor adds to. */
  present: string[];
  /** Nothing else in this document yet. */
  emptyDocument: boolean;
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  /** Indentation of a block sequence under its key: 0 (indentless, as kubectl writes) or 2. */
  seqIndent: number;
}

const DOC_MARKER = /^(---|\.\.\.)(\s|$)/;
const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{[\]}][^#]*?)\s*:(?=\s|$)/;

export function shapeLines(text: string): LineShape[] {
  const out: LineShape[] = [];
  let start = 0;
  for (;;) {
    let end = text.indexOf('\n', start);
    const last = end < 0;
    if (last) end = text.length;
    const raw = text.slice(start, end);
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    out.push(shapeOf(lineText, start));
    if (last) break;
    start = end + 1;
  }
  return out;
}

function shapeOf(text: string, start: number): LineShape {
  let i = 0;
  while (i < text.length && text[i] === ' ') i++;
  const shape: LineShape = { start, end: start + text.length, text, first: i, dashes: [], blank: false };
  if (i === text.length || text[i] === '#' || (i === 0 && DOC_MARKER.test(text))) {
    shape.blank = true;
    return shape;
  }
  while (text[i] === '-' && (i + 1 === text.length || text[i + 1] === ' ')) {
    shape.dashes.push(i);
    i++;
    while (text[i] === ' ') i++;
  }
  const m = KEY.exec(text.slice(i));
  if (m) {
    shape.keyCol = i;
    shape.key = unquote(m[1].trim());
    shape.value = stripComment(text.slice(i + m[0].length + 1).trim());
  }
  return shape;
}

function stripComment(value: string): string {
  if (value.startsWith('"') || value.startsWith("'")) return value;
  const hash = value.search(/(^|\s)#/);
  return (hash >= 0 ? value.slice(0, hash) : value).trim();
}

export function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

function contentCol(s: LineShape): number {
  return s.dashes.length ? s.dashes[0] : s.first;
}

interface Frame {
  step: string | number;
  line: number;
  col: number;
}

/**
 * The keys and sequence items that contain an element starting at `col` on
 * line `from` (exclusive), innermost last. `viaDash`: the element is itself a
 * sequence item, so a key at the same column above it (`key:` then `- x`) is its parent.
 */
function ancestors(lines: LineShape[], from: number, docStart: number, col: number, viaDash: boolean): Frame[] {
  const frames: Frame[] = [];
  let threshold = col;
  let fromDash = viaDash;
  let itemFrame: Frame | undefined;
  for (let l = from - 1; l >= docStart && (threshold > 0 || fromDash); l--) {
    const s = lines[l];
    if (s.blank) continue;
    if (s.keyCol !== undefined && (s.keyCol < threshold || (fromDash && s.keyCol === threshold && !s.value && s.dashes.every((d) => d < threshold)))) {
      frames.unshift({ step: s.key!, line: l, col: s.keyCol });
      threshold = s.keyCol;
      fromDash = false;
    }
    for (let d = s.dashes.length - 1; d >= 0; d--) {
      const dc = s.dashes[d];
      if (dc < threshold) {
        itemFrame = { step: 0, line: l, col: dc };
        frames.unshift(itemFrame);
        threshold = dc;
        fromDash = true;
      } else if (dc === threshold && fromDash && itemFrame && itemFrame.col === dc) {
        itemFrame.step = (itemFrame.step as number) + 1;
      }
    }
    if (!fromDash && s.keyCol === undefined && s.dashes.length === 0 && s.first < threshold) break; // a bare scalar: malformed above
  }
  return frames;
}

/** The entries of the block map whose keys sit at `col`, around line `anchor`. */
export function mapEntries(lines: LineShape[], anchor: number, col: number, docStart: number, docEnd: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let l = anchor; l >= docStart; l--) {
    const s = lines[l];
    if (s.blank) continue;
    if (s.keyCol === col) out[s.key!] ??= unquote(s.value ?? '');
    if (contentCol(s) < col) break;
  }
  for (let l = anchor + 1; l <= docEnd; l++) {
    const s = lines[l];
    if (s.blank) continue;
    if (contentCol(s) < col) break;
    if (contentCol(s) === col && s.keyCol === col) out[s.key!] ??= unquote(s.value ?? '');
  }
  return out;
}

/** The scalar items of the block sequence whose dashes sit at `col`, around line `anchor`. */
function seqItems(lines: LineShape[], anchor: number, col: number, docStart: number, docEnd: number): string[] {
  const out: string[] = [];
  const take = (s: LineShape) => {
    if (s.dashes[0] === col && s.dashes.length === 1 && s.keyCol === undefined) out.push(unquote(stripComment(s.text.slice(s.first + 1).trim())));
  };
  for (let l = anchor - 1; l >= docStart; l--) {
    const s = lines[l];
    if (s.blank) continue;
    if (contentCol(s) < col || (contentCol(s) === col && !s.dashes.length)) break;
    take(s);
  }
  for (let l = anchor + 1; l <= docEnd; l++) {
    const s = lines[l];
    if (s.blank) continue;
    if (contentCol(s) < col || (contentCol(s) === col && !s.dashes.length)) break;
    take(s);
  }
  return out.filter(Boolean);
}

function lineAt(lines: LineShape[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lines = shapeLines(text);
  const line = lineAt(lines, offset);
  const cur = lines[line];
  if (DOC_MARKER.test(cur.text)) return undefined;
  let docStartLine = line;
  while (docStartLine > 0 && !DOC_MARKER.test(lines[docStartLine - 1].text)) docStartLine--;
  let docEndLine = line;
  while (docEndLine + 1 < lines.length && !DOC_MARKER.test(lines[docEndLine + 1].text)) docEndLine++;

  const col = offset - cur.start;
  const before = cur.text.slice(0, col);
  const after = cur.text.slice(col);
  if (/^\s*#/.test(before) || /\s#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined; // in a comment

  let p = 0;
  while (before[p] === ' ') p++;
  const lineDashes: number[] = [];
  while (before[p] === '-' && p + 1 < before.length && before[p + 1] === ' ') {
    lineDashes.push(p);
    p++;
    while (before[p] === ' ') p++;
  }
  const rest = before.slice(p);
  const base = lineDashes.length
    ? [...ancestors(lines, line, docStartLine, lineDashes[0], true), ...lineDashes.map((d) => ({ step: 0, line, col: d }) as Frame)]
    : ancestors(lines, line, docStartLine, p, false);
  if (lineDashes.length) {
    const first = base[base.length - lineDashes.length];
    first.step = countItemsAbove(lines, line, docStartLine, lineDashes[0]);
  }
  const ctx: CursorContext = {
    text,
    lines,
    line,
    docStartLine,
    docEndLine,
    path: base.map((f) => f.step),
    position: 'key',
    prefix: '',
    replace: { start: offset, end: offset },
    needsSpace: false,
    colonFollows: false,
    keyColumn: p,
    siblings: {},
    parentSiblings: {},
    present: [],
    emptyDocument: false,
    seqIndent: detectSeqIndent(lines),
  };
  readDocumentFacts(ctx);

  const keyed = /^("[^"]*"|'[^']*'|[^\s#'"{[\]}][^#]*?)\s*:(\s*)(.*)$/.exec(rest);
  if (keyed) {
    const key = unquote(keyed[1]);
    const valueText = keyed[3];
    const valueCol = p + rest.length - valueText.length;
    ctx.path.push(key);
    ctx.position = 'value';
    ctx.siblings = mapEntries(lines, line, p, docStartLine, docEndLine);
    const parent = base[base.length - 1];
    if (parent && typeof parent.step === 'string') ctx.parentSiblings = mapEntries(lines, parent.line, parent.col, docStartLine, docEndLine);
    if (valueText.startsWith('[') || valueText.startsWith('{')) {
      if (!readFlow(ctx, cur.start + valueCol, offset)) return undefined;
      return ctx;
    }
    if (/^[|>&!*]/.test(valueText)) return undefined; // block scalar, anchor, tag or alias
    ctx.needsSpace = keyed[2] === '' && valueText === '';
    setToken(ctx, cur.start + valueCol, valueText, after, 'value');
    return ctx;
  }
  if (lineDashes.length && (rest.startsWith('{') || rest.startsWith('['))) {
    ctx.position = 'value';
    return readFlow(ctx, cur.start + p, offset) ? ctx : undefined; // `- { number: 80, protocol: | }`
  }
  const holder = base[base.length - 1];
  if (!lineDashes.length && holder && typeof holder.step === 'string') {
    const opened = flowValueStart(lines[holder.line]);
    if (opened !== undefined) return continuedFlow(ctx, base, opened, offset) ? ctx : undefined;
  }
  if (/[[\]{}]/.test(rest)) return undefined;
  ctx.position = lineDashes.length ? 'item' : 'key';
  if (lineDashes.length) {
    ctx.present = seqItems(lines, line, lineDashes[lineDashes.length - 1], docStartLine, docEndLine);
    ctx.siblings = mapEntries(lines, line, p, line, docEndLine);
  } else {
    ctx.siblings = mapEntries(lines, line, p, docStartLine, docEndLine);
    delete ctx.siblings[lines[line].key ?? '\u0000'];
  }
  if (holder && typeof holder.step === 'number') {
    const grand = base[base.length - 2];
    if (grand && typeof grand.step === 'string') ctx.parentSiblings = mapEntries(lines, grand.line, grand.col, docStartLine, docEndLine);
  } else if (holder) {
    ctx.parentSiblings = mapEntries(lines, holder.line, holder.col, docStartLine, docEndLine);
  }
  setToken(ctx, cur.start + p, rest, after, ctx.position === 'key' ? 'key' : 'value');
  ctx.emptyDocument = !rest.includes(':') && lines.slice(docStartLine, docEndLine + 1).every((s, i) => s.blank || docStartLine + i === line);
  return ctx;
}

/** Sets prefix, quote and replace span for a token that starts at `start`. */
function setToken(ctx: CursorContext, start: number, typed: string, after: string, what: 'key' | 'value'): void {
  let s = start;
  let prefix = typed;
  if (prefix.startsWith('"') || prefix.startsWith("'")) {
    ctx.quote = prefix[0];
    prefix = prefix.slice(1);
    s++;
  }
  const keyTail = ctx.flow ? /^[^\s:#,[\]{}]*/ : /^[^\s:#]*/;
  const tail = ctx.quote ? new RegExp(`^[^${ctx.quote}]*`).exec(after)![0] : what === 'key' ? keyTail.exec(after)![0] : /^[^\s,\]}#"']*/.exec(after)![0];
  ctx.prefix = prefix;
  ctx.replace = { start: s, end: s + prefix.length + tail.length };
  ctx.colonFollows = what === 'key' && /^\s*:/.test(after.slice(tail.length));
}

/** Offset of a flow collection that opens a key's value on its line and is not closed there (`hosts: [`). */
function flowValueStart(s: LineShape): number | undefined {
  if (!s.value || !/^[[{]/.test(s.value)) return undefined;
  const colon = s.text.indexOf(':', s.keyCol! + (s.key?.length ?? 0));
  const at = colon + 1 + s.text.slice(colon + 1).search(/\S/);
  return s.start + at;
}

/** The cursor on a later line of a flow collection opened by the key of `base`'s last frame. */
function continuedFlow(ctx: CursorContext, base: Frame[], flowStart: number, offset: number): boolean {
  const { lines, docStartLine, docEndLine } = ctx;
  const holder = base[base.length - 1];
  const parent = base[base.length - 2];
  ctx.position = 'value';
  ctx.siblings = mapEntries(lines, holder.line, holder.col, docStartLine, docEndLine);
  ctx.parentSiblings = parent && typeof parent.step === 'string' ? mapEntries(lines, parent.line, parent.col, docStartLine, docEndLine) : {};
  return readFlow(ctx, flowStart, offset);
}

/** Flow collections that hold the cursor: `gateways: [mesh, |]`, `port: {number: |}`, `metadata: {name: x, |}`. */
function readFlow(ctx: CursorContext, flowStart: number, offset: number): boolean {
  const cur = ctx.lines[ctx.line];
  // Entries after the cursor: on its line for a collection opened there (an unclosed one must not take in the block lines below).
  const flow = scanFlow(ctx.text, flowStart, offset, flowStart >= cur.start ? cur.end : ctx.lines[ctx.docEndLine].end);
  if (!flow) return false;
  const top = flow.frames[flow.frames.length - 1];
  ctx.flow = top.open === '[' ? 'seq' : 'map';
  ctx.path.push(...flow.steps);
  // The maps from the block one holding the flow key down to the cursor's: the last two are siblings and parent.
  const maps = [ctx.parentSiblings, ctx.siblings, ...flow.frames.filter((f) => f.open === '{').map((f) => flowMapEntries(f.entries))];
  ctx.siblings = maps[maps.length - 1];
  ctx.parentSiblings = maps[maps.length - 2];
  if (top.open === '[') ctx.present = flowSeqItems(top.entries);
  ctx.position = flow.position;
  ctx.needsSpace = flow.position === 'value' && ctx.text[offset - 1] === ':';
  const typed = ctx.text.slice(flow.tokenStart, offset);
  setToken(ctx, flow.tokenStart, typed, ctx.text.slice(offset, cur.end), flow.position);
  ctx.keyColumn = flow.tokenStart - cur.start;
  return true;
}

function countItemsAbove(lines: LineShape[], line: number, docStart: number, col: number): number {
  let n = 0;
  for (let l = line - 1; l >= docStart; l--) {
    const s = lines[l];
    if (s.blank) continue;
    if (contentCol(s) < col || (contentCol(s) === col && !s.dashes.length)) break;
    if (s.dashes[0] === col) n++;
  }
  return n;
}

/** apiVersion, kind and metadata.namespace of the cursor's document, block or flow style. */
function readDocumentFacts(ctx: CursorContext): void {
  const root = mapEntries(ctx.lines, ctx.docEndLine, 0, ctx.docStartLine, ctx.docEndLine);
  ctx.apiVersion = root.apiVersion || undefined;
  ctx.kind = root.kind || undefined;
  const meta = root.metadata;
  if (meta?.startsWith('{')) {
    ctx.namespace = flowEntries(meta).namespace || undefined;
    return;
  }
  for (let l = ctx.docStartLine; l <= ctx.docEndLine; l++) {
    const s = ctx.lines[l];
    if (s.keyCol !== 0 || s.key !== 'metadata') continue;
    for (let c = l + 1; c <= ctx.docEndLine; c++) {
      const child = ctx.lines[c];
      if (child.blank) continue;
      if (child.keyCol !== undefined && child.first > 0) ctx.namespace = mapEntries(ctx.lines, c, child.keyCol, l + 1, ctx.docEndLine).namespace || undefined;
      break;
    }
  }
}

/** Indentless (`key:` then `- x` at the key's column) unless the file indents its sequences. */
function detectSeqIndent(lines: LineShape[]): number {
  for (let l = 0; l + 1 < lines.length; l++) {
    const s = lines[l];
    if (s.blank || s.keyCol === undefined || s.value) continue;
    const next = lines.slice(l + 1).find((x) => !x.blank);
    if (next?.dashes.length) return Math.max(0, next.dashes[0] - s.keyCol);
  }
  return 0;
}

export function pathKey(path: Path): string {
  return path.filter((p) => typeof p === 'string').join('.');
}
