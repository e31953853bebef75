// How far the server's heap may grow past what it holds before V8 collects it
// in full. Once the workspace is indexed the heap holds the index (about
// 150 MB on a 5,000-file workspace) and every edit leaves garbage the size of
// the tables it replaced; V8's default growth (up to about twice the live
// heap for a process that collects quickly) let the large benchmark
// workspace climb from 215 to 370 MB over a few dozen edits and requests. A
// 30 % margin keeps it near what it holds (229 MB); full collections of this
// heap are concurrent and incremental, so edits do not wait for them. It is
// set when the server starts: set after the scan, it took effect only at the
// next full collection, which the default margin put 100 MB later.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 30;

export function keepHeapNearLive(): void {
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // Only memory is at stake.
  }
}
