// The cursor inside flow collections: `gateways: [mesh, |]`,
// `route: [{destination: {host: frontend, subset: |}}]`, `metadata: {name: x, |}`.
// Editors close brackets as the user types, so the text after the cursor is
// usually `}}]`: the line is scanned as tokens (quotes, brackets, commas,
// `key:`) rather than parsed, which would fail on the half-written entry.
import { parse } from 'yaml';

export interface FlowFrame {
  open: '{' | '[';
  /** Map: the key of the entry being written, once its `:` is seen. */
  key?: string;
  afterColon: boolean;
  /** Sequence: the index of the entry being written. */
  index: number;
  /** Offset where the entry being written starts (after `{`, `[` or `,`). */
  entryStart: number;
  /** Offset of the entry's value (after `key:`), for a map. */
  valueStart: number;
  /** The other entries of the collection, as written (before and after the cursor). */
  entries: string[];
}

export interface FlowCursor {
  frames: FlowFrame[];
  /** Keys and indexes from the flow collection's parent down to the cursor's collection. */
  steps: (string | number)[];
  position: 'key' | 'value';
  /** Offset of the token being typed (a key, or a value). */
  tokenStart: number;
}

/**
 * Reads the flow collections that hold `offset`, the outermost opening at
 * `from` (possibly on an earlier line); undefined when the cursor is outside
 * them or in something not read (a comment, a flow key). `end` bounds the
 * search for entries after the cursor.
 */
export function scanFlow(text: string, from: number, offset: number, end: number): FlowCursor | undefined {
  const frames: FlowFrame[] = [];
  let quote: string | undefined;
  let prev = ''; // last significant character outside quotes
  for (let i = from; i < offset; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote && !(quote === "'" && text[i + 1] === "'" && i + 1 < offset)) quote = undefined;
      else if (c === "'" && quote === "'") i++;
      if (!quote) prev = c;
      continue;
    }
    const top = frames[frames.length - 1];
    if (/\s/.test(c)) continue;
    if ((c === '"' || c === "'") && (prev === '' || '{[,:'.includes(prev))) {
      quote = c;
    } else if (c === '{' || c === '[') {
      if (top && top.open === '{' && !top.afterColon) return undefined; // a collection as a key
      frames.push({ open: c, afterColon: false, index: 0, entryStart: i + 1, valueStart: i + 1, entries: [] });
    } else if (c === '}' || c === ']') {
      frames.pop();
      if (frames.length === 0) return undefined; // the collection closed before the cursor
    } else if (c === ',' && top) {
      top.entries.push(text.slice(top.entryStart, i));
      top.entryStart = top.valueStart = i + 1;
      top.index++;
      top.key = undefined;
      top.afterColon = false;
    } else if (c === ':' && top?.open === '{' && !top.afterColon && (i + 1 >= offset || /[\s,[\]{}]/.test(text[i + 1]) || prev === '"' || prev === "'")) {
      top.key = unquoteKey(text.slice(top.entryStart, i));
      top.afterColon = true;
      top.valueStart = i + 1;
    } else if (c === '#' && /\s/.test(text[i - 1] ?? '')) {
      const eol = text.indexOf('\n', i);
      if (eol < 0 || eol >= offset) return undefined; // the cursor is in a comment
      // A comment on an earlier line of the collection counts as blank space.
      if (top && !text.slice(top.entryStart, i).trim()) top.entryStart = eol;
      if (top && !text.slice(top.valueStart, i).trim()) top.valueStart = eol;
      i = eol;
      continue;
    }
    prev = c;
  }
  if (frames.length === 0) return undefined;
  const steps: (string | number)[] = [];
  for (const f of frames.slice(0, -1)) {
    if (f.open === '[') steps.push(f.index);
    else if (f.key !== undefined) steps.push(f.key);
    else return undefined;
  }
  const top = frames[frames.length - 1];
  let position: 'key' | 'value' = 'value';
  let tokenStart = top.entryStart;
  if (top.open === '[') steps.push(top.index);
  else if (top.afterColon) {
    steps.push(top.key!);
    tokenStart = top.valueStart;
  } else position = 'key';
  while (tokenStart < offset && /\s/.test(text[tokenStart])) tokenStart++;
  if (/[[\]{}]/.test(text.slice(tokenStart, offset))) return undefined; // a value that is itself a collection
  readEntriesAfter(text, offset, end, frames, quote);
  return { frames, steps, position, tokenStart };
}

/** Adds to each frame the entries written after the cursor, up to its closing bracket. */
function readEntriesAfter(text: string, offset: number, end: number, frames: FlowFrame[], openQuote: string | undefined): void {
  let level = frames.length - 1;
  let depth = 0;
  let quote = openQuote; // the cursor may sit inside a quoted token
  let entryStart = offset;
  let skipping = true; // the rest of the entry holding the cursor (or a nested collection) is not another entry
  for (let i = offset; i < end && level >= 0; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) depth--;
    else if (c === '}' || c === ']') {
      if (!skipping) frames[level].entries.push(text.slice(entryStart, i));
      level--;
      skipping = true;
    } else if (c === ',' && depth === 0) {
      if (!skipping) frames[level].entries.push(text.slice(entryStart, i));
      skipping = false;
      entryStart = i + 1;
    } else if (c === '#' && /\s/.test(text[i - 1])) {
      const eol = text.indexOf('\n', i);
      if (eol < 0) break;
      i = eol - 1; // a comment runs to the end of its line
    }
  }
}

function unquoteKey(raw: string): string {
  const t = raw.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** The entries of a flow map, by key (a nested collection's value is empty). */
export function flowMapEntries(entries: string[]): Record<string, string> {
  return flowEntries(`{${entries.join(',')}}`);
}

/** The scalar items of a flow sequence. */
export function flowSeqItems(entries: string[]): string[] {
  return entries.map(unquoteKey).filter((e) => e && !/^[[{]/.test(e));
}

export function flowEntries(text: string): Record<string, string> {
  try {
    // No warnings on the process (they would reach the server's stderr), and aliases are not expanded.
    const v = parse(text, { logLevel: 'error', maxAliasCount: 0 }) as unknown;
    const out: Record<string, string> = {};
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'object' ? '' : String(x ?? '');
    return out;
  } catch {
    return {};
  }
}
