// Background work (the analysis after an edit) runs in short pieces and lets
// the client's messages go first between them. `setImmediate` alone is not
// enough: vscode-jsonrpc handles one queued message per immediate, so a piece
// scheduled the same way would run before the second message that arrived
// with the first (a completion sent right after its didChange). The connection
// counts the messages it handles; a pause ends only once two turns of the
// event loop (each with a read of the input) handled none.
import type { MessageStrategy } from 'vscode-languageserver/node';

let handled = 0;
let lastHandledAt = -Infinity;

/** Passed to createConnection: counts every message as it is handled. */
export const countingStrategy: MessageStrategy = {
  handleMessage(message, next) {
    handled++;
    lastHandledAt = performance.now();
    next(message);
  },
};

/** Resolves once every message that has arrived has been handled. */
export async function yieldToMessages(): Promise<void> {
  for (;;) {
    const before = handled;
    await immediate();
    await immediate();
    if (handled === before) return;
  }
}

/**
 * Resolves once no message has come for `ms`: for work that can wait for a pause in the
 * client's requests (saving the persisted index), not only for the messages queued now.
 */
export async function idleFor(ms: number): Promise<void> {
  for (;;) {
    await yieldToMessages();
    const quiet = performance.now() - lastHandledAt;
    if (quiet >= ms) return;
    await new Promise((resolve) => setTimeout(resolve, ms - quiet));
  }
}

function immediate(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** With ISTIO_LS_TRACE set, how the background work went (its pieces, the worker's summaries), timed, on stderr. */
export const TRACE = (m: string) => {
  if (process.env.ISTIO_LS_TRACE) process.stderr.write(`${performance.now().toFixed(1)} ${m}\n`);
};
