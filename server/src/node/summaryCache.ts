// The persisted index: file summaries kept between sessions in the storage
// folder the client passes, so a restart re-reads and hashes files but parses
// only those that changed. The cache is an optimisation and is never trusted:
// a different format, server build (which embeds the schema), settings or a
// checksum mismatch discards it, any error reading it is ignored, and it is
// written atomically (temporary file, then rename). Deleting it is always safe.
//
// A header line, a line with every file's hash, one JSON line per file, and a
// trailer line (the checksum of everything before it), written and read a
// chunk at a time: a large workspace's cache is tens of megabytes, and one
// JSON string of it would double the server's memory while it is saved or
// loaded. The hashes come first so that the files can be read and hashed
// while the summaries load (a warm start waited for the whole file before).
import { createReadStream, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { FileSummary } from '../core/model';

export const CACHE_FORMAT = 3;
const FILE = `istio-ls-index-v${CACHE_FORMAT}.jsonl`;
/** Lines are written in chunks of about this many characters. */
const CHUNK = 1 << 20;
/** How long serialising may hold the event loop before `pause`. */
const PAUSE_EVERY_MS = 2;

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  /** sha1 of the file's bytes: the key that decides whether `summary` still applies. */
  hash: string;
  summary: FileSummary;
}

/** Everything a summary depends on besides the file's bytes. */
export interface CacheKey {
  source: string;
  defaultNamespace: string;
  maxFileSize: number;
}

interface Header extends CacheKey {
  format: number;
}

interface Trailer {
  /** sha1 of every byte before the trailer line. */
  checksum: string;
  count: number;
}

let sourceVersionMemo: string | undefined;
let saves = 0;

/** Identifies the code that made the summaries: a hash of this server bundle (schema included). */
export function sourceVersion(): string {
  if (!sourceVersionMemo) {
    try {
      sourceVersionMemo = createHash('sha1').update(readFileSync(__filename)).digest('base64');
    } catch {
      sourceVersionMemo = `unknown-${Date.now()}`; // never matches a stored cache
    }
  }
  return sourceVersionMemo;
}

export function cacheFile(dir: string): string {
  return path.join(dir, FILE);
}

/**
 * The stored entries by uri, or an empty map (with the reason) when there is no usable cache. `onHashes`
 * gets every stored file's hash as soon as they are read, before the summaries (and before the checksum
 * is verified: a caller must not take a summary on the strength of a hash before this resolves).
 */
