// The facade: the one object the LSP layer, the CLI and the tests call.
// It holds the workspace index and answers feature requests with plain data.
import type { FileSummary, Finding, Resource, Span } from './model';
import { WorkspaceIndex } from './index/workspaceIndex';
import type { Snapshot } from './index/snapshot';
import { withDefaults, type Settings } from './settings';
import { DocumentCache } from './features/documentCache';
import { locate } from './parse/locate';
import { fieldHover } from './features/fieldHover';
import { resourceSymbol, workspaceSymbols, type SymbolInfo } from './features/symbols';

export interface HoverResult {
  markdown: string;
  span?: Span;
}

export interface LanguageService {
  readonly index: WorkspaceIndex;
  updateFile(uri: string, text: string): FileSummary;
  /** Records a file that was not read because it is over the size limit. */
  updateOversizeFile(uri: string, size: number): FileSummary;
  removeFile(uri: string): boolean;
  setSettings(settings: Partial<Settings>): boolean;
  snapshot(): Snapshot;
  /** Every file's findings; the map is replaced after each change. */
  diagnostics(): ReadonlyMap<string, Finding[]>;
  doHover(uri: string, text: string, offset: number): HoverResult | undefined;
  findDocumentSymbols(uri: string, text: string): SymbolInfo[];
  findWorkspaceSymbols(query: string): { resource: Resource; name: string }[];
}

export function getLanguageService(settings?: Partial<Settings>): LanguageService {
  const index = new WorkspaceIndex(withDefaults(settings));
  const cache = new DocumentCache();
  return {
    index,
    updateFile: (uri, text) => index.update(uri, text),
    updateOversizeFile(uri, size) {
      const summary = oversizeSummary(uri, size, index.settings.maxFileSize);
      index.put(summary);
      return summary;
    },
    removeFile: (uri) => index.remove(uri),
    setSettings: (s) => index.setSettings(withDefaults({ ...index.settings, ...s })),
    snapshot: () => index.snapshot(),
    diagnostics: () => index.diagnostics(),
    doHover(uri, text, offset) {
      const loc = locate(cache.get(uri, text), offset);
      if (!loc) return undefined;
      const markdown = fieldHover(loc);
      if (!markdown) return undefined;
      const node = loc.node as { range?: [number, number, number] } | undefined;
      return { markdown, span: node?.range ? { start: node.range[0], end: node.range[1] } : undefined };
    },
    findDocumentSymbols(uri, text) {
      // The index may lag the editor by one debounce: summarise the given text when it differs.
      const summary = index.get(uri);
      const resources = summary && summary.length === text.length ? summary.resources : summarizeOnly(uri, text, index.settings);
      return resources.map(resourceSymbol);
    },
    findWorkspaceSymbols: (query) => workspaceSymbols(index.snapshot(), query),
  };
}

import { summarize, oversizeSummary } from './summary/summarize';
function summarizeOnly(uri: string, text: string, settings: Settings): Resource[] {
  return summarize(uri, text, { defaultNamespace: settings.defaultNamespace, limits: { maxFileSize: settings.maxFileSize } }).resources;
}

export type { Settings } from './settings';
export type { Finding, FileSummary, Resource, Span, Severity } from './model';
export type { SymbolInfo } from './features/symbols';
export { LineIndex } from './text';
export { catalog, codeUrl } from './catalog';
export { defaultSettings } from './settings';
