// Reads what `istio-ls check` analyses: the configuration file, the files to
// report on and, with --context, every other YAML file of the repository.
// Files are summarised on worker threads (../node/summaryPool) and summaries
// of unchanged files come from the persisted cache (../node/summaryCache), as
// in the server's workspace scan, so CI and pre-commit runs cost what the
// editor's start-up costs.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { getLanguageService, parseConfigFile, CONFIG_FILE_NAME, type ConfigFile, type LanguageService } from '../core';
import { DEFAULT_EXCLUDES, isExcluded, walkYaml } from '../node/walk';
import { SummaryPool } from '../node/summaryPool';
import { fileUri } from '../node/fileUri';
import type { SummaryJob, SummaryResult } from '../node/summaryJob';
import { cacheLine, loadCache, saveCache, sourceVersion, type CacheEntry, type CacheKey } from '../node/summaryCache';
import type { CheckOptions } from './args';
import type { FileSummary } from '../core/model';

const MIN_FILES_FOR_WORKERS = 64;

export interface LoadedConfig {
  file: string;
  uri: string;
  text: string;
  parsed: ConfigFile;
}

export interface LoadedWorkspace {
  service: LanguageService;
  root: string;
  config?: LoadedConfig;
  /** Files whose findings are reported. */
  reported: Set<string>;
  /** Explicitly named files skipped by the configuration's `exclude`. */
  excluded: number;
  stats: { indexed: number; fromCache: number; workers: number; cache: string };
}

/** A usage problem (exit 2) or the loaded workspace; `warn` gets problems that do not stop the check. */
export async function loadWorkspace(o: CheckOptions, warn: (message: string) => void): Promise<LoadedWorkspace | string> {
  const root = path.resolve(o.context ?? '.');
  if (o.context) {
    const stat = await fs.stat(root).catch((e: Error) => e);
    if (stat instanceof Error || !stat.isDirectory()) return `--context ${o.context} is not a readable directory`;
  }
  const config = await readConfig(o.config ? path.resolve(o.config) : path.join(root, CONFIG_FILE_NAME), !!o.config);
  if (typeof config === 'string') return config;
  const service = getLanguageService({ ...config?.parsed.settings, ...o.settings });
  const configDir = config ? path.dirname(config.file) : root;
  const configExcludes = config?.parsed.exclude ?? [];
  const isConfigExcluded = (file: string): boolean => {
    if (config && path.resolve(file) === config.file) return true; // settings, not manifests
    const rel = path.relative(configDir, path.resolve(file));
    return !rel.startsWith('..') && !path.isAbsolute(rel) && isExcluded(rel, configExcludes);
  };
  const walk = async (dir: string): Promise<string[]> => {
    // The configuration's globs are relative to its folder: they prune the walk of that folder, and filter any other.
    const excludes = path.resolve(dir) === configDir ? [...DEFAULT_EXCLUDES, ...configExcludes] : DEFAULT_EXCLUDES;
    const walked = await walkYaml(dir, excludes);
    for (const e of walked.errors) warn(`cannot read ${e.path}: ${e.message}`);
    return walked.files.filter((f) => !isConfigExcluded(f));
  };

  const targets: string[] = [];
  let excluded = 0;
  const paths = o.paths.length || o.context ? o.paths : ['.'];
  for (const p of paths) {
    const stat = await fs.stat(p).catch((e: Error) => e);
    if (stat instanceof Error) return `cannot read ${p}: ${stat.message}`;
    if (stat.isDirectory()) targets.push(...(await walk(p)));
    else if (!stat.isFile()) return `cannot read ${p}: not a regular file or directory`;
    else if (isConfigExcluded(p)) excluded++;
    else targets.push(p);
  }
  const reported = new Set(targets.map(uriOf));
  const all = new Map(targets.map((f) => [uriOf(f), f]));
  if (o.context) {
    for (const f of await walk(root)) {
      const uri = uriOf(f);
      if (!all.has(uri)) all.set(uri, f);
      if (paths.length === 0) reported.add(uri);
    }
  }
  const stats = await summarizeAll(service, all, o, root, warn);
  return { service, root, config, reported, excluded, stats };
}

