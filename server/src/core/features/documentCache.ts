// Syntax trees are not kept in the index; features re-parse the open
// document on demand and keep the last tree per uri while its text is unchanged.
import type { Document } from 'yaml';
import { defaultLimits, parseDocuments, tooLargeToParse } from '../parse/yamlFile';

const MAX_ENTRIES = 32;

export class DocumentCache {
  private readonly entries = new Map<string, { text: string; docs: Document.Parsed[] }>();

  get(uri: string, text: string, maxFileSize = defaultLimits.maxFileSize): Document.Parsed[] {
    const hit = this.entries.get(uri);
    if (hit && hit.text === text) return hit.docs;
    // A file the index skips for its size is not parsed for a feature either (it would block the server).
    if (tooLargeToParse(text, maxFileSize)) return [];
    let docs: Document.Parsed[] = [];
    try {
      docs = parseDocuments(text);
    } catch {
      docs = [];
    }
    this.entries.delete(uri);
    this.entries.set(uri, { text, docs });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return docs;
  }
}
