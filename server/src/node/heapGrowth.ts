// How far the server's heap may grow past what it holds before V8 collects it
// in full. Once the workspace is indexed the heap holds the index (about
// 150 MB on a 5,000-file workspace) and every edit leaves garbage the size of
// the tables it replaced; V8's default growth (up to about twice the live
// heap for a process that collects quickly) let the large benchmark
// workspace climb from 215 to 370 MB over a few dozen edits and requests. A
// 30 % margin keeps it near what it holds (229 MB); full collections of this
// heap are concurrent and incremental, so edits do not wait for them.
//
// It is set after the scan, just before the full collection that follows it
// (the new limit is computed at a full collection). Set when the server
// started, it made the heap, growing from nothing to the index, be marked in
// full every 30 %: concurrent marking took the cores from the workers, and a
// cold start of the large benchmark workspace was 5-7 % slower (median of six
// alternating runs), with the same peak RSS.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const HEAP_GROWING_PERCENT = 30;

export function keepHeapNearLive(): void {
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // Only memory is at stake.
  }
}

let gc: (() => void) | undefined;

/**
 * Collects the whole heap now; false where the runtime does not allow it. After the initial scan the heap
 * holds much that the scan replaced (the summaries taken in, the tables of the first analysis); V8
 * collected it when the old generation next reached its limit, which on the large benchmark workspace
 * fell among the first edits: a 20 ms pause in one edit, and the concurrent marking before it slowed the
 * edits around it (edit → diagnostics p95 33-50 ms in three runs; 18-21 ms with a collection right after
 * the scan). Done while the client is quiet, the collection (about 100 ms there) delays nothing it sent.
 */
export function collectGarbage(): boolean {
  try {
    if (!gc) {
      // The `gc` function of a context made after the flag is set; the server's own global is left as it is.
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
    return true;
  } catch {
    return false;
  }
}
