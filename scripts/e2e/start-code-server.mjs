#!/usr/bin/env node
// `npm start`: istio-ls in a real VS Code (code-server) on this machine, in one command.
// It builds nothing itself (npm start runs `npm run package` first); it
//   1. installs code-server 4.100.3 into .e2e/code-server if it is not there yet,
//   2. installs the newest istio-ls-*.vsix of the repo root into it (.e2e/ext, .e2e/user-data),
//   3. runs code-server on 127.0.0.1 (port $PORT, else the first free one from 8080),
//      without a password (loopback only), opening examples/, and prints the URL.
// It stays in the foreground; Ctrl+C stops code-server.
//
//   node scripts/e2e/start-code-server.mjs [--vsix FILE] [--folder DIR]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const e2e = path.join(repo, '.e2e');
const codeServer = process.env.CODE_SERVER || path.join(e2e, 'code-server', 'node_modules', '.bin', 'code-server');
const argv = process.argv.slice(2);
let vsix;
let folder = path.join(repo, 'examples');
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--vsix') vsix = path.resolve(argv[++i]);
  else if (argv[i] === '--folder') folder = path.resolve(argv[++i]);
  else { console.error(`start: unknown argument ${argv[i]}`); process.exit(2); }
}

function die(msg) {
  console.error(`start: ${msg}`);
  process.exit(1);
}

// 1. code-server
if (!fs.existsSync(codeServer)) {
  console.log('start: code-server is not installed yet; installing it into .e2e/code-server (about 80 s, once)');
  const r = spawnSync('bash', [path.join(here, 'install-code-server.sh'), path.join(e2e, 'code-server')], { stdio: 'inherit' });
  if (r.status !== 0) {
    die('installing code-server failed. It needs the Debian packages of scripts/e2e/apt-deps.sh '
      + '(run it as root), then `npm start` again.');
  }
}

// 2. the VSIX
if (!vsix) {
  const found = fs.readdirSync(repo).filter((f) => /^istio-ls-.*\.vsix$/.test(f))
    .map((f) => path.join(repo, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!found.length) die('no istio-ls-*.vsix in the repo root: run `npm run package` first (npm start does)');
  vsix = found[0];
}
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

const child = spawn(codeServer, [
  '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  ...dirs, folder,
], { env, stdio: ['ignore', 'inherit', 'inherit'] });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, sig) => process.exit(code ?? (sig ? 1 : 0)));

const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
for (let i = 0; i < 300; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch { /* not up yet */ }
  await new Promise((r) => setTimeout(r, 200));
}
console.log(`\nstart: istio-ls in VS Code (code-server) is ready: ${url}\nstart: open it in a browser on this machine; Ctrl+C stops it.\n`);
