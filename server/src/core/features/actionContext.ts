// The context a code action or scaffold reads files through: the snapshot
// for cross-file facts, and each file's current text parsed fresh (cached for
// the request), since the index may lag the editor by a keystroke.
import type { Workspace } from '../index/workspace';
import type { TextSource } from '../edit/workspaceEdit';
import { readSource, type SourceFile } from '../edit/sourceFile';
import type { FixContext } from './fixes/types';
import { builtFrom } from '../summary/summaryText';

export function fixContext(index: Workspace, textOf: TextSource): FixContext {
  const cache = new Map<string, SourceFile | undefined>();
  return {
    snapshot: index.snapshot(),
    defaultNamespace: index.settings.defaultNamespace,
    textOf,
    diagnostics: () => index.diagnostics(),
    source(uri) {
      if (!cache.has(uri)) {
        const text = textOf(uri);
        cache.set(uri, text === undefined ? undefined : readSource(uri, text, index.settings.defaultNamespace));
      }
      return cache.get(uri);
    },
    resources(uri) {
      const summary = index.get(uri);
      const text = textOf(uri);
      if (text !== undefined && builtFrom(summary, text)) return summary.resources;
      return this.source(uri)?.resources ?? [];
    },
  };
}
