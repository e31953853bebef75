// The completion item the core returns, and how a value is written into YAML.
import type { Span } from '../model';
import type { CursorContext } from './yamlContext';

export type CompletionKind = 'Property' | 'Value' | 'EnumMember' | 'Reference' | 'Module' | 'Class' | 'Keyword' | 'Folder' | 'Constant' | 'Snippet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown: what the item is and where it comes from. */
  documentation?: string;
  insertText: string;
  insertTextFormat?: 'snippet';
  sortText: string;
  /** The text the item replaces (the partial token around the cursor). */
  span: Span;
  /** Open completion again after inserting (a key whose value has suggestions). */
  retrigger?: boolean;
}

export interface CompletionList {
  items: CompletionItem[];
}

const NEEDS_QUOTES = /^([*&!|>%@`{[\]},#?'"-]|$)|^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*)?\.?\d+([eE][-+]?\d+)?)$|: | #|:$/i;

/** The text that puts `value` in a YAML value position: quoted when a plain scalar would change its meaning. */
export function valueText(ctx: CursorContext, value: string, raw = false): string {
  const lead = ctx.needsSpace ? ' ' : '';
  if (ctx.quote) {
    const closed = ctx.text[ctx.replace.end] === ctx.quote;
    const escaped = ctx.quote === '"' ? value.replace(/["\\]/g, '\\$&') : value.replace(/'/g, "''");
    return escaped + (closed ? '' : ctx.quote);
  }
  const quoted = !raw && (NEEDS_QUOTES.test(value) || (ctx.flow !== undefined && /[,[\]{}]/.test(value)));
  return lead + (quoted ? JSON.stringify(value) : value);
}

/** A completion item for a value (enum member, reference, number). */
export function valueItem(
  ctx: CursorContext,
  value: string,
  kind: CompletionKind,
  sortText: string,
  extra: { detail?: string; documentation?: Documentation; label?: string; raw?: boolean } = {},
): CompletionItem {
  const label = extra.label ?? value;
  const insertText = valueText(ctx, value, extra.raw);
  const documentation = extra.documentation;
  if (typeof documentation !== 'function') return { label, kind, detail: extra.detail, documentation, insertText, sortText, span: ctx.replace };
  let text: string | undefined;
  // An ordinary enumerable property for readers (and deepEqual), written on first read; a getter in
  // the literal keeps the object's shape fast (defining it afterwards cost a list of 150 Gateways 0.3 ms).
  return {
    label,
    kind,
    detail: extra.detail,
    get documentation() {
      return (text ??= documentation());
    },
    insertText,
    sortText,
    span: ctx.replace,
  };
}

/** Markdown, or how to write it: a list of hundreds of Gateways or Services is built without it, and the editor asks for one item's (completionItem/resolve). */
export type Documentation = string | (() => string);
