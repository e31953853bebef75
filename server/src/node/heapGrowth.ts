// How far the server's heap may grow past what it holds before V8 collects it
// in full. Once the workspace is indexed the heap holds the index (about
// 150 MB on a 5,000-file workspace) and every edit leaves garbage the size of
// the tables it replaced; V8's default growth (up to about twice the live
// heap for a process that collects quickly) then let the large benchmark
// workspace climb from 215 to 370 MB over a few dozen edits. A 30 % margin
// keeps it near what it holds; full collections of this heap are concurrent
// and incremental, so edits do not wait for them. The scan itself keeps the
// default: its heap grows steadily, and a tight margin would collect it again
// and again on the cores the worker threads need.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 30;

export function keepHeapNearLive(): void {
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // Only memory is at stake.
  }
}
