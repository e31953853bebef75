// The persisted index: file summaries kept between sessions in the storage
// folder the client passes, so a restart re-reads and hashes files but parses
// only those that changed. The cache is an optimisation and is never trusted:
// a different format, server build (which embeds the schema), settings or a
// checksum mismatch discards it, any error reading it is ignored, and it is
// written atomically (temporary file, then rename). Deleting it is always safe.
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { FileSummary } from '../core/model';

export const CACHE_FORMAT = 1;
const FILE = `istio-ls-index-v${CACHE_FORMAT}.json`;

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

/** The stored entries by uri, or an empty map (with the reason) when there is no usable cache. */
export async function loadCache(dir: string, key: CacheKey): Promise<{ entries: Map<string, CacheEntry>; reason?: string }> {
  let raw: Buffer;
  try {
    raw = await fs.readFile(cacheFile(dir));
  } catch {
    return { entries: new Map(), reason: 'no cache' };
  }
  try {
    const nl = raw.indexOf(10);
    if (nl < 0) return { entries: new Map(), reason: 'corrupt cache (no header)' };
    const header = JSON.parse(raw.subarray(0, nl).toString('utf8')) as Header;
    if (header.format !== CACHE_FORMAT) return { entries: new Map(), reason: 'cache of another format' };
    if (header.source !== key.source) return { entries: new Map(), reason: 'cache of another istio-ls build' };
    if (header.defaultNamespace !== key.defaultNamespace || header.maxFileSize !== key.maxFileSize) return { entries: new Map(), reason: 'cache made with other settings' };
    const body = raw.subarray(nl + 1);
    if (createHash('sha1').update(body).digest('base64') !== header.checksum) return { entries: new Map(), reason: 'corrupt cache (checksum)' };
    const list = JSON.parse(body.toString('utf8')) as [string, CacheEntry][];
    const entries = new Map<string, CacheEntry>();
    for (const item of list) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || !isEntry(item[1], item[0])) return { entries: new Map(), reason: 'corrupt cache (entry)' };
      entries.set(item[0], item[1]);
    }
    return { entries };
  } catch (e) {
    return { entries: new Map(), reason: `corrupt cache (${(e as Error).message})` };
  }
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

/** Writes the entries atomically: a reader sees the old file or the new one, never half of one. */
export async function saveCache(dir: string, key: CacheKey, entries: Iterable<[string, CacheEntry]>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const body = Buffer.from(JSON.stringify([...entries]), 'utf8');
  let count = 0;
  for (const _ of entries) count++;
  const header: Header = { format: CACHE_FORMAT, ...key, checksum: createHash('sha1').update(body).digest('base64'), count };
  const target = cacheFile(dir);
  const tmp = `${target}.${process.pid}.${++saves}.tmp`;
  try {
    await fs.writeFile(tmp, Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]));
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
