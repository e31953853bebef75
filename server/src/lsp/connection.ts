import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

export function start(): void {
  const connection = createConnection(ProposedFeatures.all);
  // A stray console.log must never corrupt the stdio stream.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
  process.on('uncaughtException', (e) => connection.console.error(`istio-ls: uncaught ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`istio-ls: unhandled ${String(e)}`));
  startServer(connection);
}
