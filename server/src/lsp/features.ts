// Request handlers: each finds the document, calls the core once and converts.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { CompletionItem, SymbolInfo } from '../core';
import { LineIndex } from '../core';
import { runSafe } from './runSafe';
import type { ServerState } from './server';
import { toRange } from './convert';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { completionDefaults, toCodeLens, toCompletionList, toLocations, toWorkspaceEdit } from './convertAuthoring';
import { codeActionCapabilities, registerCodeActions } from './codeActions';
import { registerTrafficMap } from './trafficMap';

export function featureCapabilities() {
  return {
    ...authoringCapabilities,
    ...codeActionCapabilities(),
  };
}

const authoringCapabilities = {
  // '{', '[' and ',' open completion inside flow collections, where editors close the brackets as the user types.
  completionProvider: { triggerCharacters: [':', ' ', '/', '-', '"', '{', '[', ','], resolveProvider: true },
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  codeLensProvider: { resolveProvider: false },
};

export function registerFeatures(s: ServerState): void {
  const { connection, documents } = s;
  // Line tables: the requesting document's text as given, any other file's current text or summary.
  const lineTables = (uri: string, text: string) => {
    const own = new LineIndex(text);
    return (target: string) => (target === uri ? own : s.linesOf(target));
  };
  registerCodeActions(s);
  registerTrafficMap(connection, s.service, s.textOf);
  let lastCompletion: CompletionItem[] = [];
  let defaults: ReadonlySet<string> | undefined;

  connection.onHover((params, token) =>
    runSafe(connection, token, null, 'hover', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const service = s.serviceFor(doc.uri);
      const result = service.doHover(doc.uri, doc.getText(), doc.offsetAt(params.position));
      if (!result) return null;
      return { contents: { kind: 'markdown', value: result.markdown }, range: result.span ? toRange(doc, result.span) : undefined };
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe(connection, token, [], 'documentSymbol', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const service = s.serviceFor(doc.uri);
      const text = doc.getText();
      const lines = new LineIndex(text);
      return service.findDocumentSymbols(doc.uri, text).map((sym) => toSymbol(sym, lines));
    }),
  );

  connection.onCompletion((params, token) =>
    runSafe(connection, token, null, 'completion', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const service = s.serviceFor(doc.uri);
      const list = service.doComplete(doc.uri, doc.getText(), doc.offsetAt(params.position));
      lastCompletion = list.items;
      defaults ??= completionDefaults(s.clientCapabilities);
      // The document's own line table (kept until its next change), not a new one per request.
      return toCompletionList(list.items, doc, defaults);
    }),
  );

  // Documentation is sent only for the item the editor shows, which keeps long lists small on the wire.
  connection.onCompletionResolve((item, token) =>
    runSafe(connection, token, item, 'completionResolve', () => {
      const source = typeof item.data === 'number' ? lastCompletion[item.data] : undefined;
      if (source && source.label === item.label && source.documentation) item.documentation = { kind: 'markdown', value: source.documentation };
      return item;
    }),
  );

  connection.onDefinition((params, token) =>
    runSafe(connection, token, [], 'definition', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const service = s.serviceFor(doc.uri);
      const text = doc.getText();
      return toLocations(service.findDefinition(doc.uri, text, doc.offsetAt(params.position)), lineTables(doc.uri, text));
    }),
  );

  connection.onReferences((params, token) =>
    runSafe(connection, token, [], 'references', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const service = s.serviceFor(doc.uri);
      const text = doc.getText();
      const found = service.findReferences(doc.uri, text, doc.offsetAt(params.position), params.context.includeDeclaration);
      return toLocations(found, lineTables(doc.uri, text));
    }),
  );

  connection.onPrepareRename((params, token) =>
    runSafe(connection, token, null, 'prepareRename', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const service = s.serviceFor(doc.uri);
      const text = doc.getText();
      const result = service.prepareRename(doc.uri, text, doc.offsetAt(params.position));
      if ('error' in result) return new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return { range: toRange(new LineIndex(text), result.span), placeholder: result.placeholder };
    }),
  );

  connection.onRenameRequest((params, token) =>
    runSafe(connection, token, null, 'rename', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const service = s.serviceFor(doc.uri);
      const text = doc.getText();
      const result = service.doRename(doc.uri, text, doc.offsetAt(params.position), params.newName);
      if ('error' in result) return new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return toWorkspaceEdit(result.changes, lineTables(doc.uri, text));
    }),
  );

  connection.onCodeLens((params, token) =>
    runSafe(connection, token, [], 'codeLens', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const service = s.serviceFor(doc.uri);
      const text = doc.getText();
      const linesOf = lineTables(doc.uri, text);
      return service.findCodeLenses(doc.uri, text).map((lens) => toCodeLens(lens, doc.uri, linesOf));
    }),
  );

  connection.onWorkspaceSymbol((params, token) =>
    runSafe(connection, token, [], 'workspaceSymbol', () =>
      s.service.findWorkspaceSymbols(params.query).flatMap(({ resource, name }) => {
        const lines = s.linesOf(resource.uri);
        if (!lines) return [];
        return [{ name, kind: SymbolKind.Class, containerName: resource.namespace, location: { uri: resource.uri, range: toRange(lines, resource.nameSpan ?? resource.span) } }];
      }),
    ),
  );
}

function toSymbol(sym: SymbolInfo, lines: LineIndex): DocumentSymbol {
  return {
    name: sym.name,
    detail: sym.detail,
    kind: SymbolKind[sym.kind],
    range: toRange(lines, sym.span),
    selectionRange: toRange(lines, sym.selectionSpan),
    children: sym.children?.map((c) => toSymbol(c, lines)),
  };
}
