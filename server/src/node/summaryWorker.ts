// Worker-thread entry (bundled as dist/server/summaryWorker.js): summarises
// the files the main thread sends, in batches. Summaries are plain data, so
// they cross the thread boundary by structured clone.
import { parentPort, workerData } from 'node:worker_threads';
import { runBatchSync, type SummaryJob, type SummaryOptions } from './summaryJob';

const options = workerData as SummaryOptions;

parentPort?.on('message', (message: { id: number; jobs: SummaryJob[] }) => {
  parentPort?.postMessage({ id: message.id, results: runBatchSync(message.jobs, options) });
});
