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

/** Levenshtein distance with adjacent transpositions. */
export function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  // Optimal string alignment distance over three rolling rows (the transposition looks two rows back).
  const cols = b.length + 1;
  let before = new Int32Array(cols);
  let prev = new Int32Array(cols);
  let row = new Int32Array(cols);
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
      row[j] = v;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[b.length];
}
