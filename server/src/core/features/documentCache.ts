// Syntax trees are not kept in the index; features re-parse the open
// document on demand and keep the last tree per uri while its text is unchanged.
import type { Document } from 'yaml';
import { defaultLimits, parseDocuments, tooLargeToParse } from '../parse/yamlFile';
import { parseCursorDocument } from './cursorDocument';

const MAX_ENTRIES = 32;
/** Single documents that completion read lately: completing again in an unchanged document (another file or document was edited) parses nothing. */
const MAX_DOCUMENTS = 8;

export class DocumentCache {
  private readonly entries = new Map<string, { text: string; docs: Document.Parsed[] }>();
  private readonly documents = new Map<string, Document>();

  /** The tree of one document's text (the callers only read it). */
  readonly document = (source: string): Document => {
    let doc = this.documents.get(source);
    if (doc) return doc;
    doc = parseCursorDocument(source);
    this.documents.set(source, doc);
    if (this.documents.size > MAX_DOCUMENTS) this.documents.delete(this.documents.keys().next().value as string);
    return doc;
  };

  /** Trees another reader parsed from exactly this text (the summary of an editor's text): a feature then parses nothing. */
  adopt(uri: string, text: string, docs: Document.Parsed[]): void {
    this.entries.delete(uri);
    this.entries.set(uri, { text, docs });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

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
