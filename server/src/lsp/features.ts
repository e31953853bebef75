// Request handlers: each finds the document, calls the core once and converts.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { SymbolInfo } from '../core';
import { LineIndex } from '../core';
import { runSafe } from './runSafe';
import type { ServerState } from './server';
import { lineIndexOf, toRange } from './convert';

export function featureCapabilities() {
  return {};
}

export function registerFeatures(s: ServerState): void {
  const { connection, documents, service } = s;

  connection.onHover((params, token) =>
    runSafe(connection, token, null, 'hover', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const text = doc.getText();
      const result = service.doHover(doc.uri, text, doc.offsetAt(params.position));
      if (!result) return null;
      const lines = new LineIndex(text);
      return { contents: { kind: 'markdown', value: result.markdown }, range: result.span ? toRange(lines, result.span) : undefined };
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe(connection, token, [], 'documentSymbol', () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const text = doc.getText();
      const lines = new LineIndex(text);
      return service.findDocumentSymbols(doc.uri, text).map((sym) => toSymbol(sym, lines));
    }),
  );

  connection.onWorkspaceSymbol((params, token) =>
    runSafe(connection, token, [], 'workspaceSymbol', () =>
      service.findWorkspaceSymbols(params.query).flatMap(({ resource, name }) => {
        const lines = lineIndexOf(service.index.get(resource.uri));
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
