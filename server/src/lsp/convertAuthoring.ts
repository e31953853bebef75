// LSP shapes for the authoring features: completion items, locations in any
// file of the workspace, rename edits and code lenses. Spans of other files
// are converted with their summaries' line tables; the open document's with its text.
import {
  CompletionItemKind,
  type ClientCapabilities,
  type CompletionList as LspCompletionList,
  type Range,
  InsertTextFormat,
  InsertTextMode,
  type CodeLens,
  type CompletionItem as LspCompletionItem,
  type Location as LspLocation,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { CodeLensInfo, CompletionItem, Location, Span, TextEdit } from '../core';
import { LineIndex } from '../core';
import { toRange, type Positions } from './convert';
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

/** The CompletionList.itemDefaults (LSP 3.17) the client declared it applies; none for older clients. */
export function completionDefaults(capabilities: ClientCapabilities | undefined): ReadonlySet<string> {
  return new Set(capabilities?.textDocument?.completion?.completionList?.itemDefaults ?? []);
}

/**
 * The list as sent. Documentation travels on completionItem/resolve: `data` is the item's index in the
 * list (documentation is made only then). What a field's default says is left out (a plain-text
 * format; the insert mode of one line, which no mode changes), and where the client applies
 * itemDefaults the edit range shared by every item is sent once: a list of 150 Gateways was 45 KB.
 */
export function toCompletionList(items: CompletionItem[], lines: Positions, defaults: ReadonlySet<string>): LspCompletionList {
  let span: Span | undefined = items[0]?.span;
  for (const item of items) if (item.span.start !== span!.start || item.span.end !== span!.end) span = undefined;
  const shared = span && defaults.has('editRange') ? toRange(lines, span) : undefined;
  const multiLine = items.some((item) => item.insertText.includes('\n'));
  // The core indents every line of a snippet itself: insert it as is.
  const modeDefault = multiLine && defaults.has('insertTextMode');
  let range: Range | undefined;
  let rangeOf: Span | undefined;
  const out = items.map((item, index): LspCompletionItem => {
    const lsp: LspCompletionItem = { label: item.label, kind: KINDS[item.kind], detail: item.detail, data: index, sortText: item.sortText };
    if (item.insertTextFormat === 'snippet') lsp.insertTextFormat = InsertTextFormat.Snippet;
    if (!modeDefault && item.insertText.includes('\n')) lsp.insertTextMode = InsertTextMode.asIs;
    if (shared) {
      if (item.insertText !== item.label) lsp.textEditText = item.insertText;
    } else {
      if (rangeOf !== item.span) range = toRange(lines, (rangeOf = item.span));
      lsp.textEdit = { range: range!, newText: item.insertText };
    }
    if (item.retrigger) lsp.command = RETRIGGER;
    return lsp;
  });
  const list: LspCompletionList = { isIncomplete: false, items: out };
  if (shared || modeDefault) list.itemDefaults = { ...(shared && { editRange: shared }), ...(modeDefault && { insertTextMode: InsertTextMode.asIs }) };
  return list;
}

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

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
