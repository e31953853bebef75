// Summarises many files in parallel on worker threads (one per core, at most
// four), so the initial scan of a large workspace uses every core. A worker
// that fails (out of memory on a pathological file, a missing bundle) is
// replaced by the main thread for its jobs: the scan never loses a file.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runBatch, type SummaryJob, type SummaryOptions, type SummaryResult } from './summaryJob';

const BATCH = 8;
const IN_FLIGHT = 2;

export interface PoolStats {
  workers: number;
  fallbackJobs: number;
}

export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, 4));
}

/** The worker bundle sits next to the server bundle (dist/server/summaryWorker.js). */
export function workerScript(): string | undefined {
  const file = path.join(__dirname, 'summaryWorker.js');
  return existsSync(file) ? file : undefined;
}

/**
 * Runs every job and calls `onResult` for each, in completion order. With no
 * worker script (or size 0) the jobs run on the main thread, a batch at a time,
 * yielding between batches so requests are still answered during the scan.
 */
export async function summarizeAll(
  jobs: SummaryJob[],
  options: SummaryOptions,
  onResult: (r: SummaryResult) => void,
  size = defaultPoolSize(),
  log: (message: string) => void = () => undefined,
): Promise<PoolStats> {
  const stats: PoolStats = { workers: 0, fallbackJobs: 0 };
  const script = workerScript();
  const queue: SummaryJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH) queue.push(jobs.slice(i, i + BATCH));
  const onMain = async (batch: SummaryJob[]) => {
    stats.fallbackJobs += batch.length;
    for (const r of await runBatch(batch, options)) onResult(r);
    await new Promise((resolve) => setImmediate(resolve));
  };
  if (!script || size <= 0 || jobs.length < BATCH * 2) {
    while (queue.length) await onMain(queue.shift()!);
    return stats;
  }
  const workerCount = Math.min(size, Math.ceil(queue.length / IN_FLIGHT));
  let nextBatch = 0;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(script, { workerData: options });
      } catch (e) {
        log(`istio-ls: cannot start a worker thread (${(e as Error).message}); summarising on the main thread`);
        resolve();
        return;
      }
      stats.workers++;
      const inFlight = new Map<number, SummaryJob[]>();
      let done = false;
      const finish = async (failed?: Error) => {
        if (done) return;
        done = true;
        if (failed) {
          log(`istio-ls: worker thread failed (${failed.message}); its files are summarised on the main thread`);
          const lost = [...inFlight.values()];
          inFlight.clear();
          for (const batch of lost) await onMain(batch);
        }
        void worker.terminate();
        resolve();
      };
      const feed = () => {
        while (inFlight.size < IN_FLIGHT && queue.length) {
          const batch = queue.shift()!;
          const id = nextBatch++;
          inFlight.set(id, batch);
          worker.postMessage({ id, jobs: batch });
        }
        if (inFlight.size === 0) void finish();
      };
      worker.on('message', (reply: { id: number; results: SummaryResult[] }) => {
        inFlight.delete(reply.id);
        for (const r of reply.results) onResult(r);
        feed();
      });
      worker.on('error', (e) => void finish(e));
      worker.on('exit', (code) => void finish(code === 0 && inFlight.size === 0 ? undefined : new Error(`exited with code ${code}`)));
      feed();
    });
  await Promise.all(Array.from({ length: workerCount }, runWorker));
  // Whatever no worker could take (none started) runs here.
  while (queue.length) await onMain(queue.shift()!);
  return stats;
}
