import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { countingStrategy } from './messageGate';

export function start(): void {
  // The analysis lets the client's messages go first: see ./messageGate.
  const connection = createConnection(ProposedFeatures.all, { messageStrategy: countingStrategy });
  // A stray console.log must never corrupt the stdio stream.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
  process.on('uncaughtException', (e) => connection.console.error(`istio-ls: uncaught ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`istio-ls: unhandled ${String(e)}`));
  startServer(connection);
}
