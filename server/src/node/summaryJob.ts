// One unit of the initial scan: read a file, hash it, and summarise it unless
// the persisted cache already holds the summary of exactly these bytes. Runs
// in a worker thread (summaryWorker.ts) or, as a fallback, on the main thread.
import { promises as fs, closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import * as crypto from 'node:crypto';
import { summarize, oversizeSummary } from '../core/summary/summarize';
import type { FileSummary } from '../core/model';
import { decodeText } from './fileText';

export interface SummaryJob {
  id: number;
  file: string;
  uri: string;
  /** Hash of the cached summary's source: when the file still hashes to it, no summary is sent back. */
  cachedHash?: string;
}

export interface SummaryOptions {
  defaultNamespace: string;
  maxFileSize: number;
}

export type SummaryResult =
  | { id: number; kind: 'summary'; summary: FileSummary; size: number; mtimeMs: number; hash: string }
  | { id: number; kind: 'unchanged'; size: number; mtimeMs: number; hash: string }
  | { id: number; kind: 'error'; message: string };

/** The I/O half: stat and read (not summarised yet). Reads of a batch overlap. */
export async function readJob(job: SummaryJob, options: SummaryOptions): Promise<SummaryResult | { id: number; kind: 'read'; buf: Buffer; size: number; mtimeMs: number }> {
  try {
    const handle = await fs.open(job.file, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return { id: job.id, kind: 'error', message: 'not a regular file' };
      if (stat.size > options.maxFileSize) {
        // Not read at all: a huge file costs a stat, and says why it was skipped.
        return { id: job.id, kind: 'summary', summary: oversizeSummary(job.uri, stat.size, options.maxFileSize), size: stat.size, mtimeMs: stat.mtimeMs, hash: `oversize:${stat.size}` };
      }
      return { id: job.id, kind: 'read', buf: await handle.readFile(), size: stat.size, mtimeMs: stat.mtimeMs };
    } finally {
      await handle.close();
    }
  } catch (e) {
    return { id: job.id, kind: 'error', message: (e as Error).message };
  }
}

/** The CPU half: hash, and summarise unless the cache holds these very bytes. */
export function finishJob(job: SummaryJob, read: Awaited<ReturnType<typeof readJob>>, options: SummaryOptions): SummaryResult {
  if (read.kind !== 'read') return read;
  const { buf, size, mtimeMs } = read;
  try {
    const hash = hashBytes(buf);
    if (job.cachedHash === hash) return { id: job.id, kind: 'unchanged', size, mtimeMs, hash };
    const text = decodeText(buf);
    const summary = summarizeUnder(options, job.uri, text);
    return { id: job.id, kind: 'summary', summary, size, mtimeMs, hash };
  } catch (e) {
    return { id: job.id, kind: 'error', message: (e as Error).message };
  }
}

/** The I/O half with blocking calls, for a worker thread (nothing else waits on its event loop). */
export function readJobSync(job: SummaryJob, options: SummaryOptions): Awaited<ReturnType<typeof readJob>> {
  try {
    const fd = openSync(job.file, 'r');
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return { id: job.id, kind: 'error', message: 'not a regular file' };
      if (stat.size > options.maxFileSize) {
        return { id: job.id, kind: 'summary', summary: oversizeSummary(job.uri, stat.size, options.maxFileSize), size: stat.size, mtimeMs: stat.mtimeMs, hash: `oversize:${stat.size}` };
      }
      return { id: job.id, kind: 'read', buf: readFileSync(fd), size: stat.size, mtimeMs: stat.mtimeMs };
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return { id: job.id, kind: 'error', message: (e as Error).message };
  }
}

/** A batch on a worker thread: blocking reads are cheaper there than promise round trips. */
export function runBatchSync(batch: SummaryJob[], options: SummaryOptions): SummaryResult[] {
  return batch.map((job) => finishJob(job, readJobSync(job, options), options));
}

/** Runs a batch: all reads first (they overlap), then the summaries one by one. */
export async function runBatch(batch: SummaryJob[], options: SummaryOptions): Promise<SummaryResult[]> {
  const reads = await Promise.all(batch.map((job) => readJob(job, options)));
  return batch.map((job, i) => finishJob(job, reads[i], options));
}

// crypto.hash (Node 20.12 and later) hashes in one call, without a Hash object per file: half the cost for a manifest's size.
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer | string, encoding: 'base64') => string }).hash;

export function hashBytes(buf: Buffer | string): string {
  return oneShot ? oneShot('sha1', buf, 'base64') : crypto.createHash('sha1').update(buf).digest('base64');
}

/** What a summary depends on in the settings. */
export function summaryOptions(settings: SummaryOptions): SummaryOptions {
  return { defaultNamespace: settings.defaultNamespace, maxFileSize: settings.maxFileSize };
}

function summarizeUnder(options: SummaryOptions, uri: string, text: string): FileSummary {
  return summarize(uri, text, { defaultNamespace: options.defaultNamespace, limits: { maxFileSize: options.maxFileSize } });
}

/** An editor's text to summarise (see textSummarizer.ts): the options come with it, as settings may have changed since the scan. */
export interface TextJob {
  uri: string;
  text: string;
}

/** The summaries of editors' texts; undefined where summarising failed (the main thread then summarises the text itself and reports why). */
export function summarizeTexts(jobs: TextJob[], options: SummaryOptions): (FileSummary | undefined)[] {
  return jobs.map((job) => {
    try {
      return summarizeUnder(options, job.uri, job.text);
    } catch {
      return undefined;
    }
  });
}
