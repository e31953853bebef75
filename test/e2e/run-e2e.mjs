#!/usr/bin/env node
// End-to-end tests of istio-ls in a real VS Code: code-server 4.100.3 (VS Code 1.100.3
// with a Node extension host) driven by Debian's chromium through playwright-core.
//
//   node test/e2e/run-e2e.mjs [--ext DIR] [--workspace DIR] [--vsix [FILE]] [--only api|ui]
//
//   --ext DIR        extension folder used as extensionDevelopmentPath (default: repo root)
//   --workspace DIR  workspace to test on (default: examples/); always copied to a temp dir
//   --vsix [FILE]    UI part: install FILE (default: newest istio-ls-*.vsix in the repo root)
//                    into code-server instead of loading --ext as a development extension
//   --only api|ui    run one part only
//
// Env: CI (a missing dependency fails instead of skipping), CODE_SERVER (binary),
//      CHROMIUM (default /usr/bin/chromium), E2E_TIMEOUT_MS (whole run, default 600000),
//      E2E_KEEP=1 (keep the temp dir), E2E_VERBOSE=1 (echo code-server and browser logs).
//
// Parts: (a) the API suite test/e2e/suite/index.js in VS Code's extension-test mode
// (URL payload with extensionDevelopmentPath + extensionTestsPath, exit code read back
// through window.codeAutomationExit); (b) a UI smoke test with a screenshot per step
// in test/e2e/screenshots/. Prints "N passed, N failed" and exits non-zero on failure.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const started = Date.now();

