// Finds the YAML files under a set of roots, with the same exclusions for the
// server's workspace scan and the CLI. Symlinks are not followed out of a
// root, and a symlink loop cannot recurse.
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';

export const DEFAULT_EXCLUDES = ['**/node_modules/**', '**/.git/**', '**/vendor/**'];

export function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

export function isExcluded(relative: string, excludes: string[]): boolean {
  const rel = path.sep === '/' ? relative : relative.split(path.sep).join('/');
  return excludes.some((g) => compiled(g)(rel));
}

// A glob of the form `**` / name / `**` with a plain name (the default excludes): a path matches when one of its segments is that name.
const ANY_SEGMENT = /^\*\*\/([^*?[\]{}()!+@\\/]+)\/\*\*$/;

// Compiling a glob costs far more than matching it, and a scan matches every path against every glob.
const compiledGlobs = new Map<string, (rel: string) => boolean>();
function compiled(glob: string): (rel: string) => boolean {
  let c = compiledGlobs.get(glob);
  if (!c) {
    if (compiledGlobs.size > 1000) compiledGlobs.clear();
    const name = ANY_SEGMENT.exec(glob)?.[1];
    if (name !== undefined) {
      // What minimatch answers for these (also for the path itself and the path as a folder), without its matcher.
      c = (rel) => rel === name || rel.startsWith(name + '/') || rel.endsWith('/' + name) || rel.includes('/' + name + '/');
    } else {
      const file = new Minimatch(glob, { dot: true });
      const dir = new Minimatch(glob.replace(/\/\*\*$/, ''), { dot: true });
      c = (rel) => file.match(rel) || file.match(rel + '/') || dir.match(rel);
    }
    compiledGlobs.set(glob, c);
  }
  return c;
}

export interface WalkResult {
  files: string[];
  /** Paths that could not be read, with the reason. */
  errors: { path: string; message: string }[];
}

/** How long the walk reads directories before it lets the event loop turn. */
const SLICE_MS = 8;

/**
 * Walks `root` (a directory) for YAML files, skipping excluded paths; `onFile` sees each as it is found.
 * Directories are read with blocking calls, in slices of a few milliseconds: a walk that awaited each
 * call advanced by one directory per turn of the event loop, and in the server each turn also handles
 * one client message, so an editor opening thousands of documents at start-up held the walk (and the
 * workers waiting for its files) back by most of a second on the large benchmark workspace.
 */
export async function walkYaml(root: string, excludes: string[] = DEFAULT_EXCLUDES, onFile?: (file: string) => void): Promise<WalkResult> {
  const result: WalkResult = { files: [], errors: [] };
  const realRoot = tryCall(() => realpathSync.native(root)) ?? root;
  let sliceEnd = performance.now() + SLICE_MS;
  const seen = new Set<string>();
  const found = (file: string) => {
    result.files.push(file);
    onFile?.(file);
  };
  // `real`: the folder's real path when known (a plain folder inside a folder whose real path is known: no system call).
  const visit = async (dir: string, real?: string): Promise<void> => {
    if (performance.now() >= sliceEnd) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceEnd = performance.now() + SLICE_MS;
    }
    if (real === undefined) {
      try {
        real = realpathSync.native(dir);
      } catch (e) {
        result.errors.push({ path: dir, message: (e as Error).message });
        return;
      }
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      result.errors.push({ path: dir, message: (e as Error).message });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (isExcluded(rel, excludes)) continue;
      if (entry.isSymbolicLink()) {
        // Follow a link only when it stays inside the root.
        const target = tryCall(() => realpathSync.native(full));
        if (!target || !(target === realRoot || target.startsWith(realRoot + path.sep))) continue;
        const stat = tryCall(() => statSync(full));
        if (stat?.isDirectory()) await visit(full, target);
        else if (stat?.isFile() && isYamlFile(entry.name)) found(full);
      } else if (entry.isDirectory()) {
        await visit(full, path.join(real, entry.name));
      } else if (entry.isFile() && isYamlFile(entry.name)) {
        found(full);
      }
    }
  };
  await visit(root);
  return result;
}

function tryCall<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
