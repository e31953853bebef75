// "Did you mean" for misspelt keys and enum values.

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = distance(lower, c.toLowerCase());
    const limit = Math.max(1, Math.min(3, Math.floor(c.length / 3)));
    if (d <= limit && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

/**
 * Levenshtein distance with adjacent transpositions. With `max`, any distance
 * over it comes back as max + 1 as soon as that is certain (most names of a
 * workspace are far from a typo: no need to finish the table).
 */
// The three rolling rows live in one buffer reused by every call: a typo search
// compares a name with every Gateway of the workspace on each rename.
let rows = new Int32Array(96);

export function distance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  // Optimal string alignment distance over three rolling rows (the transposition looks two rows back).
  const cols = b.length + 1;
  if (rows.length < 3 * cols) rows = new Int32Array(6 * cols);
  const r = rows;
  let before = 0;
  let prev = cols;
  let row = 2 * cols;
  for (let j = 0; j < cols; j++) r[prev + j] = j;
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    // No code unit is -1: no transposition on the first row.
    const caBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    r[row] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = r[prev + j - 1] + (ca === cb ? 0 : 1);
      if (r[prev + j] + 1 < v) v = r[prev + j] + 1;
      if (r[row + j - 1] + 1 < v) v = r[row + j - 1] + 1;
      if (j > 1 && caBefore === cb && ca === b.charCodeAt(j - 2) && r[before + j - 2] + 1 < v) v = r[before + j - 2] + 1;
      r[row + j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Every alignment passes through this row or, by a transposition, the one before.
    if ((rowMin < prevMin ? rowMin : prevMin) > max) return max + 1;
    prevMin = rowMin;
    const t = before;
    before = prev;
    prev = row;
    row = t;
  }
  return r[prev + b.length];
}
