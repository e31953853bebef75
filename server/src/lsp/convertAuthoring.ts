// LSP shapes for the authoring features: completion items, locations in any
// file of the workspace, rename edits and code lenses. Spans of other files
// are converted with their summaries' line tables; the open document's with its text.
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  type CodeLens,
  type CompletionItem as LspCompletionItem,
  type Location as LspLocation,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { CodeLensInfo, CompletionItem, Location, TextEdit } from '../core';
import { LineIndex } from '../core';
import { toRange } from './convert';
import type { ShowLocationsCommand } from './protocol';

const KINDS: Record<CompletionItem['kind'], CompletionItemKind> = {
  Property: CompletionItemKind.Property,
  Value: CompletionItemKind.Value,
  EnumMember: CompletionItemKind.EnumMember,
  Reference: CompletionItemKind.Reference,
  Module: CompletionItemKind.Module,
  Class: CompletionItemKind.Class,
  Keyword: CompletionItemKind.Keyword,
  Folder: CompletionItemKind.Folder,
  Constant: CompletionItemKind.Constant,
  Snippet: CompletionItemKind.Snippet,
};

/** Documentation travels on completionItem/resolve: `data` is the item's index in the last list (documentation is made only then). */
export function toCompletionItem(item: CompletionItem, lines: LineIndex, index: number): LspCompletionItem {
  return {
    label: item.label,
    kind: KINDS[item.kind],
    detail: item.detail,
    data: index,
    sortText: item.sortText,
    insertTextFormat: item.insertTextFormat === 'snippet' ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // The core indents every line of a snippet itself.
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: toRange(lines, item.span), newText: item.insertText },
    command: item.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
  };
}

export function toLocations(locs: Location[], linesOf: (uri: string) => LineIndex | undefined): LspLocation[] {
  const out: LspLocation[] = [];
  for (const l of locs) {
    const lines = linesOf(l.uri);
    if (lines) out.push({ uri: l.uri, range: toRange(lines, l.span) });
  }
  return out;
}

export function toWorkspaceEdit(changes: Record<string, TextEdit[]>, linesOf: (uri: string) => LineIndex | undefined): WorkspaceEdit {
  const out: Record<string, LspTextEdit[]> = {};
  for (const [uri, edits] of Object.entries(changes)) {
    const lines = linesOf(uri);
    if (lines) out[uri] = edits.map((e) => ({ range: toRange(lines, e.span), newText: e.newText }));
  }
  return { changes: out };
}

/**
 * Clicking the lens runs `istio.showLocations` with [uri, position, locations]
 * (a server command any editor can run; the VS Code client shows a peek view).
 * A lens with nothing to show gets the empty command: a label, not a link.
 */
export function toCodeLens(lens: CodeLensInfo, uri: string, linesOf: (uri: string) => LineIndex | undefined): CodeLens {
  const range = toRange(linesOf(uri)!, lens.span);
  const locations = toLocations(lens.locations, linesOf);
  if (locations.length === 0) return { range, command: { title: lens.title, command: '' } };
  return { range, command: { title: lens.title, command: SHOW_LOCATIONS, arguments: [uri, range.start, locations] } };
}

export const SHOW_LOCATIONS = 'istio.showLocations' satisfies ShowLocationsCommand;
