// Every request runs inside runSafe: an exception is logged and answered with
// the empty result, and a cancelled request is answered as cancelled, so one
// failing feature never takes the server down.
import { CancellationToken, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';

export function runSafe<T>(connection: Connection, token: CancellationToken | undefined, fallback: T, what: string, work: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  try {
    return work();
  } catch (e) {
    connection.console.error(`istio-ls: ${what} failed: ${(e as Error).stack ?? String(e)}`);
    return fallback;
  }
}
