// `npm start` on a fresh machine: the real start script, with the machine's
// package manager and code-server replaced by recording stand-ins on the PATH.
// Missing Debian packages are installed when the user can (root, or sudo without
// a password); otherwise the script prints the one command to run and exits 1.
// code-server is started behind a random password that is printed with the URL.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installRoute, debianPackages } from '../../scripts/e2e/prepare.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const START = path.join(repo, 'scripts', 'e2e', 'start-code-server.mjs');

/** A folder of stand-ins: dpkg reports nothing installed; apt-get, sudo and code-server record their calls. */
function standIns({ sudo }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-ls-start-'));
  fs.chmodSync(dir, 0o755);
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(log, '');
  fs.chmodSync(log, 0o666);
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const write = (name, text) => fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  write('dpkg-query', '#!/bin/sh\nexit 1\n');
  write('apt-get', `#!/bin/sh\necho "apt-get $*" >> ${log}\n`);
  write('sudo', sudo ? `#!/bin/sh\n[ "$1" = -n ] && shift\necho "sudo $*" >> ${log}\nexec "$@"\n` : '#!/bin/sh\nexit 1\n');
  // code-server: records its arguments and $PASSWORD, answers /healthz like the real one.
  write('code-server', `#!/usr/bin/env node
const fs = require('node:fs');
fs.appendFileSync(${JSON.stringify(log)}, 'code-server ' + process.argv.slice(2).join(' ') + ' PASSWORD=' + (process.env.PASSWORD ?? '') + '\\n');
const bind = process.argv.indexOf('--bind-addr');
if (bind < 0) process.exit(0);
const [host, port] = process.argv[bind + 1].split(':');
require('node:http').createServer((q, s) => s.end('ok')).listen(Number(port), host);
`);
  const vsix = path.join(dir, 'istio-ls-test.vsix');
  fs.writeFileSync(vsix, 'not a real vsix: the stand-in code-server only records it');
  return { dir, bin, log, vsix, calls: () => fs.readFileSync(log, 'utf8') };
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test('installRoute: root installs directly, sudo without a password is used, otherwise one command is given', () => {
  assert.deepEqual(installRoute({ uid: 0, sudoWorks: () => false }), { how: 'root', command: 'sudo bash scripts/e2e/apt-deps.sh' });
  assert.deepEqual(installRoute({ uid: 1000, sudoWorks: () => true }), { how: 'sudo', command: 'sudo bash scripts/e2e/apt-deps.sh' });
  assert.deepEqual(installRoute({ uid: 1000, sudoWorks: () => false }), { how: 'none', command: 'sudo bash scripts/e2e/apt-deps.sh' });
  assert.ok(debianPackages().includes('chromium') && debianPackages().includes('libkrb5-dev'), 'the list is read from apt-deps.sh');
});

test('npm start installs missing Debian packages, then serves code-server behind a printed random password', async () => {
  const s = standIns({ sudo: true });
  const port = await freePort();
  const child = spawn(process.execPath, [START, '--vsix', s.vsix, '--folder', path.join(repo, 'examples')], {
    env: { ...process.env, PATH: `${s.bin}:${process.env.PATH}`, CODE_SERVER: path.join(s.bin, 'code-server'), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d) => { out += d; });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (/password for this start: \S+/.test(out)) resolve();
      });
      child.on('exit', (code) => reject(new Error(`start exited ${code} before it was ready:\n${out}`)));
    });
  } finally {
    child.kill('SIGTERM');
  }
  const missing = debianPackages().join(' ');
  assert.match(out, new RegExp(`installing the Debian packages ${missing} with apt-get`));
  assert.match(out, /Debian packages installed in \d+ s/);
  assert.match(s.calls(), new RegExp(`apt-get install -y -qq ${missing}`), 'apt-deps.sh ran apt-get for every missing package');
  const password = /password for this start: (\S+)/.exec(out)[1];
  assert.ok(password.length >= 20, 'a long random password');
  assert.match(out, new RegExp(`ready: http://127\\.0\\.0\\.1:${port}/\\?folder=`));
  const serve = s.calls().split('\n').find((l) => l.includes('--bind-addr'));
  assert.ok(serve.includes(`--bind-addr 127.0.0.1:${port} --auth password`), serve);
  assert.ok(serve.endsWith(`PASSWORD=${password}`), 'the printed password is the one code-server got');
  assert.ok(!s.calls().includes('--auth none'));
  fs.rmSync(s.dir, { recursive: true, force: true });
});

test('npm start without root or sudo prints the one command to run and exits 1, installing nothing', () => {
  const s = standIns({ sudo: false });
  // As root, drop to an ordinary user for this run; as an ordinary user, run as is.
  const asUser = process.getuid() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  // That user may not be able to read the checkout (a clone in a 0700 temporary folder): run a copy of the scripts.
  const scripts = path.join(s.dir, 'scripts', 'e2e');
  fs.mkdirSync(scripts, { recursive: true, mode: 0o755 });
  for (const f of ['start-code-server.mjs', 'prepare.mjs', 'apt-deps.sh', 'install-code-server.sh']) fs.copyFileSync(path.join(path.dirname(START), f), path.join(scripts, f));
  fs.chmodSync(path.join(s.dir, 'scripts'), 0o755);
  const r = spawnSync(asUser[0] ?? process.execPath, [...asUser.slice(1), ...(asUser.length ? [process.execPath] : []), path.join(scripts, 'start-code-server.mjs'), '--vsix', s.vsix], {
    env: { ...process.env, PATH: `${s.bin}:${process.env.PATH}`, CODE_SERVER: path.join(s.bin, 'code-server'), HOME: s.dir },
    encoding: 'utf8',
  });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /the Debian packages .* are missing and this user cannot install them/);
  assert.match(r.stderr, /\n\n {4}sudo bash scripts\/e2e\/apt-deps\.sh\n/);
  assert.equal(s.calls(), '', 'neither apt-get nor code-server ran');
  fs.rmSync(s.dir, { recursive: true, force: true });
});
