// Completion: the cursor context is read from the text (yamlContext.ts), then
// the schema offers keys and values (schemaCompletion.ts) and the workspace
// offers the names of other resources (workspaceCompletion.ts).
import type { Snapshot } from '../index/snapshot';
import { cursorContext } from './yamlContext';
import { schemaCompletions } from './schemaCompletion';
import { workspaceCompletions } from './workspaceCompletion';
import type { CompletionList } from './completionItem';
import type { ParseDocument } from './cursorDocument';

export type { CompletionItem, CompletionList, CompletionKind } from './completionItem';

/** `parse` reads the cursor's document when a completion needs its other values (a service passes one that remembers trees). */
export function doComplete(snap: Snapshot, uri: string, text: string, offset: number, parse?: ParseDocument): CompletionList {
  const ctx = cursorContext(text, offset);
  if (!ctx) return { items: [] };
  const items = [...schemaCompletions(ctx), ...workspaceCompletions(snap, uri, ctx, parse)];
  items.sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
  const seen = new Set<string>();
  return { items: items.filter((i) => !seen.has(i.label) && !!seen.add(i.label)) };
}
