// Runs the built CLI as a user would, with the summary cache in a folder of
// its own (never the user's ~/.cache).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/istio-ls.js');
export const CACHE_HOME = mkdtempSync(join(tmpdir(), 'istio-ls-cache-'));

export function run(args, cwd = ROOT, env = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: CACHE_HOME, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A shell command line as a README shows it, with the istio-ls prefix mapped to this checkout's build. */
export function runShell(commandLine, cwd, prefix) {
  const local = commandLine.split(prefix).join(`"${process.execPath}" "${BIN}"`);
  const r = spawnSync('sh', ['-c', local], { cwd, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: CACHE_HOME } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
