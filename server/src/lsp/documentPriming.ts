// Parses the documents an editor opens for the features once the client is
// quiet, so the first hover or completion in a file does not parse all of it
// while the user waits. The main thread's parser is cold (the scan and the
// edits are summarised on worker threads): the first hover in a 1-3 KB file
// of the large benchmark workspace took 3-15 ms. The newest documents go
// first, and only a few are kept waiting (an editor restoring thousands of
// tabs shows few of them).
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../core';
import { idleFor, TRACE } from './messageGate';

/** As many as the features' cache keeps beside the documents being edited (features/documentCache.ts holds 32). */
const WAITING = 8;
/** The client's quiet before a parse: one falls in a pause of the user's, not between the messages of a burst. */
const QUIET_MS = 50;

export class DocumentPriming {
  private readonly waiting = new Set<string>();
  private draining = false;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly serviceFor: (uri: string) => LanguageService,
  ) {}

  opened(uri: string): void {
    this.waiting.delete(uri);
    this.waiting.add(uri);
    if (this.waiting.size > WAITING) this.waiting.delete(this.waiting.values().next().value as string);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.size > 0) {
        await idleFor(QUIET_MS);
        const uri = [...this.waiting].pop()!;
        this.waiting.delete(uri);
        const doc = this.documents.get(uri);
        if (!doc) continue;
        const t0 = performance.now();
        this.serviceFor(uri).prepareDocument(uri, doc.getText());
        TRACE(`prepared ${uri} ${(performance.now() - t0).toFixed(1)}`);
      }
    } finally {
      this.draining = false;
    }
  }
}
