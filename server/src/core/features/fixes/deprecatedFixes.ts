// IST0002: a deprecated integer percentage that Istio still reads, rewritten
// as the field that replaces it with the same meaning (`percent: 10` →
// `percentage: {value: 10}`), on the same line, so that nothing else moves.
import { Rules } from '../../catalog';
import type { Span } from '../../model';
import type { DeprecatedFieldData } from '../../schema/validate';
import { locate } from '../../parse/locate';
import { findPair } from '../../parse/ast';
import { dataOf, defineFix } from './types';
import { single } from './textFixes';

const KEY_AND_NUMBER = /^(["']?)([A-Za-z_]+)\1[ \t]*:[ \t]*(\d{1,3})(?=[ \t]*(#|$|\r?\n))/;

export const replaceDeprecated = defineFix<{ span: Span; text: string; replaceWith: string; value: string }>({
  id: 'replaceDeprecated',
  rules: [Rules.DeprecatedField],
  kind: 'quickfix',
  dataKinds: ['deprecated'],
  offer(f, uri, ctx) {
    const { field, replaceWith } = dataOf<DeprecatedFieldData>(f);
    const text = ctx.textOf(uri);
    if (!replaceWith || !field || text === undefined) return [];
    const m = KEY_AND_NUMBER.exec(text.slice(f.span.start, f.span.start + 200));
    if (!m || m[2] !== field) return [];
    // The replacement already set: Istio reads it and ignores the old field; rewriting would duplicate the key.
    const loc = ctx.source(uri) && locate(ctx.source(uri)!.docs, f.span.start);
    if (loc?.parentMap && findPair(loc.parentMap, replaceWith)) return [];
    const span = { start: f.span.start, end: f.span.start + m[0].length };
    return [{ title: `Write ${replaceWith}: {value: ${m[3]}} instead`, preferred: true, payload: { span, text: m[0], replaceWith, value: m[3] } }];
  },
  resolve(p, uri, ctx) {
    const text = ctx.textOf(uri);
    if (text === undefined || text.slice(p.span.start, p.span.end) !== p.text) return undefined;
    return single(uri, { span: p.span, newText: `${p.replaceWith}: {value: ${p.value}}` });
  },
});
