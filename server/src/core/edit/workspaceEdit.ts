// Edits as plain data: the core computes them, the LSP layer converts them
// (convert.ts) and the tests apply them. Offsets are into the text the edit
// was computed from; a created file starts empty and receives one insert.
import type { Span } from '../model';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface CreateFile {
  kind: 'create';
  uri: string;
}

export interface TextDocumentEdit {
  uri: string;
  edits: TextEdit[];
}

export type DocumentChange = CreateFile | TextDocumentEdit;

export interface WorkspaceEdit {
  documentChanges: DocumentChange[];
}

/** Reads the current text of a file (open document or disk); undefined when there is none. */
export type TextSource = (uri: string) => string | undefined;

/** Collects edits per file, keeps creations first, and refuses overlapping edits. */
export class EditBuilder {
  private readonly created: string[] = [];
  private readonly edits = new Map<string, TextEdit[]>();

  create(uri: string, text: string): void {
    this.created.push(uri);
    this.add(uri, { span: { start: 0, end: 0 }, newText: text });
  }

  add(uri: string, edit: TextEdit): void {
    const list = this.edits.get(uri);
    if (list) list.push(edit);
    else this.edits.set(uri, [edit]);
  }

  addAll(uri: string, edits: TextEdit[]): void {
    for (const e of edits) this.add(uri, e);
  }

  isEmpty(): boolean {
    return this.edits.size === 0 && this.created.length === 0;
  }

  /** Every uri this edit touches, created files first. */
  uris(): string[] {
    return [...new Set([...this.created, ...this.edits.keys()])];
  }

  build(): WorkspaceEdit {
    const changes: DocumentChange[] = [];
    for (const uri of this.created) changes.push({ kind: 'create', uri });
    for (const [uri, edits] of this.edits) {
      // A stable sort keeps the order of inserts at the same offset.
      const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.span.start - b.e.span.start || a.i - b.i).map((x) => x.e);
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i].span.start < sorted[i - 1].span.end) throw new Error(`overlapping edits in ${uri}`);
      }
      changes.push({ uri, edits: sorted });
    }
    return { documentChanges: changes };
  }
}

/** Applies non-overlapping edits (sorted or not) to a text. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.span.start - a.e.span.start || b.i - a.i);
  let out = text;
  for (const { e } of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** `dir/name.yaml`, or `dir/name-2.yaml`, `-3`… when a file of that name exists. */
export function uniqueUri(uri: string, exists: (uri: string) => boolean): string {
  if (!exists(uri)) return uri;
  const slash = uri.lastIndexOf('/');
  const dot = uri.lastIndexOf('.');
  const cut = dot > slash ? dot : uri.length;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${uri.slice(0, cut)}-${n}${uri.slice(cut)}`;
    if (!exists(candidate)) return candidate;
  }
  throw new Error(`no free file name next to ${uri}`);
}

export function emptyEdit(): WorkspaceEdit {
  return { documentChanges: [] };
}
