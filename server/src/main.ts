// Entry point of the server bundle: `--stdio` (or any LSP transport flag)
// starts the language server, `check` runs the CLI.
import { runCli } from './cli';

const args = process.argv.slice(2);
const transport = args.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'));
if (transport) {
  // Loaded lazily so the CLI does not pay for the LSP library.
  void import('./lsp/connection').then((m) => m.start());
} else {
  runCli(args).then(
    (code) => exitWhenWritten(code),
    (e) => {
      process.stderr.write(`istio-ls: ${(e as Error).stack ?? e}\n`);
      exitWhenWritten(2);
    },
  );
}

/** Exits once stdout and stderr are written: to a pipe the report may still be queued, and exiting at once cut a large JSON report. */
function exitWhenWritten(code: number): void {
  let pending = 2;
  const written = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', written);
  process.stderr.write('', written);
}
