#!/usr/bin/env node
// The same API suite as test/e2e/run-e2e.mjs part (a), in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code:
//
//   node test/e2e/run-electron.mjs [--workspace examples]
//
// Env: VSCODE_EXECUTABLE (use an installed VS Code instead of downloading one),
//      VSCODE_VERSION (default 'stable'). Linux without a display needs xvfb-run.
// Where VS Code cannot be downloaded (no network: ENOTFOUND and friends) it prints one
// line saying it is skipped and exits 0, in CI too: CI machines here are offline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
let workspace = path.join(repo, 'examples');
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--workspace') workspace = path.resolve(argv[++i]);
  else { console.error(`run-electron: unknown argument ${argv[i]}`); process.exit(2); }
}

let testElectron;
try {
  testElectron = require('@vscode/test-electron');
} catch {
  console.log('electron: skipped: @vscode/test-electron is not installed (npm install)');
  process.exit(0);
}
const { runTests, downloadAndUnzipVSCode } = testElectron;

const OFFLINE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up/;
const started = Date.now();
let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  try {
    // A silent reporter: the library's spinner would add lines to the one-line skip message.
    const reporter = { report() {}, error() {} };
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION || 'stable', reporter });
  } catch (err) {
    const msg = String((err && (err.code || err.message)) || err);
    if (OFFLINE.test(msg) || OFFLINE.test(String(err && err.message))) {
      console.log(`electron: skipped: VS Code cannot be downloaded here (${String(err.message || msg).split('\n')[0]}); the same suite runs in code-server through npm run test:e2e`);
      process.exit(0);
    }
    console.error(`electron: FAILED to download VS Code: ${err && err.stack ? err.stack : err}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-ls-electron-'));
const ws = path.join(tmp, 'ws');
fs.cpSync(workspace, ws, { recursive: true, filter: (s) => !/(^|\/)(node_modules|\.git)(\/|$)/.test(s) });
const resultFile = path.join(tmp, 'result.json');
process.on('exit', () => { if (!process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true }); });

let code;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(here, 'suite', 'index.js'),
    extensionTestsEnv: { ISTIO_LS_E2E_RESULT: resultFile },
    launchArgs: [ws, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions')],
  });
} catch (err) {
  code = typeof err === 'number' ? err : 1;
  if (typeof err !== 'number') console.error(`electron: ${err && err.stack ? err.stack : err}`);
}
let result;
try { result = JSON.parse(fs.readFileSync(resultFile, 'utf8')); } catch { /* no result */ }
console.log(`electron: ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (result) {
  const failed = result.failed + (code !== 0 && result.failed === 0 ? 1 : 0);
  console.log(`${result.passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
console.log(`0 passed, 1 failed`);
process.exit(1);
