#!/usr/bin/env node
// `npm start`: istio-ls in a real VS Code (code-server) on this machine, in one command.
// It builds nothing itself (npm start runs `npm run package` first); it
//   1. installs the Debian packages and code-server 4.100.3 when they are missing
//      (scripts/e2e/prepare.mjs; where it cannot, it prints the one command to run),
//   2. installs the newest istio-ls-*.vsix of the repo root into it (.e2e/ext, .e2e/user-data),
//   3. runs code-server on 127.0.0.1 (port $PORT, else the first free one from 8080)
//      behind a random password made for this start (any local user could otherwise
//      open it and get a terminal as you), opening examples/, and prints URL and password.
// With --desktop and a desktop VS Code (`code`) on the PATH, it installs the VSIX
// there and opens examples/ instead. It stays in the foreground; Ctrl+C stops code-server.
//
//   node scripts/e2e/start-code-server.mjs [--vsix FILE] [--folder DIR] [--desktop]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { prepareEditor, repo, defaultCodeServer } from './prepare.mjs';

const e2e = path.join(repo, '.e2e');
const codeServer = process.env.CODE_SERVER || defaultCodeServer;
const argv = process.argv.slice(2);
let vsix;
let folder = path.join(repo, 'examples');
let desktop = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--vsix') vsix = path.resolve(argv[++i]);
  else if (argv[i] === '--folder') folder = path.resolve(argv[++i]);
  else if (argv[i] === '--desktop') desktop = true;
  else { console.error(`start: unknown argument ${argv[i]}`); process.exit(2); }
}

function die(msg) {
  console.error(`start: ${msg}`);
  process.exit(1);
}

function newestVsix() {
  const found = fs.readdirSync(repo).filter((f) => /^istio-ls-.*\.vsix$/.test(f))
    .map((f) => path.join(repo, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!found.length) die('no istio-ls-*.vsix in the repo root: run `npm run package` first (npm start does)');
  return found[0];
}

// A desktop VS Code: install the VSIX there and open the examples; nothing else to set up.
if (desktop) {
  if (spawnSync('code', ['--version'], { encoding: 'utf8' }).status !== 0) die('--desktop needs a desktop VS Code: `code` is not on the PATH');
  const file = vsix ?? newestVsix();
  const inst = spawnSync('code', ['--install-extension', file, '--force'], { stdio: 'inherit' });
  if (inst.status !== 0) die(`installing ${path.basename(file)} into VS Code failed`);
  spawnSync('code', [folder], { stdio: 'inherit' });
  console.log(`start: installed ${path.relative(repo, file)} into VS Code and opened ${path.relative(repo, folder) || '.'}`);
  process.exit(0);
}

// 1. Debian packages and code-server
const prepared = prepareEditor({ log: (m) => console.log(m.replace(/^prepare:/, 'start:')), codeServer });
if (!prepared.ok) {
  console.error(`start: ${prepared.reason}.\nstart: run this once, then \`npm start\` again:\n\n    ${prepared.command}\n`);
  process.exit(1);
}

// 2. the VSIX
vsix ??= newestVsix();
if (!fs.existsSync(folder)) die(`${folder} does not exist`);

const env = {
  ...process.env,
  // code-server writes ~/.config/code-server/config.yaml otherwise.
  XDG_CONFIG_HOME: path.join(e2e, 'xdg-config'),
  XDG_DATA_HOME: path.join(e2e, 'xdg-data'),
};
const dirs = ['--user-data-dir', path.join(e2e, 'user-data'), '--extensions-dir', path.join(e2e, 'ext')];
const settings = path.join(e2e, 'user-data', 'User', 'settings.json');
if (!fs.existsSync(settings)) {
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  fs.writeFileSync(settings, JSON.stringify({
    'workbench.startupEditor': 'readme',
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
  }, null, 2));
}
const inst = spawnSync(codeServer, [...dirs, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
if (inst.status !== 0) die(`installing ${path.basename(vsix)} failed:\n${inst.stdout}${inst.stderr}`);
console.log(`start: installed ${path.relative(repo, vsix)} into .e2e/ext`);

// 3. run it
function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
let port = Number(process.env.PORT);
if (!port) {
  for (port = 8080; port < 8180 && !(await portFree(port)); port++);
} else if (!(await portFree(port))) {
  die(`port ${port} (from PORT) is in use`);
}

// code-server reads the password from $PASSWORD; a new one each start, never written to disk.
const password = randomBytes(18).toString('base64url');
const child = spawn(codeServer, [
  '--bind-addr', `127.0.0.1:${port}`, '--auth', 'password',
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  ...dirs, folder,
], { env: { ...env, PASSWORD: password }, stdio: ['ignore', 'inherit', 'inherit'] });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, sig) => process.exit(code ?? (sig ? 1 : 0)));

const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
for (let i = 0; i < 300; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch { /* not up yet */ }
  await new Promise((r) => setTimeout(r, 200));
}
console.log(`\nstart: istio-ls in VS Code (code-server) is ready: ${url}\nstart: password for this start: ${password}\nstart: open it in a browser on this machine; Ctrl+C stops it.\n`);
