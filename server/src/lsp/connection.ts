import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { startServer } from './server';
import { countingStrategy } from './messageGate';
import { FrameWriter } from './frameWriter';

export function start(): void {
  // The analysis lets the client's messages go first: see ./messageGate.
  const options = { messageStrategy: countingStrategy };
  // Over stdio, stdin is still given as a stream (the library then exits when the client closes it) and the
  // answers go out through ./frameWriter. Other transports (--node-ipc, --socket, --pipe) as the library sets them up.
  const connection: Connection = process.argv.includes('--stdio')
    ? createConnection(ProposedFeatures.all, process.stdin, new FrameWriter(process.stdout) as unknown as NodeJS.WritableStream, options)
    : createConnection(ProposedFeatures.all, options);
  // A stray console call must never corrupt the stdio stream (these four write to stdout).
  const log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.log = console.info = console.debug = console.dir = log;
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
  process.on('uncaughtException', (e) => connection.console.error(`istio-ls: uncaught ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`istio-ls: unhandled ${String(e)}`));
  startServer(connection);
}
