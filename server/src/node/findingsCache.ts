// The workspace's findings, persisted beside the summaries (./summaryCache)
// so that a restart which finds every file as it was publishes them at once;
// the analysis then runs again in the background, in pieces, and publishes
// only what differs (nothing, as the analysis is a function of the files'
// bytes, the settings and the server build, which the key holds). Written
// only when the index holds exactly the disk's text (never an editor's
// unsaved text) and the analysis is current; like the summaries it is never
// trusted: any mismatch or error reading it discards it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Finding } from '../core/model';

const FORMAT = 1;
const FILE = `istio-ls-findings-v${FORMAT}.json`;

/** What the findings were computed from. */
export interface FindingsKey {
  /** The server build (./summaryCache sourceVersion). */
  source: string;
  /** The complete settings, as JSON. */
  settings: string;
  /** Every file of the index and the hash of its bytes (see filesFingerprint). */
  files: string;
}

interface Stored extends FindingsKey {
  format: number;
  /** Files with findings only. */
  findings: [string, Finding[]][];
}

/** One hash of every file's uri and content hash, in uri order. */
export function filesFingerprint(files: Iterable<[string, { hash: string }]>): string {
  const hash = createHash('sha1');
  for (const [uri, { hash: h }] of [...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) hash.update(uri).update('\n').update(h).update('\n');
  return hash.digest('base64');
}

/** The findings stored for exactly this key, else undefined. */
export async function loadFindings(dir: string, key: FindingsKey): Promise<Map<string, Finding[]> | undefined> {
  try {
    const stored = JSON.parse(await fs.readFile(path.join(dir, FILE), 'utf8')) as Stored;
    if (stored?.format !== FORMAT || stored.source !== key.source || stored.settings !== key.settings || stored.files !== key.files || !Array.isArray(stored.findings)) return undefined;
    const out = new Map<string, Finding[]>();
    for (const entry of stored.findings) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1]) || !entry[1].every(isFinding)) return undefined;
      out.set(entry[0], entry[1]);
    }
    return out;
  } catch {
    return undefined;
  }
}

function isFinding(f: Finding): boolean {
  return typeof f === 'object' && f !== null && typeof f.code === 'string' && typeof f.message === 'string' && typeof f.span?.start === 'number' && typeof f.span.end === 'number';
}

/** Writes atomically (temporary file, then rename). */
export async function saveFindings(dir: string, key: FindingsKey, findings: ReadonlyMap<string, Finding[]>): Promise<void> {
  const stored: Stored = { format: FORMAT, ...key, findings: [...findings].filter(([, list]) => list.length > 0) };
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await fs.writeFile(tmp, JSON.stringify(stored));
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
