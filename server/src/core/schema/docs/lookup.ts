// Finds the documentation of the field at a key path by walking the schema
// and the message documentation side by side: the schema says where a path
// step is a list item or a free map key (a header name, a label), the
// documentation says which message a field's value is.
import type { SchemaNode } from '../schema';
import type { FieldDoc, MessageDoc } from './types';
import { kindMessages } from './kinds';

export interface FieldAt {
  name: string;
  field: FieldDoc;
  /** The message that declares the field (for its anchor). */
  owner: MessageDoc;
  /** The field's schema node and whether its parent requires it. */
  node: SchemaNode;
  requiredByParent: boolean;
  /** The path ends on a free key of this map field (a label name, a header name): that key. */
  mapKey?: string;
}

/** The documented message at the root of a kind's `spec`; `kind` is `group/Kind` (two groups have a `Gateway`). */
export function kindMessage(kind: string): MessageDoc | undefined {
  return kindMessages[kind];
}

/** The field at `path` (from `spec`, list indexes included or not) of `group/Kind`, when it is documented. */
export function fieldDocAt(kind: string, spec: SchemaNode, path: readonly (string | number)[]): FieldAt | undefined {
  let message = kindMessage(kind);
  let node: SchemaNode | undefined = spec;
  let found: FieldAt | undefined;
  let lastFree: string | undefined;
  for (const step of path) {
    if (!node) return undefined;
    if (typeof step === 'number') {
      node = node.i;
      continue;
    }
    // Lists are stepped through without an index when the path comes from a schema walk.
    if (node.t === 'array' && node.i) node = node.i;
    const child: SchemaNode | undefined = node.p?.[step];
    if (child) {
      const field = message?.fields[step];
      if (!field || !message) return undefined;
      found = { name: step, field, owner: message, node: child, requiredByParent: !!node.r?.includes(step) };
      lastFree = undefined;
      message = field.message;
      node = child;
    } else if (node.m) {
      // A free key (a header name, a label): the map field stays the one described.
      node = node.m;
      lastFree = step;
    } else {
      return undefined;
    }
  }
  return found && lastFree !== undefined ? { ...found, mapKey: lastFree } : found;
}

/** The link to the field's own anchor (istio.io), or to its type's anchor (the Gateway API reference). */
export function fieldLink(at: Pick<FieldAt, 'name' | 'field' | 'owner'>): string {
  if (at.owner.links === 'type') return `${at.owner.page}#${at.owner.anchor.toLowerCase()}`;
  if (at.field.hidden) return `${at.owner.page}#${at.owner.anchor}`;
  return `${at.owner.page}#${at.owner.anchor}-${protoName(at.name, at.field)}`;
}

export function protoName(name: string, field: FieldDoc): string {
  return field.proto ?? name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
