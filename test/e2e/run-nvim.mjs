#!/usr/bin/env node
// istio-ls as a plain LSP server in Neovim (Debian's 0.7.2), headless:
//
//   node test/e2e/run-nvim.mjs [--server dist/server/main.js] [--workspace examples]
//
// Copies the workspace to a temp dir, opens book-typos/book-typos.yaml in
// `nvim --headless --clean -c 'luafile test/e2e/nvim/check.lua'`, which starts the server
// with vim.lsp.start_client and checks diagnostics, hover and completion.
// Prints "N passed, N failed"; exits non-zero on failure. Without nvim it skips
// (exit 0) unless CI is set. Env: NVIM (binary, default nvim), NVIM_TIMEOUT_MS.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const argv = process.argv.slice(2);
const opt = { server: path.join(repo, 'dist', 'server', 'main.js'), workspace: path.join(repo, 'examples') };
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--server') opt.server = path.resolve(argv[++i]);
  else if (argv[i] === '--workspace') opt.workspace = path.resolve(argv[++i]);
  else { console.error(`run-nvim: unknown argument ${argv[i]}`); process.exit(2); }
}
const isCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const nvim = process.env.NVIM || 'nvim';
const timeoutMs = Number(process.env.NVIM_TIMEOUT_MS || 90000);

function fail(msg) {
  console.error(`nvim: FAILED: ${msg}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const probe = spawnSync(nvim, ['--version'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  const why = `${nvim} not found (apt-get install neovim, or bash scripts/e2e/apt-deps.sh)`;
  if (isCI) fail(`${why}; CI is set, so a missing dependency is an error`);
  console.log(`nvim: skipped: ${why}`);
  process.exit(0);
}
const version = probe.stdout.split('\n')[0];
if (!fs.existsSync(opt.server)) fail(`${path.relative(process.cwd(), opt.server)} does not exist; run \`npm run build\` first`);
if (!fs.existsSync(opt.workspace)) fail(`workspace ${opt.workspace} does not exist`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-ls-nvim-'));
const ws = path.join(tmp, 'ws');
fs.cpSync(opt.workspace, ws, { recursive: true, filter: (s) => !/(^|\/)(node_modules|\.git)(\/|$)/.test(s) });
process.on('exit', () => { if (!process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true }); });

const target = path.join(ws, 'book-typos', 'book-typos.yaml');
if (!fs.existsSync(target)) fail(`${path.relative(ws, target)} is missing from the workspace`);

// A file with a `subset:` value, for the completion check.
function findSubsetFile(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'book-typos') { const f = findSubsetFile(p); if (f) return f; } }
    else if (/\.ya?ml$/.test(e.name) && /^\s*subset:\s*\S/m.test(fs.readFileSync(p, 'utf8'))) return p;
  }
  return undefined;
}
const completionFile = findSubsetFile(ws);

const started = Date.now();
console.log(`nvim: ${version}, server ${opt.server}`);
const child = spawn(nvim, ['--headless', '--clean', '-c', `luafile ${path.join(here, 'nvim', 'check.lua')}`, target], {
  cwd: ws,
  env: {
    ...process.env,
    ISTIO_LS_SERVER: opt.server,
    ISTIO_LS_ROOT: ws,
    ISTIO_LS_COMPLETION_FILE: completionFile || '',
    XDG_CONFIG_HOME: path.join(tmp, 'config'),
    XDG_DATA_HOME: path.join(tmp, 'data'),
    XDG_STATE_HOME: path.join(tmp, 'state'),
    XDG_CACHE_HOME: path.join(tmp, 'cache'),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let out = '';
child.stdout.on('data', (d) => { out += d; process.stdout.write(String(d).replace(/^(?=.)/gm, '  ')); });
child.stderr.on('data', (d) => { out += d; if (process.env.E2E_VERBOSE) process.stderr.write(d); });
const timer = setTimeout(() => {
  console.error(`nvim: timed out after ${timeoutMs} ms; killing it`);
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
}, timeoutMs);
const code = await new Promise((r) => child.on('exit', (c, s) => r(c ?? s)));
clearTimeout(timer);
// The language server is nvim's child; make sure nothing of the group survives.
try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }

const passed = (out.match(/^PASS /gm) || []).length;
let failed = (out.match(/^FAIL /gm) || []).length;
if (code !== 0 && failed === 0) {
  failed = 1;
  console.error(`nvim: exited with ${code} without reporting a failed check`);
}
if (passed === 0 && failed === 0) failed = 1;
console.log(`nvim: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
