// Which fields of a kind are documented, for the coverage test and the
// `scripts/missing-docs.mjs` report: every field path of every version of the
// kind, with its documentation when written.
import { allSchemas, type SchemaNode } from '../schema';
import { fieldDocAt, fieldLink } from './lookup';
import type { FieldDoc } from './types';

export interface FieldCoverage {
  kind: string;
  /** Dot-separated path from `spec`, list items left out and a free map key written `*`. */
  path: string;
  doc?: FieldDoc;
  link?: string;
  /** The enum values of the field (or of its list items) without their own meaning. */
  undocumentedValues: string[];
  /** The one-sentence description of the CRD, to tell our text from a copy of it. */
  crd?: string;
}

/** Every field of `group/Kind` (all its API versions). */
export function fieldCoverage(kind: string): FieldCoverage[] {
  const out = new Map<string, FieldCoverage>();
  const [group, name] = kind.split('/');
  for (const spec of allSchemas(group, name)) walk(kind, spec, spec, [], out, 0);
  return [...out.values()];
}

function walk(kind: string, spec: SchemaNode, node: SchemaNode, path: string[], out: Map<string, FieldCoverage>, depth: number): void {
  if (depth > 20) return;
  const item = node.t === 'array' && node.i ? node.i : node;
  // A map of messages (header name to StringMatch): its free key is written `*`.
  if (!item.p && item.m?.p) return walk(kind, spec, item.m, [...path, '*'], out, depth + 1);
  const obj = item;
  for (const [key, child] of Object.entries(obj.p ?? {})) {
    const at = [...path, key];
    const id = at.join('.');
    if (out.has(id)) continue;
    const found = fieldDocAt(kind, spec, at);
    const values = child.e ?? child.i?.e ?? [];
    const doc = found && found.name === key ? found.field : undefined;
    out.set(id, {
      kind,
      path: id,
      doc,
      link: found && doc ? fieldLink(found) : undefined,
      undocumentedValues: values.filter((v) => !doc?.values?.[v]),
      crd: child.d,
    });
    walk(kind, spec, child, at, out, depth + 1);
  }
}
