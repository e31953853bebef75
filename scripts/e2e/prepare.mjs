// What a real VS Code (code-server) and the browser that drives it need on this
// machine, installed when it can be: the Debian packages of apt-deps.sh (as root,
// or through sudo without a password), then code-server into .e2e/code-server.
// Used by `npm start` and by the end-to-end tests, so both reach a running editor
// on a fresh machine without a manual step, and say the one command to run when
// they cannot.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
export const defaultCodeServer = path.join(repo, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');

/** The package list of apt-deps.sh, read from it so the two never disagree. */
export function debianPackages() {
  const text = fs.readFileSync(path.join(here, 'apt-deps.sh'), 'utf8');
  const m = /^PKGS=\(([^)]*)\)/m.exec(text);
  return m ? m[1].trim().split(/\s+/) : [];
}

/** Packages of the list that dpkg does not report as installed (all of them where dpkg is missing). */
export function missingPackages(pkgs = debianPackages()) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...pkgs], { encoding: 'utf8' });
  if (r.error) return pkgs;
  const installed = new Set(
    r.stdout.split('\n').filter((l) => l.endsWith('install ok installed')).map((l) => l.split(' ')[0]),
  );
  return pkgs.filter((p) => !installed.has(p));
}

/**
 * How the missing packages can be installed here: directly as root, through sudo
 * without a password, or not at all (then `command` is the one line to run).
 */
export function installRoute({ uid = process.getuid?.() ?? -1, sudoWorks = () => spawnSync('sudo', ['-n', 'true']).status === 0 } = {}) {
  const command = 'sudo bash scripts/e2e/apt-deps.sh';
  if (uid === 0) return { how: 'root', command };
  if (sudoWorks()) return { how: 'sudo', command };
  return { how: 'none', command };
}

/**
 * Makes sure the Debian packages and code-server are there.
 * @returns {{ ok: true, codeServer: string } | { ok: false, reason: string, command: string }}
 */
export function prepareEditor({ log = console.log, codeServer = process.env.CODE_SERVER || defaultCodeServer } = {}) {
  const missing = missingPackages();
  if (missing.length) {
    const route = installRoute();
    if (route.how === 'none') {
      return { ok: false, reason: `the Debian packages ${missing.join(' ')} are missing and this user cannot install them (not root, no sudo without a password)`, command: route.command };
    }
    log(`prepare: installing the Debian packages ${missing.join(' ')} with apt-get${route.how === 'sudo' ? ' through sudo' : ''} (1–2 minutes, once)`);
    const t0 = Date.now();
    const r = spawnSync(route.how === 'sudo' ? 'sudo' : 'bash', route.how === 'sudo' ? ['-n', 'bash', path.join(here, 'apt-deps.sh')] : [path.join(here, 'apt-deps.sh')], { stdio: 'inherit' });
    if (r.status !== 0) return { ok: false, reason: 'apt-get could not install the Debian packages (see its output above)', command: route.command };
    log(`prepare: Debian packages installed in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  if (!fs.existsSync(codeServer)) {
    log('prepare: installing code-server 4.100.3 into .e2e/code-server (about 80 s, once)');
    const t0 = Date.now();
    const r = spawnSync('bash', [path.join(here, 'install-code-server.sh'), path.join(repo, '.e2e', 'code-server')], { stdio: 'inherit' });
    if (r.status !== 0 || !fs.existsSync(codeServer)) {
      return { ok: false, reason: 'installing code-server failed (see its output above)', command: 'bash scripts/e2e/install-code-server.sh' };
    }
    log(`prepare: code-server installed in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  return { ok: true, codeServer };
}