// ------------------------------------------------------------------ options
const argv = process.argv.slice(2);
const opt = { ext: repo, workspace: path.join(repo, 'examples'), vsix: undefined, only: undefined };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => argv[++i];
  if (a === '--ext') opt.ext = path.resolve(next());
  else if (a === '--workspace') opt.workspace = path.resolve(next());
  else if (a === '--only') opt.only = next();
  else if (a === '--vsix') opt.vsix = argv[i + 1] && !argv[i + 1].startsWith('--') ? path.resolve(next()) : 'auto';
  else if (a === '-h' || a === '--help') {
    console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 20).join('\n'));
    process.exit(0);
  } else {
    console.error(`run-e2e: unknown argument ${a}`);
    process.exit(2);
  }
}
const isCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const verbose = !!process.env.E2E_VERBOSE;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const codeServer = process.env.CODE_SERVER || path.join(repo, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
const totalTimeoutMs = Number(process.env.E2E_TIMEOUT_MS || 600000);
const apiTimeoutMs = Number(process.env.E2E_API_TIMEOUT_MS || 300000);
const uiStepTimeoutMs = Number(process.env.E2E_UI_STEP_TIMEOUT_MS || 30000);
const screenshotDir = path.join(here, 'screenshots');

// ------------------------------------------------------------------ dependencies
function skipOrFail(reason) {
  if (isCI) {
    console.error(`e2e: FAILED: ${reason} (CI is set, so a missing dependency is an error)`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`e2e: skipped: ${reason}`);
  process.exit(0);
}
// A fresh machine: install the Debian packages and code-server when this user can.
if (!fs.existsSync(chromiumPath) || !fs.existsSync(codeServer)) {
  const { prepareEditor } = await import('../../scripts/e2e/prepare.mjs');
  const prepared = prepareEditor({ codeServer });
  if (!prepared.ok) skipOrFail(`${prepared.reason}; to run it, first: ${prepared.command}`);
}
if (!fs.existsSync(chromiumPath)) skipOrFail(`${chromiumPath} not found (apt-get install chromium, or bash scripts/e2e/apt-deps.sh)`);
if (!fs.existsSync(codeServer)) skipOrFail(`code-server not installed at ${codeServer} (bash scripts/e2e/install-code-server.sh)`);
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch {
  skipOrFail('playwright-core is not installed (npm install)');
}
const extPkgPath = path.join(opt.ext, 'package.json');
const extPkg = JSON.parse(fs.readFileSync(extPkgPath, 'utf8'));
const extMain = path.resolve(opt.ext, extPkg.main || 'dist/client/extension.js');
if (!fs.existsSync(extMain) && !fs.existsSync(extMain + '.js')) {
  console.error(`e2e: FAILED: ${path.relative(process.cwd(), extMain)} does not exist; run \`npm run build\` first`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (!fs.existsSync(opt.workspace)) {
  console.error(`e2e: FAILED: workspace ${opt.workspace} does not exist`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (opt.vsix === 'auto') {
  const found = fs.readdirSync(repo).filter((f) => /^istio-ls-.*\.vsix$/.test(f))
    .map((f) => path.join(repo, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!found.length) {
    console.error('e2e: FAILED: --vsix given but no istio-ls-*.vsix in the repo root; run `npm run package` first');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  opt.vsix = found[0];
}

// ------------------------------------------------------------------ temp dirs, cleanup
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-ls-e2e-'));
const dirs = {
  xdgConfig: path.join(tmp, 'xdg-config'),
  xdgData: path.join(tmp, 'xdg-data'),
  xdgCache: path.join(tmp, 'xdg-cache'),
  userData: path.join(tmp, 'user-data'),
  extensions: path.join(tmp, 'extensions'),
  wsApi: path.join(tmp, 'ws-api'),
  wsUi: path.join(tmp, 'ws-ui'),
};
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
const copyFilter = (src) => !/(^|\/)(node_modules|\.git)(\/|$)/.test(src);
fs.cpSync(opt.workspace, dirs.wsApi, { recursive: true, filter: copyFilter });
fs.cpSync(opt.workspace, dirs.wsUi, { recursive: true, filter: copyFilter });
const resultFile = path.join(tmp, 'api-result.json');
const suiteLog = path.join(tmp, 'api-suite.log');
const serverLog = path.join(tmp, 'code-server.log');

let serverProc;
let browser;
function killServer() {
  if (serverProc && serverProc.exitCode === null && serverProc.signalCode === null) {
    // code-server was started in its own process group: kill the whole group.
    try { process.kill(-serverProc.pid, 'SIGKILL'); } catch { try { serverProc.kill('SIGKILL'); } catch { /* gone */ } }
  }
}
function cleanupSync() {
  killServer();
  if (!process.env.E2E_KEEP) {
    try { fs.rmSync(tmp, { recursive: true, force: true }); } catch { /* ignore */ }
  }
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`e2e: got ${sig}, stopping`); process.exit(130); });
}
const overall = setTimeout(() => {
  console.error(`e2e: FAILED: the whole run exceeded ${totalTimeoutMs} ms; killing code-server`);
  printServerLogTail();
  console.log(`${counts.passed} passed, ${counts.failed + 1} failed`);
  process.exit(1);
}, totalTimeoutMs);
overall.unref();

// ------------------------------------------------------------------ helpers
const counts = { passed: 0, failed: 0, skipped: 0 };
function record(ok, name, detail = '', quiet = false) {
  if (ok === 'skip') { counts.skipped++; console.log(`  - ${name} (skipped${detail ? `: ${detail}` : ''})`); return; }
  if (ok) counts.passed++; else counts.failed++;
  if (!quiet) console.log(`  ${ok ? '✓' : '✗'} ${name}${detail ? ` ${detail}` : ''}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function secs(ms) { return `${(ms / 1000).toFixed(1)} s`; }

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitHealthy(base, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (serverProc.exitCode !== null) throw new Error(`code-server exited with ${serverProc.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${base}/healthz within ${timeoutMs} ms`);
}

function printServerLogTail(lines = 40) {
  try {
    const text = fs.readFileSync(serverLog, 'utf8').trimEnd().split('\n');
    console.error(`--- last ${Math.min(lines, text.length)} lines of the code-server log ---`);
    console.error(text.slice(-lines).join('\n'));
  } catch { /* none */ }
}

const env = {
  ...process.env,
  XDG_CONFIG_HOME: dirs.xdgConfig,
  XDG_DATA_HOME: dirs.xdgData,
  XDG_CACHE_HOME: dirs.xdgCache,
  // Read by test/e2e/suite/index.js inside the extension host (it inherits this env).
  ISTIO_LS_E2E_RESULT: resultFile,
  ISTIO_LS_E2E_LOG: suiteLog,
};
const csCommon = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

// ------------------------------------------------------------------ part (a): API suite
async function runApiSuite(base) {
  console.log('e2e: (a) extension tests through the VS Code API');
  const t0 = Date.now();
  const remote = (p) => `vscode-remote://${new URL(base).host}${p}`;
  const suitePath = path.join(opt.ext, 'test', 'e2e', 'suite', 'index.js');
  const payload = [
    ['extensionDevelopmentPath', remote(opt.ext)],
    ['extensionTestsPath', remote(suitePath)],
  ];
  const url = `${base}/?folder=${encodeURIComponent(dirs.wsApi)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  let exitResolve;
  const exited = new Promise((r) => { exitResolve = r; });
  await page.exposeFunction('codeAutomationExit', (code, logs) => { exitResolve({ code, logs }); });
  await page.exposeFunction('codeAutomationLog', (level, message) => {
    const text = String(message).trimEnd();
    // Known, harmless noise offline: the gallery (open-vsx.org) is unreachable, and the web
    // workbench complains about shutdown work when the test run closes the window.
    const noise = /ENOTFOUND open-vsx\.org|Long running operations during shutdown|e2e test\(s\) failed/.test(text);
    if (verbose || (level === 'error' && !noise)) console.log(`    [workbench ${level}] ${text.split('\n')[0]}`);
  });
  if (verbose) page.on('console', (m) => console.log(`    [browser ${m.type()}] ${m.text()}`));

  // Stream the suite's own log file (complete lines) while it runs. The prefix keeps the
  // suite's "N passed, N failed" from looking like this script's closing line.
  let printed = 0;
  const pump = () => {
    try {
      const text = fs.readFileSync(suiteLog, 'utf8');
      const upto = text.lastIndexOf('\n') + 1;
      if (upto > printed) {
        for (const line of text.slice(printed, upto - 1).split('\n')) console.log(`  │ ${line}`);
        printed = upto;
      }
    } catch { /* not yet */ }
  };
  const pumpTimer = setInterval(pump, 250);
  let timer;
  const timedOut = new Promise((r) => { timer = setTimeout(() => r({ code: 'timeout' }), apiTimeoutMs); });
  try {
    await page.goto(url);
    const outcome = await Promise.race([exited, timedOut]);
    pump();
    let result;
    try { result = JSON.parse(fs.readFileSync(resultFile, 'utf8')); } catch { /* none */ }
    if (outcome.code === 'timeout') {
      record(false, 'extension test run', `(no codeAutomationExit within ${apiTimeoutMs} ms)`);
      await page.screenshot({ path: path.join(screenshotDir, 'api-timeout.png') }).catch(() => {});
      printServerLogTail();
    } else if (!result) {
      record(false, 'extension test run', `(exit code ${outcome.code}, the suite wrote no result: it did not load or run())`);
      for (const l of outcome.logs || []) {
        if (/exthost|remoteagent|window/i.test(l.relativePath)) console.log(`--- ${l.relativePath} ---\n${l.contents.split('\n').slice(-30).join('\n')}`);
      }
      printServerLogTail();
    } else {
      // The streamed suite log already showed each test; print them again only if it was empty.
      for (const r of result.results) record(r.ok, `api: ${r.name}`, r.ok ? `(${r.ms} ms)` : `\n      ${r.error}`, printed > 0);
      if (outcome.code !== 0 && result.failed === 0) record(false, 'extension test run', `(exit code ${outcome.code})`);
    }
  } finally {
    clearInterval(pumpTimer);
    clearTimeout(timer);
    await context.close().catch(() => {});
  }
  console.log(`e2e: (a) done in ${secs(Date.now() - t0)}`);
}

// ------------------------------------------------------------------ part (b): UI smoke
async function runUiSmoke(base) {
  console.log(`e2e: (b) UI smoke test (${opt.vsix ? `installed ${path.basename(opt.vsix)}` : 'extension loaded as a development extension'})`);
  const t0 = Date.now();
  let url = `${base}/?folder=${encodeURIComponent(dirs.wsUi)}`;
  if (!opt.vsix) {
    const payload = [['extensionDevelopmentPath', `vscode-remote://${new URL(base).host}${opt.ext}`]];
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  if (verbose) page.on('console', (m) => console.log(`    [browser ${m.type()}] ${m.text()}`));
  const T = uiStepTimeoutMs;
  const shot = (name) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
  const editor = page.locator('.editor-group-container .monaco-editor').first();

  const steps = [
    ['workbench loads', async () => {
      await page.goto(url);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await page.locator('.explorer-folders-view .monaco-list-row, .explorer-folders-view .monaco-tl-row').first().waitFor({ timeout: T });
      await shot('ui-01-workbench');
    }],
    ['book-typos.yaml opens from the explorer (or Quick Open)', async () => {
      const tab = page.locator('.tabs-container .tab', { hasText: 'book-typos.yaml' });
      // The explorer first: a click on the folder, then on the file.
      try {
        const folderItem = page.getByRole('treeitem', { name: /^book-typos(?![.\w-])/ }).first();
        await folderItem.waitFor({ timeout: 10000 });
        if ((await folderItem.getAttribute('aria-expanded')) !== 'true') await folderItem.click();
        const fileItem = page.getByRole('treeitem', { name: /^book-typos\.yaml/ }).first();
        await fileItem.waitFor({ timeout: 10000 });
        await fileItem.click();
        await tab.first().waitFor({ timeout: 10000 });
      } catch {
        // Then Quick Open (Ctrl+P), which needs the file search (ripgrep) to be working.
        for (let attempt = 0; attempt < 3 && !(await tab.count()); attempt++) {
          await page.keyboard.press('Control+P');
          const input = page.locator('.quick-input-widget input');
          await input.waitFor({ timeout: T });
          await input.fill('book-typos.yaml');
          const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'book-typos.yaml' }).first();
          try {
            await row.waitFor({ timeout: 10000 });
            await row.click();
            await tab.first().waitFor({ timeout: 10000 });
          } catch {
            await page.keyboard.press('Escape');
          }
        }
      }
      await tab.first().waitFor({ timeout: T });
      await editor.locator('.view-line').first().waitFor({ timeout: T });
      await shot('ui-02-opened');
    }],
    ['a squiggle appears in the editor', async () => {
      await editor.locator('.squiggly-error, .squiggly-warning, .squiggly-info').first().waitFor({ timeout: T });
      await shot('ui-03-squiggle');
    }],
    ['the Problems panel lists an istio-ls row (ILS0101)', async () => {
      await editor.click({ position: { x: 200, y: 10 } });
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: /ILS0101|istio-ls/ }).first();
      await row.waitFor({ timeout: T });
      // Let the workspace scan finish (its status bar item goes away) so that the screenshot
      // shows the settled diagnostics; not an assertion.
      await page.locator('.statusbar-item', { hasText: /istio-ls.*(index|scan)/i }).first()
        .waitFor({ state: 'detached', timeout: 20000 }).catch(() => {});
      // Opening the row scrolls the editor to the diagnostic, which makes the screenshot tell the story.
      const ils = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'ILS0101' }).first();
      if (await ils.count()) {
        await ils.click();
        await page.keyboard.press('Enter');
        await editor.locator('.squiggly-error, .squiggly-warning').first().waitFor({ timeout: T }).catch(() => {});
      }
      await shot('ui-04-problems');
    }],
    ['hovering a key shows the istio-ls hover', async () => {
      const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
      const deadline = Date.now() + T;
      let lastText = '';
      for (const key of ['hosts', 'kind', 'spec', 'metadata', 'apiVersion']) {
        const token = editor.locator('.view-line span span', { hasText: new RegExp(`^${key}$`) }).first();
        if (!(await token.count())) continue;
        while (Date.now() < deadline) {
          await page.mouse.move(5, 5);
          await token.hover();
          try {
            await hover.waitFor({ state: 'visible', timeout: 3000 });
            lastText = (await hover.innerText()).trim();
            if (lastText && new RegExp(key, 'i').test(lastText)) {
              // Let the fade-in finish so the screenshot is readable.
              await page.waitForFunction(() => {
                const el = document.querySelector('.monaco-hover:not(.hidden)');
                return !!el && getComputedStyle(el).opacity === '1' && !el.getAnimations({ subtree: true }).some((a) => a.playState === 'running');
              }, null, { timeout: 2000 }).catch(() => {});
              await shot('ui-05-hover');
              return;
            }
          } catch { /* hover not shown yet: the server may still be starting */ }
        }
      }
      await shot('ui-05-hover-failed');
      throw new Error(`no hover naming the key appeared${lastText ? `; last hover text: ${JSON.stringify(lastText.slice(0, 200))}` : ''}`);
    }],
    ['the traffic map draws the workspace, and a click on a node opens its resource', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: T });
      await input.fill('>Istio: Show traffic map');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show traffic map' }).first().click({ timeout: T });
      // A webview is an iframe holding the page's own iframe.
      const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      const node = view.locator('g.node[data-id="VirtualService/application/helloworld"]');
      await node.waitFor({ timeout: T });
      // The egress chain of examples/application: sidecars → mesh leg → the egress gateway's Service.
      await view.locator('g.node[data-id="mesh"]').waitFor({ timeout: T });
      await view.locator('g.node[data-id="Service/istio-system/istio-egressgateway"]').waitFor({ timeout: T });
      // Room for the picture: no side bar, no panel; the map's column only.
      await page.keyboard.press('Control+B');
      await page.keyboard.press('Control+J');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+M');
      await view.locator('#namespace').selectOption('application');
      await view.locator('g.node[data-id="Gateway/istio-system/public-gateway"]').waitFor({ timeout: T });
      await page.waitForTimeout(1500);
      const frame = page.locator('iframe.webview.ready').first();
      await shot('ui-06-traffic-map');
      await page.screenshot({ path: path.join(screenshotDir, 'traffic-map.png'), clip: (await frame.boundingBox()) ?? undefined });
      // The host filter keeps the chain through one host: the google.com egress chain, not helloworld.
      await view.locator('#namespace').selectOption('');
      await node.waitFor({ timeout: T });
      const all = await view.locator('g.node').count();
      await view.locator('#host').fill('google.com');
      await view.locator('g.node[data-id="VirtualService/application/helloworld"]').waitFor({ state: 'detached', timeout: T });
      await view.locator('g.node[data-id="ServiceEntry/application/se-google"]').waitFor({ timeout: T });
      const chain = await view.locator('g.node').count();
      if (!(chain > 0 && chain < all)) throw new Error(`the host filter kept ${chain} of ${all} nodes`);
      await view.locator('#host').fill('');
      await node.waitFor({ timeout: T });
      await node.click();
      await page.locator('.tabs-container .tab.active', { hasText: 'helloworld-traffic.yaml' }).waitFor({ timeout: T });
      await shot('ui-07-traffic-map-opened');
    }],
    ['hovering a DestinationRule field shows its documentation: default, format and the istio.io anchor', async () => {
      // The traffic map left helloworld-traffic.yaml open; its DestinationRule sets baseEjectionTime.
      const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
      const token = page.locator('.monaco-editor .view-line span span', { hasText: /^baseEjectionTime$/ }).first();
      await token.waitFor({ timeout: T });
      const deadline = Date.now() + T;
      let lastText = '';
      while (Date.now() < deadline) {
        await page.mouse.move(5, 5);
        await token.hover();
        try {
          await hover.waitFor({ state: 'visible', timeout: 3000 });
          lastText = (await hover.innerText()).trim();
          if (/Default: 30s/.test(lastText) && /OutlierDetection\.base_ejection_time on istio\.io/.test(lastText)) {
            await page.waitForFunction(() => {
              const el = document.querySelector('.monaco-hover:not(.hidden)');
              return !!el && getComputedStyle(el).opacity === '1' && !el.getAnimations({ subtree: true }).some((a) => a.playState === 'running');
            }, null, { timeout: 2000 }).catch(() => {});
            await shot('ui-08-field-hover');
            // The README's picture: the hover with the lines around the key.
            const box = await page.locator('.monaco-hover:not(.hidden)').first().boundingBox();
            const line = await token.boundingBox();
            if (box && line) {
              const x = Math.max(0, Math.min(box.x, line.x) - 80);
              const y = Math.max(0, Math.min(box.y, line.y) - 60);
              const right = Math.max(box.x + box.width, line.x + line.width) + 20;
              const bottom = Math.max(box.y + box.height, line.y + line.height) + 60;
              await page.screenshot({ path: path.join(screenshotDir, 'field-hover.png'), clip: { x, y, width: right - x, height: bottom - y } });
            }
            return;
          }
        } catch { /* not shown yet */ }
      }
      throw new Error(`no field documentation in the hover${lastText ? `; last hover text: ${JSON.stringify(lastText.slice(0, 300))}` : ''}`);
    }],
    ['the traffic map follows an edit: a route to a subset nobody defines becomes a red edge to nowhere, and goes when the edit is undone', async () => {
      await page.keyboard.press('Escape');
      // The file is open in the editor and unchanged there: VS Code takes the disk's text, the server re-analyses, the map redraws.
      const file = path.join(dirs.wsUi, 'application', 'helloworld-traffic.yaml');
      const original = fs.readFileSync(file, 'utf8');
      if (!original.includes('        subset: v2\n')) throw new Error('helloworld-traffic.yaml has no route to subset v2');
      const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      const missing = view.locator('g.node.Missing[data-id^="missing:subset:"][data-id$="/v9"]');
      const redEdge = view.locator('g.edge.error[data-id*="missing:subset:"][data-id*="/v9:"]');
      await view.locator('g.node[data-id="VirtualService/application/helloworld"]').waitFor({ timeout: T });
      if (await missing.count()) throw new Error('the map shows subset v9 before the edit');
      fs.writeFileSync(file, original.replace('        subset: v2\n', '        subset: v9\n'));
      try {
        await missing.waitFor({ timeout: T });
        await redEdge.first().waitFor({ timeout: T });
        await shot('ui-09-traffic-map-after-edit');
      } finally {
        fs.writeFileSync(file, original);
      }
      await missing.waitFor({ state: 'detached', timeout: T });
    }],
  ];

  let failedAt;
  try {
    for (const [name, fn] of steps) {
      if (failedAt) { record('skip', `ui: ${name}`, 'an earlier step failed'); continue; }
      const s0 = Date.now();
      try {
        await fn();
        record(true, `ui: ${name}`, `(${Date.now() - s0} ms)`);
      } catch (err) {
        failedAt = name;
        record(false, `ui: ${name}`, `\n      ${String(err.message || err).split('\n')[0]}`);
        await page.screenshot({ path: path.join(screenshotDir, 'ui-failure.png') }).catch(() => {});
      }
    }
  } finally {
    await context.close().catch(() => {});
  }
  console.log(`e2e: (b) done in ${secs(Date.now() - t0)}; screenshots in ${path.relative(process.cwd(), screenshotDir)}/`);
}