async function readConfig(file: string, required: boolean): Promise<LoadedConfig | undefined | string> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `cannot read the configuration ${file}: ${(e as Error).message}`;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { file, uri: uriOf(file), text, parsed: parseConfigFile(text) };
}

function uriOf(file: string): string {
  return fileUri(path.resolve(file));
}

async function summarizeAll(service: LanguageService, files: Map<string, string>, o: CheckOptions, root: string, warn: (m: string) => void): Promise<LoadedWorkspace['stats']> {
  const settings = service.settings;
  const options = { defaultNamespace: settings.defaultNamespace, maxFileSize: settings.maxFileSize };
  const key: CacheKey = { source: sourceVersion(), ...options };
  const dir = o.cache ? o.cacheDir ?? (await defaultCacheDir(root)) : undefined;
  const cache = dir ? await loadCache(dir, key) : { entries: new Map<string, CacheEntry>(), reason: 'disabled' };
  const jobs: SummaryJob[] = [];
  const fresh: [string, CacheEntry][] = [];
  // The cache lines of new summaries are made as they arrive, while the main thread waits for the workers.
  const lines = new Map<string, string>();
  let fromCache = 0;
  // Summaries go into the index in the walk's order, not as the workers deliver them: the order of resources named
  // in a finding's message (and which of two equal claims comes first) is then the same on every run.
  const ready: FileSummary[] = [];
  const onResult = (r: SummaryResult): void => {
    const job = jobs[r.id];
    if (r.kind === 'error') return warn(`cannot read ${job.file}: ${r.message}`);
    const summary = r.kind === 'unchanged' ? cache.entries.get(job.uri)?.summary : r.summary;
    if (!summary) return;
    if (r.kind === 'unchanged') fromCache++;
    ready[r.id] = summary;
    const entry: CacheEntry = { size: r.size, mtimeMs: r.mtimeMs, hash: r.hash, summary };
    fresh.push([job.uri, entry]);
    if (dir && r.kind === 'summary') lines.set(job.uri, cacheLine(job.uri, entry));
  };
  // Starting a worker (loading the bundle) costs more than summarising a few dozen files here.
  const pool = new SummaryPool(options, onResult, files.size < MIN_FILES_FOR_WORKERS ? 0 : undefined, warn);
  for (const [uri, file] of files) {
    const job: SummaryJob = { id: jobs.length, file, uri, cachedHash: cache.entries.get(uri)?.hash };
    jobs.push(job);
    pool.push(job);
  }
  // The pool's workers do not hold the event loop (a server must be able to exit): the CLI holds it while it waits.
  const holdLoop = setInterval(() => undefined, 60_000);
  const { workers } = await pool.finish().finally(() => clearInterval(holdLoop));
  for (const summary of ready) if (summary) service.applyChange({ files: [{ uri: summary.uri, summary }] });
  if (dir && fromCache < fresh.length) {
    // Entries of files outside this run stay (a run on a few files must not empty the cache); a hash check guards every reuse.
    const merged = new Map(cache.entries);
    for (const [uri, entry] of fresh) merged.set(uri, entry);
    await saveCache(dir, key, merged, undefined, lines).catch((e: Error) => warn(`cannot write the summary cache in ${dir}: ${e.message}`));
  }
  return { indexed: jobs.length, fromCache, workers, cache: dir ? `${dir}${cache.reason ? ` (${cache.reason})` : ''}` : 'disabled' };
}

/** One cache per root, in the user's cache folder: CI and hooks never write into the repository. */
async function defaultCacheDir(root: string): Promise<string> {
  const real = await fs.realpath(root).catch(() => root);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'istio-ls', createHash('sha1').update(real).digest('hex').slice(0, 16));
}
