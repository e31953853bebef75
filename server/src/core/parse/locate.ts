// Finds what is under an offset: the YAML document, the key path and whether
// the offset is on a key or a value. Used by hover, completion and navigation.
import { isMap, isPair, isScalar, isSeq, type Document, type Pair } from 'yaml';
import { keyText, span } from './ast';

export interface NodeAt {
  doc: Document.Parsed;
  docIndex: number;
  /** Keys and indexes from the document root to the node under the cursor. */
  path: (string | number)[];
  onKey: boolean;
  /** The scalar under the cursor, when there is one. */
  node?: unknown;
  /** The mapping that holds the key (or the value's parent), for completion. */
  parentMap?: unknown;
  pair?: Pair;
}

export function documentAt(docs: Document.Parsed[], offset: number): { doc: Document.Parsed; docIndex: number } | undefined {
  for (let i = 0; i < docs.length; i++) {
    const r = docs[i].range;
    if (offset >= r[0] && offset <= r[2]) return { doc: docs[i], docIndex: i };
  }
  return undefined;
}

export function locate(docs: Document.Parsed[], offset: number): NodeAt | undefined {
  const hit = documentAt(docs, offset);
  if (!hit) return undefined;
  const loc: NodeAt = { doc: hit.doc, docIndex: hit.docIndex, path: [], onKey: false };
  descend(hit.doc.contents, offset, loc, 0);
  return loc;
}

function inside(node: unknown, offset: number): boolean {
  const s = span(node);
  return !!s && offset >= s.start && offset <= s.end;
}

function descend(node: unknown, offset: number, loc: NodeAt, depth: number): void {
  if (depth > 100 || !node) return;
  if (isMap(node)) {
    loc.parentMap = node;
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = keyText(item as Pair);
      if (key === undefined) continue;
      if (inside(item.key, offset)) {
        loc.path.push(key);
        loc.onKey = true;
        loc.node = item.key;
        loc.pair = item as Pair;
        return;
      }
      if (item.value && inside(item.value, offset)) {
        loc.path.push(key);
        loc.pair = item as Pair;
        descend(item.value, offset, loc, depth + 1);
        return;
      }
    }
    return;
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      if (!inside(node.items[i], offset)) continue;
      loc.path.push(i);
      descend(node.items[i], offset, loc, depth + 1);
      return;
    }
    return;
  }
  if (isScalar(node)) loc.node = node;
}
