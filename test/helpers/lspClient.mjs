// A minimal LSP client over stdio for protocol tests: spawns the built server,
// frames JSON-RPC with Content-Length, answers the server's requests like an
// editor would, and collects published diagnostics.
import { spawn } from 'node:child_process';
import { mkdtempSync, cpSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER = join(ROOT, 'dist/server/main.js');

export function fileUri(path) {
  return pathToFileURL(path).href;
}

/** A temp workspace folder: a copy of `from` (a directory) or files from a { 'rel/path.yaml': text } map. */
export function makeWorkspace(from) {
  const dir = mkdtempSync(join(tmpdir(), 'istio-ls-ws-'));
  if (typeof from === 'string') cpSync(from, dir, { recursive: true });
  else for (const [rel, text] of Object.entries(from ?? {})) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** Applies LSP text edits to a text, as an editor would (positions in UTF-16 units, lines split at \n). */
export function applyEdits(text, edits) {
  const lines = text.split('\n');
  const offset = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

/** A text with one `$0` cursor: the text without it, and the cursor as an LSP position. */
export function withCursor(marked) {
  const at = marked.indexOf('$0');
  if (at < 0 || marked.indexOf('$0', at + 1) >= 0) throw new Error('the text needs exactly one $0');
  const before = marked.slice(0, at);
  const line = before.split('\n').length - 1;
  return { text: marked.slice(0, at) + marked.slice(at + 2), position: { line, character: at - (before.lastIndexOf('\n') + 1) } };
}

export class LspClient {
  constructor({ settings = {}, filesExclude = {}, args = ['--stdio'], env } = {}) {
    this.settings = settings;
    this.filesExclude = filesExclude;
    this.proc = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: env && { ...process.env, ...env } });
    this.nextId = 1;
    this.pending = new Map();
    this.diagnostics = new Map();
    this.listeners = [];
    this.notifications = [];
    this.stderr = '';
    this.buffer = Buffer.alloc(0);
    this.proc.stdout.on('data', (chunk) => this.onData(chunk));
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((res) => this.proc.on('exit', (code) => res(code)));
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buffer.slice(0, headerEnd).toString());
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const body = this.buffer.slice(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buffer = this.buffer.slice(headerEnd + 4 + len);
      this.dispatch(JSON.parse(body));
    }
  }

  dispatch(msg) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
      else p?.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) return this.answer(msg);
    this.notifications.push(msg);
    if (msg.method === 'textDocument/publishDiagnostics') this.diagnostics.set(msg.params.uri, msg.params.diagnostics);
    for (const l of this.listeners.slice()) l(msg);
  }

  answer(msg) {
    let result = null;
    if (msg.method === 'workspace/configuration') {
      result = msg.params.items.map((i) => (i.section === 'istio' ? this.settings : i.section === 'files.exclude' ? this.filesExclude : {}));
    } else if (msg.method === 'workspace/applyEdit') {
      this.appliedEdits = [...(this.appliedEdits ?? []), msg.params.edit];
      result = { applied: true };
    }
    this.write({ jsonrpc: '2.0', id: msg.id, result });
  }

  write(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request(method, params, timeoutMs = 10000) {
    const id = this.nextId++;
    this.write({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${method} timed out; stderr: ${this.stderr}`)), timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(t), resolve(v)),
        reject: (e) => (clearTimeout(t), reject(e)),
      });
    });
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Runs `send` with the messages it writes going out in one write, as a fast editor's do: the server reads them together. */
  together(send) {
    this.proc.stdin.cork();
    try {
      return send();
    } finally {
      this.proc.stdin.uncork();
    }
  }

  /** Waits until `predicate(notification)` holds for a notification (past or future). */
  waitFor(predicate, timeoutMs = 10000, what = 'notification') {
    const past = this.notifications.find(predicate);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`));
      }, timeoutMs);
      const listener = (msg) => {
        if (!predicate(msg)) return;
        clearTimeout(t);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(msg);
      };
      this.listeners.push(listener);
    });
  }

  /** Waits for the next diagnostics of `uri` satisfying `predicate` (default: any). */
  waitForDiagnostics(uri, predicate = () => true, timeoutMs = 10000) {
    const current = this.diagnostics.get(uri);
    if (current && predicate(current)) return Promise.resolve(current);
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && predicate(m.params.diagnostics), timeoutMs, `diagnostics for ${uri}`).then(
      (m) => m.params.diagnostics,
    );
  }

  async initialize(folder, capabilities = {}, initializationOptions = undefined) {
    const result = await this.request('initialize', {
      processId: process.pid,
      initializationOptions,
      rootUri: folder ? fileUri(folder) : null,
      workspaceFolders: folder ? [{ uri: fileUri(folder), name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, applyEdit: true },
        window: { workDoneProgress: true },
        textDocument: { hover: { contentFormat: ['markdown'] }, publishDiagnostics: { relatedInformation: true } },
        ...capabilities,
      },
    });
    this.notify('initialized', {});
    return result;
  }

  open(uri, text, version = 1) {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri, text, version) {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async shutdown() {
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit', null);
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