// ------------------------------------------------------------------ main
async function main() {
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (const f of fs.readdirSync(screenshotDir)) if (f.endsWith('.png')) fs.rmSync(path.join(screenshotDir, f));

  if (opt.vsix && opt.only !== 'api') {
    const t0 = Date.now();
    const r = spawnSync(codeServer, [...csCommon, '--install-extension', opt.vsix, '--force'], { env, encoding: 'utf8', timeout: 120000 });
    if (r.status !== 0) {
      console.error(`e2e: installing ${opt.vsix} failed:\n${r.stdout}${r.stderr}`);
      record(false, `install ${path.basename(opt.vsix)}`);
      return;
    }
    record(true, `install ${path.basename(opt.vsix)} into code-server`, `(${Date.now() - t0} ms)`);
  }

  // Quiet, deterministic workbench: no welcome walkthrough, no tips.
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'update.mode': 'none',
  }, null, 2));

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const out = fs.openSync(serverLog, 'a');
  serverProc = spawn(codeServer, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', ...csCommon,
  ], { env, detached: true, stdio: ['ignore', out, out] });
  serverProc.on('exit', (code, sig) => { if (verbose) console.log(`e2e: code-server exited (${code ?? sig})`); });
  const t0 = Date.now();
  await waitHealthy(base, 60000);
  console.log(`e2e: code-server ${base} healthy after ${secs(Date.now() - t0)} (log ${serverLog})`);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    if (opt.only !== 'ui') await runApiSuite(base);
    if (opt.only !== 'api') await runUiSmoke(base);
  } finally {
    await browser.close().catch(() => {});
  }
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  console.error(`e2e: FAILED: ${err && err.stack ? err.stack : err}`);
  printServerLogTail();
  counts.failed++;
}
if (counts.failed > 0) {
  exitCode = 1;
  if (!verbose && !process.env.E2E_KEEP) console.error('e2e: rerun with E2E_VERBOSE=1 E2E_KEEP=1 for browser/code-server logs');
}
console.log(`e2e: total ${secs(Date.now() - started)}`);
console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(exitCode);
