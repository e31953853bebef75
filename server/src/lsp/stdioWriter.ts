// Writes the server's messages to stdout (the `--stdio` transport).
//
// vscode-jsonrpc's stream writer sends each message as two writes, a header
// and then the body once the header's write has called back, one message at
// a time behind a lock: after the first analysis of a workspace whose 4,910
// files are all open, the versioned publishes (one per open document) took
// 0.35 s of the main thread to write, and `istio-ls/indexed` waited behind
// them. Here a message is one write, the stream keeps them in order, and the
// writes of one turn of the event loop leave in one system call (the stream
// is corked until the next tick).
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class StdioMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private corked = false;
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {
    super();
    stream.on('error', (e: Error) => this.fireError(e));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let body: string;
    try {
      body = JSON.stringify(msg);
    } catch (e) {
      this.fireError(e, msg, ++this.errorCount);
      return Promise.reject(e);
    }
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(() => {
        this.corked = false;
        this.stream.uncork();
      });
    }
    return new Promise((resolve, reject) => {
      this.stream.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`, 'utf8', (error) => {
        if (!error) {
          this.errorCount = 0;
          resolve();
          return;
        }
        this.fireError(error, msg, ++this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}
