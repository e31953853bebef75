// Summarises the texts editors change on a worker thread kept from the scan.
// The scan's workers parsed the whole workspace: their parser is optimised
// and their heap is small. The main thread's parser had parsed almost nothing
// (an edit of a 1-3 KB VirtualService of the large benchmark workspace took
// 4-8 ms there, 1.5-2.5 ms on a worker), and each parse there left about
// 700 bytes of garbage per byte of YAML, whose collections the next requests
// waited for. The main thread now only takes the summary in; while the
// worker parses, it answers requests.
import type { Worker } from 'node:worker_threads';
import type { FileSummary } from '../core/model';
import type { SummaryOptions, TextJob } from './summaryJob';

export class TextSummarizer {
  private nextId = 0;
  private readonly waiting = new Map<number, (summaries: (FileSummary | undefined)[] | undefined) => void>();
  private dead = false;

  constructor(
    private readonly worker: Worker,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    worker.on('message', (reply: { id: number; texts?: (FileSummary | undefined)[] }) => {
      const done = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      done?.(reply.texts);
    });
    worker.on('error', (e) => this.fail(e.message));
    worker.on('exit', (code) => this.fail(`exited with code ${code}`));
  }

  /** False once the worker is gone: the main thread summarises. */
  get alive(): boolean {
    return !this.dead;
  }

  /**
   * The summaries of `jobs`, in order (undefined where the worker could not make one); undefined for all
   * when the worker is gone. The caller checks that each text is still the editor's.
   */
  summarize(jobs: TextJob[], options: SummaryOptions): Promise<(FileSummary | undefined)[] | undefined> {
    if (this.dead) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id, texts: jobs, options });
    });
  }

  dispose(): void {
    if (this.dead) return;
    this.dead = true;
    this.settle();
    void this.worker.terminate();
  }

  private fail(why: string): void {
    if (this.dead) return;
    this.dead = true;
    this.log(`istio-ls: the worker thread for edited documents failed (${why}); they are summarised on the main thread`);
    this.settle();
  }

  private settle(): void {
    for (const done of this.waiting.values()) done(undefined);
    this.waiting.clear();
  }
}
