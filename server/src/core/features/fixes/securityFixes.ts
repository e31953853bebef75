// Fixes for security policies: drop the `spiffe://` that makes a principal
// never match (ILS0701). Not applied by source.fixAll: it changes which
// requests the policy matches, which the user should see.
import { Rules } from '../../catalog';
import type { Span } from '../../model';
import type { SpiffePrincipal } from '../../validation/authorizationPolicy';
import { quoteLike } from '../../edit/yamlEdits';
import { dataOf, defineFix, spanOf } from './types';
import { single } from './textFixes';

export const dropSpiffePrefix = defineFix<{ span: Span; principal: string }>({
  id: 'dropSpiffePrefix',
  rules: [Rules.PrincipalWithSpiffePrefix],
  kind: 'quickfix',
  eager: true,
  offer(f) {
    const { principal } = dataOf<SpiffePrincipal>(f);
    if (typeof principal !== 'string') return [];
    return [{ title: `Write the principal as ${principal}`, preferred: true, payload: { span: f.span, principal } }];
  },
  resolve(p, uri, ctx) {
    const text = ctx.textOf(uri);
    const span = spanOf(p);
    if (text === undefined) return undefined;
    const current = text.slice(span.start, span.end);
    if (!/^["']?spiffe:\/\//.test(current)) return undefined;
    return single(uri, { span, newText: quoteLike(current, p.principal) });
  },
});
