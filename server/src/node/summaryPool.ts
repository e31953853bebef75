// Summarises many files in parallel on worker threads (one per core, at most
// four), so the initial scan of a large workspace uses every core. Jobs are
// pushed as the walk finds files, so parsing starts before the walk ends. A
// worker that fails (out of memory on a pathological file, a missing bundle)
// is replaced by the main thread for its jobs: the scan never loses a file.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runBatch, type SummaryJob, type SummaryOptions, type SummaryResult } from './summaryJob';

const BATCH = 8;
/**
 * Files that the persisted cache probably holds (the job carries a hash) are only read and hashed: they
 * go in larger batches, so the workers keep busy while the main thread loads the cached summaries.
 */
const CACHED_BATCH = 128;
const IN_FLIGHT = 2;
/**
 * A worker keeps nothing between batches: parsing makes only short-lived garbage, which a
 * small young generation collects as cheaply as V8's default (sized for a whole heap) while
 * holding far less memory (peak RSS of a scan of the large benchmark workspace: 245 → 220 MB).
 */
const WORKER_YOUNG_MB = 16;

/**
 * V8 optimises a function once it has run a budget of bytecode (66 KB in Node 20). The parser's large
 * functions are then optimised on little type feedback, meet input shapes they had not seen, and are
 * de-optimised and recompiled again and again in every worker; the recompiles run on V8's helper threads,
 * which take the two cores from the workers. Tiering up later gives better feedback: a cold check of the
 * large benchmark workspace makes 300 optimising compiles instead of 664, and 5.5 % fewer instructions in
 * all (callgrind, a third of that workspace). The flag is process-wide and stays set after the scan. A
 * budget given on the command line wins.
 */
const INTERRUPT_BUDGET = 400_000;

function tierUpLater(): void {
  if (process.execArgv.some((a) => a.startsWith('--interrupt-budget'))) return;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

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

interface Slot {
  worker: Worker;
  inFlight: Map<number, SummaryJob[]>;
  dead: boolean;
  /** The pool's listeners, taken off a worker it hands over (they hold the scan's state). */
  detach: () => void;
}

export class SummaryPool {
  readonly stats: PoolStats = { workers: 0, fallbackJobs: 0 };
  private readonly slots: Slot[] = [];
  private readonly queue: SummaryJob[][] = [];
  private pending: SummaryJob[] = [];
  /** Every pending job carries a cached hash. */
  private pendingCached = true;
  private nextBatch = 0;
  private outstanding = 0;
  private mainBusy = false;
  private idle: (() => void) | undefined;

  private started = false;
  private finishing = false;

  constructor(
    private readonly options: SummaryOptions,
    private readonly onResult: (r: SummaryResult) => void,
    private readonly size = defaultPoolSize(),
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Workers start with the first full batch: a handful of files is summarised here, without their start-up cost. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    const script = workerScript();
    if (script) tierUpLater();
    for (let i = 0; script && i < this.size; i++) {
      try {
        const worker = new Worker(script, { workerData: this.options, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
        const onMessage = (reply: { id: number; results: SummaryResult[] }): void => {
          const batch = slot.inFlight.get(reply.id);
          slot.inFlight.delete(reply.id);
          for (const r of reply.results) this.onResult(r);
          if (batch) this.settled(batch.length);
          this.dispatch();
        };
        const onError = (e: Error): void => this.fail(slot, e);
        const onExit = (code: number): void => this.fail(slot, new Error(`exited with code ${code}`));
        const slot: Slot = {
          worker,
          inFlight: new Map(),
          dead: false,
          detach: () => {
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onExit);
          },
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        slot.worker.unref();
        this.slots.push(slot);
        this.stats.workers++;
      } catch (e) {
        this.log(`istio-ls: cannot start a worker thread (${(e as Error).message}); summarising on the main thread`);
        break;
      }
    }
  }

  push(job: SummaryJob): void {
    this.outstanding++;
    this.pending.push(job);
    if (!job.cachedHash) this.pendingCached = false;
    // After finish() was called no fuller batch will come: send what there is.
    if (this.pending.length >= (this.pendingCached ? CACHED_BATCH : BATCH) || this.finishing) {
      this.start();
      this.flush();
    }
  }

  /**
   * Resolves when every pushed job has a result; then the workers are stopped, but for one when `keepOne`
   * is set: it is handed over (in `kept`), its parser warm, to summarise what editors change.
   */
  async finish(keepOne = false): Promise<PoolStats & { kept?: Worker }> {
    this.finishing = true;
    this.flush();
    if (this.outstanding > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    let kept: Worker | undefined;
    for (const slot of this.slots) {
      if (slot.dead) continue;
      slot.dead = true;
      if (keepOne && !kept) {
        kept = slot.worker;
        slot.detach();
      } else void slot.worker.terminate();
    }
    return { ...this.stats, kept };
  }

  private flush(): void {
    if (this.pending.length) this.queue.push(this.pending);
    this.pending = [];
    this.pendingCached = true;
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (!slot.dead && slot.inFlight.size < IN_FLIGHT && this.queue.length) {
        const batch = this.queue.shift()!;
        const id = this.nextBatch++;
        slot.inFlight.set(id, batch);
        slot.worker.postMessage({ id, jobs: batch });
      }
    }
    if (this.slots.every((s) => s.dead) && this.queue.length) void this.drainOnMain();
  }

  private fail(slot: Slot, e: Error): void {
    if (slot.dead) return;
    slot.dead = true;
    this.log(`istio-ls: worker thread failed (${e.message}); its files are summarised on the main thread`);
    this.queue.unshift(...slot.inFlight.values());
    slot.inFlight.clear();
    this.dispatch();
  }

  /** No worker left (or none could start): summarise here, a batch at a time, yielding between batches. */
  private async drainOnMain(): Promise<void> {
    if (this.mainBusy) return;
    this.mainBusy = true;
    while (this.queue.length) {
      const batch = this.queue.shift()!;
      this.stats.fallbackJobs += batch.length;
      for (const r of await runBatch(batch, this.options)) this.onResult(r);
      this.settled(batch.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.mainBusy = false;
  }

  private settled(n: number): void {
    this.outstanding -= n;
    if (this.outstanding === 0 && this.pending.length === 0 && this.idle) {
      const done = this.idle;
      this.idle = undefined;
      done();
    }
  }
}
