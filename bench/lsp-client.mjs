// A minimal LSP client over stdio, as an editor speaks it: Content-Length
// framed JSON-RPC, answers to the server's own requests, and waiters on
// notifications. Used by the benchmark and the protocol robustness tests.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER = join(ROOT, 'dist', 'server', 'main.js');

export const clientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

export class LspClient {
  /**
   * @param {object} o
   * @param {string[]} [o.args] extra node arguments before the script (e.g. --cpu-prof)
   * @param {(items: object[]) => unknown[]} [o.configuration] answers workspace/configuration
   */
  constructor({ args = [], configuration, env } = {}) {
    this.started = performance.now();
    this.proc = spawn(process.execPath, [...args, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.pid = this.proc.pid;
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    this.diagnostics = new Map(); // uri -> latest diagnostics
    this.notifications = [];
    this.logs = [];
    this.stderr = '';
    this.configuration = configuration ?? ((items) => items.map(() => ({})));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    // Chunks are joined only once a whole frame is in: joining on every chunk copied a large
    // message again for each of its chunks (quadratic in its size).
    let buf = Buffer.alloc(0);
    const chunks = [];
    let queued = 0;
    let needed = 0; // bytes the frame at the start of the buffer needs, once its header is read
    this.proc.stdout.on('data', (chunk) => {
      chunks.push(chunk);
      queued += chunk.length;
      if (buf.length + queued < needed) return;
      buf = chunks.length === 1 && buf.length === 0 ? chunks[0] : Buffer.concat([buf, ...chunks]);
      chunks.length = 0;
      queued = 0;
      for (;;) {
        const headerEnd = buf.indexOf('\r\n\r\n');
        if (headerEnd < 0) break;
        const m = /Content-Length: (\d+)/i.exec(buf.subarray(0, headerEnd).toString());
        needed = headerEnd + 4 + Number(m[1]);
        if (buf.length < needed) break;
        const body = buf.subarray(headerEnd + 4, needed).toString('utf8');
        buf = buf.subarray(needed);
        needed = 0;
        this.onMessage(JSON.parse(body));
      }
    });
  }

  send(message) {
    // Header and body in one write, as one frame: the server is not woken for a header alone.
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  request(method, params) {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
  }

  notify(method, params) {
    this.send({ method, params });
  }

  onMessage(msg) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (!p) return;
      if (msg.error) p.reject(Object.assign(new Error(`${p.method}: ${msg.error.message}`), { code: msg.error.code }));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server: answer as an editor would.
      let result = null;
      if (msg.method === 'workspace/configuration') result = this.configuration(msg.params.items);
      this.send({ id: msg.id, result });
      return;
    }
    if (msg.method === 'textDocument/publishDiagnostics') this.diagnostics.set(msg.params.uri, msg.params.diagnostics);
    if (msg.method === 'window/logMessage') this.logs.push(msg.params.message);
    else this.notifications.push(msg);
    for (const w of this.waiters.slice()) {
      if (w.method === msg.method && w.predicate(msg.params)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(msg.params);
      }
    }
  }

  /** Resolves with the params of the next notification `method` that satisfies `predicate`. */
  waitFor(method, predicate = () => true, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const w = { method, predicate, resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${method}\n${this.logs.slice(-5).join('\n')}\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  async initialize(folder, initializationOptions = {}) {
    const uri = pathToFileURL(folder).href;
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'ws' }],
      capabilities: clientCapabilities,
      initializationOptions,
    });
    this.initializedAt = performance.now();
    this.notify('initialized', {});
    return result;
  }

  open(uri, text, version = 1) {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri, version, changes) {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async shutdown() {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 30_000))]);
      this.notify('exit', null);
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  /** Peak resident set size of the server process (all its threads), in MB, from /proc. */
  peakRssMb() {
    return readStatusKb(this.pid, 'VmHWM') / 1024;
  }

  rssMb() {
    return readStatusKb(this.pid, 'VmRSS') / 1024;
  }
}

import { readFileSync } from 'node:fs';
function readStatusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}