export async function loadCache(dir: string, key: CacheKey, onHashes?: (hashes: Map<string, string>) => void): Promise<{ entries: Map<string, CacheEntry>; reason?: string }> {
  const entries = new Map<string, CacheEntry>();
  const fail = (reason: string) => ({ entries: new Map<string, CacheEntry>(), reason });
  const hash = createHash('sha1');
  let header: Header | undefined;
  let hashes: Map<string, string> | undefined;
  let trailer: Trailer | undefined;
  let problem: string | undefined;
  // One line at a time: what follows the trailer, or anything after a problem, only makes the cache unusable.
  const line = (bytes: Buffer): void => {
    if (problem) return;
    if (trailer) {
      problem = 'corrupt cache (data after the checksum)';
      return;
    }
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    if (!header) {
      header = value as Header;
      problem = headerProblem(header, key);
    } else if (!hashes) {
      const list = (value as { hashes?: unknown })?.hashes;
      if (!Array.isArray(list) || !list.every((e) => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string')) problem = 'corrupt cache (hashes)';
      else {
        hashes = new Map(list as [string, string][]);
        onHashes?.(hashes);
      }
    } else if (Array.isArray(value)) {
      if (typeof value[0] !== 'string' || !isEntry(value[1] as CacheEntry, value[0]) || hashes.get(value[0]) !== (value[1] as CacheEntry).hash) problem = 'corrupt cache (entry)';
      else entries.set(value[0], value[1] as CacheEntry);
    } else {
      trailer = value as Trailer;
      if (trailer?.checksum !== hash.digest('base64') || trailer.count !== entries.size || entries.size !== hashes.size) problem = 'corrupt cache (checksum)';
      return;
    }
    hash.update(bytes).update('\n');
  };
  try {
    let rest: Buffer | undefined;
    // Chunks of 256 KB: the worker threads' replies are taken between them.
    for await (const chunk of createReadStream(cacheFile(dir), { highWaterMark: 1 << 18 }) as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
        const piece = chunk.subarray(from, nl);
        line(rest ? Buffer.concat([rest, piece]) : piece);
        rest = undefined;
        from = nl + 1;
      }
      if (from < chunk.length) rest = rest ? Buffer.concat([rest, chunk.subarray(from)]) : Buffer.from(chunk.subarray(from));
      if (problem) break;
    }
    if (!problem && rest?.length) problem = 'corrupt cache (truncated)';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fail('no cache');
    return fail(`corrupt cache (${(e as Error).message})`);
  }
  if (problem) return fail(problem);
  if (!header) return fail('corrupt cache (no header)');
  if (!trailer) return fail('corrupt cache (no checksum)');
  return { entries };
}

function headerProblem(header: Header, key: CacheKey): string | undefined {
  if (typeof header !== 'object' || header === null || header.format !== CACHE_FORMAT) return 'cache of another format';
  if (header.source !== key.source) return 'cache of another istio-ls build';
  if (header.defaultNamespace !== key.defaultNamespace || header.maxFileSize !== key.maxFileSize) return 'cache made with other settings';
  return undefined;
}

function isEntry(e: CacheEntry, uri: string): boolean {
  const s = e?.summary;
  return (
    typeof e === 'object' &&
    typeof e.hash === 'string' &&
    typeof e.size === 'number' &&
    typeof s === 'object' &&
    s !== null &&
    s.uri === uri &&
    typeof s.length === 'number' &&
    typeof s.documents === 'number' &&
    Array.isArray(s.resources) &&
    Array.isArray(s.findings) &&
    Array.isArray(s.lineStarts)
  );
}

/** One entry's line of the cache file, made ahead of saveCache (`lines`) by a caller with time to spare. */
export function cacheLine(uri: string, entry: CacheEntry): string {
  return JSON.stringify([uri, entry]);
}

/** Writes the entries atomically (a reader sees the old file or the new one, never half of one), a chunk at a time. */
/**
 * `pause` is awaited after every few milliseconds of serialising: a server lets the messages
 * that arrived meanwhile go first (saving the large benchmark's 4,910 summaries held the
 * event loop for about 15 ms per 1 MB chunk, in front of completion and hover requests).
 */
export async function saveCache(dir: string, key: CacheKey, entries: Iterable<[string, CacheEntry]>, pause?: () => Promise<void>, lines?: ReadonlyMap<string, string>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const target = cacheFile(dir);
  const tmp = `${target}.${process.pid}.${++saves}.tmp`;
  const hash = createHash('sha1');
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'w');
    let chunk: string[] = [];
    let size = 0;
    const flush = async (): Promise<void> => {
      const bytes = Buffer.from(chunk.join(''), 'utf8');
      chunk = [];
      size = 0;
      hash.update(bytes);
      await handle!.write(bytes);
    };
    const header: Header = { format: CACHE_FORMAT, ...key };
    chunk.push(JSON.stringify(header) + '\n');
    const list = [...entries];
    chunk.push(JSON.stringify({ hashes: list.map(([uri, e]) => [uri, e.hash]) }) + '\n');
    let count = 0;
    let since = performance.now();
    for (const entry of list) {
      const text = (lines?.get(entry[0]) ?? JSON.stringify(entry)) + '\n';
      chunk.push(text);
      size += text.length;
      count++;
      if (size >= CHUNK) await flush();
      if (pause && count % 16 === 0 && performance.now() - since >= PAUSE_EVERY_MS) {
        await pause();
        since = performance.now();
      }
    }
    await flush();
    const trailer: Trailer = { checksum: hash.digest('base64'), count };
    await handle.write(JSON.stringify(trailer) + '\n');
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, target);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
