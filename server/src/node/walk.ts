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
// A path without glob characters, `.` or `..` segments.
const LITERAL = /^(?!\.\.?(\/|$))[\w.-]+(\/(?!\.\.?(\/|$))[\w.-]+)*$/;

// Compiling a glob costs far more than matching it, and a scan matches every path against every glob.
const compiledGlobs = new Map<string, (rel: string) => boolean>();
function compiled(glob: string): (rel: string) => boolean {
  let c = compiledGlobs.get(glob);
  if (!c) {
    if (compiledGlobs.size > 1000) compiledGlobs.clear();
    const name = ANY_SEGMENT.exec(glob)?.[1];
    if (LITERAL.test(glob)) {
      // A plain path (the repository configuration file): what minimatch answers is equality.
      c = (rel) => rel === glob;
    } else if (name !== undefined) {
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
  // `rel`: the folder relative to the root ('' for the root). `real`: its real path when known (a plain folder
  // inside a folder whose real path is known: no system call). Paths below the root are joined as strings:
  // path.join and path.relative per entry were a third of the walk.
  const visit = async (dir: string, rel: string, real?: string): Promise<void> => {
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
      const full = rel === '' ? path.join(dir, entry.name) : under(dir, entry.name);
      const entryRel = rel === '' ? entry.name : rel + path.sep + entry.name;
      if (isExcluded(entryRel, excludes)) continue;
      if (entry.isSymbolicLink()) {
        // Follow a link only when it stays inside the root.
        const target = tryCall(() => realpathSync.native(full));
        if (!target || !(target === realRoot || target.startsWith(realRoot + path.sep))) continue;
        const stat = tryCall(() => statSync(full));
        if (stat?.isDirectory()) await visit(full, entryRel, target);
        else if (stat?.isFile() && isYamlFile(entry.name)) found(full);
      } else if (entry.isDirectory()) {
        await visit(full, entryRel, under(real, entry.name));
      } else if (entry.isFile() && isYamlFile(entry.name)) {
        found(full);
      }
    }
  };
  await visit(root, '');
  return result;
}

/** `name` in the normalised folder `dir`, as path.join would write it. */
function under(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

function tryCall<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
