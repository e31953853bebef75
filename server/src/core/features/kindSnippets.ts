// The whole-resource snippets (snippets/istio.json, `istio-vs`, `istio-gw` …),
// offered only where a new document starts. Contributed to the editor instead,
// they would appear in every completion list, values included.
import snippets from '@snippets/istio.json';
import type { CompletionItem } from './completionItem';
import type { CursorContext } from './yamlContext';

export function kindSnippets(ctx: CursorContext): CompletionItem[] {
  const pad = ' '.repeat(ctx.keyColumn);
  return Object.values(snippets).map((s) => ({
    label: s.prefix,
    kind: 'Snippet' as const,
    detail: s.description,
    insertText: s.body.map((line, i) => (i === 0 || line === '$0' ? line : pad + line)).join('\n'),
    insertTextFormat: 'snippet' as const,
    sortText: `9${s.prefix}`,
    span: ctx.replace,
  }));
}
