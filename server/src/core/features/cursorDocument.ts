// Values elsewhere in the document being edited (`spec.gateways`, `spec.hosts`,
// `spec.host`, `metadata.name`), read from its current text: the index may
// still hold the version before the last keystroke.
import { isAlias, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { CursorContext } from './yamlContext';

export interface CursorDocument {
  /** The strings of a list (or a single scalar) at `path`; undefined when the key is absent. */
  list(path: string[]): string[] | undefined;
  scalar(path: string[]): string | undefined;
}

/** Parses one document's text; a caller may remember the trees of texts it saw (requests repeat on unchanged documents). */
export type ParseDocument = (source: string) => Document;

const OPTIONS = { logLevel: 'error', uniqueKeys: false } as const;
export const parseCursorDocument: ParseDocument = (source) => parseDocument(source, OPTIONS);

export function cursorDocument(ctx: CursorContext, parse: ParseDocument = parseCursorDocument): CursorDocument {
  let doc: Document | undefined;
  const parsed = () => {
    if (doc) return doc;
    const cursor = ctx.lines[ctx.line];
    const start = ctx.lines[ctx.docStartLine].start;
    const end = ctx.lines[ctx.docEndLine].end;
    doc = parse(ctx.text.slice(start, end));
    // A half-typed line (a key without its colon, an open bracket) can derail the rest: parse without it.
    if (doc.errors.length) doc = parse(ctx.text.slice(start, cursor.start) + ctx.text.slice(cursor.end, end).replace(/^\r?\n?/, '\n'));
    return doc;
  };
  const text = (node: unknown): string | undefined => {
    if (isScalar(node) && node.value !== null && node.value !== undefined && typeof node.value !== 'object') return String(node.value);
    if (isAlias(node)) return `*${node.source}`; // an unquoted `*.example.com` reads as an alias
    return undefined;
  };
  return {
    list(path) {
      const node = parsed().getIn(path, true);
      if (node === undefined) return undefined;
      if (isSeq(node)) return node.items.map(text).filter((v): v is string => !!v);
      const one = text(node);
      return one ? [one] : [];
    },
    scalar(path) {
      return text(parsed().getIn(path, true));
    },
  };
}
