// Worker-thread entry (bundled as dist/server/summaryWorker.js): summarises
// the files the main thread sends, in batches, during a scan; afterwards one
// worker summarises the texts editors change (./textSummarizer). Summaries
// are plain data, so they cross the thread boundary by structured clone.
import { parentPort, workerData } from 'node:worker_threads';
import { runBatchSync, summarizeTexts, type SummaryJob, type SummaryOptions, type TextJob } from './summaryJob';

const options = workerData as SummaryOptions;

type Message = { id: number; jobs: SummaryJob[] } | { id: number; texts: TextJob[]; options: SummaryOptions };

parentPort?.on('message', (message: Message) => {
  if ('texts' in message) parentPort?.postMessage({ id: message.id, texts: summarizeTexts(message.texts, message.options) });
  else parentPort?.postMessage({ id: message.id, results: runBatchSync(message.jobs, options) });
});
