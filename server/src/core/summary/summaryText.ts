// Which text a summary was built from, so a request can tell whether the
// index is current for the text it was given. Comparing lengths is not enough
// (`subset: v1` → `v2` keeps the length); comparing the text is exact and,
// for the editor's own string, as cheap as comparing references. The text is
// held only as long as its summary.
import type { FileSummary } from '../model';

const sources = new WeakMap<FileSummary, string>();

export function rememberText(summary: FileSummary, text: string): void {
  sources.set(summary, text);
}

/** True when `summary` was built from exactly `text`. */
export function builtFrom(summary: FileSummary | undefined, text: string): summary is FileSummary {
  return !!summary && sources.get(summary) === text;
}

/** The text `summary` was built from, when known (summaries made elsewhere, by a worker or the persisted cache, carry none). */
export function sourceText(summary: FileSummary | undefined): string | undefined {
  return summary && sources.get(summary);
}
