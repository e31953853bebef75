// Where the cursor's YAML document sits in an older text of the file, when an
// edit left that document untouched. A request right after an edit in another
// document of the file (`---` separated) can then be answered from the older
// text the index has summarised, with its offsets moved by the edit's length,
// instead of summarising the new text first. Documents are independent: the
// parser ends one at a `---` or `...` line in column 0 whatever came before.

const MARKER = /^(---|\.\.\.)(\s|$)/;

export interface MovedCursor {
  /** The cursor's offset in the older text. */
  offset: number;
  /** What to add to an offset of the older text inside the cursor's document to get the new one. */
  delta: number;
}

/**
 * The cursor of `after` at `offset` mapped into `before`, when the edit from
 * `before` to `after` lies wholly in other documents and keeps the number of
 * documents above the cursor's; undefined otherwise (or when nothing changed).
 */
export function cursorInOlderText(before: string, after: string, offset: number): MovedCursor | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const delta = after.length - before.length;
  // The edit replaced before[prefix, before.length - suffix) with after[prefix, after.length - suffix).
  const { start, end } = documentAround(after, offset);
  // Both texts must agree on which lines are markers and directives around the edit.
  if (touchesStructure(before, prefix, before.length - suffix) || touchesStructure(after, prefix, after.length - suffix)) return undefined;
  if (prefix >= end) return { offset, delta: 0 };
  if (after.length - suffix <= start && start > 0) return { offset: offset - delta, delta };
  return undefined;
}

/** The cursor's document: from the start of its opening marker line (or 0) to the start of the next marker line (or the end). */
function documentAround(text: string, offset: number): { start: number; end: number } {
  let start = 0;
  for (let line = text.lastIndexOf('\n', offset - 1); line >= 0; line = text.lastIndexOf('\n', line - 1)) {
    if (MARKER.test(text.slice(line + 1, line + 5))) {
      start = line + 1;
      break;
    }
  }
  let end = text.length;
  for (let line = text.indexOf('\n', offset); line >= 0; line = text.indexOf('\n', line + 1)) {
    if (MARKER.test(text.slice(line + 1, line + 5))) {
      end = line + 1;
      break;
    }
  }
  return { start, end };
}

/** Does a line touched by text[from, to) (whole lines around it) start a document, end one, or hold a directive? */
function touchesStructure(text: string, from: number, to: number): boolean {
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  let lineEnd = text.indexOf('\n', to);
  if (lineEnd < 0) lineEnd = text.length;
  for (const line of text.slice(lineStart, lineEnd).split('\n')) if (MARKER.test(line) || line.startsWith('%')) return true;
  return false;
}
