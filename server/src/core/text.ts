// Offsets ↔ line/character (UTF-16, as LSP and JavaScript strings count).

export interface Position {
  line: number;
  character: number;
}

/** Offsets where lines start; `\n`, `\r\n` and a lone `\r` end a line, as in LSP. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  // Without a carriage return every line ends at a line feed, which indexOf finds faster than a loop over every character.
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

export class LineIndex {
  private readonly starts: number[];
  private readonly length: number;
  constructor(text: string, starts?: number[]) {
    this.length = text.length;
    this.starts = starts ?? lineStarts(text);
  }

  /** A LineIndex from a summary's line table when the text is not at hand. */
  static fromStarts(starts: number[], length: number): LineIndex {
    const li = Object.create(LineIndex.prototype) as LineIndex;
    (li as unknown as { starts: number[] }).starts = starts;
    (li as unknown as { length: number }).length = length;
    return li;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.length;
    if (p.line < 0) return 0;
    const start = this.starts[p.line];
    const next = p.line + 1 < this.starts.length ? this.starts[p.line + 1] : this.length;
    return Math.max(start, Math.min(start + p.character, next));
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
