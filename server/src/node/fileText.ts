// The one file reader: every file the server or the CLI reads as text goes through here.
import { promises as fs, closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * The one way the server turns a file's bytes into text: UTF-8 with the BOM
 * dropped, as editors do (offsets would otherwise be one column off on line 1).
 */
export function decodeText(buf: Buffer): string {
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads a file as text (see decodeText); a file over `maxSize` bytes is not read. */
export async function readText(file: string, maxSize: number): Promise<{ text?: string; size: number; mtimeMs: number }> {
  const handle = await fs.open(file, 'r');
  try {
    const stat = await handle.stat();
    if (stat.size > maxSize) return { size: stat.size, mtimeMs: stat.mtimeMs };
    return { text: decodeText(await handle.readFile()), size: stat.size, mtimeMs: stat.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** The same, blocking, for a request that needs a closed file's text now (a code action's edit). */
export function readTextSync(file: string, maxSize: number): string | undefined {
  try {
    const fd = openSync(file, 'r');
    try {
      if (fstatSync(fd).size > maxSize) return undefined;
      return decodeText(readFileSync(fd));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
