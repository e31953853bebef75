// Edits addressed by resource and path: "append this to spec.subsets of
// DestinationRule ns/name". Shared by the egress bundle and the quick fixes.
import { isMap, isSeq } from 'yaml';
import type { TextEdit } from './workspaceEdit';
import type { YamlValue } from './render';
import { addPair, appendToSeq } from './yamlEdits';
import { findResource, type SourceFile } from './sourceFile';
import { get } from '../parse/ast';

/** The node at a path of keys and indexes from the document root of a resource. */
export function nodeAt(file: SourceFile, key: string, path: (string | number)[]): unknown {
  const hit = findResource(file, key);
  if (!hit) return undefined;
  const listItem = hit.resource.listItem;
  const root = listItem === undefined ? hit.doc.contents : get(hit.doc.contents, 'items', listItem);
  return path.length ? get(root, ...path) : root;
}

/**
 * Appends `value` to the list `listKey` of the mapping at `path`; creates the
 * list (after the key `after`, or at the end of the mapping) when it is absent.
 */
export function appendToList(file: SourceFile, key: string, path: (string | number)[], listKey: string, value: YamlValue, after?: string): TextEdit | undefined {
  const map = nodeAt(file, key, path);
  if (!isMap(map)) return undefined;
  const list = get(map, listKey);
  if (isSeq(list)) return appendToSeq(file.text, list, value, file.style);
  // `key:` with an empty or scalar value is left to the user.
  if (list !== undefined) return undefined;
  return addPair(file.text, map, listKey, [value], file.style, after);
}

/** Adds `key: value` to the mapping at `path`, after the key `after` when it is there. */
export function addKey(file: SourceFile, key: string, path: (string | number)[], name: string, value: YamlValue, after?: string): TextEdit | undefined {
  const map = nodeAt(file, key, path);
  if (!isMap(map) || get(map, name) !== undefined) return undefined;
  return addPair(file.text, map, name, value, file.style, after);
}
