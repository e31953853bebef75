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
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`istio-ls: ${(e as Error).stack ?? e}\n`);
      process.exit(2);
    },
  );
}
