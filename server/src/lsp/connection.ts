import { createConnection, ProposedFeatures, StreamMessageReader, type Connection, type MessageStrategy } from 'vscode-languageserver/node';
import { startServer } from './server';
import { countingStrategy } from './messageGate';
import { StdioMessageWriter } from './stdioWriter';

export function start(): void {
  const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all, { messageStrategy: countingStrategy });
  // A stray console call must never corrupt the stdio stream.
  const text = (a: unknown[]) => a.map(String).join(' ');
  console.log = console.info = console.debug = (...a: unknown[]) => connection.console.log(text(a));
  console.warn = (...a: unknown[]) => connection.console.warn(text(a));
  console.error = (...a: unknown[]) => connection.console.error(text(a));
  process.on('uncaughtException', (e) => connection.console.error(`istio-ls: uncaught ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`istio-ls: unhandled ${String(e)}`));
  startServer(connection);
}

/** Over stdio with a writer of our own (see ./stdioWriter); as the library does, the client closing stdin ends the server. */
function stdioConnection(): Connection {
  let shutdown = false;
  // The analysis lets the client's messages go first: see ./messageGate.
  const messageStrategy: MessageStrategy = {
    handleMessage(message, next) {
      if ((message as { method?: string }).method === 'shutdown') shutdown = true;
      countingStrategy.handleMessage(message, next);
    },
  };
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StdioMessageWriter(process.stdout), { messageStrategy });
  for (const event of ['end', 'close']) process.stdin.on(event, () => process.exit(shutdown ? 0 : 1));
  return connection;
}
