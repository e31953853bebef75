// Values elsewhere in the document being edited (`spec.gateways`, `spec.hosts`,
// `spec.host`, `metadata.name`), read from its current text: the index may
// still hold the version before the last keystroke.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
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
  /** The document's lines above the cursor's, parsed; null when there are none or they do not parse cleanly. */
  let above: Document | null | undefined;
  const start = ctx.lines[ctx.docStartLine].start;
  const cursor = ctx.lines[ctx.line];
  const parsed = () => {
    if (doc) return doc;
    const end = ctx.lines[ctx.docEndLine].end;
    doc = parse(ctx.text.slice(start, end));
    // A half-typed line (a key without its colon, an open bracket) can derail the rest: parse without it.
    if (doc.errors.length) doc = parse(ctx.text.slice(start, cursor.start) + ctx.text.slice(cursor.end, end).replace(/^\r?\n?/, '\n'));
    return doc;
  };
  // The values read here (`spec.hosts` for a `gateways` item, `spec.gateways` for a match) usually sit above
  // the cursor: the lines above it are parsed first, and the whole document only when they do not hold the
  // value entirely (a `gateways` completion in a 100-line VirtualService parsed all of it on each keystroke).
  const node = (path: string[]): unknown => {
    if (above === undefined) {
      const head = cursor.start > start ? parse(ctx.text.slice(start, cursor.start)) : undefined;
      above = head && head.errors.length === 0 ? head : null;
    }
    const found = above && closedNode(above, path);
    return found ? found.node : parsed().getIn(path, true);
  };
  const text = (node: unknown): string | undefined => {
    if (isScalar(node) && node.value !== null && node.value !== undefined && typeof node.value !== 'object') return String(node.value);
    if (isAlias(node)) return `*${node.source}`; // an unquoted `*.example.com` reads as an alias
    return undefined;
  };
  return {
    list(path) {
      const found = node(path);
      if (found === undefined) return undefined;
      if (isSeq(found)) return found.items.map(text).filter((v): v is string => !!v);
      const one = text(found);
      return one ? [one] : [];
    },
    scalar(path) {
      return text(node(path));
    },
  };
}

/**
 * The value at `path` of a document cut at a line, when the cut cannot have shortened it: some key
 * follows it in one of the mappings on the way (a later key of `spec`, or a top-level key after `spec`).
 * The first pair of a key counts, as `getIn` reads it.
 */
function closedNode(doc: Document, path: string[]): { node: unknown } | undefined {
  let current: unknown = doc.contents;
  let closed = false;
  for (const key of path) {
    if (!isMap(current)) return undefined;
    const items = current.items;
    const at = items.findIndex((pair) => pair.key === key || (isScalar(pair.key) && pair.key.value === key));
    if (at < 0) return undefined;
    if (at < items.length - 1) closed = true;
    current = items[at].value;
  }
  return closed ? { node: current } : undefined;
}
